import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DataDesignerConfigBuilder, InvalidConfigError } from '@dd/config';
import { startTestServer, type TestServer } from '@dd/engine/testing';
import { runCliAsync } from '../commands/test-run-cli.js';
import { DataDesigner } from '../data-designer.js';

// A config without model_configs that names a default alias resolves it from
// <home>/model_configs.yaml, else from the built-ins; DataDesigner seeds the home folder on first use.
let server: TestServer;
let home: string;
const chatModels = () =>
  server.requests.filter((request) => request.path.endsWith('/chat/completions')).map((request) => (request.body as { model: string }).model);

const YAML_CONFIG = `
columns:
  - name: topic
    column_type: sampler
    sampler_type: category
    params: { values: [cats] }
  - name: text
    column_type: llm-text
    model_alias: nvidia-text
    prompt: Write about {{ topic }}
`;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'dd-default-models-'));
  process.env.DATA_DESIGNER_HOME = home;
  process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS = '1';
  writeFileSync(path.join(home, 'model_providers.yaml'), `providers:\n  - name: nvidia\n    endpoint: ${server.url}\n    api_key: not-needed\n`);
  server.reset();
});
afterAll(() => {
  delete process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS;
});

describe('default model configs', () => {
  it('writes the default model_configs.yaml on first use and keeps an existing providers file', () => {
    new DataDesigner(path.join(home, 'artifacts'));
    const models = parseYaml(readFileSync(path.join(home, 'model_configs.yaml'), 'utf8')) as { model_configs: Array<{ alias: string }> };
    expect(models.model_configs.map((model) => model.alias)).toContain('nvidia-text');
    expect(models.model_configs).toHaveLength(12);
    const providers = parseYaml(readFileSync(path.join(home, 'model_providers.yaml'), 'utf8')) as { providers: Array<{ endpoint: string }> };
    expect(providers.providers).toEqual([expect.objectContaining({ endpoint: server.url })]);
  });

  it('writes model_providers.yaml too when the home folder has none', () => {
    rmSync(path.join(home, 'model_providers.yaml'));
    new DataDesigner(path.join(home, 'artifacts'));
    const providers = parseYaml(readFileSync(path.join(home, 'model_providers.yaml'), 'utf8')) as { providers: Array<{ name: string }> };
    expect(providers.providers.map((provider) => provider.name)).toEqual(['nvidia', 'openai', 'openrouter']);
  });

  it('a YAML config without model_configs uses the built-in nvidia-text', async () => {
    const designer = new DataDesigner(path.join(home, 'artifacts'));
    rmSync(path.join(home, 'model_configs.yaml')); // no home file: the built-ins apply directly
    const preview = await designer.preview(YAML_CONFIG, { numRecords: 2 });
    expect(preview.records.map((record) => record.text)).toEqual(['Reply to: Write about cats', 'Reply to: Write about cats']);
    expect(chatModels()).toEqual(['nvidia/nemotron-3-nano-30b-a3b', 'nvidia/nemotron-3-nano-30b-a3b']);
  });

  it('<home>/model_configs.yaml wins over the built-ins, for files and builders alike', async () => {
    writeFileSync(path.join(home, 'model_configs.yaml'), 'model_configs:\n  - alias: nvidia-text\n    model: home/tuned-model\n    provider: nvidia\n');
    const designer = new DataDesigner(path.join(home, 'artifacts'));
    await designer.preview(YAML_CONFIG, { numRecords: 1 });
    const builder = new DataDesignerConfigBuilder({ modelConfigs: null })
      .addColumn({ name: 'topic', column_type: 'sampler', sampler_type: 'category', params: { values: ['dogs'] } })
      .addColumn({ name: 'text', column_type: 'llm-text', model_alias: 'nvidia-text', prompt: 'About {{ topic }}' });
    const created = await designer.create(builder, { numRecords: 1, analyze: false });
    expect(chatModels()).toEqual(['home/tuned-model', 'home/tuned-model']);
    const builderConfig = JSON.parse(readFileSync(path.join(created.datasetPath, 'builder_config.json'), 'utf8')) as {
      data_designer: { model_configs: Array<{ alias: string; model: string }> };
    };
    expect(builderConfig.data_designer.model_configs).toEqual([expect.objectContaining({ alias: 'nvidia-text', model: 'home/tuned-model' })]);
  });

  it('a builder made before any home file exists still resolves the alias at run time', async () => {
    rmSync(path.join(home, 'model_providers.yaml'));
    const builder = new DataDesignerConfigBuilder()
      .addColumn({ name: 'topic', column_type: 'sampler', sampler_type: 'category', params: { values: ['owls'] } })
      .addColumn({ name: 'text', column_type: 'llm-text', model_alias: 'nvidia-text', prompt: 'About {{ topic }}' });
    expect(builder.modelConfigs).toEqual([]);
    const designer = new DataDesigner(path.join(home, 'artifacts'), { modelProviders: [{ name: 'nvidia', endpoint: server.url, api_key: 'x' }] });
    expect(existsSync(path.join(home, 'model_configs.yaml'))).toBe(true);
    const preview = await designer.preview(builder, { numRecords: 1 });
    expect(preview.records[0]?.text).toBe('Reply to: About owls');
  });

  it('validate reports an alias that no source defines, and accepts a default alias', async () => {
    const designer = new DataDesigner(path.join(home, 'artifacts'));
    await expect(designer.validate(YAML_CONFIG)).resolves.toEqual([]);
    const ghost = YAML_CONFIG.replace('nvidia-text', 'ghost-model');
    const attempt = designer.validate(ghost);
    await expect(attempt).rejects.toThrow(InvalidConfigError);
    await expect(designer.validate(ghost)).rejects.toThrow(/Column 'text' uses model alias 'ghost-model', but no model config defines it/);
    expect(server.requests).toHaveLength(0);
  });

  it('an invalid entry in <home>/model_configs.yaml is named with the file and the field', async () => {
    writeFileSync(path.join(home, 'model_configs.yaml'), 'model_configs:\n  - alias: nvidia-text\n    provider: nvidia\n');
    const designer = new DataDesigner(path.join(home, 'artifacts'));
    await expect(designer.validate(YAML_CONFIG)).rejects.toThrow(/model_configs\.yaml: 1 issue\n.*\n *→ at model_configs\[0\]\.model/);
  });

  it('the CLI previews the default alias and validate names an undefined one', async () => {
    const file = path.join(home, 'config.yaml');
    writeFileSync(file, YAML_CONFIG);
    const preview = await runCliAsync(['preview', file, '-n', '1', '--json'], home, { DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS: '1' });
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('"text":"Reply to: Write about cats"');
    expect(existsSync(path.join(home, 'model_configs.yaml'))).toBe(true);
    writeFileSync(file, YAML_CONFIG.replace('nvidia-text', 'ghost-model'));
    const validate = await runCliAsync(['validate', file], home);
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toContain("uses model alias 'ghost-model', but no model config defines it");
  });
});
