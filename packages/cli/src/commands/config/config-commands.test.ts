import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { runCli, tempDir } from '../test-run-cli.js';

const homes: string[] = [];
afterAll(() =>
  homes.forEach((home) => {
    rmSync(home, { recursive: true, force: true });
  }),
);
function freshHome(): string {
  const home = tempDir('dd-config-');
  homes.push(home);
  return home;
}
const readYaml = (file: string) => parseYaml(readFileSync(file, 'utf8')) as Partial<Record<string, Array<Record<string, unknown>>>>;

describe('config providers', () => {
  it('add / update / list / remove write model_providers.yaml with providers:', () => {
    const home = freshHome();
    const add = runCli(['config', 'providers', 'add', '--name', 'local', '--endpoint', 'http://127.0.0.1:8000/v1', '--api-key', 'LOCAL_KEY'], home);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain("Added model provider 'local'");
    expect(readYaml(path.join(home, 'model_providers.yaml'))).toEqual({
      providers: [{ name: 'local', endpoint: 'http://127.0.0.1:8000/v1', provider_type: 'openai', api_key: 'LOCAL_KEY' }],
    });

    const update = runCli(['config', 'providers', 'update', '--name', 'local', '--api-key', 'sk-literal-secret-9876'], home);
    expect(update.code).toBe(0);
    expect(readYaml(path.join(home, 'model_providers.yaml')).providers?.[0]?.api_key).toBe('sk-literal-secret-9876');

    const list = runCli(['config', 'providers', 'list'], home);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`Configuration directory: ${home}`);
    expect(list.stdout).toContain('***9876');
    expect(list.stdout).not.toContain('sk-literal');

    const remove = runCli(['config', 'providers', 'remove', 'local'], home);
    expect(remove.code).toBe(0);
    expect(readYaml(path.join(home, 'model_providers.yaml'))).toEqual({ providers: [] });
  });

  it('rejects bad input with one clear line, exit 1, file untouched', () => {
    const home = freshHome();
    const bad = runCli(['config', 'providers', 'add', '--name', 'x', '--endpoint', 'ftp://host'], home);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--endpoint must start with http:// or https://');
    expect(existsSync(path.join(home, 'model_providers.yaml'))).toBe(false);
    expect(runCli(['config', 'providers', 'add', '--endpoint', 'http://x'], home).stderr).toContain('Missing --name');
    runCli(['config', 'providers', 'add', '--name', 'x', '--endpoint', 'http://x'], home);
    const duplicate = runCli(['config', 'providers', 'add', '--name', 'x', '--endpoint', 'http://y'], home);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("A model provider named 'x' already exists.");
    expect(runCli(['config', 'providers', 'remove', 'nope'], home).code).toBe(1);
  });

  it('removing a provider warns about models using it; --remove-models deletes them', () => {
    const home = freshHome();
    runCli(['config', 'providers', 'add', '--name', 'p', '--endpoint', 'http://x'], home);
    runCli(['config', 'models', 'add', '--alias', 'a', '--model', 'm'], home);
    const warn = runCli(['config', 'providers', 'remove', 'p'], home);
    expect(warn.stdout).toContain('still use the removed provider(s): a');
    runCli(['config', 'providers', 'add', '--name', 'p', '--endpoint', 'http://x'], home);
    const cascade = runCli(['config', 'providers', 'remove', 'p', '--remove-models'], home);
    expect(cascade.code).toBe(0);
    expect(readYaml(path.join(home, 'model_configs.yaml'))).toEqual({ model_configs: [] });
  });

  it('without a terminal, the bare group prints the listing and a hint, exit 0', () => {
    const home = freshHome();
    const result = runCli(['config', 'providers'], home);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No model providers configured');
    expect(result.stdout).toContain('Not a terminal');
  });

  it('clear needs --yes without a terminal', () => {
    const home = freshHome();
    runCli(['config', 'providers', 'add', '--name', 'p', '--endpoint', 'http://x'], home);
    expect(runCli(['config', 'providers', 'clear'], home).code).toBe(1);
    expect(runCli(['config', 'providers', 'clear', '--yes'], home).code).toBe(0);
    expect(existsSync(path.join(home, 'model_providers.yaml'))).toBe(false);
  });
});

describe('config models', () => {
  it('needs a provider, implies the only one, validates with the schema and omits nulls', () => {
    const home = freshHome();
    const none = runCli(['config', 'models', 'add', '--alias', 'a', '--model', 'm'], home);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No providers available!');
    runCli(['config', 'providers', 'add', '--name', 'p', '--endpoint', 'http://x'], home);
    const add = runCli(['config', 'models', 'add', '--alias', 'a', '--model', 'm', '--temperature', '0.5', '--max-tokens', '100'], home);
    expect(add.code).toBe(0);
    expect(readYaml(path.join(home, 'model_configs.yaml'))).toEqual({
      model_configs: [
        {
          alias: 'a',
          model: 'm',
          inference_parameters: { generation_type: 'chat-completion', max_parallel_requests: 4, temperature: 0.5, max_tokens: 100 },
          provider: 'p',
          skip_health_check: false,
        },
      ],
    });
    const range = runCli(['config', 'models', 'add', '--alias', 'b', '--model', 'm', '--temperature', '5'], home);
    expect(range.code).toBe(1);
    expect(range.stderr).toContain('inference_parameters.temperature: temperature defined in model config must be between 0 and 2');
    const notNumber = runCli(['config', 'models', 'add', '--alias', 'b', '--model', 'm', '--max-tokens', 'many'], home);
    expect(notNumber.stderr).toContain('--max-tokens expects a whole number');
    const embedding = runCli(['config', 'models', 'add', '--alias', 'e', '--model', 'm', '--generation-type', 'embedding', '--dimensions', '64'], home);
    expect(embedding.code).toBe(0);
    const chatFlag = runCli(['config', 'models', 'add', '--alias', 'e2', '--model', 'm', '--generation-type', 'embedding', '--temperature', '1'], home);
    expect(chatFlag.code).toBe(1);
    expect(chatFlag.stderr).toContain('--temperature does not apply here');
    runCli(['config', 'providers', 'add', '--name', 'q', '--endpoint', 'http://y'], home);
    expect(runCli(['config', 'models', 'add', '--alias', 'c', '--model', 'm', '--provider', 'zz'], home).stderr).toContain("Provider 'zz' is not configured.");
    expect(runCli(['config', 'models', 'update', '--alias', 'a', '--temperature', 'clear'], home).code).toBe(0);
    expect(readYaml(path.join(home, 'model_configs.yaml')).model_configs?.[0]?.inference_parameters).toEqual({
      generation_type: 'chat-completion',
      max_parallel_requests: 4,
      max_tokens: 100,
    });
  });
});

describe('config mcp and tools', () => {
  it('writes mcp_providers.yaml (sse and stdio) and tool_configs.yaml referencing them', () => {
    const home = freshHome();
    expect(runCli(['config', 'tools', 'add', '--alias', 't', '--providers', 'x'], home).stderr).toContain('No MCP providers available!');
    expect(runCli(['config', 'mcp', 'add', '--name', 'web', '--endpoint', 'http://127.0.0.1:9/sse', '--api-key', 'MCP_KEY'], home).code).toBe(0);
    expect(runCli(['config', 'mcp', 'add', '--name', 'fs', '--type', 'stdio', '--command', 'npx', '--args', 'a,b', '--env', 'K=V,K2=V2'], home).code).toBe(0);
    expect(readYaml(path.join(home, 'mcp_providers.yaml'))).toEqual({
      providers: [
        { provider_type: 'sse', name: 'web', endpoint: 'http://127.0.0.1:9/sse', api_key: 'MCP_KEY' },
        { provider_type: 'stdio', name: 'fs', command: 'npx', args: ['a', 'b'], env: { K: 'V', K2: 'V2' } },
      ],
    });
    expect(runCli(['config', 'tools', 'add', '--alias', 't', '--providers', 'web,nope'], home).stderr).toContain('MCP provider(s) not configured: nope.');
    expect(
      runCli(['config', 'tools', 'add', '--alias', 't', '--providers', 'web,fs', '--allow-tools', 'search', '--max-turns', '3', '--timeout', '2.5'], home).code,
    ).toBe(0);
    expect(readYaml(path.join(home, 'tool_configs.yaml'))).toEqual({
      tool_configs: [{ tool_alias: 't', providers: ['web', 'fs'], allow_tools: ['search'], max_tool_call_turns: 3, timeout_sec: 2.5 }],
    });
    const list = runCli(['config', 'list'], home);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Data Designer Configurations');
    expect(list.stdout).toContain('2 env vars');
    expect(list.stdout).toMatch(/t\s+web, fs\s+search\s+3\s+2.5s/);
    expect(list.stdout).toContain('model_providers.yaml not found. Run `data-designer config providers`');
  });
});

describe('config reset', () => {
  it('restores the built-in providers and models with --yes; refuses without it off a terminal', () => {
    const home = freshHome();
    const first = runCli(['config', 'reset'], home);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('No configuration files to reset');
    writeFileSync(path.join(home, 'model_providers.yaml'), 'providers:\n  - name: mine\n    endpoint: http://x\n');
    expect(runCli(['config', 'reset'], home).code).toBe(1);
    const reset = runCli(['config', 'reset', '--yes'], home);
    expect(reset.code).toBe(0);
    const providers = readYaml(path.join(home, 'model_providers.yaml')).providers ?? [];
    expect(providers.map((provider) => provider.name)).toEqual(['nvidia', 'openai', 'openrouter']);
    expect(providers[0]).toEqual({
      name: 'nvidia',
      endpoint: 'https://integrate.api.nvidia.com/v1',
      provider_type: 'openai',
      api_key: 'NVIDIA_API_KEY',
      extra_body: null,
      extra_headers: null,
    });
    expect(readYaml(path.join(home, 'model_configs.yaml')).model_configs).toHaveLength(12);
  });
});
