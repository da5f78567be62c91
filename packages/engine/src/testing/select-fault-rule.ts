import type { FaultRule } from './llm-test-server-options.js';

/** Per-rule counters: requests matching the rule's filters, and times it fired. */
export type FaultRuleCounters = WeakMap<FaultRule, { seen: number; fired: number }>;

/** What a fault rule can be matched against. */
export interface FaultCandidateRequest {
  path: string;
  model: string | undefined;
  rawBody: string;
}

/**
 * Returns the first rule that fires for the request, updating counters. `nth` counts requests matching the
 * rule's other filters (path, model, bodyIncludes), whether or not an earlier rule fired for them.
 */
export function selectFaultRule(
  rules: readonly FaultRule[],
  request: FaultCandidateRequest,
  counters: FaultRuleCounters,
  random: () => number,
): FaultRule | undefined {
  let selected: FaultRule | undefined;
  for (const rule of rules) {
    const when = rule.when ?? {};
    if (when.path !== undefined && request.path !== when.path && !request.path.endsWith(when.path)) continue;
    if (when.model !== undefined && request.model !== when.model) continue;
    if (when.bodyIncludes !== undefined && !request.rawBody.includes(when.bodyIncludes)) continue;
    const counter = counters.get(rule) ?? { seen: 0, fired: 0 };
    counters.set(rule, counter);
    counter.seen += 1;
    if (selected !== undefined) continue;
    if (when.nth !== undefined && counter.seen !== when.nth) continue;
    if (rule.times !== undefined && counter.fired >= rule.times) continue;
    if (when.probability !== undefined && random() >= when.probability) continue;
    counter.fired += 1;
    selected = rule;
  }
  return selected;
}
