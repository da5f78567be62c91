import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@dd/config';
import { previewDataset } from '../builder/preview-dataset.js';
import type { GenerationEvent } from '../events/index.js';

describe('skip.when that fails to evaluate, through the engine', () => {
  it('skips the cell as the original does, warns, and counts the cells as failed, never as done', async () => {
    const config = await loadConfig({
      columns: [
        { name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 10 } },
        { name: 'doubled', column_type: 'expression', expr: '{{ n * 2 }}', dtype: 'float', skip: { when: '{{ n.foo.bar > 3 }}' } },
        { name: 'ok', column_type: 'expression', expr: '{{ n > 5 }}', skip: { when: '{{ n < 0 }}' } },
      ],
    });
    const events: GenerationEvent[] = [];
    const result = await previewDataset({ config, numRecords: 12, seed: 3, onEvent: (event) => events.push(event) });
    expect(result.records).toHaveLength(12);
    for (const row of result.records) {
      expect(row.doubled).toBeNull();
      expect(row.ok === 'True' || row.ok === 'False' || typeof row.ok === 'boolean').toBe(true);
    }
    const warnings = events.filter((event) => event.type === 'log' && event.level === 'warning').map((event) => (event as { message: string }).message);
    expect(warnings[0]).toContain("skip.when of column 'doubled' failed to evaluate");
    expect(warnings[0]).toContain('n.foo.bar > 3');
    const progress = events.filter((event) => event.type === 'progress').at(-1) as Extract<GenerationEvent, { type: 'progress' }>;
    const doubled = progress.columns.find((column) => column.name === 'doubled');
    expect(doubled).toMatchObject({ done: 0, failed: 12 });
    expect(progress.columns.find((column) => column.name === 'ok')).toMatchObject({ done: 12, failed: 0 });
    expect(progress.errors).toBeGreaterThanOrEqual(12);
  });
});
