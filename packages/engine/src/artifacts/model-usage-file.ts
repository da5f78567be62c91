import type { ModelConfig, ModelPricing } from '@dd/config';
import { ARTIFACT_LAYOUT } from './artifact-layout.js';
import type { ArtifactStorage } from './artifact-storage.js';
import { DatasetFolder } from './dataset-folder.js';

/** File name of the persisted usage, inside the dataset folder. */
export const MODEL_USAGE_FILE = ARTIFACT_LAYOUT.modelUsageFile;

/** This run's counters of one model alias (the model layer's usage statistics have this shape). */
export interface RunModelUsage {
  model: string;
  tokens: { input: number; output: number; reasoning: number; total: number };
  requests: { successful: number; failed: number; total: number };
  images: number;
}

/** Persisted usage of one model alias, cumulative over every run (resumes included) of a dataset. */
export interface PersistedModelUsage {
  /** Model name sent to the provider. */
  model: string;
  /** Provider name of the model config. */
  provider?: string;
  tokens: { input: number; output: number; reasoning: number; total: number };
  requests: { successful: number; failed: number; total: number };
  /** Images generated. */
  images: number;
  /** Estimated cost in USD; present only when the model config has `pricing`. */
  cost_usd?: number;
}

/** Contents of `model_usage.json`: usage per model alias. */
export type ModelUsageFile = Record<string, PersistedModelUsage>;

/** Cost of token counts at the given prices (reasoning tokens are assumed billed inside `output`). */
export function tokenCostUsd(tokens: { input: number; output: number }, pricing: ModelPricing): number {
  const cost = (tokens.input * pricing.input_per_million_tokens + tokens.output * pricing.output_per_million_tokens) / 1_000_000;
  return Math.round(cost * 1e10) / 1e10;
}

function emptyUsage(model: string): PersistedModelUsage {
  return {
    model,
    tokens: { input: 0, output: 0, reasoning: 0, total: 0 },
    requests: { successful: 0, failed: 0, total: 0 },
    images: 0,
  };
}

function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Normalizes one parsed entry (missing counters → 0) so hand-edited or older files still add up. */
function normalizeEntry(value: unknown): PersistedModelUsage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entry = value as Record<string, unknown>;
  const tokens = (entry.tokens ?? {}) as Record<string, unknown>;
  const requests = (entry.requests ?? {}) as Record<string, unknown>;
  const out: PersistedModelUsage = {
    model: typeof entry.model === 'string' ? entry.model : '',
    tokens: { input: asNumber(tokens.input), output: asNumber(tokens.output), reasoning: asNumber(tokens.reasoning), total: asNumber(tokens.total) },
    requests: { successful: asNumber(requests.successful), failed: asNumber(requests.failed), total: asNumber(requests.total) },
    images: asNumber(entry.images),
  };
  if (typeof entry.provider === 'string') out.provider = entry.provider;
  if (typeof entry.cost_usd === 'number') out.cost_usd = entry.cost_usd;
  return out;
}

/** Reads `<datasetPath>/model_usage.json`; `null` when absent or unreadable (usage is informational). */
export async function readModelUsageFile(datasetPath: string): Promise<ModelUsageFile | null> {
  return parseModelUsageText(await new DatasetFolder(datasetPath).readText(MODEL_USAGE_FILE));
}

/** Parses `model_usage.json` text leniently (missing counters → 0, bad entries skipped); `null` when unusable. */
export function parseModelUsageText(text: string | undefined): ModelUsageFile | null {
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const out: ModelUsageFile = {};
  for (const [alias, value] of Object.entries(parsed)) {
    const entry = normalizeEntry(value);
    if (entry) out[alias] = entry;
  }
  return out;
}

/**
 * Adds this run's usage (`current`, cumulative within the run) to the usage of earlier runs
 * (`previous`). Cost: earlier cost plus this run's tokens at the config's prices; earlier tokens
 * without a recorded cost are priced at the current prices. No pricing → no `cost_usd`.
 */
export function mergeModelUsage(
  previous: Readonly<ModelUsageFile>,
  current: Readonly<Record<string, RunModelUsage>>,
  modelConfigs: readonly ModelConfig[],
): ModelUsageFile {
  const configs = new Map(modelConfigs.map((config) => [config.alias, config]));
  const out: ModelUsageFile = structuredClone(previous) as ModelUsageFile;
  for (const [alias, stats] of Object.entries(current)) {
    const config = configs.get(alias);
    const before = previous[alias] ?? emptyUsage(stats.model);
    const merged: PersistedModelUsage = {
      model: stats.model || before.model,
      tokens: {
        input: before.tokens.input + stats.tokens.input,
        output: before.tokens.output + stats.tokens.output,
        reasoning: before.tokens.reasoning + stats.tokens.reasoning,
        total: before.tokens.total + stats.tokens.total,
      },
      requests: {
        successful: before.requests.successful + stats.requests.successful,
        failed: before.requests.failed + stats.requests.failed,
        total: before.requests.total + stats.requests.total,
      },
      images: before.images + stats.images,
    };
    const provider = config?.provider ?? before.provider;
    if (provider !== undefined) merged.provider = provider;
    if (config?.pricing) {
      const earlier = before.cost_usd ?? tokenCostUsd(before.tokens, config.pricing);
      merged.cost_usd = Math.round((earlier + tokenCostUsd(stats.tokens, config.pricing)) * 1e10) / 1e10;
    } else if (before.cost_usd !== undefined) {
      merged.cost_usd = before.cost_usd;
    }
    out[alias] = merged;
  }
  return out;
}

/** Serializes usage as `model_usage.json` text (aliases sorted, 2-space indent, trailing newline). */
export function formatModelUsageJson(usage: Readonly<ModelUsageFile>): string {
  const sorted = Object.fromEntries(
    Object.keys(usage)
      .sort()
      .map((alias) => [alias, usage[alias]]),
  );
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/**
 * Keeps `<dataset>/model_usage.json` current during a run through the artifact storage: `start()` reads
 * the earlier runs' usage once, each `write(current)` stores earlier + current atomically (writes are
 * serialized), so a resumed run adds only its own requests.
 */
export class ModelUsageRecorder {
  private previous: ModelUsageFile = {};
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: ArtifactStorage,
    private readonly modelConfigs: readonly ModelConfig[],
  ) {}

  /** Reads the usage left by earlier runs of this dataset folder (the baseline). */
  async start(): Promise<void> {
    this.previous = parseModelUsageText(await this.storage.readTextFile(MODEL_USAGE_FILE)) ?? {};
  }

  /** The baseline plus `current`, without writing. */
  merged(current: Readonly<Record<string, RunModelUsage>>): ModelUsageFile {
    return mergeModelUsage(this.previous, current, this.modelConfigs);
  }

  /** Writes the baseline plus `current` atomically; concurrent calls are applied in order. */
  write(current: Readonly<Record<string, RunModelUsage>>): Promise<ModelUsageFile> {
    const usage = this.merged(current);
    const task = async (): Promise<ModelUsageFile> => {
      await this.storage.writeTextFile(MODEL_USAGE_FILE, formatModelUsageJson(usage));
      return usage;
    };
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
