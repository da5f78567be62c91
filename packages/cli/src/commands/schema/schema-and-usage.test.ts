import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import { configJsonSchemaText } from '@dd/config';
import { runCli, tempDir } from '../test-run-cli.js';

const home = tempDir('dd-schema-');
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('schema', () => {
  it('prints the config JSON Schema', () => {
    const result = runCli(['schema'], home);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(configJsonSchemaText());
  });
});

describe('usage', () => {
  it('--help lists the Generation / Setup / Agent groups', () => {
    const result = runCli(['--help'], home);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Generation:[\s\S]*Setup:[\s\S]*schema[\s\S]*config[\s\S]*download[\s\S]*Agent:[\s\S]*agent/);
  });

  it('unknown command or flag suggests the nearest match, exit 2', () => {
    const command = runCli(['confg'], home);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'confg'");
    expect(command.stderr).toContain('(Did you mean config?)');
    const nested = runCli(['config', 'providers', 'ad'], home);
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain('(Did you mean add?)');
    const flag = runCli(['config', 'providers', 'add', '--nme', 'x'], home);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('(Did you mean --name?)');
    const agent = runCli(['agent', 'state', 'model-alias'], home);
    expect(agent.code).toBe(2);
    expect(agent.stderr).toContain('(Did you mean model-aliases?)');
  });

  it('groups without arguments print their help and exit 0', () => {
    for (const group of [['config'], ['download'], ['agent', 'state']]) {
      const result = runCli(group, home);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).toContain('Usage: data-designer');
    }
  });
});
