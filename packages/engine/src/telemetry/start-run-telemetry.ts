import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { ModelClient, RequestAdmission, TokenUsage } from '../models/index.js';
import type { ModelRegistry } from '../models/index.js';
import type { SchedulerEvent } from '../scheduler/index.js';
import { importOptionalPackages, MissingOptionalPackageError } from '../optional-packages/index.js';
import type { ModelClientInfo, RunTelemetry } from './run-telemetry.js';

/** Optional peer dependencies of `@dd/engine` that the Prometheus endpoint loads. */
export const METRICS_PACKAGES: readonly string[] = [
  '@opentelemetry/api',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/exporter-prometheus',
  '@opentelemetry/resources',
];

/** Options of `startRunTelemetry`. */
export interface StartRunTelemetryOptions {
  /** Port of the Prometheus endpoint on 127.0.0.1 (`otel_metrics_port`); null: no metrics endpoint. */
  metricsPort: number | null;
  /** `service.version` resource attribute. */
  serviceVersion?: string;
  /** Receives warnings (endpoint could not start, tracing packages missing). */
  onWarning?: (message: string) => void;
  /** Where `OTEL_*` variables are read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What one `create` gets from `startRunTelemetry`: hooks for the engine and the endpoint's address. */
export interface StartedRunTelemetry {
  /** Pass as `telemetry` of `createDataset`. */
  telemetry: RunTelemetry;
  /** `http://127.0.0.1:<port>/metrics`, when the Prometheus endpoint is up. */
  metricsUrl?: string;
}

// The OpenTelemetry types are only needed here; packages load on the first metrics-enabled run.
type Api = typeof import('@opentelemetry/api');
type Counter = import('@opentelemetry/api').Counter;
type Histogram = import('@opentelemetry/api').Histogram;
type UpDownCounter = import('@opentelemetry/api').UpDownCounter;
type Span = import('@opentelemetry/api').Span;
type Tracer = import('@opentelemetry/api').Tracer;
type Attributes = import('@opentelemetry/api').Attributes;

interface Instruments {
  requests: Counter;
  tokens: Counter;
  rateLimited: Counter;
  duration: Histogram;
  active: UpDownCounter;
  records: Counter;
  rowGroups: Counter;
  createDuration: Histogram;
}

/** One attached run: its admission controller and the (provider, model) pairs it registered. */
interface AttachedRun {
  admission: RequestAdmission;
  models: Map<string, { provider: string; model: string }>;
}

/** The process-wide OpenTelemetry runtime (one meter provider, one endpoint, optional tracing). */
interface Runtime {
  api: Api;
  instruments: Instruments;
  tracer: Tracer;
  /** Flushes spans when OTLP tracing is on. */
  flushTraces: () => Promise<void>;
  /** The Prometheus exporter whose request handler the endpoint calls. */
  exporter: { getMetricsRequestHandler(request: IncomingMessage, response: ServerResponse): void };
  runs: Set<AttachedRun>;
}

let runtime: Promise<Runtime> | undefined;

/** The process-wide Prometheus endpoint; it serves before OpenTelemetry is loaded (see `serveMetrics`). */
interface Endpoint {
  server: Server;
  port: number;
  /** The port asked for (0 picks a free one). */
  requested: number;
}

let endpoint: Endpoint | undefined;
/** Runs begun and not ended (the endpoint stays on its port while any runs). */
let activeRuns = 0;
/** Each run whose measurements still wait for OpenTelemetry, with the function that loads it for them. */
const waitingRuns = new Set<() => Promise<unknown>>();
/** Options of the run that loads the runtime (service version, environment). */
let runtimeOptions: StartRunTelemetryOptions | undefined;
/** Measurements queued by all runs until OpenTelemetry loads. */
let queuedMeasurements = 0;
/** Past this many queued measurements OpenTelemetry loads without waiting for a scrape (bounds the memory). */
const MAX_QUEUED_MEASUREMENTS = 50_000;

/** Buckets of `gen_ai.client.operation.duration` (seconds): 0.01 doubling up to 81.92. */
const GEN_AI_DURATION_BUCKETS = Array.from({ length: 14 }, (_, index) => Number((0.01 * 2 ** index).toFixed(2)));

/** Attribute values: alphanumerics and `._-:/` only, at most 128 characters. */
function clean(value: string): string {
  return value.replace(/[^A-Za-z0-9._\-:/]/g, '_').slice(0, 128);
}

function errorType(error: unknown): string {
  const kind = (error as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string') return clean(kind);
  return error instanceof Error ? clean(error.name) : 'unknown';
}

/** OTLP trace export is on when `OTEL_TRACES_EXPORTER` names `otlp` (off by default). */
function tracesRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  return (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .includes('otlp');
}

async function startTracing(api: Api, resource: unknown, onWarning: (message: string) => void): Promise<() => Promise<void>> {
  try {
    const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }] = await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
    ]);
    const provider = new BasicTracerProvider({
      resource: resource as ConstructorParameters<typeof BasicTracerProvider>[0] extends { resource?: infer R } ? R : never,
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    });
    api.trace.setGlobalTracerProvider(provider);
    return () => provider.forceFlush();
  } catch {
    onWarning(
      'OTEL_TRACES_EXPORTER=otlp is set, but the tracing packages are not installed: ' +
        'npm install @opentelemetry/sdk-trace-base @opentelemetry/exporter-trace-otlp-http (traces are off for now).',
    );
    return async () => undefined;
  }
}

async function createRuntime(options: StartRunTelemetryOptions, onWarning: (message: string) => void): Promise<Runtime> {
  // CommonJS packages, loaded with `require`: an ESM import makes Node lex each of their ~110 files
  // for named exports (~0.05 s of every create, since the metrics endpoint is on by default).
  // They are optional peers: when one is missing, importOptionalPackages names them all.
  const require = createRequire(import.meta.url);
  const [api, { MeterProvider }, { PrometheusExporter }, { resourceFromAttributes }] = await importOptionalPackages(
    'OpenTelemetry metrics (otel_metrics_port)',
    METRICS_PACKAGES,
    async () =>
      [
        require('@opentelemetry/api') as Api,
        require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics'),
        require('@opentelemetry/exporter-prometheus') as typeof import('@opentelemetry/exporter-prometheus'),
        require('@opentelemetry/resources') as typeof import('@opentelemetry/resources'),
      ] as const,
  );
  const resource = resourceFromAttributes({ 'service.name': 'data-designer', 'service.version': options.serviceVersion ?? 'unknown' });
  // Our own server around the exporter's request handler, so it can be unref'ed (never keeps the process alive).
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ resource, readers: [exporter] });
  const meter = meterProvider.getMeter('data-designer', options.serviceVersion);
  const instruments: Instruments = {
    requests: meter.createCounter('data_designer.model.requests', { description: 'Model requests by outcome.' }),
    tokens: meter.createCounter('data_designer.model.tokens', { description: 'Tokens reported by providers, by gen_ai.token.type.' }),
    rateLimited: meter.createCounter('data_designer.model.rate_limited', { description: 'Model requests answered with HTTP 429.' }),
    duration: meter.createHistogram('gen_ai.client.operation.duration', {
      unit: 's',
      description: 'Duration of model requests.',
      advice: { explicitBucketBoundaries: GEN_AI_DURATION_BUCKETS },
    }),
    active: meter.createUpDownCounter('data_designer.model.request.active', { description: 'Model requests in flight.' }),
    records: meter.createCounter('data_designer.dataset.records', { description: 'Records of checkpointed row groups, by record.result.' }),
    rowGroups: meter.createCounter('data_designer.dataset.row_groups', { description: 'Row groups checkpointed.' }),
    createDuration: meter.createHistogram('data_designer.create.duration', { unit: 's', description: 'Duration of create runs.' }),
  };
  const runs = new Set<AttachedRun>();
  meter
    .createObservableGauge('data_designer.model.admission.limit', { description: 'Current adaptive request limit per provider and model (AIMD).' })
    .addCallback((result) => {
      for (const run of runs) {
        const snapshot = (run.admission as { snapshot?: (provider: string, model: string) => { domains: Record<string, { limit: number }> } | undefined })
          .snapshot;
        if (typeof snapshot !== 'function') continue;
        for (const { provider, model } of run.models.values()) {
          const state = snapshot.call(run.admission, provider, model);
          for (const [domain, value] of Object.entries(state?.domains ?? {})) {
            result.observe(value.limit, {
              'gen_ai.provider.name': clean(provider),
              'gen_ai.request.model': clean(model),
              'data_designer.admission.domain': domain,
            });
          }
        }
      }
    });
  const flushTraces = tracesRequested(options.env ?? process.env) ? await startTracing(api, resource, onWarning) : async () => undefined;
  return { api, instruments, tracer: api.trace.getTracer('data-designer', options.serviceVersion), flushTraces, exporter, runs };
}

/** The process-wide runtime, loaded on first call. */
function loadRuntime(options: StartRunTelemetryOptions, onWarning: (message: string) => void): Promise<Runtime> {
  runtime ??= createRuntime(runtimeOptions ?? options, onWarning);
  return runtime;
}

/** Loads OpenTelemetry for every run still waiting for it, then answers the scrape with the exporter. */
async function serveMetrics(request: IncomingMessage, response: ServerResponse, options: StartRunTelemetryOptions): Promise<void> {
  try {
    await Promise.all([...waitingRuns].map((loadForRun) => loadForRun()));
    (await loadRuntime(options, () => undefined)).exporter.getMetricsRequestHandler(request, response);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' }).end(`OpenTelemetry could not load: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** Which of `packages` cannot be resolved from here (checked without loading them). */
function unresolvable(packages: readonly string[]): string[] {
  const require = createRequire(import.meta.url);
  return packages.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * Starts (or moves) the process-wide Prometheus endpoint; a failure is a warning, never fatal. The
 * endpoint answers at once; OpenTelemetry loads at its first scrape (see `beginRunTelemetry`).
 */
async function listen(port: number, options: StartRunTelemetryOptions, onWarning: (message: string) => void): Promise<void> {
  const running = endpoint;
  if (running && (running.requested === port || running.port === port)) return;
  if (running) {
    if (activeRuns > 1) {
      onWarning(`The OpenTelemetry metrics endpoint already serves port ${running.port} for a running create; keeping it (otel_metrics_port ${port} ignored).`);
      return;
    }
    await new Promise<void>((resolve) => running.server.close(() => resolve()));
    endpoint = undefined;
  }
  const server = createServer((request, response) => {
    if (request.url?.split('?')[0] === '/metrics') void serveMetrics(request, response, options);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the metrics are at /metrics\n');
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.unref();
    endpoint = { server, port: (server.address() as AddressInfo).port, requested: port };
    process.once('exit', () => server.close());
  } catch (error) {
    onWarning(`Could not start the OpenTelemetry metrics endpoint on 127.0.0.1:${port} (${(error as Error).message}); generation continues without it.`);
  }
}

/** Hooks of one `create` that work at once, and the telemetry's start (endpoint up). */
export interface BegunRunTelemetry {
  /** Pass as `telemetry` of `createDataset` right away: what it sees before OpenTelemetry loads is recorded then. */
  telemetry: RunTelemetry;
  /**
   * Resolves once the endpoint is up (and, with OTLP traces on, OpenTelemetry loaded); rejects when the
   * OpenTelemetry packages are not installed or cannot load.
   */
  started: Promise<{ metricsUrl?: string }>;
  /** Loads OpenTelemetry now instead of at the first scrape; resolves once the run's measurements are recorded. */
  load(): Promise<void>;
}

/**
 * Telemetry for one `create`, loaded before it returns: OpenTelemetry, the process-wide meter provider,
 * the Prometheus endpoint on `127.0.0.1:<metricsPort>/metrics`, and (when `OTEL_TRACES_EXPORTER=otlp`)
 * an OTLP span exporter configured by the standard `OTEL_EXPORTER_OTLP_*` variables. Returns the hooks
 * the engine calls: model requests, tokens and 429s per provider/model, the admission limit, records and
 * row groups; spans per row group and per model request.
 */
export async function startRunTelemetry(options: StartRunTelemetryOptions): Promise<StartedRunTelemetry> {
  const begun = beginRunTelemetry(options);
  const { metricsUrl } = await begun.started;
  await begun.load();
  return { telemetry: begun.telemetry, ...(metricsUrl !== undefined ? { metricsUrl } : {}) };
}

/**
 * `startRunTelemetry` without the wait, and without OpenTelemetry until it is needed: the hooks are
 * returned at once and the Prometheus endpoint starts listening, but OpenTelemetry (~0.1–0.15 s of CPU
 * to load, on the thread that generates) loads only at the endpoint's first scrape, when OTLP traces are
 * on, or once 50,000 measurements wait. Until then every measurement is queued with its own timestamps
 * (span start and end times, durations) and replayed in order, so a scrape sees the same counts,
 * histograms and spans as when it loaded first; a run nobody scrapes never loads it. When the packages
 * are not installed `started` rejects and nothing is queued.
 */
export function beginRunTelemetry(options: StartRunTelemetryOptions): BegunRunTelemetry {
  const onWarning = options.onWarning ?? (() => undefined);
  const startedAt = Date.now();
  const tracing = tracesRequested(options.env ?? process.env);
  type Ready = Runtime & { runSpan: Span; runContext: ReturnType<Api['context']['active']> };
  let ready: Ready | undefined;
  const missing = unresolvable(METRICS_PACKAGES);
  let failed = missing.length > 0;
  const queue: Array<(loaded: Ready) => void> = [];
  const dropQueue = (): void => {
    queuedMeasurements -= queue.length;
    queue.length = 0;
  };
  let loading: Promise<void> | undefined;
  const loadForRun = (): Promise<void> => {
    loading ??= (async () => {
      let state: Runtime;
      try {
        state = await loadRuntime(options, onWarning);
      } catch (error) {
        failed = true;
        dropQueue();
        onWarning(`OpenTelemetry could not load (${error instanceof Error ? error.message : String(error)}); metrics are off.`);
        throw error;
      } finally {
        waitingRuns.delete(loadForRun);
      }
      const runSpan = state.tracer.startSpan('data_designer.create', { startTime: startedAt });
      const loaded: Ready = { ...state, runSpan, runContext: state.api.trace.setSpan(state.api.context.active(), runSpan) };
      ready = loaded;
      const operations = queue.splice(0);
      queuedMeasurements -= operations.length;
      for (const operation of operations) operation(loaded);
    })();
    return loading;
  };
  /** Runs `operation` with the loaded runtime now when OpenTelemetry is up, else after it is (in call order). */
  const withRuntime = (operation: (loaded: Ready) => void): void => {
    if (ready) operation(ready);
    else if (!failed) {
      queue.push(operation);
      if (++queuedMeasurements > MAX_QUEUED_MEASUREMENTS) for (const load of waitingRuns) load().catch(() => undefined);
    }
  };
  // Counted until its end, even if OpenTelemetry later fails to load (`failed` changes then).
  let counted = !failed;
  if (counted) {
    activeRuns += 1;
    waitingRuns.add(loadForRun);
    runtimeOptions ??= options;
  }
  const started = (async (): Promise<{ metricsUrl?: string }> => {
    if (missing.length > 0) throw new MissingOptionalPackageError('OpenTelemetry metrics (otel_metrics_port)', METRICS_PACKAGES);
    if (options.metricsPort !== null) await listen(options.metricsPort, options, onWarning);
    if (tracing) await loadForRun();
    return endpoint ? { metricsUrl: `http://127.0.0.1:${endpoint.port}/metrics` } : {};
  })();
  started.catch(() => undefined); // a caller that never awaits `started` must not crash the process
  const rowGroupSpans = new Map<number, Span>();
  const attached: AttachedRun = { admission: { register: () => undefined, acquire: () => Promise.reject(new Error('unused')) }, models: new Map() };
  let isAttached = false;

  // Once OpenTelemetry is up, model requests are still measured on the spot (times, usage, outcome)
  // but recorded on the next timers turn, in call order: recording (~30 µs of attribute hashing per
  // request) then runs after the requests dispatched meanwhile are written, not between a response and
  // the request replacing it. Before it is up they are queued as every measurement is.
  const recordings: Array<() => void> = [];
  let recordTimer: ReturnType<typeof setTimeout> | undefined;
  const recordPending = (): void => {
    if (recordTimer !== undefined) clearTimeout(recordTimer);
    recordTimer = undefined;
    for (const record of recordings.splice(0)) record();
  };
  const recordSoon = (operation: (loaded: Ready) => void): void => {
    if (ready === undefined && recordings.length === 0) {
      withRuntime(operation);
      return;
    }
    recordings.push(() => withRuntime(operation));
    if (recordTimer === undefined) {
      recordTimer = setTimeout(recordPending, 0);
      recordTimer.unref();
    }
  };

  /** Attributes of a wrapped client's requests (the same for all of them). */
  interface ClientLabels {
    attributes: Attributes;
    model: string;
  }
  const measure = <T>(
    labels: ClientLabels,
    operation: string,
    call: () => Promise<T>,
    usageOf: (value: T) => { inputTokens: number; outputTokens: number; reasoningTokens?: number } | null,
  ): Promise<T> => {
    const { attributes } = labels;
    const begin = performance.now();
    const beginAt = Date.now();
    let span: Span | undefined;
    recordSoon((ready) => {
      span = ready.tracer.startSpan(
        `${operation} ${labels.model}`,
        { attributes: { ...attributes, 'gen_ai.operation.name': operation }, startTime: beginAt },
        ready.runContext,
      );
      ready.instruments.active.add(1, attributes);
    });
    const finish = (error: unknown, usage: ReturnType<typeof usageOf>) => {
      const seconds = (performance.now() - begin) / 1000;
      const endAt = Date.now();
      recordSoon((ready) => {
        const { api, instruments } = ready;
        if (usage) {
          instruments.tokens.add(usage.inputTokens, { ...attributes, 'gen_ai.token.type': 'input' });
          instruments.tokens.add(usage.outputTokens, { ...attributes, 'gen_ai.token.type': 'output' });
          if (usage.reasoningTokens) instruments.tokens.add(usage.reasoningTokens, { ...attributes, 'gen_ai.token.type': 'reasoning' });
          span?.setAttributes({ 'gen_ai.usage.input_tokens': usage.inputTokens, 'gen_ai.usage.output_tokens': usage.outputTokens });
        }
        instruments.active.add(-1, attributes);
        const type = error === undefined ? undefined : errorType(error);
        instruments.duration.record(seconds, { ...attributes, 'gen_ai.operation.name': operation, ...(type ? { 'error.type': type } : {}) });
        instruments.requests.add(1, { ...attributes, outcome: type ? 'failure' : 'success', ...(type ? { 'error.type': type } : {}) });
        if (type === 'RATE_LIMIT' || (error as { status?: unknown } | null)?.status === 429) instruments.rateLimited.add(1, attributes);
        if (type) {
          span?.setAttribute('error.type', type);
          span?.setStatus({ code: api.SpanStatusCode.ERROR });
        }
        span?.end(endAt);
      });
    };
    return call().then(
      (value) => {
        finish(undefined, usageOf(value));
        return value;
      },
      (error: unknown) => {
        finish(error, null);
        throw error;
      },
    );
  };

  /** The usage of a chat, embeddings or image response. */
  const responseUsage = (response: { usage: TokenUsage | null }) => response.usage;
  const telemetry: RunTelemetry = {
    wrapModelClient(client: ModelClient, info: ModelClientInfo): ModelClient {
      attached.models.set(`${info.provider}\u0000${info.model}`, { provider: info.provider, model: info.model });
      const labels: ClientLabels = {
        attributes: {
          'gen_ai.provider.name': clean(info.provider),
          'gen_ai.request.model': clean(info.model),
          'data_designer.model.alias': clean(info.alias),
        },
        model: clean(info.model),
      };
      return {
        providerName: client.providerName,
        completion: (request, signal) => measure(labels, 'chat', () => client.completion(request, signal), responseUsage),
        embeddings: (request, signal) => measure(labels, 'embeddings', () => client.embeddings(request, signal), responseUsage),
        generateImages: (request, signal) => measure(labels, 'generate_content', () => client.generateImages(request, signal), responseUsage),
        close: () => client.close(),
      };
    },
    attachModels(_models: ModelRegistry, admission: RequestAdmission): void {
      attached.admission = admission;
      withRuntime((ready) => {
        if (!isAttached) ready.runs.add(attached);
        isAttached = true;
      });
    },
    onSchedulerEvent(event: SchedulerEvent): void {
      if (event.type === 'row-group-admitted') {
        const startTime = Date.now();
        withRuntime((ready) => {
          rowGroupSpans.set(
            event.index,
            ready.tracer.startSpan(
              'data_designer.row_group',
              { attributes: { 'data_designer.row_group.index': event.index, 'data_designer.row_group.size': event.size }, startTime },
              ready.runContext,
            ),
          );
        });
      } else if (event.type === 'row-group-checkpointed') {
        const endTime = Date.now();
        withRuntime((ready) => {
          const { instruments } = ready;
          instruments.records.add(event.records, { 'record.result': 'generated' });
          if (event.dropped > 0) instruments.records.add(event.dropped, { 'record.result': 'dropped' });
          instruments.rowGroups.add(1, { partial: event.partial });
          const span = rowGroupSpans.get(event.index);
          span?.setAttributes({ 'data_designer.row_group.records': event.records, 'data_designer.row_group.dropped': event.dropped });
          span?.end(endTime);
          rowGroupSpans.delete(event.index);
        });
      }
    },
    end(error?: unknown): void {
      recordPending();
      if (counted) activeRuns -= 1;
      counted = false;
      const endTime = Date.now();
      withRuntime((ready) => {
        const { api, instruments, runSpan } = ready;
        ready.runs.delete(attached);
        for (const span of rowGroupSpans.values()) span.end(endTime);
        rowGroupSpans.clear();
        const type = error === undefined ? undefined : errorType(error);
        instruments.createDuration.record((endTime - startedAt) / 1000, type ? { 'error.type': type } : {});
        if (type) runSpan.setStatus({ code: api.SpanStatusCode.ERROR });
        runSpan.end(endTime);
        void ready.flushTraces().catch(() => undefined);
      });
    },
  };
  return {
    telemetry,
    started,
    load: () => (failed ? Promise.resolve() : loadForRun().then(recordPending, () => undefined)),
  };
}
