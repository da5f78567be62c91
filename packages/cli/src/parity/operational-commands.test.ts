import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DataDesignerConfigBuilder, registerPlugin, unregisterPlugin } from '@dd/config';
import { ModelNotFoundError } from '@dd/engine';
import { startTestServer, testMcpStdioProvider, type TestServer } from '@dd/engine/testing';
import { runCliAsync } from '../commands/test-run-cli.js';
import { DataDesigner } from '../data-designer.js';
import { CompositeResolver, EnvironmentResolver, PlaintextResolver, SecretResolutionError, SecretsFileResolver } from '../secrets/index.js';

// check-models, getModels, info, MCP tool names, preview --save-results and the constructor
// options of the original (secret resolver with a secrets file, mcpProviders, seedReaders,
// managedAssetsPath), through the API and the CLI.
let server: TestServer;
let dir: string;
const provider = () => [{ name: 'local', endpoint: server.url, api_key: 'DD_TEST_SECRET' }];
const MODELS = [{ alias: 'writer', model: 'writer-model', provider: 'local' }];
const llmConfig = () =>
  new DataDesignerConfigBuilder({ modelConfigs: MODELS }).addColumn({ name: 'text', column_type: 'llm-text', model_alias: 'writer', prompt: 'Hello' });

beforeAll(async () => {
  server = await startTestServer({ requireApiKey: 'sk-from-file' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  server.configure({ faults: [] });
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-ops-'));
});

function secretsFile(content: string): string {
  const file = path.join(dir, 'secrets.json');
  writeFileSync(file, content);
  return file;
}

function designerWithFileSecrets(): DataDesigner {
  const resolver = new CompositeResolver([
    new SecretsFileResolver(secretsFile('{"DD_TEST_SECRET": "sk-from-file"}')),
    new EnvironmentResolver(),
    new PlaintextResolver(),
  ]);
  return new DataDesigner(dir, { modelProviders: provider(), secretResolver: resolver });
}

describe('secret resolver', () => {
  it('a secrets file supplies the key the provider names', async () => {
    const preview = await designerWithFileSecrets().preview(llmConfig(), { numRecords: 1, analyze: false });
    expect(preview.records[0]?.text).toBe('Reply to: Hello');
    expect(server.requests.every((request) => request.status === 200)).toBe(true);
  });

  it('without the file the key is missing and the provider refuses it', async () => {
    await expect(new DataDesigner(dir, { modelProviders: provider() }).preview(llmConfig(), { numRecords: 1 })).rejects.toThrow(
      /DD_TEST_SECRET, which is not set|Authentication failed/,
    );
  });

  it('a bad secrets file is named in the error, without its values', () => {
    expect(() => new SecretsFileResolver(secretsFile('{"A": 1}'))).toThrow(/secrets\.json: the value of 'A' is not a string/);
    expect(() => new SecretsFileResolver(secretsFile('{oops'))).toThrow(SecretResolutionError);
    expect(() => new SecretsFileResolver(secretsFile('{oops'))).toThrow(/secrets\.json is not valid JSON/);
    expect(() => new SecretsFileResolver(secretsFile('["x"]'))).toThrow(/must hold a JSON object/);
    expect(new SecretsFileResolver(path.join(dir, 'absent.json')).filePath).toContain('absent.json');
  });
});

describe('checkModels', () => {
  it('probes the models a config uses, even when health checks are skipped for runs', async () => {
    process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS = '1';
    try {
      const result = await designerWithFileSecrets().checkModels(llmConfig());
      expect(result).toEqual({ modelAliases: ['writer'], toolAliases: [] });
      expect(server.requests).toHaveLength(1);
    } finally {
      delete process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS;
    }
  });

  it('throws the typed error of a failing probe, and retries retryable ones', async () => {
    server.configure({ faults: [{ when: { path: '/chat/completions' }, respond: { status: 404 }, times: 1 }] });
    await expect(designerWithFileSecrets().checkModels(llmConfig())).rejects.toBeInstanceOf(ModelNotFoundError);
    server.reset();
    server.configure({ faults: [{ when: { path: '/chat/completions' }, respond: { status: 401 }, times: 1 }] });
    await expect(designerWithFileSecrets().checkModels(llmConfig(), { maxAttempts: 0 })).rejects.toThrow(/maxAttempts must be an integer/);
  });

  it('data-designer check-models reports each model, and exits 1 on an unknown alias', async () => {
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      `model_configs:\n  - alias: writer\n    model: writer-model\n    provider: local\ncolumns:\n  - name: text\n    column_type: llm-text\n    model_alias: writer\n    prompt: Hello\n`,
    );
    writeFileSync(path.join(dir, 'model_providers.yaml'), `providers:\n  - name: local\n    endpoint: ${server.url}\n    api_key: DD_TEST_SECRET\n`);
    const ok = await runCliAsync(['check-models', file], dir, { DD_TEST_SECRET: 'sk-from-file' });
    expect(ok.stdout).toContain("✅ model 'writer' is reachable");
    expect(ok.code).toBe(0);
    server.configure({ faults: [{ when: { path: '/chat/completions' }, respond: { status: 404 } }] });
    const failed = await runCliAsync(['check-models', file], dir, { DD_TEST_SECRET: 'sk-from-file' });
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toMatch(/not found/i);
  });
});

describe('getModels, info, MCP tool names', () => {
  it('getModels gives the facades a custom column receives', async () => {
    const designer = designerWithFileSecrets();
    const models = designer.getModels(['writer'], { modelConfigs: MODELS });
    const { parsed } = await models.writer!.generate('Ping');
    expect(parsed).toBe('Reply to: Ping');
    expect(() => designer.getModels(['ghost'])).toThrow(/no model config defines alias 'ghost'/);
    await designer.close();
  });

  it('info() lists providers with masked keys, MCP providers and the managed assets path', () => {
    const assets = path.join(dir, 'assets');
    const designer = new DataDesigner(dir, {
      modelProviders: [{ name: 'literal', endpoint: 'http://127.0.0.1:1/v1', api_key: 'sk-very-secret-1234' }, ...provider()],
      mcpProviders: [testMcpStdioProvider('calc')],
      managedAssetsPath: assets,
    });
    const info = designer.info();
    expect(info.modelProviders.map((entry) => entry.apiKey)).toEqual(['***1234', 'DD_TEST_SECRET']);
    expect(JSON.stringify(info)).not.toContain('very-secret');
    expect(info.mcpProviders).toEqual(['calc']);
    expect(info.managedAssetsPath).toBe(assets);
    expect(info.defaultModelAliases).toContain('nvidia-text');
  });

  it('listMcpToolNames connects to a configured provider; an unknown name lists the known ones', async () => {
    const designer = new DataDesigner(dir, { mcpProviders: [testMcpStdioProvider('calc', { tools: ['add', 'echo'] })] });
    expect((await designer.listMcpToolNames('calc')).sort()).toEqual(['add', 'echo']);
    await expect(designer.listMcpToolNames('nope')).rejects.toThrow(/No MCP provider named 'nope'. Configured providers: calc/);
    expect(() => new DataDesigner(dir, { mcpProviders: [{ name: 'x', provider_type: 'sse' }] })).toThrow(/mcpProviders\[0\]/);
  });
});

describe('seedReaders, managedAssetsPath, preview --save-results', () => {
  it('a seed reader given to the constructor serves its seed_type', async () => {
    registerPlugin({
      name: 'countdown-seeds',
      pluginType: 'seed-reader',
      discriminatorValue: 'countdown',
      configSchema: z.object({ seed_type: z.literal('countdown'), from: z.number() }),
    });
    try {
      const designer = new DataDesigner(dir, {
        seedReaders: [
          {
            seedType: 'countdown',
            loadRows: async (source) => Array.from({ length: Number(source.from) }, (_, index) => ({ left: Number(source.from) - index })),
          },
        ],
      });
      const builder = new DataDesignerConfigBuilder()
        .withSeedDataset({ seed_type: 'countdown', from: 3 })
        .addColumn({ name: 'msg', column_type: 'expression', expr: 'T-{{ left }}' });
      const preview = await designer.preview(builder, { numRecords: 3, analyze: false });
      expect(preview.records.map((record) => record.msg)).toEqual(['T-3', 'T-2', 'T-1']);
    } finally {
      unregisterPlugin('countdown-seeds');
    }
  });

  it('managedAssetsPath is where person samplers look for their datasets', async () => {
    const assets = path.join(dir, 'my-assets');
    const builder = new DataDesignerConfigBuilder().addColumn({ name: 'p', column_type: 'sampler', sampler_type: 'person', params: { locale: 'en_US' } });
    await expect(new DataDesigner(dir, { managedAssetsPath: assets }).preview(builder, { numRecords: 1, analyze: false })).rejects.toThrow(
      new RegExp(path.join(assets, 'datasets').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
  });

  it('data-designer preview --save-results --artifact-path writes the dataset, report and records', async () => {
    const file = path.join(dir, 'plain.yaml');
    writeFileSync(file, 'columns:\n  - name: n\n    column_type: sampler\n    sampler_type: uniform\n    params: { low: 0, high: 5 }\n');
    const out = path.join(dir, 'saved');
    const result = await runCliAsync(['preview', file, '-n', '3', '--save-results', '--artifact-path', out], dir);
    expect(result.code).toBe(0);
    const [folder] = readdirSync(out);
    expect(folder).toMatch(/^preview_results_\d{8}_\d{6}$/);
    for (const name of ['dataset.parquet', 'report.html', 'sample_records/record_0.html', 'sample_records/record_2.html', 'sample_records/index.html']) {
      expect(existsSync(path.join(out, folder!, name))).toBe(true);
    }
  });
});
