import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../test-run-cli.js';

const home = tempDir('dd-agent-');
afterAll(() => rmSync(home, { recursive: true, force: true }));
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

interface Family {
  family: string;
  discriminator: string;
  types: Array<{ type: string; value: string; description: string; fields: Array<{ name: string; type: string; required: boolean; default?: unknown }> }>;
}

describe('agent types', () => {
  it('lists a family with class names, descriptions, fields and defaults (singular, any case)', () => {
    const result = runCli(['agent', 'types', ' Sampler '], home);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const family = json(result.stdout) as unknown as Family;
    expect(family.family).toBe('samplers');
    expect(family.discriminator).toBe('sampler_type');
    const values = family.types.map((type) => type.value);
    expect(values).toEqual([...values].sort());
    const uniform = family.types.find((type) => type.value === 'uniform');
    expect(uniform?.type).toBe('UniformSamplerParams');
    expect(uniform?.description).toMatch(/Uniform/);
    expect(uniform?.fields.find((field) => field.name === 'low')).toMatchObject({ type: 'number', required: true });
  });

  it('columns carry the common fields with their defaults', () => {
    const family = json(runCli(['agent', 'types', 'columns'], home).stdout) as unknown as Family;
    const expression = family.types.find((type) => type.value === 'expression');
    expect(expression?.type).toBe('ExpressionColumnConfig');
    expect(expression?.fields.find((field) => field.name === 'drop')).toEqual({ name: 'drop', type: 'boolean', required: false, default: false });
  });

  it('without a family lists every family (cached on the second call, same answer)', () => {
    const first = runCli(['agent', 'types'], home);
    const second = runCli(['agent', 'types'], home);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const families = (json(first.stdout).families as Family[]).map((family) => family.family);
    expect(families).toEqual(['columns', 'constraints', 'processors', 'samplers', 'validators', 'seeds', 'models']);
  });

  it('unknown family: JSON error on stderr with code unknown_family, exit 1', () => {
    const result = runCli(['agent', 'types', 'widgets'], home);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const error = json(result.stderr).error as { code: string; message: string };
    expect(error.code).toBe('unknown_family');
    expect(error.message).toContain('columns, constraints, processors, samplers, validators');
  });
});

describe('agent state', () => {
  it('model-aliases: flags missing files, then reports usable/reason per alias sorted', () => {
    const empty = json(runCli(['agent', 'state', 'model-aliases'], home).stdout);
    expect(empty).toMatchObject({ model_config_present: false, provider_config_present: false, aliases: [] });
    writeFileSync(
      path.join(home, 'model_providers.yaml'),
      'providers:\n  - name: p\n    endpoint: http://x\n    api_key: DD_TEST_KEY\n  - name: open\n    endpoint: http://y\n    api_key: literal\n',
    );
    writeFileSync(
      path.join(home, 'model_configs.yaml'),
      'model_configs:\n  - {alias: z, model: m1, provider: p}\n  - {alias: b, model: m2, provider: gone}\n  - {alias: a, model: m3, provider: open, inference_parameters: {encoding_format: float}}\n',
    );
    const withoutKey = json(runCli(['agent', 'state', 'model-aliases'], home).stdout);
    expect(withoutKey.aliases).toEqual([
      { model_alias: 'a', model: 'm3', generation_type: 'embedding', provider: 'open', usable: true, reason: null },
      { model_alias: 'b', model: 'm2', generation_type: 'chat-completion', provider: 'gone', usable: false, reason: 'provider not configured' },
      { model_alias: 'z', model: 'm1', generation_type: 'chat-completion', provider: 'p', usable: false, reason: 'provider missing API key' },
    ]);
    const withKey = json(runCli(['agent', 'state', 'model-aliases'], home, { env: { DD_TEST_KEY: 'x' } }).stdout);
    expect((withKey.aliases as Array<{ usable: boolean }>)[2]?.usable).toBe(true);
  });

  it('model-aliases: legacy file without provider → legacy_model_config error', () => {
    const legacyHome = tempDir('dd-agent-legacy-');
    writeFileSync(path.join(legacyHome, 'model_configs.yaml'), 'model_configs:\n  - {alias: old, model: m}\n');
    const result = runCli(['agent', 'state', 'model-aliases'], legacyHome);
    rmSync(legacyHome, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(json(result.stderr).error).toMatchObject({ code: 'legacy_model_config' });
    expect((json(result.stderr).error as { message: string }).message).toContain('old');
  });

  it('persona-datasets: nine locales with installed flags', () => {
    const datasets = path.join(home, 'managed-assets', 'datasets');
    mkdirSync(datasets, { recursive: true });
    writeFileSync(path.join(datasets, 'ja_JP.parquet'), 'x');
    const result = runCli(['agent', 'state', 'persona-datasets'], home);
    expect(result.code).toBe(0);
    const rows = json(result.stdout).datasets as Array<{ locale: string; installed: boolean; dataset_name: string }>;
    expect(rows).toHaveLength(9);
    expect(rows.find((row) => row.locale === 'ja_JP')).toMatchObject({ installed: true, dataset_name: 'nemotron-personas-dataset-ja_jp' });
    expect(rows.find((row) => row.locale === 'en_US')?.installed).toBe(false);
  });
});

describe('agent context', () => {
  it('gathers versions, family counts, catalogues, state and commands', () => {
    const result = runCli(['agent', 'context'], home);
    expect(result.code).toBe(0);
    const context = json(result.stdout);
    expect(context.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(context.families).toContainEqual({ family: 'columns', discriminator: 'column_type', count: 11 });
    expect((context.types as Record<string, unknown[]>).validators).toHaveLength(3);
    expect(context.model_aliases).toHaveProperty('aliases');
    expect(context.persona_datasets).toHaveLength(9);
    expect((context.commands as Array<{ command_pattern: string }>).some((entry) => entry.command_pattern.startsWith('data-designer agent types'))).toBe(true);
  });

  it('a bare group prints help and exits 0', () => {
    const result = runCli(['agent'], home);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain('types');
  });
});
