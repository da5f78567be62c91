import path from 'node:path';
import type { RolloutFormatHandler } from './rollout-format-handler.js';
import { makeSessionRolloutRecord, type RolloutRecord } from './rollout-record.js';
import {
  buildMessage,
  coerceOptionalString,
  loadJsonlRows,
  minMaxTimestamps,
  requireString,
  stringifyJsonValue,
  stringifyTextValue,
  type RolloutMessage,
} from './rollout-utils.js';

const TOOL_CALLS = new Set(['function_call', 'custom_tool_call', 'apply_patch_call']);
const TOOL_OUTPUTS = new Set(['function_call_output', 'custom_tool_call_output', 'apply_patch_call_output']);

/** Codex session files are `rollout-*.jsonl`. */
export function isCodexRolloutFile(relativePath: string): boolean {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  return name.endsWith('.jsonl') && name.startsWith('rollout-');
}

/**
 * One Codex session file as one trace: `response_item` messages, tool calls and outputs become chat
 * messages; `reasoning` summaries and `agent_reasoning` events attach to the next assistant turn;
 * `session_meta` gives the id, cwd, branch and start time. Unknown item types are skipped.
 */
export function parseCodexRollout(file: string, warn: (message: string) => void): RolloutRecord[] {
  const rows = loadJsonlRows(file);
  if (rows.length === 0) {
    warn(`Skipping empty Codex rollout file ${file}`);
    return [];
  }
  const messages: RolloutMessage[] = [];
  const timestamps: string[] = [];
  let pendingReasoning: string[] = [];
  const recordTypes = new Set<string>();
  const itemTypes = new Set<string>();
  let sessionMeta: Record<string, unknown> = {};
  const takeReasoning = (): string | null => {
    const text = pendingReasoning.length > 0 ? pendingReasoning.join('\n\n') : null;
    pendingReasoning = [];
    return text;
  };

  for (const { line, record } of rows) {
    const recordType = coerceOptionalString(record.type) ?? 'unknown';
    recordTypes.add(recordType);
    const timestamp = coerceOptionalString(record.timestamp);
    if (timestamp) timestamps.push(timestamp);
    const payload = record.payload;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) continue;
    const item = payload as Record<string, unknown>;
    const where = `${file} line ${line}`;
    if (recordType === 'session_meta') {
      sessionMeta = item;
      const started = coerceOptionalString(item.timestamp);
      if (started) timestamps.push(started);
      continue;
    }
    if (recordType === 'event_msg') {
      const text = coerceOptionalString(item.text);
      if (coerceOptionalString(item.type) === 'agent_reasoning' && text) pendingReasoning.push(text);
      continue;
    }
    if (recordType !== 'response_item') continue;
    const itemType = coerceOptionalString(item.type) ?? 'unknown';
    itemTypes.add(itemType);
    if (itemType === 'message') {
      const role = requireString(item.role, `the Codex message role in ${where}`);
      const reasoning = role === 'assistant' ? takeReasoning() : null;
      if (role !== 'assistant') pendingReasoning = [];
      messages.push(buildMessage({ role, content: item.content, reasoningContent: reasoning }));
    } else if (TOOL_CALLS.has(itemType)) {
      messages.push(
        buildMessage({
          role: 'assistant',
          content: '',
          reasoningContent: takeReasoning(),
          toolCalls: [
            {
              id: requireString(item.call_id, `the Codex tool call id in ${where}`),
              type: 'function',
              function: {
                name: requireString(item.name, `the Codex tool name in ${where}`),
                arguments: 'arguments' in item ? stringifyJsonValue(item.arguments) : stringifyTextValue(item.input),
              },
            },
          ],
        }),
      );
    } else if (TOOL_OUTPUTS.has(itemType)) {
      messages.push(buildMessage({ role: 'tool', content: item.output, toolCallId: requireString(item.call_id, `the Codex tool output id in ${where}`) }));
    } else if (itemType === 'reasoning') {
      const summaries = Array.isArray(item.summary) ? item.summary : [];
      for (const summary of summaries) {
        const text = summary !== null && typeof summary === 'object' ? coerceOptionalString((summary as Record<string, unknown>).text) : null;
        if (text) pendingReasoning.push(text);
      }
    } else {
      warn(`Skipping unrecognized Codex response_item type '${itemType}' in ${where}`);
    }
  }

  const sessionId = coerceOptionalString(sessionMeta.id) || path.basename(file, path.extname(file));
  const sourceMeta: Record<string, unknown> = {
    record_count: rows.length,
    record_types: [...recordTypes].sort(),
    response_item_types: [...itemTypes].sort(),
  };
  for (const field of ['originator', 'cli_version', 'model_provider', 'source']) {
    const value = coerceOptionalString(sessionMeta[field]);
    if (value) sourceMeta[field] = value;
  }
  if (pendingReasoning.length > 0) sourceMeta.unattached_reasoning = [...pendingReasoning];
  const [earliest, latest] = minMaxTimestamps(timestamps);
  const cwd = coerceOptionalString(sessionMeta.cwd);
  return [
    makeSessionRolloutRecord({
      trace_id: sessionId,
      source_kind: 'codex',
      source_path: file,
      cwd,
      project_path: cwd,
      git_branch: coerceOptionalString(sessionMeta.git_branch),
      started_at: coerceOptionalString(sessionMeta.timestamp) || earliest,
      ended_at: latest,
      messages,
      source_meta: sourceMeta,
    }),
  ];
}

/** `codex`: `rollout-*.jsonl` session files under `~/.codex/sessions`. */
export const codexRolloutHandler: RolloutFormatHandler = {
  defaultPath: '~/.codex/sessions',
  defaultFilePattern: '*.jsonl',
  isHandledFile: isCodexRolloutFile,
  shouldWarnUnhandledFile: () => true,
  prepare: (_root, _recursive, warn) => (file) => parseCodexRollout(file, warn),
};
