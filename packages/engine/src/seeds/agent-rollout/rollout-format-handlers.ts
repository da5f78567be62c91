import { atifRolloutHandler } from './atif-rollout.js';
import { claudeCodeRolloutHandler } from './claude-code-rollout.js';
import { codexRolloutHandler } from './codex-rollout.js';
import { hermesAgentRolloutHandler } from './hermes-agent-rollout.js';
import { piCodingAgentRolloutHandler } from './pi-coding-agent-rollout.js';
import type { RolloutFormatHandler } from './rollout-format-handler.js';

/** The `format` values of an `agent_rollout` source, as the original spells them. */
export type AgentRolloutFormat = 'atif' | 'claude_code' | 'codex' | 'hermes_agent' | 'pi_coding_agent';

/** The handler of each built-in `agent_rollout` format. */
export const AGENT_ROLLOUT_FORMAT_HANDLERS: Readonly<Record<AgentRolloutFormat, RolloutFormatHandler>> = {
  atif: atifRolloutHandler,
  claude_code: claudeCodeRolloutHandler,
  codex: codexRolloutHandler,
  hermes_agent: hermesAgentRolloutHandler,
  pi_coding_agent: piCodingAgentRolloutHandler,
};

/** The handler of `format`, or undefined for a format no handler reads. */
export function getRolloutFormatHandler(format: string): RolloutFormatHandler | undefined {
  return Object.hasOwn(AGENT_ROLLOUT_FORMAT_HANDLERS, format) ? AGENT_ROLLOUT_FORMAT_HANDLERS[format as AgentRolloutFormat] : undefined;
}
