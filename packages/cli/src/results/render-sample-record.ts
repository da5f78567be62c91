import { isBuiltinColumnType, isModelColumnType, sideEffectColumnsOf, type AnyColumnConfig } from '@dd/config';
import type { Row } from '@dd/engine';
import type { TextOutputStream } from '../output/text-output-stream.js';

/** What `displaySampleRecord` accepts besides the index. */
export interface DisplaySampleRecordOptions {
  /** Leave out the seed-dataset columns. @default false */
  hideSeedColumns?: boolean;
  /** List trace columns (collapsed to a one-line summary). @default true */
  includeTraces?: boolean;
  /** Processor outputs to show (row `index` when an output has one row per record). @default all */
  processorsToDisplay?: readonly string[];
  /** Where to print. @default process.stdout */
  stream?: TextOutputStream;
  /** Bold section titles; default: only when `stream` is a TTY and `NO_COLOR` is unset. */
  color?: boolean;
  /** Maximum line width. @default min(terminal width, 110) */
  width?: number;
}

/** Everything the renderer needs about one record. */
export interface SampleRecordInput {
  record: Row;
  index: number;
  /** Column configs (compiled: seed-dataset columns included); unknown columns go under "Other". */
  columns: readonly AnyColumnConfig[];
  /** Processor outputs (row `index` of each is shown when it has `numRecords` rows). */
  processorOutputs?: Readonly<Record<string, readonly Row[]>>;
  /** Number of records in the dataset (to match processor outputs row by row). */
  numRecords?: number;
}

/** Thrown for an index outside the dataset or an unusable display argument. */
export class SampleRecordDisplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleRecordDisplayError';
  }
}

type Section = { title: string; rows: Array<[string, string]> } | { title: string; table: string[][] };

/** Whether a string looks like a base64 payload (long, no spaces, base64 alphabet or a data URI). */
function isBase64Like(value: string): boolean {
  return value.startsWith('data:') ? value.includes(';base64,') : value.length > 200 && /^[A-Za-z0-9+/=\s]+$/.test(value) && !/\s/.test(value.trim());
}

/** One cell as text: JSON strings and containers pretty-printed, vectors and base64 shortened. */
export function formatCellValue(value: unknown, kind?: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    if (isBase64Like(value)) return `<base64 encoded, ${value.length} chars>`;
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (kind === 'embedding' && Array.isArray(value)) {
    const shown = value.slice(0, 2).map((item) => formatCellValue(item));
    return `[${shown.join(', ')}${value.length > 2 ? ', ...' : ''}]`;
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item), 2);
  return String(value);
}

/** Summary of a trace cell: message count, tool calls and turns (the messages themselves stay collapsed). */
export function summarizeTrace(value: unknown): string {
  let messages: unknown = value;
  if (typeof value === 'string') {
    try {
      messages = JSON.parse(value);
    } catch {
      return `${value.length} chars (collapsed)`;
    }
  }
  if (!Array.isArray(messages)) return value === null || value === undefined ? 'no trace' : '(collapsed)';
  let toolCalls = 0;
  let turns = 0;
  for (const message of messages as Array<Record<string, unknown>>) {
    const calls = message?.tool_calls;
    if (Array.isArray(calls) && calls.length > 0) {
      toolCalls += calls.length;
      turns += 1;
    }
  }
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(messages.length, 'message')}, ${plural(toolCalls, 'tool call')} in ${plural(turns, 'turn')} (collapsed)`;
}

/** Judge cell → table rows `[score name, score, reasoning]`. */
function judgeRows(value: unknown): string[][] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return [['(value)', value, '']];
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [['(value)', formatCellValue(parsed), '']];
  return Object.entries(parsed as Record<string, unknown>).map(([name, score]) => {
    if (typeof score === 'object' && score !== null && !Array.isArray(score)) {
      const entry = score as Record<string, unknown>;
      return [name, formatCellValue(entry.score), entry.reasoning === undefined ? '' : formatCellValue(entry.reasoning)];
    }
    return [name, formatCellValue(score), ''];
  });
}

/** Wraps `text` to `width` columns (existing newlines kept; long words are not split). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    let current = '';
    for (const word of line.split(' ')) {
      if (current.length > 0 && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else {
        current = current.length > 0 ? `${current} ${word}` : word;
      }
    }
    out.push(current);
  }
  return out;
}

function renderPairs(rows: Array<[string, string]>, width: number): string[] {
  const nameWidth = Math.min(Math.max(...rows.map(([name]) => name.length), 4), 32);
  const valueWidth = Math.max(width - nameWidth - 4, 20);
  const lines: string[] = [];
  for (const [name, value] of rows) {
    const wrapped = wrap(value, valueWidth);
    wrapped.forEach((line, i) => {
      lines.push(`  ${(i === 0 ? name : '').padEnd(nameWidth)}  ${line}`.trimEnd());
    });
  }
  return lines;
}

function renderTable(table: string[][], width: number): string[] {
  const columns = table[0]?.length ?? 0;
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...table.map((row) => Math.max(...(row[c] ?? '').split('\n').map((l) => l.length)))));
  // The last column takes what is left and wraps.
  const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 2);
  widths[columns - 1] = Math.max(Math.min(widths[columns - 1] ?? 0, width - fixed), 10);
  const lines: string[] = [];
  table.forEach((row, r) => {
    const cells = row.map((cell, c) => (c === columns - 1 ? wrap(cell, widths[c] ?? 0) : cell.split('\n')));
    const height = Math.max(...cells.map((cell) => cell.length));
    for (let i = 0; i < height; i++) {
      lines.push(`  ${cells.map((cell, c) => (cell[i] ?? '').padEnd(c === columns - 1 ? 0 : (widths[c] ?? 0))).join('  ')}`.trimEnd());
    }
    if (r === 0) lines.push(`  ${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  });
  return lines;
}

/**
 * Renders one record as plain text, grouped by column kind: seed, sampler, LLM-generated,
 * expression, custom/plugin, validation results, one small table per judge column, collapsed
 * traces, then processor outputs.
 */
export function renderSampleRecord(input: SampleRecordInput, options: DisplaySampleRecordOptions = {}): string {
  const { record, index, columns } = input;
  const stream = options.stream ?? process.stdout;
  const width = options.width ?? Math.min(stream.columns ?? 110, 110);
  const color = options.color ?? (Boolean(stream.isTTY) && !process.env.NO_COLOR);
  const includeTraces = options.includeTraces ?? true;

  const kindOf = new Map<string, string>();
  const ownerOf = new Map<string, string>();
  for (const column of columns) {
    kindOf.set(column.name, column.column_type);
    for (const side of sideEffectColumnsOf(column)) ownerOf.set(side, column.name);
  }
  const groups = {
    seed: [] as Array<[string, string]>,
    sampler: [] as Array<[string, string]>,
    llm: [] as Array<[string, string]>,
    expression: [] as Array<[string, string]>,
    custom: [] as Array<[string, string]>,
    validation: [] as Array<[string, string]>,
    traces: [] as Array<[string, string]>,
    other: [] as Array<[string, string]>,
  };
  const judges: Section[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (name.endsWith('__trace')) {
      if (includeTraces) groups.traces.push([name, summarizeTrace(value)]);
      continue;
    }
    const owner = ownerOf.get(name);
    const kind = kindOf.get(name) ?? (owner !== undefined ? kindOf.get(owner) : undefined);
    if (kind === 'llm-judge' && owner === undefined) {
      judges.push({ title: `Judge scores: ${name}`, table: [['score', 'value', 'reasoning'], ...judgeRows(value)] });
    } else if (kind === 'validation' && owner === undefined) {
      groups.validation.push(...validationRows(name, value));
    } else if (kind === 'seed-dataset') {
      if (!options.hideSeedColumns) groups.seed.push([name, formatCellValue(value)]);
    } else if (kind === 'sampler') groups.sampler.push([name, formatCellValue(value)]);
    else if (kind !== undefined && (isModelColumnType(kind) || kind === 'validation')) groups.llm.push([name, formatCellValue(value, kind)]);
    else if (kind === 'expression') groups.expression.push([name, formatCellValue(value)]);
    else if (kind !== undefined && (kind === 'custom' || !isBuiltinColumnType(kind))) groups.custom.push([name, formatCellValue(value)]);
    else groups.other.push([name, formatCellValue(value)]);
  }

  const sections: Section[] = [
    { title: 'Seed columns', rows: groups.seed },
    { title: 'Sampler columns', rows: groups.sampler },
    { title: 'LLM-generated columns', rows: groups.llm },
    { title: 'Expression columns', rows: groups.expression },
    { title: 'Custom columns', rows: groups.custom },
    { title: 'Other columns', rows: groups.other },
    { title: 'Validation results', rows: groups.validation },
    ...judges,
    { title: 'Traces', rows: groups.traces },
  ];
  const wanted = options.processorsToDisplay;
  for (const [name, rows] of Object.entries(input.processorOutputs ?? {})) {
    if (wanted && !wanted.includes(name)) continue;
    const row = input.numRecords !== undefined && rows.length === input.numRecords ? rows[index] : undefined;
    if (row) sections.push({ title: `Processor output: ${name}`, rows: Object.entries(row).map(([key, value]) => [key, formatCellValue(value)]) });
    else sections.push({ title: `Processor output: ${name}`, rows: [['rows', String(rows.length)]] });
  }

  const bold = (text: string) => (color ? `\u001b[1m${text}\u001b[22m` : text);
  const label = ` [index: ${index}] `;
  const side = Math.max(Math.floor((width - label.length) / 2), 2);
  const lines = [`${'─'.repeat(side)}${bold(label)}${'─'.repeat(side)}`];
  for (const section of sections) {
    if ('rows' in section && section.rows.length === 0) continue;
    lines.push('', bold(section.title));
    lines.push(...('rows' in section ? renderPairs(section.rows, width) : renderTable(section.table, width)));
  }
  return `${lines.join('\n')}\n`;
}

/** Validation cell → `is_valid` first, then the other fields (per target when the cell nests them). */
function validationRows(name: string, value: unknown): Array<[string, string]> {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return [[name, value]];
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [[name, formatCellValue(parsed)]];
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (!('is_valid' in (parsed as Record<string, unknown>)) && entries.every(([, v]) => typeof v === 'object' && v !== null && 'is_valid' in v)) {
    return entries.flatMap(([target, v]) => validationRows(`${name}.${target}`, v));
  }
  entries.sort(([a], [b]) => (a === 'is_valid' ? -1 : b === 'is_valid' ? 1 : 0));
  return entries.map(([key, v]) => [`${name}.${key}`, formatCellValue(v)]);
}
