import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DataDesigner } from '../../data-designer.js';
import { runCli, tempDir } from '../test-run-cli.js';

const home = tempDir('dd-validate-create-');
afterAll(() => rmSync(home, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  writeFileSync(path.join(home, name), text);
  return name;
};
const sampler = '  - {name: n, column_type: sampler, sampler_type: category, params: {values: [a, b]}}';

describe('validate and create agree (the original collapses repeated names and ignores self-references)', () => {
  it('a repeated column name: validate warns, create keeps the last definition at the first position', () => {
    const config = write(
      'repeated.yaml',
      [
        'columns:',
        sampler,
        '  - {name: e, column_type: expression, expr: "first"}',
        '  - {name: m, column_type: expression, expr: "{{ n }}"}',
        '  - {name: e, column_type: expression, expr: "{{ n }}!"}',
      ].join('\n'),
    );
    const validated = runCli(['validate', config], home);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('Configuration is valid (3 columns)');
    expect(validated.stderr).toContain("[repeated_column_name] Column 'e' is defined 2 times; the last definition replaces the others");
    const created = runCli(['create', config, '-n', '3', '-o', 'out', '-f', 'jsonl', '--no-progress'], home);
    expect(created.stderr).not.toContain('produced by both');
    expect(created.code).toBe(0);
  });

  it('a column referring to itself: validate passes, create compiles it and fails where the original does (rendering)', async () => {
    const config = write('self.yaml', ['columns:', sampler, '  - {name: e, column_type: expression, expr: "{{ n }}-{{ e }}"}'].join('\n'));
    expect(runCli(['validate', config], home).code).toBe(0);
    const created = runCli(['create', config, '-n', '2', '-o', 'out', '-d', 'self', '--no-progress'], home);
    expect(created.stderr).not.toMatch(/cycle/);
    expect(created.stderr).toContain("Unknown variable references in Jinja template: 'e'");
  });

  it('DataDesigner.validate returns the repeated-name warning for a config object', async () => {
    const warnings = await new DataDesigner(path.join(home, 'artifacts')).validate({
      columns: [
        { name: 'n', column_type: 'sampler', sampler_type: 'category', params: { values: ['a'] } },
        { name: 'n', column_type: 'sampler', sampler_type: 'category', params: { values: ['b'] } },
      ],
    });
    expect(warnings).toEqual([expect.objectContaining({ type: 'repeated_column_name', level: 'WARNING', column: 'n' })]);
  });
});
