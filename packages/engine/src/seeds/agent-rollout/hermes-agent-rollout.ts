import path from 'node:path';
import { isPythonTruthy } from '../../templates/python-value.js';
import { listFiles } from '../open-file-system-row-source.js';
import { SeedReaderError } from '../seed-reader-error.js';
import { AgentRolloutParseError } from './agent-rollout-parse-error.js';
import { baseName, pathStem, pathSuffix, type RolloutFormatHandler, type RolloutWarn } from './rollout-format-handler.js';
import { makeSessionRolloutRecord, type RolloutRecord } from './rollout-record.js';
import {
  buildMessage,
  coerceOptionalString,
  isJsonObject,
  loadJsonlRows,
  loadJsonObject,
  normalizeMessageContent,
  normalizeMessageRole,
  pythonTypeName,
  requireString,
  stringifyJsonValue,
  type RolloutMessage,
} from './rollout-utils.js';

type JsonObject = Record<string, unknown>;

/** Hermes session metadata from `sessions.json` files, keyed by session id. */
export type HermesSessionIndex = ReadonlyMap<string, JsonObject>;

/** Hermes writes CLI session logs as `session_*.json` and gateway transcripts as `*.jsonl`; `sessions.json` is the index. */
export function isHermesRolloutFile(relativePath: string): boolean {
  const name = baseName(relativePath);
  if (name === 'sessions.json') return false;
  const suffix = pathSuffix(relativePath);
  if (suffix === '.json') return name.startsWith('session_');
  return suffix === '.jsonl';
}

/** Other `.json` files Hermes keeps beside its sessions (request dumps, the index) are skipped silently. */
function shouldWarnUnhandledHermesFile(relativePath: string): boolean {
  return pathSuffix(relativePath) !== '.json' || baseName(relativePath).startsWith('session_');
}

/**
 * Every `sessions.json` under `root` as `session id → entry`: a string value maps a session key to
 * its active session id; an object value with `session_id` is kept whole (its key as `session_key`
 * unless it has one). A malformed index is skipped with a warning.
 */
export function loadHermesSessionIndex(root: string, recursive: boolean, warn: RolloutWarn): Map<string, JsonObject> {
  const entries = new Map<string, JsonObject>();
  const indexFiles = listFiles(root, recursive)
    .filter((relative) => baseName(relative) === 'sessions.json')
    .sort();
  for (const relative of indexFiles) {
    const file = path.join(root, ...relative.split('/'));
    try {
      for (const [sessionKey, entry] of Object.entries(loadJsonObject(file))) {
        if (typeof entry === 'string') {
          if (entry) entries.set(entry, { session_key: sessionKey });
        } else if (isJsonObject(entry)) {
          const sessionId = coerceOptionalString(entry.session_id);
          if (sessionId) entries.set(sessionId, { ...entry, session_key: 'session_key' in entry ? entry.session_key : sessionKey });
        }
      }
    } catch (error) {
      if (!AgentRolloutParseError.isInstance(error) && !SeedReaderError.isInstance(error)) throw error;
      warn(`Skipping malformed Hermes sessions index ${file}: ${error.message}`);
    }
  }
  return entries;
}

function hermesToolCalls(raw: unknown, file: string, messageIndex: number): JsonObject[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw))
    throw new AgentRolloutParseError(`Expected a Hermes tool_calls list for message #${messageIndex} in ${file}, got ${pythonTypeName(raw)}.`);
  return raw.map((call: unknown, index) => {
    const where = `Hermes tool call #${index + 1} on message #${messageIndex} in ${file}`;
    if (!isJsonObject(call)) throw new AgentRolloutParseError(`Expected an object for the ${where}, got ${pythonTypeName(call)}.`);
    const fn = isJsonObject(call.function) ? call.function : {};
    return {
      id: requireString(isPythonTruthy(call.id) ? call.id : call.call_id, `the id of the ${where}`),
      type: 'function',
      function: {
        name: requireString(isPythonTruthy(fn.name) ? fn.name : call.name, `the name of the ${where}`),
        arguments: stringifyJsonValue('arguments' in fn ? fn.arguments : call.arguments),
      },
    };
  });
}

/** Hermes messages (OpenAI chat shape) as normalized messages, after the session's system prompt if it has one. */
function hermesMessages(rawMessages: readonly unknown[], file: string, systemPrompt: string | null = null): RolloutMessage[] {
  const messages: RolloutMessage[] = [];
  if (systemPrompt) messages.push(buildMessage({ role: 'system', content: systemPrompt }));
  rawMessages.forEach((raw, index) => {
    const number = index + 1;
    if (!isJsonObject(raw)) throw new AgentRolloutParseError(`Expected a Hermes message object at index ${number} in ${file}, got ${pythonTypeName(raw)}.`);
    const role = normalizeMessageRole(raw.role, `Hermes message #${number} in ${file}`);
    const content = normalizeMessageContent(raw.content);
    if (role === 'tool') {
      messages.push(
        buildMessage({ role, content, toolCallId: requireString(raw.tool_call_id, `the tool_call_id of Hermes tool message #${number} in ${file}`) }),
      );
      return;
    }
    messages.push(
      buildMessage({ role, content, reasoningContent: coerceOptionalString(raw.reasoning), toolCalls: hermesToolCalls(raw.tool_calls, file, number) }),
    );
  });
  return messages;
}

/** Distinct values in first-seen order. */
function distinct(values: Iterable<string | null>): string[] {
  const seen = new Set<string>();
  for (const value of values) if (value) seen.add(value);
  return [...seen];
}

const finishReasons = (rawMessages: readonly unknown[]): string[] =>
  distinct(
    rawMessages
      .filter(isJsonObject)
      .filter((message) => message.role === 'assistant')
      .map((message) => coerceOptionalString(message.finish_reason)),
  );

const functionName = (call: unknown): string | null => (isJsonObject(call) && isJsonObject(call.function) ? coerceOptionalString(call.function.name) : null);

const usedToolNames = (rawMessages: readonly unknown[]): string[] =>
  distinct(rawMessages.filter(isJsonObject).flatMap((message) => (Array.isArray(message.tool_calls) ? message.tool_calls.map(functionName) : [])));

const declaredToolNames = (tools: unknown): string[] => distinct(Array.isArray(tools) ? tools.map(functionName) : []);

/** A Hermes CLI session log (`session_*.json`): one trace with its system prompt, model and declared tools. */
export function parseHermesCliSession(file: string): RolloutRecord {
  const payload = loadJsonObject(file);
  const rawMessages = payload.messages;
  if (!Array.isArray(rawMessages)) throw new AgentRolloutParseError(`Hermes CLI session at ${file} is missing a 'messages' list.`);
  const messages = hermesMessages(rawMessages, file, coerceOptionalString(payload.system_prompt));
  const sessionId = coerceOptionalString(payload.session_id) || pathStem(file).replace(/^session_/, '');
  const toolNames = declaredToolNames(payload.tools);
  const sourceMeta: JsonObject = {
    record_count: rawMessages.length,
    session_format: 'cli_session_log',
    available_tool_count: toolNames.length,
    available_tool_names: toolNames,
    finish_reasons: finishReasons(rawMessages),
  };
  for (const field of ['model', 'base_url', 'platform']) {
    const value = coerceOptionalString(payload[field]);
    if (value) sourceMeta[field] = value;
  }
  if (typeof payload.system_prompt === 'string' && payload.system_prompt) {
    sourceMeta.has_system_prompt = true;
    sourceMeta.system_prompt_chars = [...payload.system_prompt].length;
  }
  if (Array.isArray(payload.tools) && payload.tools.length > 0) sourceMeta.tools = stringifyJsonValue(payload.tools);
  return makeSessionRolloutRecord({
    trace_id: sessionId,
    source_kind: 'hermes_agent',
    source_path: file,
    started_at: coerceOptionalString(payload.session_start),
    ended_at: coerceOptionalString(payload.last_updated),
    messages,
    source_meta: sourceMeta,
  });
}

const GATEWAY_INDEX_FIELDS = [
  'session_key',
  'display_name',
  'platform',
  'chat_type',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'total_tokens',
  'last_prompt_tokens',
  'estimated_cost_usd',
  'cost_status',
  'memory_flushed',
] as const;

/** A Hermes gateway transcript (`<session id>.jsonl`, one message a line): one trace, its times and counters from `sessions.json`. */
export function parseHermesGatewayTranscript(file: string, sessionIndex: HermesSessionIndex, warn: RolloutWarn): RolloutRecord[] {
  const rows = loadJsonlRows(file);
  if (rows.length === 0) {
    warn(`Skipping empty Hermes Agent transcript file ${file}`);
    return [];
  }
  const rawMessages = rows.map((row) => row.record);
  const sessionId = pathStem(file);
  const sessionMeta = sessionIndex.get(sessionId) ?? {};
  const sourceMeta: JsonObject = {
    record_count: rawMessages.length,
    session_format: 'gateway_transcript',
    finish_reasons: finishReasons(rawMessages),
    tool_names_used: usedToolNames(rawMessages),
  };
  for (const field of GATEWAY_INDEX_FIELDS) if (field in sessionMeta) sourceMeta[field] = sessionMeta[field];
  if (isJsonObject(sessionMeta.origin) && isPythonTruthy(sessionMeta.origin)) sourceMeta.origin = sessionMeta.origin;
  return [
    makeSessionRolloutRecord({
      trace_id: sessionId,
      source_kind: 'hermes_agent',
      source_path: file,
      started_at: coerceOptionalString(sessionMeta.created_at),
      ended_at: coerceOptionalString(sessionMeta.updated_at),
      messages: hermesMessages(rawMessages, file),
      source_meta: sourceMeta,
    }),
  ];
}

/** `hermes_agent`: CLI session logs and gateway transcripts under `~/.hermes/sessions`. */
export const hermesAgentRolloutHandler: RolloutFormatHandler = {
  defaultPath: '~/.hermes/sessions',
  defaultFilePattern: '*.json*',
  isHandledFile: isHermesRolloutFile,
  shouldWarnUnhandledFile: shouldWarnUnhandledHermesFile,
  prepare(root, recursive, warn) {
    const sessionIndex = loadHermesSessionIndex(root, recursive, warn);
    return (file) => (pathSuffix(file) === '.json' ? [parseHermesCliSession(file)] : parseHermesGatewayTranscript(file, sessionIndex, warn));
  },
};
