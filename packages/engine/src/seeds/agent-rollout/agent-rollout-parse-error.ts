import { defineErrorClass } from '@dd/config';

/**
 * A trace file that does not follow its format (invalid JSON, a missing required field, an unknown
 * role). The reader skips such a file with a warning naming it, as the original does.
 */
export class AgentRolloutParseError extends defineErrorClass('AgentRolloutParseError') {}
