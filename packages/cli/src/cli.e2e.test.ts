import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

// Runs the built `data-designer` bin as a user would (the package is built before its tests run).
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(packageDir, 'bin', 'data-designer.js');
const examples = path.resolve(packageDir, '../../examples');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], cwd = tmp) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const samplerConfig = path.join(tmp, 'config.yaml');
writeFileSync(
  samplerConfig,
  [
    'columns:',
    '  - name: product',
    '    column_type: sampler',
    '    sampler_type: category',
    '    params: {values: [router, laptop]}',
    '  - name: price',
    '    column_type: sampler',
    '    sampler_type: uniform',
    '    params: {low: 10, high: 20, decimal_places: 2}',
    '  - name: title',
    '    column_type: expression',
    '    expr: "{{ product | capitalize }} at {{ price }}"',
    '',
  ].join('\n'),
);

describe('data-designer command', () => {
  it('validate: exit 0 on a valid config', () => {
    const result = run(['validate', samplerConfig]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid/i);
  });

  it('validate: exit 1 naming the path, the value and the fix', () => {
    const bad = path.join(tmp, 'bad.yaml');
    writeFileSync(
      bad,
      'columns:\n  - name: p\n    column_type: sampler\n    sampler_type: bernoulli\n    params: {p: 3}\n  - name: q\n    column_type: samplr\n',
    );
    const result = run(['validate', bad]);
    expect(result.code).toBe(1);
    const output = result.stdout + result.stderr;
    expect(output).toContain('columns[0].params.p');
    expect(output).toContain('columns[1].column_type');
    expect(output).toContain('sampler');
    expect(output).not.toMatch(/\n\s+at .+\.js:\d+/);
  });

  it('usage errors exit 2', () => {
    expect(run(['create']).code).toBe(2);
    expect(run(['preview', samplerConfig, '-n', 'zero']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });

  it('preview prints sample records', () => {
    const result = run(['preview', samplerConfig, '-n', '3', '--json']);
    expect(result.code).toBe(0);
    const records = result.stdout
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(3);
    for (const record of records) expect(String(record.title)).toMatch(/^(Router|Laptop) at \d+(\.\d+)?$/);
  });

  it('create writes the dataset and prints where it is', () => {
    const result = run(['create', samplerConfig, '-n', '25', '--artifact-path', path.join(tmp, 'out'), '--dataset-name', 'cli', '--no-progress']);
    expect(result.code).toBe(0);
    const datasetPath = path.join(tmp, 'out', 'cli');
    expect(result.stdout).toContain(datasetPath);
    expect(readdirSync(path.join(datasetPath, 'parquet-files'))).toContain('batch_00000.parquet');
    expect(existsSync(path.join(datasetPath, 'metadata.json'))).toBe(true);
    expect(existsSync(path.join(datasetPath, 'analysis', 'report.html'))).toBe(true);
    const report = run(['report', datasetPath]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('price');
    expect(report.stdout).toContain('report.html');
    expect(run(['report', tmp]).code).toBe(1);
  });

  it('create runs the customer-orders example with its custom column module', () => {
    const result = run(
      [
        'create',
        path.join(examples, 'customer-orders', 'config.yaml'),
        '-n',
        '40',
        '-o',
        path.join(tmp, 'orders'),
        '-i',
        path.join(examples, 'customer-orders', 'custom-columns.mjs'),
        '--no-progress',
      ],
      path.resolve(packageDir, '../..'),
    );
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
  });

  it('loads installed plugins: a plugin column validates and generates', () => {
    const result = run(['preview', path.join('plugins', 'index-multiplier', 'example.yaml'), '-n', '4', '--json'], examples);
    expect(result.code).toBe(0);
    const records = result.stdout
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.tripled_index)).toEqual([0, 3, 6, 9]);
  });

  it('without the plugin installed, its column_type is rejected with the known types listed', () => {
    const copy = path.join(tmp, 'plugin-config.yaml');
    writeFileSync(copy, 'columns:\n  - name: t\n    column_type: index-multiplier\n    multiplier: 3\n');
    const result = run(['validate', copy]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('columns[0].column_type');
  });

  it('runs LLM columns against providers from DATA_DESIGNER_HOME/model_providers.yaml', async () => {
    const { startTestServer } = await import('@dd/engine/testing');
    const server = await startTestServer({ requireApiKey: 'sk-cli-secret' });
    try {
      const home = path.join(tmp, 'home');
      mkdirSync(home, { recursive: true });
      writeFileSync(path.join(home, 'model_providers.yaml'), `providers:\n  - name: nvidia\n    endpoint: ${server.url}\n    api_key: DD_CLI_TEST_KEY\n`);
      const reviews = path.join(examples, 'product-reviews', 'config.yaml');
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, 'preview', reviews, '-n', '3', '--json'], {
          cwd: tmp,
          env: { ...process.env, NO_COLOR: '1', DATA_DESIGNER_HOME: home, DD_CLI_TEST_KEY: 'sk-cli-secret' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
      expect(result.stderr).not.toContain('sk-cli-secret');
      expect(result.code).toBe(0);
      const records = result.stdout
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records).toHaveLength(3);
      for (const record of records) {
        expect(typeof record.review).toBe('string');
        expect(['negative', 'neutral', 'positive']).toContain((record.analysis as { sentiment: string }).sentiment);
      }
      expect(server.stats().total).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
