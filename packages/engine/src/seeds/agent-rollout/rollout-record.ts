import type { RolloutMessage } from './rollout-utils.js';

/** One normalized trace: the columns an `agent_rollout` seed source gives, in the original's order. */
export interface RolloutRecord {
  trace_id: string;
  source_kind: string;
  source_path: string;
  root_session_id: string;
  agent_id: string | null;
  is_sidechain: boolean;
  cwd: string | null;
  project_path: string | null;
  git_branch: string | null;
  started_at: string | null;
  ended_at: string | null;
  messages: RolloutMessage[];
  source_meta: Record<string, unknown>;
  message_count: number;
  tool_call_count: number;
  final_assistant_message: string | null;
}

/** Column names of a rollout seed dataset. */
export const ROLLOUT_COLUMNS = [
  'trace_id',
  'source_kind',
  'source_path',
  'root_session_id',
  'agent_id',
  'is_sidechain',
  'cwd',
  'project_path',
  'git_branch',
  'started_at',
  'ended_at',
  'messages',
  'source_meta',
  'message_count',
  'tool_call_count',
  'final_assistant_message',
] as const satisfies ReadonlyArray<keyof RolloutRecord>;

/** The fields of a record that are not derived from its messages. */
export type RolloutRecordFields = Omit<RolloutRecord, 'message_count' | 'tool_call_count' | 'final_assistant_message'>;

/** The fields of a trace that is one whole top-level session; location fields left out are null. */
export type SessionRolloutFields = Omit<RolloutRecordFields, 'root_session_id' | 'agent_id' | 'is_sidechain' | 'cwd' | 'project_path' | 'git_branch'> &
  Partial<Pick<RolloutRecordFields, 'cwd' | 'project_path' | 'git_branch'>>;

/** A record with its derived fields: message and tool-call counts, and the last assistant text. */
export function makeRolloutRecord(fields: RolloutRecordFields): RolloutRecord {
  return {
    ...fields,
    message_count: fields.messages.length,
    tool_call_count: fields.messages.reduce((sum, message) => sum + (message.tool_calls?.length ?? 0), 0),
    final_assistant_message: finalAssistantText(fields.messages),
  };
}

function finalAssistantText(messages: readonly RolloutMessage[]): string | null {
  for (const message of [...messages].reverse()) {
    if (message.role !== 'assistant') continue;
    const parts: string[] = [];
    for (const block of message.content) {
      const text = block.text;
      if (typeof text === 'string' && text !== '') parts.push(text);
    }
    const joined = parts.join('\n\n');
    if (joined) return joined;
  }
  return null;
}

/** The record of a whole top-level session: its trace id is also the root session id, with no agent and no sidechain. */
export function makeSessionRolloutRecord(fields: SessionRolloutFields): RolloutRecord {
  const { cwd = null, project_path = null, git_branch = null, ...rest } = fields;
  return makeRolloutRecord({ ...rest, root_session_id: fields.trace_id, agent_id: null, is_sidechain: false, cwd, project_path, git_branch });
}
