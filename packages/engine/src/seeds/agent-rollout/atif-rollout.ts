import { isPythonTruthy } from '../../templates/python-value.js';
import { AgentRolloutParseError } from './agent-rollout-parse-error.js';
import { pathSuffix, type RolloutFormatHandler } from './rollout-format-handler.js';
import { makeSessionRolloutRecord, type RolloutRecord } from './rollout-record.js';
import {
  buildMessage,
  coerceOptionalString,
  isJsonObject,
  loadJsonObject,
  minMaxTimestamps,
  pythonTypeName,
  requireString,
  stringifyJsonValue,
  type RolloutMessage,
} from './rollout-utils.js';

type JsonObject = Record<string, unknown>;
type AtifRole = 'assistant' | 'system' | 'user';

/** ATIF trajectories are standalone `.json` files. */
export function isAtifRolloutFile(relativePath: string): boolean {
  return pathSuffix(relativePath) === '.json';
}

function atifRole(source: unknown, file: string, stepId: number): AtifRole {
  const text = requireString(source, `the ATIF source in ${file} step ${stepId}`);
  if (text === 'agent') return 'assistant';
  if (text === 'system' || text === 'user') return text;
  throw new AgentRolloutParseError(`Unsupported ATIF source ${JSON.stringify(text)} in ${file} step ${stepId} (expected agent, user or system).`);
}

function atifToolCalls(raw: unknown, file: string, stepId: number): JsonObject[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) throw new AgentRolloutParseError(`ATIF tool_calls in ${file} step ${stepId} must be a list.`);
  return raw.map((call: unknown, index) => {
    if (!isJsonObject(call)) throw new AgentRolloutParseError(`Expected an ATIF tool_call object in ${file} step ${stepId}, got ${pythonTypeName(call)}.`);
    const where = `${file} step ${stepId} tool_calls[${index}]`;
    return {
      id: requireString(call.tool_call_id, `the ATIF tool_call_id in ${where}`),
      type: 'function',
      function: { name: requireString(call.function_name, `the ATIF function_name in ${where}`), arguments: stringifyJsonValue(call.arguments) },
    };
  });
}

/** Tool messages of an agent step's observation; sub-agent trajectory refs are collected into `subagentRefs`. */
function observationMessages(observation: unknown, file: string, stepId: number, callIds: ReadonlySet<string>, subagentRefs: JsonObject[]): RolloutMessage[] {
  if (!isJsonObject(observation)) throw new AgentRolloutParseError(`ATIF observation in ${file} step ${stepId} must be an object.`);
  const results = observation.results;
  if (!Array.isArray(results)) throw new AgentRolloutParseError(`ATIF observation.results in ${file} step ${stepId} must be a list.`);
  const messages: RolloutMessage[] = [];
  results.forEach((result: unknown, resultIndex) => {
    if (!isJsonObject(result))
      throw new AgentRolloutParseError(`Expected an ATIF observation result object in ${file} step ${stepId}, got ${pythonTypeName(result)}.`);
    const sourceCallId = coerceOptionalString(result.source_call_id);
    if (sourceCallId !== null && !callIds.has(sourceCallId)) {
      throw new AgentRolloutParseError(
        `ATIF observation source_call_id ${JSON.stringify(sourceCallId)} in ${file} step ${stepId} does not reference a declared tool call.`,
      );
    }
    if (result.content !== null && result.content !== undefined) {
      if (sourceCallId === null) throw new AgentRolloutParseError(`ATIF observation result in ${file} step ${stepId} with content is missing source_call_id.`);
      messages.push(buildMessage({ role: 'tool', content: result.content, toolCallId: sourceCallId }));
    }
    const rawRefs = result.subagent_trajectory_ref;
    if (rawRefs === null || rawRefs === undefined) return;
    if (!Array.isArray(rawRefs))
      throw new AgentRolloutParseError(`ATIF subagent_trajectory_ref in ${file} step ${stepId} result ${resultIndex} must be a list.`);
    const refs = rawRefs.map((ref: unknown, refIndex) => {
      if (!isJsonObject(ref))
        throw new AgentRolloutParseError(`Expected a subagent trajectory ref object in ${file} step ${stepId}, got ${pythonTypeName(ref)}.`);
      const normalized: JsonObject = {
        session_id: requireString(ref.session_id, `the ATIF subagent session_id in ${file} step ${stepId} result ${resultIndex} ref ${refIndex}`),
      };
      const trajectoryPath = coerceOptionalString(ref.trajectory_path);
      if (trajectoryPath) normalized.trajectory_path = trajectoryPath;
      if (isJsonObject(ref.extra) && isPythonTruthy(ref.extra)) normalized.extra = ref.extra;
      return normalized;
    });
    if (refs.length > 0) subagentRefs.push({ step_id: stepId, refs });
  });
  return messages;
}

/**
 * One ATIF trajectory file as one trace: steps become messages (`agent` → assistant with its
 * reasoning and tool calls, observations → tool messages), the agent's `extra` gives cwd, project
 * path and branch, and the schema version, agent, copied-context steps, sub-agent refs, notes,
 * continuation ref, final metrics and `extra` go to `source_meta`. Multi-file continuations are not
 * stitched together.
 */
export function parseAtifRollout(file: string): RolloutRecord[] {
  const payload = loadJsonObject(file);
  const schemaVersion = requireString(payload.schema_version, `the ATIF schema_version in ${file}`);
  const sessionId = requireString(payload.session_id, `the ATIF session_id in ${file}`);
  const agent = payload.agent;
  if (!isJsonObject(agent)) throw new AgentRolloutParseError(`ATIF trajectory in ${file} is missing an agent object.`);
  const steps = payload.steps;
  if (!Array.isArray(steps) || steps.length === 0) throw new AgentRolloutParseError(`ATIF trajectory in ${file} is missing a non-empty steps list.`);

  const messages: RolloutMessage[] = [];
  const timestamps: string[] = [];
  const copiedContextStepIds: number[] = [];
  const subagentRefs: JsonObject[] = [];
  steps.forEach((step: unknown, index) => {
    const where = `${file} steps[${index}]`;
    if (!isJsonObject(step)) throw new AgentRolloutParseError(`Expected an ATIF step object at ${where}, got ${pythonTypeName(step)}.`);
    const stepId = step.step_id;
    if (typeof stepId !== 'number' || !Number.isInteger(stepId)) {
      throw new AgentRolloutParseError(`Expected an integer ATIF step_id at ${where}, got ${stepId === undefined ? 'None' : JSON.stringify(stepId)}.`);
    }
    if (stepId !== index + 1) throw new AgentRolloutParseError(`Expected sequential ATIF step_id ${index + 1} at ${where}, got ${stepId}.`);
    const timestamp = coerceOptionalString(step.timestamp);
    if (timestamp) timestamps.push(timestamp);
    if (step.is_copied_context === true) copiedContextStepIds.push(stepId);
    if (!('message' in step)) throw new AgentRolloutParseError(`ATIF step ${stepId} in ${file} is missing message content.`);
    const role = atifRole(step.source, file, stepId);
    if (role !== 'assistant') {
      const agentOnly = ['reasoning_content', 'tool_calls', 'observation'].filter((field) => step[field] !== null && step[field] !== undefined);
      if (agentOnly.length > 0) throw new AgentRolloutParseError(`ATIF step ${stepId} in ${file} with role '${role}' cannot include ${agentOnly.join(', ')}.`);
    }
    const toolCalls = atifToolCalls(step.tool_calls, file, stepId);
    messages.push(
      buildMessage({
        role,
        content: step.message,
        reasoningContent: role === 'assistant' ? coerceOptionalString(step.reasoning_content) : null,
        toolCalls,
      }),
    );
    if (step.observation !== null && step.observation !== undefined) {
      const callIds = new Set(toolCalls.map((call) => String(call.id)));
      messages.push(...observationMessages(step.observation, file, stepId, callIds, subagentRefs));
    }
  });

  const sourceMeta: JsonObject = {
    schema_version: schemaVersion,
    step_count: steps.length,
    agent_name: requireString(agent.name, `the ATIF agent.name in ${file}`),
  };
  for (const field of ['version', 'model_name']) {
    const value = coerceOptionalString(agent[field]);
    if (value) sourceMeta[field] = value;
  }
  if (copiedContextStepIds.length > 0) sourceMeta.copied_context_step_ids = copiedContextStepIds;
  if (subagentRefs.length > 0) sourceMeta.subagent_trajectory_refs = subagentRefs;
  const notes = coerceOptionalString(payload.notes);
  if (notes) sourceMeta.notes = notes;
  const continuedRef = coerceOptionalString(payload.continued_trajectory_ref);
  if (continuedRef) sourceMeta.continued_trajectory_ref = continuedRef;
  if (isJsonObject(payload.final_metrics) && isPythonTruthy(payload.final_metrics)) sourceMeta.final_metrics = payload.final_metrics;
  if (isJsonObject(payload.extra) && isPythonTruthy(payload.extra)) sourceMeta.extra = payload.extra;

  const agentExtra = isJsonObject(agent.extra) ? agent.extra : {};
  const cwd = coerceOptionalString(agentExtra.cwd);
  const [startedAt, endedAt] = minMaxTimestamps(timestamps);
  return [
    makeSessionRolloutRecord({
      trace_id: sessionId,
      source_kind: 'atif',
      source_path: file,
      cwd,
      project_path: coerceOptionalString(agentExtra.project_path) || cwd,
      git_branch: coerceOptionalString(agentExtra.git_branch),
      started_at: startedAt,
      ended_at: endedAt,
      messages,
      source_meta: sourceMeta,
    }),
  ];
}

/** `atif`: standalone trajectory files; the source must name their folder. */
export const atifRolloutHandler: RolloutFormatHandler = {
  defaultPath: null,
  defaultFilePattern: '*.json',
  isHandledFile: isAtifRolloutFile,
  shouldWarnUnhandledFile: () => true,
  prepare: () => parseAtifRollout,
};
