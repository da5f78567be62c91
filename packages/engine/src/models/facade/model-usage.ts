import type { TokenUsage } from '../model-types.js';

/** Usage of one model alias during a run (engine-spec §4.8). */
export interface ModelUsageStats {
  model: string;
  tokens: { input: number; output: number; reasoning: number; total: number; reasoningSource: 'provider' | 'estimated' | null };
  requests: { successful: number; failed: number; total: number };
  images: number;
  /** Tool usage (MCP): calls, turns, `generate` calls with a tool alias and those that used a tool. */
  tools?: { total_tool_calls: number; total_tool_call_turns: number; total_generations: number; generations_with_tools: number };
}

/** Accumulates token, request and image counts of one model. */
export class ModelUsage {
  private readonly stats: ModelUsageStats;

  constructor(model: string) {
    this.stats = {
      model,
      tokens: { input: 0, output: 0, reasoning: 0, total: 0, reasoningSource: null },
      requests: { successful: 0, failed: 0, total: 0 },
      images: 0,
      tools: { total_tool_calls: 0, total_tool_call_turns: 0, total_generations: 0, generations_with_tools: 0 },
    };
  }

  /** Records one successful HTTP request and its token usage. */
  recordSuccess(usage: TokenUsage | null, images = 0): void {
    this.stats.requests.successful += 1;
    this.stats.requests.total += 1;
    this.stats.images += images;
    if (!usage) return;
    this.stats.tokens.input += usage.inputTokens;
    this.stats.tokens.output += usage.outputTokens;
    this.stats.tokens.total += usage.inputTokens + usage.outputTokens;
    if (usage.reasoningTokens) {
      this.stats.tokens.reasoning += usage.reasoningTokens;
      // An estimate anywhere makes the total an estimate.
      if (this.stats.tokens.reasoningSource !== 'estimated') this.stats.tokens.reasoningSource = usage.reasoningTokenSource ?? 'provider';
    }
  }

  /** Records the tool usage of one `generate` call that had a tool alias. */
  recordToolUsage(toolCalls: number, turns: number): void {
    this.stats.tools ??= { total_tool_calls: 0, total_tool_call_turns: 0, total_generations: 0, generations_with_tools: 0 };
    this.stats.tools.total_tool_calls += toolCalls;
    this.stats.tools.total_tool_call_turns += turns;
    this.stats.tools.total_generations += 1;
    if (turns > 0) this.stats.tools.generations_with_tools += 1;
  }

  /** Records one failed HTTP request. */
  recordFailure(): void {
    this.stats.requests.failed += 1;
    this.stats.requests.total += 1;
  }

  /** Zeroes the counters (health-check requests are not usage). */
  reset(): void {
    const model = this.stats.model;
    Object.assign(this.stats, new ModelUsage(model).stats);
  }

  /** A copy of the counters. */
  snapshot(): ModelUsageStats {
    return structuredClone(this.stats);
  }
}
