import { readFileSync } from 'node:fs';
import { formatPythonValue, pythonJsonDumps } from '../../templates/python-value.js';
import { SeedReaderError } from '../seed-reader-error.js';
import { AgentRolloutParseError } from './agent-rollout-parse-error.js';
import { jsonErrorOffset } from './json-error-offset.js';

/** One chat message of a normalized rollout (the original's `ChatMessage.to_dict()` shape). */
export interface RolloutMessage {
  role: 'user' | 'assistant' | 'system' | 'tool';
  /** ChatML-style content blocks (`{type: 'text', text}` and others kept as they are). */
  content: Array<Record<string, unknown>>;
  reasoning_content?: string;
  tool_calls?: Array<Record<string, unknown>>;
  tool_call_id?: string;
}

/** Python `str(value)` (`True`, `{'a': 1}`, `['x']`); `null`/`undefined` stay null. */
export function coerceOptionalString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return formatPythonValue(value);
}

/** The value as text: strings as they are, anything else as Python's sorted-key JSON (`{}` for null). */
export function stringifyJsonValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return pythonJsonDumps(value ?? {}, { sortKeys: true });
}

/** Text of a value: `''` for null, strings as they are, else Python `str`. */
export function stringifyTextValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return coerceOptionalString(value) ?? '';
}

/** A non-empty string, or a parse error naming `context`. */
export function requireString(value: unknown, context: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new AgentRolloutParseError(`Expected a non-empty string for ${context}, got ${value === undefined ? 'None' : JSON.stringify(value)}.`);
  }
  return value;
}

const ROLES = new Set(['user', 'assistant', 'system', 'tool']);

/** A message role; `developer` becomes `system`, anything unknown is a parse error naming `context`. */
export function normalizeMessageRole(raw: unknown, context = 'agent rollout message'): RolloutMessage['role'] {
  const role = coerceOptionalString(raw);
  if (role === 'developer') return 'system';
  if (role !== null && ROLES.has(role)) return role as RolloutMessage['role'];
  throw new AgentRolloutParseError(`Unsupported message role ${JSON.stringify(raw)} in ${context}.`);
}

const textBlock = (value: unknown): Record<string, unknown> => ({ type: 'text', text: stringifyTextValue(value) });

/** Content as a list of blocks: a list keeps typed blocks, `{text}` and scalars become text blocks; null → `[]`. */
export function normalizeContentBlocks(content: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(content)) {
    return content.map((block) => {
      if (block !== null && typeof block === 'object' && !Array.isArray(block)) {
        const record = block as Record<string, unknown>;
        if ('type' in record) return record;
        if ('text' in record) return textBlock(record.text);
      }
      return textBlock(block);
    });
  }
  if (content === null || content === undefined) return [];
  return [textBlock(content)];
}

/** One normalized message; empty optional fields are left out, as the original's `to_dict` does. */
export function buildMessage(options: {
  role: unknown;
  content: unknown;
  reasoningContent?: string | null;
  toolCalls?: Array<Record<string, unknown>>;
  toolCallId?: string | null;
}): RolloutMessage {
  const message: RolloutMessage = { role: normalizeMessageRole(options.role), content: normalizeContentBlocks(options.content) };
  if (options.reasoningContent) message.reasoning_content = options.reasoningContent;
  if (options.toolCalls && options.toolCalls.length > 0) message.tool_calls = options.toolCalls;
  if (options.toolCallId) message.tool_call_id = options.toolCallId;
  return message;
}

/** Message content as the original's formats hand it on: null → `''`, text and lists as they are, else sorted-key JSON. */
export function normalizeMessageContent(content: unknown): unknown {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string' || Array.isArray(content)) return content;
  return stringifyJsonValue(content);
}

/** True for a JSON object (not null, not a list). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Python's name of a JSON value's type, for messages (`list`, `str`, `NoneType`, …). */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

/** `line L column C` of a character offset in `text` (1-based). */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line} column ${offset - before.lastIndexOf('\n')}`;
}

/** A whole-file JSON document that must be an object; a syntax error names the file, line and column. */
export function loadJsonObject(file: string): Record<string, unknown> {
  const text = readTraceFile(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/\s*\r?\n\s*/g, ' ');
    const offset = jsonErrorOffset(text);
    const where = text.trim() === '' ? ' (the file is empty)' : offset >= 0 ? ` (${lineAndColumn(text, offset)})` : '';
    throw new AgentRolloutParseError(`Invalid JSON in ${file}${where}: ${message}`);
  }
  if (!isJsonObject(parsed)) throw new AgentRolloutParseError(`Expected a JSON object in ${file}, got ${pythonTypeName(parsed)}.`);
  return parsed;
}

/** The JSON objects of a JSON-lines file with their 1-based line numbers; blank lines are skipped. */
export function loadJsonlRows(file: string): Array<{ line: number; record: Record<string, unknown> }> {
  const text = readTraceFile(file);
  const rows: Array<{ line: number; record: Record<string, unknown> }> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new AgentRolloutParseError(`Invalid JSON in ${file} line ${index + 1}: ${(error as Error).message}`, {
        fix: 'Fix or remove that line, or narrow file_pattern so the file is not read.',
      });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new AgentRolloutParseError(
        `Expected a JSON object in ${file} line ${index + 1}, got ${Array.isArray(parsed) ? 'a list' : JSON.stringify(parsed)}.`,
      );
    }
    rows.push({ line: index + 1, record: parsed as Record<string, unknown> });
  });
  return rows;
}

/** A trace file's text (UTF-8, strict); a read failure is a `SeedReaderError`, bad UTF-8 a parse error, both naming the file. */
export function readTraceFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new SeedReaderError(`Failed to read agent rollout file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AgentRolloutParseError(`Agent rollout file ${file} is not valid UTF-8 text.`);
  }
}

/** Milliseconds since the epoch of an ISO 8601 timestamp (naive values are UTC), or undefined. */
function parseIsoInstant(value: string): number | undefined {
  const text = value.trim().replace(/Z$/i, '+00:00');
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const hasZone = /[+-]\d{2}:?\d{2}$/.test(text) && text.length > 10;
  const millis = Date.parse(hasZone ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}${text.length > 10 ? 'Z' : 'T00:00:00Z'}`);
  return Number.isNaN(millis) ? undefined : millis;
}

/** The chronologically earliest and latest timestamps, in their original text; unparseable ones are skipped. */
export function minMaxTimestamps(timestamps: readonly string[]): [string | null, string | null] {
  let earliest: [number, string] | undefined;
  let latest: [number, string] | undefined;
  for (const original of timestamps) {
    const instant = parseIsoInstant(original);
    if (instant === undefined) continue;
    if (!earliest || instant < earliest[0]) earliest = [instant, original];
    if (!latest || instant > latest[0]) latest = [instant, original];
  }
  return [earliest?.[1] ?? null, latest?.[1] ?? null];
}
