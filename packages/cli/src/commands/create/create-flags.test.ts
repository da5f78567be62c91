import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../test-run-cli.js';

const home = tempDir('dd-create-');
afterAll(() => rmSync(home, { recursive: true, force: true }));
const config = path.join(home, 'config.yaml');
writeFileSync(config, 'columns:\n  - name: product\n    column_type: sampler\n    sampler_type: category\n    params: {values: [router, laptop]}\n');
const write = (name: string, text: string) => {
  writeFileSync(path.join(home, name), text);
  return name;
};
const stackLine = /\n\s+at .+:\d+:\d+/;

describe('create --run-config', () => {
  it('applies a flat YAML of RunConfig fields', () => {
    const result = runCli(['create', 'config.yaml', '-n', '4', '-c', write('rc.yaml', 'buffer_size: 2\n'), '--no-progress'], home);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✅ Dataset created — 4 record(s) generated');
  });

  it('unknown fields: one clear line naming them, exit 1, no stack', () => {
    const result = runCli(['create', 'config.yaml', '-c', write('bad.yaml', 'buffer_size: 2\nbufer_size: 3\n')], home);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("Unknown run config field(s) in 'bad.yaml': bufer_size. Valid fields:");
    expect(result.stderr).not.toMatch(stackLine);
  });

  it('invalid values: dotted.path: message per line; URLs rejected without query', () => {
    const invalid = runCli(['create', 'config.yaml', '-c', write('zero.yaml', 'buffer_size: 0\nrequest_admission: {cooldown_seconds: -1}\n')], home);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('  buffer_size: ');
    expect(invalid.stderr).toContain('  request_admission.cooldown_seconds: ');
    const url = runCli(['create', 'config.yaml', '-c', 'https://user:pw@example.com/run.yaml?token=secret'], home);
    expect(url.code).toBe(1);
    expect(url.stderr).toContain('https://example.com/run.yaml');
    expect(url.stderr).not.toContain('secret');
    expect(runCli(['create', 'config.yaml', '-c', 'missing.yaml'], home).stderr).toContain("Run config file 'missing.yaml' does not exist.");
  });

  it('--verbose prints the stack; otherwise never', () => {
    const verbose = runCli(['--verbose', 'create', 'config.yaml', '-c', 'bad.yaml'], home);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(stackLine);
  });
});

describe('create --output-format and paths', () => {
  it('exports jsonl and csv next to the dataset', () => {
    const jsonl = runCli(['create', 'config.yaml', '-n', '3', '-d', 'j', '-f', 'JSONL', '--no-progress'], home);
    expect(jsonl.code).toBe(0);
    const file = path.join(home, 'artifacts', 'j', 'j.jsonl');
    expect(jsonl.stdout).toContain(`Exported to: ${file}`);
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => Object.keys(JSON.parse(line) as object)),
    ).toEqual([['product'], ['product'], ['product']]);
    const csv = runCli(['create', 'config.yaml', '-n', '2', '-d', 'c', '-f', 'csv', '--no-progress'], home);
    expect(csv.code).toBe(0);
    expect(readFileSync(path.join(home, 'artifacts', 'c', 'c.csv'), 'utf8').split('\n')[0]).toBe('product');
    const parquet = runCli(['create', 'config.yaml', '-n', '2', '-d', 'p', '-f', 'parquet', '--no-progress'], home);
    expect(parquet.stdout).toContain(path.join(home, 'artifacts', 'p', 'p.parquet'));
  });

  it('bad --output-format is a usage error (exit 2)', () => {
    const result = runCli(['create', 'config.yaml', '-f', 'xml'], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Invalid --output-format value 'xml'.");
  });

  it('missing config path and unwritable artifact dir: one clear line, exit 1', () => {
    const missing = runCli(['create', 'nope.yaml'], home);
    expect(missing.code).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe("❌ Config file 'nope.yaml' does not exist or is not a file.");
    expect(missing.stderr).not.toMatch(stackLine);
    const unwritable = runCli(['create', 'config.yaml', '-o', 'config.yaml/artifacts'], home);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr.split('\n')[0]).toMatch(/^❌ Artifact path '.*config\.yaml\/artifacts' is not writable \(ENOTDIR\)\.$/);
    expect(unwritable.stderr).not.toMatch(stackLine);
  });
});
