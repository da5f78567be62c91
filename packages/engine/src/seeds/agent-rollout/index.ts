export { openAgentRolloutRowSource } from './open-agent-rollout-row-source.js';
export { ROLLOUT_COLUMNS, type RolloutRecord } from './rollout-record.js';
export type { RolloutMessage } from './rollout-utils.js';
