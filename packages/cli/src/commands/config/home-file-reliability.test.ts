import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../test-run-cli.js';
import { maskEndpointUrl } from '../shared/mask-api-key.js';

const root = tempDir('dd-home-files-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
/** A fresh home folder holding `files`. */
const homeWith = (files: Record<string, string>): string => {
  const home = path.join(root, `home-${count++}`);
  mkdirSync(home);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(home, name), text);
  writeFileSync(path.join(home, 'config.yaml'), 'columns:\n  - {name: n, column_type: sampler, sampler_type: category, params: {values: [a]}}\n');
  return home;
};

describe('config list masks credentials in endpoint URLs', () => {
  it('hides user, password and query values, in the table and in the YAML listing', () => {
    const endpoint = 'https://alice:s3cret-pw@llm.example.com/v1?key=sk-query-secret&api-version=2024';
    const home = homeWith({ 'model_providers.yaml': `providers:\n  - name: p\n    endpoint: "${endpoint}"\n    api_key: ENV_KEY\n` });
    for (const args of [
      ['config', 'list'],
      ['config', 'providers', 'list'],
    ]) {
      const result = runCli(args, home);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('https://***:***@llm.example.com/v1?key=***&api-version=***');
      for (const secret of ['alice', 's3cret-pw', 'sk-query-secret', '2024']) expect(result.stdout).not.toContain(secret);
    }
  });

  it('leaves plain URLs and non-URLs alone', () => {
    expect(maskEndpointUrl('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1:8000/v1');
    expect(maskEndpointUrl('not a url')).toBe('not a url');
    expect(maskEndpointUrl('https://user@h.example/x')).toBe('https://***@h.example/x');
  });
});

describe('a bad home file is reported with its name and readable sentences', () => {
  it('model_providers.yaml: file name, one sentence per problem, no raw zod array', () => {
    const home = homeWith({ 'model_providers.yaml': 'providers:\n  - name: x\n    endpoint: 5\n  - {api_key: sk-do-not-print}\n' });
    const result = runCli(['validate', 'config.yaml'], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`3 problems in ${path.join(home, 'model_providers.yaml')}:`);
    expect(result.stderr).toContain('✖ expected string, got 5\n    → at providers[0].endpoint');
    expect(result.stderr).toContain("✖ required field 'name' is missing\n    → at providers[1].name");
    expect(result.stderr).not.toContain('"code"');
    expect(result.stderr).not.toContain('sk-do-not-print');
  });

  it('model_providers.yaml with a YAML error names the file, line and column', () => {
    const home = homeWith({ 'model_providers.yaml': 'providers:\n  - name: [x\n' });
    const result = runCli(['validate', 'config.yaml'], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot parse ${path.join(home, 'model_providers.yaml')}: YAML syntax error at line 3, column 1`);
  });

  it('model_configs.yaml: file name and the field path', () => {
    const home = homeWith({
      'model_providers.yaml': 'providers:\n  - {name: p, endpoint: "http://127.0.0.1:1/v1"}\n',
      'model_configs.yaml': 'model_configs:\n  - {alias: a, model: m, provider: p, inference_parameters: {temperature: hot}}\n',
    });
    writeFileSync(path.join(home, 'llm.yaml'), 'columns:\n  - {name: t, column_type: llm-text, model_alias: a, prompt: hi}\n');
    const result = runCli(['validate', 'llm.yaml'], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`1 problem in ${path.join(home, 'model_configs.yaml')}:`);
    expect(result.stderr).toContain('→ at model_configs[0].inference_parameters.temperature');
  });
});
