import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { InvalidConfigError, type ConfigViolation } from '@dd/config';
import { DataDesigner } from './data-designer.js';
import { tempDir } from './commands/test-run-cli.js';

const home = tempDir('dd-validate-violations-');
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function validationError(config: Parameters<DataDesigner['validate']>[0]): Promise<InvalidConfigError> {
  const error = await new DataDesigner(path.join(home, 'artifacts')).validate(config).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!InvalidConfigError.isInstance(error)) throw new Error(`expected an InvalidConfigError, got ${String(error)}`);
  return error;
}

describe('DataDesigner.validate: structured violations on InvalidConfigError', () => {
  it('a config with two problems gives two violations with their paths; the message is the CLI text', async () => {
    const error = await validationError({
      columns: [
        { name: 'n', column_type: 'sampler', sampler_type: 'category', params: { values: ['a', 'b'] } },
        { name: 'label', column_type: 'expression', expr: '{{ ghost }}!' },
        { name: 'gate', column_type: 'expression', expr: '{{ n }}', skip: { when: '{{ phantom }}' } },
      ],
    });
    const expected: ConfigViolation[] = [
      {
        code: 'expression_reference_missing',
        path: 'columns[1].expr',
        value: 'ghost',
        message: "The expression of 'label' references 'ghost', which is not a column of the config.",
      },
      {
        code: 'skip_reference_missing',
        path: 'columns[2].skip.when',
        value: 'phantom',
        message: "skip.when of 'gate' references 'phantom', which is not a column of the config.",
      },
    ];
    expect(error.violations).toEqual(expected);
    expect(error.message).toBe(
      [
        '🛑 Your configuration contains validation errors:',
        "  ✖ [expression_reference_missing] The expression of 'label' references 'ghost', which is not a column of the config.",
        "  ✖ [skip_reference_missing] skip.when of 'gate' references 'phantom', which is not a column of the config.",
      ].join('\n'),
    );
  });

  it('paths count only the config own columns (not the hidden row-id column added when nothing creates rows)', async () => {
    const error = await validationError({
      columns: [
        { name: 'first', column_type: 'expression', expr: 'fixed' },
        { name: 'second', column_type: 'expression', expr: '{{ nowhere }}' },
      ],
      processors: [{ name: 'drop', processor_type: 'drop_columns', column_names: ['first', 'absent'] }],
    });
    expect(error.violations.map(({ code, path: fieldPath }) => `${code} ${fieldPath}`)).toEqual([
      'expression_reference_missing columns[1].expr',
      'invalid_column processors[0].column_names[1]',
    ]);
  });
});
