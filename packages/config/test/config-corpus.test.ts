/**
 * Config fixture corpus (config-spec §1-§9, §17): every valid fixture loads, round-trips through the
 * YAML and JSON dumps unchanged (same config, same fingerprint, stable text); every invalid fixture
 * is rejected with an issue at the expected path. Tests run with cwd = packages/config.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigFileError,
  ConfigValidationError,
  DataDesignerError,
  RunConfigSchema,
  configFingerprint,
  dumpConfig,
  loadConfig,
  type DataDesignerConfig,
} from '@dd/config';

const FIXTURES = path.join('test', 'fixtures');
const VALID_DIR = path.join(FIXTURES, 'valid');
const INVALID_DIR = path.join(FIXTURES, 'invalid');

const validFiles = readdirSync(VALID_DIR)
  .filter((file) => /\.(ya?ml|json)$/.test(file))
  .sort();
const invalidFiles = readdirSync(INVALID_DIR)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();

/** Plain data view: drops functions and undefined (what `toEqual` should compare). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

async function load(file: string): Promise<DataDesignerConfig> {
  return loadConfig(path.join(VALID_DIR, file));
}

describe('config corpus: valid fixtures', () => {
  it('has enough fixtures', () => {
    expect(validFiles.length).toBeGreaterThanOrEqual(32);
  });

  it.each(validFiles)('%s loads, round-trips through YAML and JSON, and dumps stably', async (file) => {
    const config = await load(file);
    const fingerprint = configFingerprint(config);

    for (const format of ['yaml', 'json'] as const) {
      const text = dumpConfig(config, format);
      const reloaded = await loadConfig(text);
      expect(plain(reloaded)).toEqual(plain(config));
      expect(configFingerprint(reloaded)).toEqual(fingerprint);
      // Dump of the reload equals the first dump.
      expect(dumpConfig(reloaded, format)).toBe(text);
    }
  });
});

describe('config corpus: selected valid details', () => {
  it('wraps the bare shape and keeps the wrapped one (library_version ignored)', async () => {
    const bare = await load('02-bare-columns.yaml');
    expect(bare.columns.map((column) => column.name)).toEqual(['city', 'greeting']);
    expect(bare.model_configs).toBeNull();
    const wrapped = await load('01-wrapped-product-reviews.yaml');
    expect(wrapped.columns).toHaveLength(4);
  });

  it('injects shorthand sampler_type and normalises weights', async () => {
    const config = await load('15-shorthand-params.yaml');
    const seats = config.columns[1] as Record<string, any>;
    expect(seats.params.sampler_type).toBe('poisson');
    expect(seats.conditional_params["plan == 'team'"].sampler_type).toBe('poisson');
    const addon = config.columns[2] as Record<string, any>;
    expect(addon.conditional_params["plan == 'enterprise'"].weights).toEqual([0.5, 0.5]);
    const categories = await load('03-sampler-category.yaml');
    expect((categories.columns[1] as Record<string, any>).params.weights).toEqual([0.4, 0.3, 0.2, 0.1]);
  });

  it('resolves legacy untagged constraints by rhs', async () => {
    const config = await load('17-constraints-legacy-untagged.yaml');
    expect(config.constraints?.map((constraint) => [constraint.constraint_type, constraint.rhs])).toEqual([
      ['scalar_inequality', 8],
      ['scalar_inequality', -2.5],
      ['column_inequality', 'low'],
      ['column_inequality', 'nan'],
    ]);
  });

  it('turns unquoted YAML dates into ISO strings', async () => {
    const config = await load('11-sampler-datetime-unquoted-dates.yaml');
    expect((config.columns[0] as Record<string, any>).params.start).toBe('2023-01-01');
    const quirks = await load('46-yaml11-quirks.yaml');
    expect((quirks.columns[0] as Record<string, any>).params).toMatchObject({ start: '2024-02-29', end: '2024-12-31T23:59:59' });
    expect((quirks.columns[3] as Record<string, any>).params).toMatchObject({ start: '2024-01-01T08:00:00+02:00', end: '2024-01-09' });
  });

  it('resolves plain scalars as PyYAML does (y/n and dot-less exponents stay strings)', async () => {
    const quirks = await load('46-yaml11-quirks.yaml');
    expect((quirks.columns[4] as Record<string, any>).params.values).toEqual(['y', 'n', 'Y', 'N', 'yes', 'no', '1e3', '09', 0.5]);
    expect((quirks.columns[1] as Record<string, any>).output_format['x-meta']).toEqual({ ratio: 1, count: 1, exp: '1e3', half: 0.5 });
    const yaml = dumpConfig(quirks, 'yaml');
    expect(yaml).toContain("- 'yes'");
    expect(yaml).toContain('- y\n');
    expect(yaml).toContain("start: '2024-01-01T08:00:00+02:00'");
    const binomial = await load('08-sampler-binomial-poisson.yaml');
    expect((binomial.columns[0] as Record<string, any>).params).toEqual({ n: 20, p: 0.05, sampler_type: 'binomial' });
  });

  it('keeps 1.0 and 1 apart in free-form objects', async () => {
    const config = await load('09-sampler-scipy-free-form-floats.yaml');
    const yaml = dumpConfig(config, 'yaml');
    expect(yaml).toContain('scale: 100.0');
    expect(yaml).toContain('loc: 0\n');
    expect(yaml).toContain('a: 2.0');
    expect(yaml).toContain('b: 5\n');
    const json = dumpConfig(config, 'json');
    expect(json).toContain('"scale": 100.0');
    expect(json).toContain('"shape_hint": 1\n');
  });

  it('emits float fields as floats and keeps declaration order in JSON', async () => {
    const config = await load('16-constraints-tagged.yaml');
    const json = dumpConfig(config, 'json');
    expect(json).toContain('"rhs": 5.0');
    expect(json.indexOf('"target_column"')).toBeLessThan(json.indexOf('"constraint_type"'));
    expect(dumpConfig(config, 'yaml')).toContain('low: 1.0');
  });

  it('resolves selection strategies by shape', async () => {
    expect((await load('31-seed-local-csv-index-range.yaml')).seed_config?.selection_strategy).toEqual({ start: 1, end: 3 });
    expect((await load('32-seed-local-jsonl-partition.yaml')).seed_config?.selection_strategy).toEqual({ index: 1, num_partitions: 3 });
    expect((await load('33-seed-local-wildcard-empty-selection.yaml')).seed_config?.selection_strategy).toEqual({ index: 0, num_partitions: 1 });
  });

  it('drops unknown keys on seed sources and multimodal contexts', async () => {
    const hf = await load('35-seed-hf.yaml');
    expect(hf.seed_config?.source).toEqual({
      seed_type: 'hf',
      path: 'datasets/acme/support-chats/data/*.parquet',
      token: 'HF_TOKEN',
      endpoint: 'https://hf-mirror.example.com',
    });
    const media = await load('24-multimodal-contexts.yaml');
    const caption = media.columns[3] as Record<string, any>;
    expect(caption.multi_modal_context[3]).toEqual({ modality: 'video', column_name: 'movie', data_type: null, video_format: 'mp4' });
    const legacy = media.columns[4] as Record<string, any>;
    expect(legacy.multi_modal_context[0]).toEqual({ modality: 'image', column_name: 'photo_url', data_type: 'url', image_format: null });
  });

  it('infers inference-parameter kinds', async () => {
    const config = await load('40-model-inference-kinds.json');
    const kinds = config.model_configs?.map((model) => model.inference_parameters.generation_type);
    expect(kinds).toEqual(['chat-completion', 'chat-completion', 'chat-completion', 'embedding', 'image']);
    const manual = config.model_configs?.[1]?.inference_parameters as Record<string, any>;
    expect(manual.temperature).toEqual({ distribution_type: 'manual', params: { values: [0.1, 0.5, 1], weights: [0.25, 0.25, 0.5] } });
    const embedder = (await load('22-embedding.yaml')).model_configs?.[1]?.inference_parameters;
    expect(embedder?.generation_type).toBe('embedding');
  });

  it('coerces expression skip values to the dtype', async () => {
    const config = await load('28-expression-skip.yaml');
    const skipValue = (index: number) => (config.columns[index] as Record<string, any>).skip.value;
    expect(skipValue(2)).toBe(0);
    expect(skipValue(3)).toBe(1);
    expect(skipValue(4)).toBe(true);
    expect(skipValue(6)).toBe('7');
  });

  it('accepts a lone } in a prompt', async () => {
    const config = await load('41-lone-brace-prompt.yaml');
    expect((config.columns[1] as Record<string, any>).prompt).toContain('brace }');
  });
});

interface Expectation {
  path?: string;
  message?: string;
  error?: string;
}

function expectationOf(file: string): Expectation {
  const lines = readFileSync(path.join(INVALID_DIR, file), 'utf8').split('\n').slice(0, 4);
  const out: Expectation = {};
  for (const line of lines) {
    const match = /^#\s*expect-(path|message|error):\s?(.*)$/.exec(line);
    if (match) out[match[1] as keyof Expectation] = (match[2] ?? '').trim();
  }
  return out;
}

async function rejection(file: string): Promise<unknown> {
  try {
    await loadConfig(path.join(INVALID_DIR, file));
  } catch (error) {
    return error;
  }
  throw new Error(`${file} loaded but should have been rejected`);
}

describe('config corpus: invalid fixtures', () => {
  it('has enough fixtures', () => {
    expect(invalidFiles.length).toBeGreaterThanOrEqual(22);
  });

  it.each(invalidFiles)('%s is rejected with the expected issue', async (file) => {
    const expectation = expectationOf(file);
    expect(expectation.path !== undefined || expectation.error !== undefined).toBe(true);
    const error = await rejection(file);
    expect(DataDesignerError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).not.toContain('[object Object]');
    expect(message).not.toMatch(/\n\s+at .+:\d+:\d+/);

    if (expectation.error === 'ConfigFileError') {
      expect(ConfigFileError.isInstance(error)).toBe(true);
      if (expectation.message) expect(message).toContain(expectation.message);
      return;
    }
    expect(ConfigValidationError.isInstance(error)).toBe(true);
    const issues = (error as ConfigValidationError).issues;
    for (const issue of issues) {
      expect(issue.message).not.toContain('[object Object]');
      expect(issue.message).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(typeof issue.path).toBe('string');
    }
    const atPath = issues.filter((issue) => issue.path === expectation.path);
    if (atPath.length === 0) {
      throw new Error(`${file}: no issue at '${expectation.path}'; got ${JSON.stringify(issues.map((issue) => [issue.path, issue.message]))}`);
    }
    if (expectation.message) {
      const text = atPath.map((issue) => `${issue.message} ${issue.fix ?? ''}`).join('\n');
      expect(text).toContain(expectation.message);
    }
  });
});

describe('RunConfig deprecated inputs', () => {
  it('rejects throttle together with request_admission', () => {
    const parsed = RunConfigSchema.safeParse({ throttle: { reduce_factor: 0.5 }, request_admission: { additive_increase_step: 2 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['throttle']);
    expect(parsed.error?.issues[0]?.message).toContain('either throttle');
  });

  it('translates throttle and progress_bar', () => {
    const parsed = RunConfigSchema.parse({ throttle: { reduce_factor: 0.5, ceiling_overshoot: 0.2, rampup_seconds: 3 }, progress_bar: true });
    expect(parsed.request_admission).toEqual({
      multiplicative_decrease_factor: 0.5,
      additive_increase_step: 1,
      successes_until_increase: 25,
      cooldown_seconds: 2,
      startup_ramp_seconds: 3,
    });
    expect(parsed.display_tui).toBe(true);
    expect(RunConfigSchema.parse({ throttle: null }).request_admission).toBeNull();
  });
});
