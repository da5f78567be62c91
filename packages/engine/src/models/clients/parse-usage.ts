import type { TokenUsage } from '../model-types.js';
import { estimateTokens } from './estimate-tokens.js';

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const asCount = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/**
 * Reads OpenAI- or Anthropic-style usage (`prompt_tokens|input_tokens`, `completion_tokens|output_tokens`,
 * reasoning tokens from the provider), estimating reasoning tokens from `reasoning` when absent.
 */
export async function parseUsage(raw: unknown, reasoning: string | null): Promise<TokenUsage | null> {
  const usage = asRecord(raw);
  if (!usage) return null;
  const result: TokenUsage = {
    inputTokens: asCount(usage.prompt_tokens) ?? asCount(usage.input_tokens) ?? 0,
    outputTokens: asCount(usage.completion_tokens) ?? asCount(usage.output_tokens) ?? 0,
  };
  const reasoningTokens =
    asCount(usage.reasoning_tokens) ??
    asCount(asRecord(usage.completion_tokens_details)?.reasoning_tokens) ??
    asCount(asRecord(usage.output_tokens_details)?.reasoning_tokens);
  if (reasoningTokens !== undefined) {
    result.reasoningTokens = reasoningTokens;
    result.reasoningTokenSource = 'provider';
  } else if (reasoning) {
    result.reasoningTokens = await estimateTokens(reasoning);
    result.reasoningTokenSource = 'estimated';
  }
  return result;
}
