import { InvalidConfigError, type ModelConfig, type ModelProvider as ModelProviderConfig, type EnvironmentVariables } from '@dd/config';
import { createModelClient } from '../clients/index.js';
import { ModelRequestExecutor, RetryPolicy } from '../executor/index.js';
import type { ToolRuntime } from './tool-runtime.js';
import type { ModelClient, ModelLookup, RequestAdmission } from '../model-types.js';
import { ModelFacade } from './model-facade.js';
import type { ModelUsageStats } from './model-usage.js';

/** Options of a `ModelRegistry`. */
export interface ModelRegistryOptions {
  modelConfigs: readonly ModelConfig[];
  providers: readonly ModelProviderConfig[];
  /** Shared request admission (one per `DataDesigner`). */
  admission: RequestAdmission;
  /** Environment used to resolve API keys named by variable. @default process.env */
  env?: EnvironmentVariables;
  /** Retry policy of transient provider failures. */
  retryPolicy?: RetryPolicy;
  /** MCP tools for columns with a `tool_alias` (normally an `McpToolRegistry`; closed with the registry). */
  tools?: ToolRuntime;
  /** Wraps each provider client (telemetry: metrics and spans per request). */
  wrapClient?: (client: ModelClient, info: { alias: string; provider: string; model: string }) => ModelClient;
}

/**
 * Model facades by alias, built lazily: the first `getModel(alias)` creates the provider client,
 * wraps it in the request executor (admission + retries) and registers the alias's
 * `max_parallel_requests` with the admission controller.
 */
export class ModelRegistry implements ModelLookup {
  private readonly facades = new Map<string, ModelFacade>();
  private readonly clients: ModelClient[] = [];
  private readonly executors: ModelRequestExecutor[] = [];
  private readonly admissionKeys = new Map<string, { provider: string; model: string }>();
  private rateLimitedBaseline = 0;
  private closed = false;
  /** Retry policy of every request (and of the health checks). */
  readonly retryPolicy: RetryPolicy;

  constructor(private readonly options: ModelRegistryOptions) {
    this.retryPolicy = options.retryPolicy ?? new RetryPolicy();
  }

  /** The model config of `alias` (throws naming the known aliases when absent). */
  modelConfig(alias: string): ModelConfig {
    const config = this.options.modelConfigs.find((candidate) => candidate.alias === alias);
    if (!config) {
      const known = this.options.modelConfigs.map((candidate) => candidate.alias);
      throw new InvalidConfigError(`No model config with alias '${alias}' found.`, {
        fix: known.length > 0 ? `Use one of: ${known.join(', ')}, or add a model config with that alias.` : 'Add model_configs to the config.',
      });
    }
    return config;
  }

  /** The facade of `alias`. */
  getModel(alias: string): ModelFacade {
    const existing = this.facades.get(alias);
    if (existing) return existing;
    const modelConfig = this.modelConfig(alias);
    const provider = this.options.providers.find((candidate) => candidate.name === modelConfig.provider);
    if (!provider) {
      throw new InvalidConfigError(`Model '${alias}' uses provider '${modelConfig.provider}', but no provider named '${modelConfig.provider}' is registered.`, {
        fix: `Registered providers: ${this.options.providers.map((candidate) => candidate.name).join(', ') || 'none'}. Add it to model_providers.yaml or pass it to DataDesigner.`,
      });
    }
    const maxParallelRequests = modelConfig.inference_parameters.max_parallel_requests;
    // The adapter merges the provider's extra_body into every body itself; only one choice is ever used.
    const { n: _n, ...providerExtraBody } = provider.extra_body ?? {};
    const created = createModelClient({ ...provider, extra_body: providerExtraBody }, { maxParallelRequests, env: this.options.env });
    const client = this.options.wrapClient ? this.options.wrapClient(created, { alias, provider: provider.name, model: modelConfig.model }) : created;
    this.clients.push(client);
    this.options.admission.register(provider.name, modelConfig.model, maxParallelRequests);
    const executor = new ModelRequestExecutor(client, this.options.admission, { retryPolicy: this.retryPolicy });
    this.executors.push(executor);
    this.admissionKeys.set(JSON.stringify([provider.name, modelConfig.model]), { provider: provider.name, model: modelConfig.model });
    const facade = new ModelFacade({ modelConfig, provider, client: executor, ...(this.options.tools ? { tools: this.options.tools } : {}) });
    this.facades.set(alias, facade);
    return facade;
  }

  /** The MCP tools models may call, when configured. */
  get tools(): ToolRuntime | undefined {
    return this.options.tools;
  }

  /** Usage of every model used so far, keyed by alias. */
  usage(): Record<string, ModelUsageStats> {
    return Object.fromEntries([...this.facades].map(([alias, facade]) => [alias, facade.usage.snapshot()]));
  }

  /**
   * Pressure for progress output: attempts answered 429 so far, requests waiting for admission and
   * the longest cooldown left over the models used.
   */
  pressure(): { rateLimited: number; waiting: number; cooldownRemainingMs: number } {
    let rateLimited = -this.rateLimitedBaseline;
    for (const executor of this.executors) rateLimited += executor.rateLimited;
    let waiting = 0;
    let cooldownRemainingMs = 0;
    for (const { provider, model } of this.admissionKeys.values()) {
      const snapshot = this.options.admission.snapshot?.(provider, model);
      if (snapshot === undefined) continue;
      cooldownRemainingMs = Math.max(cooldownRemainingMs, snapshot.cooldownRemainingMs);
      for (const domain of Object.values(snapshot.domains)) waiting += domain?.waiters ?? 0;
    }
    return { rateLimited, waiting, cooldownRemainingMs };
  }

  /** Zeroes every model's usage (after health checks, which do not count as usage). */
  resetUsage(): void {
    for (const facade of this.facades.values()) facade.usage.reset();
    this.rateLimitedBaseline += this.pressure().rateLimited;
  }

  /** Closes every provider connection pool and the MCP tools (a second call does nothing). */
  async close(): Promise<void> {
    const tools = this.closed ? undefined : this.options.tools;
    this.closed = true;
    await Promise.all([...this.clients.splice(0).map((client) => client.close()), tools?.close?.()]);
  }
}
