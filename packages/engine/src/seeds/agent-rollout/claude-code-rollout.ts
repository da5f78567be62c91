import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../open-file-system-row-source.js';
import type { RolloutFormatHandler } from './rollout-format-handler.js';
import { makeRolloutRecord, type RolloutRecord } from './rollout-record.js';
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
import { AgentRolloutParseError } from './agent-rollout-parse-error.js';

type Block = Record<string, unknown>;

/** Claude Code transcripts: `*.jsonl` files outside `tool-results/` folders, except `history.jsonl`. */
export function isClaudeCodeRolloutFile(relativePath: string): boolean {
  const parts = relativePath.split('/');
  return relativePath.endsWith('.jsonl') && !parts.includes('tool-results') && parts[parts.length - 1] !== 'history.jsonl';
}

/** `sessionId` → entry of every `sessions-index.json` under `root`; malformed indexes are skipped with a warning. */
export function loadClaudeSessionIndex(root: string, recursive: boolean, warn: (message: string) => void): Map<string, Record<string, unknown>> {
  const entries = new Map<string, Record<string, unknown>>();
  const indexFiles = listFiles(root, recursive)
    .filter((relative) => relative.split('/').pop() === 'sessions-index.json')
    .sort();
  for (const relative of indexFiles) {
    const file = path.join(root, ...relative.split('/'));
    try {
      const payload = JSON.parse(readFileSync(file, 'utf8')) as { entries?: unknown };
      if (!Array.isArray(payload?.entries)) throw new Error("missing an 'entries' list");
      for (const entry of payload.entries) {
        const sessionId = entry !== null && typeof entry === 'object' ? coerceOptionalString((entry as Block).sessionId) : null;
        if (sessionId) entries.set(sessionId, entry as Block);
      }
    } catch (error) {
      warn(`Skipping malformed Claude sessions index ${file}: ${(error as Error).message}`);
    }
  }
  return entries;
}

function normalizeBlock(block: unknown): Block {
  if (block !== null && typeof block === 'object' && !Array.isArray(block)) {
    const record = block as Block;
    const type = coerceOptionalString(record.type);
    if ((type === 'text' || type === 'input_text' || type === 'output_text') && 'text' in record)
      return { type: 'text', text: stringifyTextValue(record.text) };
    if (type !== null) return record;
    if ('text' in record) return { type: 'text', text: stringifyTextValue(record.text) };
  }
  return { type: 'text', text: stringifyTextValue(block) };
}

function rawBlocks(content: unknown): Block[] {
  if (content === null || content === undefined) return [];
  if (Array.isArray(content))
    return content.map((block) =>
      block !== null && typeof block === 'object' && !Array.isArray(block) ? (block as Block) : { type: 'text', text: stringifyTextValue(block) },
    );
  if (typeof content === 'object') return [content as Block];
  return [{ type: 'text', text: stringifyTextValue(content) }];
}

const toolResult = (block: Block): RolloutMessage =>
  buildMessage({ role: 'tool', content: block.content, toolCallId: requireString(block.tool_use_id, 'the Claude tool_result tool_use_id') });

function messagePayload(record: Block, kind: string, where: string): Block {
  const payload = record.message;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new AgentRolloutParseError(`The Claude ${kind} record in ${where} has no message payload.`);
  }
  return payload as Block;
}

function assistantMessages(record: Block, where: string): RolloutMessage[] {
  const content: Block[] = [];
  const reasoning: string[] = [];
  const toolCalls: Block[] = [];
  const toolMessages: RolloutMessage[] = [];
  for (const block of rawBlocks(messagePayload(record, 'assistant', where).content)) {
    const type = coerceOptionalString(block.type);
    if (type === 'text') content.push(normalizeBlock(block));
    else if (type === 'thinking') {
      const text = coerceOptionalString(block.thinking) || coerceOptionalString(block.text);
      if (text) reasoning.push(text);
    } else if (type === 'tool_use') {
      toolCalls.push({
        id: requireString(block.id, `the Claude tool_use id in ${where}`),
        type: 'function',
        function: { name: requireString(block.name, `the Claude tool_use name in ${where}`), arguments: stringifyJsonValue(block.input) },
      });
    } else if (type === 'tool_result') toolMessages.push(toolResult(block));
    else content.push(normalizeBlock(block));
  }
  const messages: RolloutMessage[] = [];
  if (content.length > 0 || reasoning.length > 0 || toolCalls.length > 0) {
    messages.push(buildMessage({ role: 'assistant', content, reasoningContent: reasoning.length > 0 ? reasoning.join('\n\n') : null, toolCalls }));
  }
  return [...messages, ...toolMessages];
}

function userMessages(record: Block, where: string): RolloutMessage[] {
  const content = messagePayload(record, 'user', where).content;
  if (content !== null && typeof content === 'object' && !Array.isArray(content) && coerceOptionalString((content as Block).type) === 'tool_result') {
    return [toolResult(content as Block)];
  }
  if (Array.isArray(content)) {
    const userContent: Block[] = [];
    const toolMessages: RolloutMessage[] = [];
    for (const block of rawBlocks(content)) {
      if (coerceOptionalString(block.type) === 'tool_result') toolMessages.push(toolResult(block));
      else userContent.push(normalizeBlock(block));
    }
    return [...(userContent.length > 0 ? [buildMessage({ role: 'user', content: userContent })] : []), ...toolMessages];
  }
  return [buildMessage({ role: 'user', content })];
}

/**
 * One Claude Code transcript as one trace: assistant text, thinking (as reasoning) and tool uses,
 * user turns and tool results, with session id, agent id (sidechains), cwd, branch, versions and the
 * `sessions-index.json` summary and first prompt.
 */
export function parseClaudeCodeRollout(
  file: string,
  sessionIndex: ReadonlyMap<string, Record<string, unknown>>,
  warn: (message: string) => void,
): RolloutRecord[] {
  const rows = loadJsonlRows(file);
  if (rows.length === 0) {
    warn(`Skipping empty Claude Code trace file ${file}`);
    return [];
  }
  const messages: RolloutMessage[] = [];
  const timestamps: string[] = [];
  const versions = new Set<string>();
  const recordTypes = new Set<string>();
  let sessionId: string | null = null;
  let agentId: string | null = null;
  let cwd: string | null = null;
  let gitBranch: string | null = null;
  let isSidechain = false;
  for (const { line, record } of rows) {
    recordTypes.add(record.type === undefined ? 'unknown' : record.type === null ? 'None' : String(coerceOptionalString(record.type)));
    const timestamp = coerceOptionalString(record.timestamp);
    if (timestamp) timestamps.push(timestamp);
    sessionId ||= coerceOptionalString(record.sessionId);
    agentId ||= coerceOptionalString(record.agentId);
    cwd ||= coerceOptionalString(record.cwd);
    gitBranch ||= coerceOptionalString(record.gitBranch);
    const version = coerceOptionalString(record.version);
    if (version) versions.add(version);
    isSidechain ||= Boolean(record.isSidechain);
    const where = `${file} line ${line}`;
    if (record.type === 'assistant') messages.push(...assistantMessages(record, where));
    else if (record.type === 'user') messages.push(...userMessages(record, where));
  }
  const [startedAt, endedAt] = minMaxTimestamps(timestamps);
  const sessionKey = sessionId || path.basename(file, path.extname(file));
  const indexEntry = sessionIndex.get(sessionKey) ?? {};
  const sourceMeta: Record<string, unknown> = { record_count: rows.length, record_types: [...recordTypes].sort() };
  if (versions.size > 0) sourceMeta.claude_versions = [...versions].sort();
  const summary = coerceOptionalString(indexEntry.summary);
  if (summary) sourceMeta.summary = summary;
  const firstPrompt = coerceOptionalString(indexEntry.firstPrompt);
  if (firstPrompt) sourceMeta.first_prompt = firstPrompt;
  return [
    makeRolloutRecord({
      trace_id: agentId ? `${sessionKey}:${agentId}` : sessionKey,
      source_kind: 'claude_code',
      source_path: file,
      root_session_id: sessionKey,
      agent_id: agentId,
      is_sidechain: isSidechain,
      cwd,
      project_path: coerceOptionalString(indexEntry.projectPath) || cwd,
      git_branch: gitBranch,
      started_at: startedAt,
      ended_at: endedAt,
      messages,
      source_meta: sourceMeta,
    }),
  ];
}

/** `claude_code`: project transcripts under `~/.claude/projects`, with their `sessions-index.json` files. */
export const claudeCodeRolloutHandler: RolloutFormatHandler = {
  defaultPath: '~/.claude/projects',
  defaultFilePattern: '*.jsonl',
  isHandledFile: isClaudeCodeRolloutFile,
  shouldWarnUnhandledFile: () => true,
  prepare(root, recursive, warn) {
    const sessionIndex = loadClaudeSessionIndex(root, recursive, warn);
    return (file) => parseClaudeCodeRollout(file, sessionIndex, warn);
  },
};
