import { readFile, truncate } from 'node:fs/promises';
import { writeAndSync } from '../artifacts/write-file-atomic.js';
import { DataFactoryError } from './factory-errors.js';
import type { JobFile, LedgerEntry } from './job-store.js';

/** Append-only journal of ledger changes since the last snapshot (`factory_job.json`), one JSON line per commit. */
export const FACTORY_LEDGER_JOURNAL_FILE = 'factory_ledger.jsonl';

/**
 * One journal line: the changes of one commit, applied in this order: `dropped_inputs` removed, `inputs`
 * set, `batches` upserted by index (a batch with no rows left is removed), then the scalar fields set
 * when present. Every change is a set or a delete of one key, so replaying lines the snapshot already
 * holds (a crash between writing the snapshot and emptying the journal) leaves the same ledger.
 */
export interface JournalRecord {
  /** ISO time of the commit. */
  updated_at: string;
  /** Input index → its new ledger entry. */
  inputs?: Record<string, LedgerEntry>;
  /** Input indices whose entry is forgotten. */
  dropped_inputs?: number[];
  /** Batches added or rewritten. */
  batches?: JobFile['batches'];
  /** Shared state at the commit; absent when unchanged since the previous line or snapshot. */
  state?: unknown;
  /** Job status, when it changed. */
  status?: JobFile['status'];
  /** Accepted records wanted, when it changed. */
  target_count?: JobFile['target_count'];
}

/** The journal as read back: its complete lines, and the byte length they span. */
export interface JournalContents {
  records: JournalRecord[];
  /** Bytes of complete lines; anything after is a torn last line of an interrupted append. */
  validBytes: number;
  /** Bytes in the file. */
  totalBytes: number;
}

/**
 * Reads the journal (absent = empty). A last line without its newline is the torn tail of an append cut
 * by a crash: it is not a commit (its batch is an orphan, its inputs re-run) and is left out.
 */
export async function readJournal(file: string): Promise<JournalContents> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], validBytes: 0, totalBytes: 0 };
    throw error;
  }
  const records: JournalRecord[] = [];
  let start = 0;
  let lineNumber = 0;
  for (let end = buffer.indexOf(0x0a, start); end !== -1; end = buffer.indexOf(0x0a, start)) {
    lineNumber++;
    const line = buffer.subarray(start, end).toString('utf8');
    start = end + 1;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      throw new DataFactoryError(`${file} is corrupt at line ${lineNumber}.`, { cause, fix: 'Restore the file or start a new job.' });
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as JournalRecord).updated_at !== 'string') {
      throw new DataFactoryError(`${file} line ${lineNumber} is not a ledger journal record.`);
    }
    records.push(parsed as JournalRecord);
  }
  return { records, validBytes: start, totalBytes: buffer.length };
}

/** Applies one journal line to a ledger in place. */
export function applyJournalRecord(job: JobFile, record: JournalRecord): void {
  for (const index of record.dropped_inputs ?? []) delete job.inputs[index];
  if (record.inputs) for (const [index, entry] of Object.entries(record.inputs)) job.inputs[index] = entry;
  for (const batch of record.batches ?? []) {
    const position = job.batches.findIndex((existing) => existing.index === batch.index);
    const empty = batch.rows === 0 && (batch.rejected_rows ?? 0) === 0;
    if (position === -1) {
      if (!empty) job.batches.push(batch);
    } else if (empty) job.batches.splice(position, 1);
    else job.batches[position] = batch;
  }
  if ('state' in record) job.state = record.state;
  if (record.status !== undefined) job.status = record.status;
  if (record.target_count !== undefined) job.target_count = record.target_count;
  job.updated_at = record.updated_at;
}

/** Appends one line and flushes it to disk before resolving; returns the bytes written. */
export async function appendJournalRecord(file: string, record: JournalRecord): Promise<number> {
  const data = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
  await writeAndSync(file, data, 'a');
  return data.length;
}

/** Cuts a torn last line off the journal so the next append starts on a line of its own. */
export async function dropTornTail(file: string, journal: JournalContents): Promise<void> {
  if (journal.totalBytes > journal.validBytes) await truncate(file, journal.validBytes);
}
