import { isPythonTruthy } from '../../templates/python-value.js';
import { AgentRolloutParseError } from './agent-rollout-parse-error.js';
import { pathSuffix, type RolloutFormatHandler, type RolloutWarn } from './rollout-format-handler.js';
import { makeSessionRolloutRecord, type RolloutRecord } from './rollout-record.js';
import {
  buildMessage,
  coerceOptionalString,
  isJsonObject,
  loadJsonlRows,
  normalizeMessageContent,
  requireString,
  stringifyJsonValue,
  type RolloutMessage,
} from './rollout-utils.js';

type JsonObject = Record<string, unknown>;

/** Pi sessions are `.jsonl` files. */
export function isPiRolloutFile(relativePath: string): boolean {
  return pathSuffix(relativePath) === '.jsonl';
}

/**
 * The active conversation of a session tree: from the last entry back to the root through
 * `parentId`, in chronological order. Abandoned branches are left out; a cycle stops the walk.
 */
function activePath(entries: readonly JsonObject[]): JsonObject[] {
  const byId = new Map<string, JsonObject>();
  for (const entry of entries) if (typeof entry.id === 'string' && entry.id) byId.set(entry.id, entry);
  const chain: JsonObject[] = [];
  const visited = new Set<string>();
  let current: JsonObject | undefined = entries[entries.length - 1];
  while (current !== undefined) {
    const id = current.id;
    if (typeof id === 'string') {
      if (visited.has(id)) break;
      visited.add(id);
    }
    chain.push(current);
    const parentId: unknown = current.parentId;
    if (parentId === null || parentId === undefined) break;
    current = typeof parentId === 'string' ? byId.get(parentId) : undefined;
  }
  return chain.reverse();
}

/** True when some entry id is the parent of more than one entry (the session was branched). */
function hasBranches(entries: readonly JsonObject[]): boolean {
  const parents = new Set<string>();
  for (const entry of entries) {
    const parentId = entry.parentId;
    if (typeof parentId !== 'string' || !parentId) continue;
    if (parents.has(parentId)) return true;
    parents.add(parentId);
  }
  return false;
}

/** An assistant message: text blocks joined as the content, thinking as reasoning, `toolCall` blocks as tool calls. */
function assistantMessage(raw: JsonObject): RolloutMessage {
  const texts: string[] = [];
  const thinking: string[] = [];
  const toolCalls: JsonObject[] = [];
  if (Array.isArray(raw.content)) {
    for (const block of raw.content as unknown[]) {
      if (!isJsonObject(block)) {
        if (typeof block === 'string' && block) texts.push(block);
        continue;
      }
      if (block.type === 'text') {
        const text = coerceOptionalString(block.text);
        if (text) texts.push(text);
      } else if (block.type === 'thinking') {
        const text = coerceOptionalString(block.thinking);
        if (text) thinking.push(text);
      } else if (block.type === 'toolCall') {
        toolCalls.push({
          id: 'id' in block ? block.id : '',
          type: 'function',
          function: { name: 'name' in block ? block.name : '', arguments: stringifyJsonValue(block.arguments) },
        });
      }
    }
  } else if (typeof raw.content === 'string') {
    texts.push(raw.content);
  }
  return buildMessage({ role: 'assistant', content: texts.join('\n\n'), reasoningContent: thinking.length > 0 ? thinking.join('\n\n') : null, toolCalls });
}

/** A `bashExecution` (a `!command` the user ran) as a synthetic `bash` tool call and its result. */
function bashExecutionMessages(raw: JsonObject, entryId: string): RolloutMessage[] {
  if (isPythonTruthy(raw.excludeFromContext)) return [];
  const callId = entryId ? `bash_${entryId}` : 'bash_unknown';
  const output = coerceOptionalString(raw.output) || '';
  const result = output ? [output] : [];
  if (raw.exitCode !== null && raw.exitCode !== undefined) result.push(`[exit code: ${coerceOptionalString(raw.exitCode)}]`);
  return [
    buildMessage({
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: callId, type: 'function', function: { name: 'bash', arguments: stringifyJsonValue({ command: coerceOptionalString(raw.command) || '' }) } },
      ],
    }),
    buildMessage({ role: 'tool', content: result.join('\n'), toolCallId: callId }),
  ];
}

const systemSummary = (summary: unknown): RolloutMessage[] => {
  const text = coerceOptionalString(summary);
  return text ? [buildMessage({ role: 'system', content: text })] : [];
};

/** One Pi `AgentMessage` as normalized messages; roles Pi keeps out of the model's context give none. */
function piMessages(raw: JsonObject, file: string, entryId: string): RolloutMessage[] {
  switch (coerceOptionalString(raw.role)) {
    case 'user':
      return [buildMessage({ role: 'user', content: normalizeMessageContent(raw.content) })];
    case 'assistant':
      return [assistantMessage(raw)];
    case 'toolResult':
      return [
        buildMessage({
          role: 'tool',
          content: normalizeMessageContent(raw.content),
          toolCallId: requireString(raw.toolCallId, `the Pi toolResult toolCallId in ${file}`),
        }),
      ];
    case 'bashExecution':
      return bashExecutionMessages(raw, entryId);
    case 'custom':
      return isPythonTruthy(raw.display) ? [buildMessage({ role: 'system', content: normalizeMessageContent(raw.content) })] : [];
    case 'compactionSummary':
    case 'branchSummary':
      return systemSummary(raw.summary);
    default:
      return [];
  }
}

/**
 * One Pi Coding Agent session file as one trace. The first line is the `session` header (id, cwd,
 * version, parent session); the entries form a tree through `id`/`parentId`, and only the active
 * path (from the last entry back to the root) becomes messages. Compaction and branch summaries
 * and displayed custom messages become system messages; model changes, stop reasons, branches and
 * bash executions are counted in `source_meta`.
 */
export function parsePiRollout(file: string, warn: RolloutWarn): RolloutRecord[] {
  const rows = loadJsonlRows(file);
  const [first] = rows;
  if (first === undefined) {
    warn(`Skipping empty Pi Coding Agent session file ${file}`);
    return [];
  }
  const header = first.record;
  if (header.type !== 'session') throw new AgentRolloutParseError(`Pi session at ${file} is missing a session header as the first entry (line ${first.line}).`);
  const sessionId = requireString(header.id, `the Pi session header id in ${file}`);
  const cwd = coerceOptionalString(header.cwd);
  const entries = rows.slice(1).map((row) => row.record);

  const messages: RolloutMessage[] = [];
  const entryTypes = new Set<string>();
  const models = new Set<string>();
  const stopReasons = new Set<string>();
  let bashExecutionCount = 0;
  for (const entry of activePath(entries)) {
    const entryType = coerceOptionalString(entry.type) || 'unknown';
    entryTypes.add(entryType);
    if (entryType === 'model_change') {
      const modelId = coerceOptionalString(entry.modelId);
      if (modelId) models.add(modelId);
      continue;
    }
    if (entryType === 'compaction' || entryType === 'branch_summary') {
      messages.push(...systemSummary(entry.summary));
      continue;
    }
    if (entryType === 'custom_message') {
      if (isPythonTruthy(entry.display)) messages.push(buildMessage({ role: 'system', content: normalizeMessageContent(entry.content) }));
      continue;
    }
    if (entryType !== 'message' || !isJsonObject(entry.message)) continue;
    const raw = entry.message;
    const role = coerceOptionalString(raw.role);
    if (role === 'assistant') {
      const stopReason = coerceOptionalString(raw.stopReason);
      if (stopReason) stopReasons.add(stopReason);
      const model = coerceOptionalString(raw.model);
      if (model) models.add(model);
    }
    if (role === 'bashExecution') bashExecutionCount += 1;
    messages.push(...piMessages(raw, file, coerceOptionalString(entry.id) || ''));
  }

  // Pi timestamps are compared as text, as the original does (they are all UTC ISO strings).
  const timestamps = [header, ...entries]
    .map((entry) => coerceOptionalString(entry.timestamp))
    .filter((stamp): stamp is string => Boolean(stamp))
    .sort();
  const sourceMeta: JsonObject = { record_count: rows.length, entry_types: [...entryTypes].sort(), stop_reasons: [...stopReasons] };
  if (header.version !== null && header.version !== undefined) sourceMeta.session_version = header.version;
  if (models.size > 0) sourceMeta.models_used = [...models];
  if (hasBranches(entries)) sourceMeta.has_branches = true;
  if (bashExecutionCount > 0) sourceMeta.bash_execution_count = bashExecutionCount;
  const parentSession = coerceOptionalString(header.parentSession);
  if (parentSession) sourceMeta.parent_session = parentSession;
  return [
    makeSessionRolloutRecord({
      trace_id: sessionId,
      source_kind: 'pi_coding_agent',
      source_path: file,
      cwd,
      project_path: cwd,
      started_at: timestamps[0] ?? null,
      ended_at: timestamps.at(-1) ?? null,
      messages,
      source_meta: sourceMeta,
    }),
  ];
}

/** `pi_coding_agent`: session trees under `~/.pi/agent/sessions`. */
export const piCodingAgentRolloutHandler: RolloutFormatHandler = {
  defaultPath: '~/.pi/agent/sessions',
  defaultFilePattern: '*.jsonl',
  isHandledFile: isPiRolloutFile,
  shouldWarnUnhandledFile: () => true,
  prepare: (_root, _recursive, warn) => (file) => parsePiRollout(file, warn),
};
