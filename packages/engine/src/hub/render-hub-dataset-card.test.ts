import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { hubSizeCategory, renderHubDatasetCard } from './render-hub-dataset-card.js';

const base = {
  repoId: 'acme/support_tickets-v2',
  description: 'Tickets.',
  numRecords: 1_234,
  columns: [
    { name: 'b', type: 'BIGINT' },
    { name: 'a', type: 'VARCHAR' },
  ],
};

describe('renderHubDatasetCard', () => {
  it('buckets record counts into the Hub size categories', () => {
    const cases: Array<[number, string]> = [
      [0, 'n<1K'],
      [999, 'n<1K'],
      [1_000, '1K<n<10K'],
      [9_999, '1K<n<10K'],
      [10_000, '10K<n<100K'],
      [100_000, '100K<n<1M'],
      [1_000_000, '1M<n<10M'],
      [10_000_000, 'n>10M'],
    ];
    for (const [count, category] of cases) expect(hubSizeCategory(count)).toBe(category);
  });

  it('title-cases the repo name like Python, keeps tags unique, and shows completion when short of the target', () => {
    const card = renderHubDatasetCard({ ...base, targetNumRecords: 2_000, tags: ['synthetic', 'support'] });
    const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!) as Record<string, unknown>;
    expect(front).toEqual({
      size_categories: '1K<n<10K',
      tags: ['synthetic', 'datadesigner', 'support'],
      configs: [{ config_name: 'data', data_files: 'data/*.parquet', default: true }],
    });
    expect(card).toContain('\n# Support_Tickets-V2\n');
    expect(card).toContain('- **Records**: 1,234\n- **Columns**: 2\n- **Completion**: 61.7% of the 2,000 records requested');
  });

  it('falls back to a name/type table without statistics, and details LLM and sampler columns with them', () => {
    expect(renderHubDatasetCard(base)).toContain('| Column | Type |\n|---|---|\n| `a` | VARCHAR |\n| `b` | BIGINT |');
    const card = renderHubDatasetCard({
      ...base,
      columnStatistics: [
        {
          column_name: 'reply',
          column_type: 'llm-text',
          simple_dtype: 'string',
          num_records: 4,
          num_unique: 4,
          num_null: 0,
          text: { output_tokens_mean: 41.6 },
        },
        { column_name: 'tier', column_type: 'sampler', simple_dtype: 'string', num_records: 4, num_unique: 2, num_null: 1, sampler_type: 'category' },
        { column_name: 'odd|name', column_type: 'expression', simple_dtype: 'string', num_records: 4, num_unique: '--', num_null: '--' },
      ],
      configuredColumnTypes: ['sampler', 'llm-text', 'sampler'],
    });
    expect(card).toContain('| `reply` | `string` | llm-text | 4 (100.0%) | 0 (0.0%) | Tokens (mean): 42 out / N/A in |');
    expect(card).toContain('| `tier` | `string` | sampler | 2 (50.0%) | 1 (25.0%) | category |');
    expect(card).toContain('| `odd\\|name` | `string` | expression | - | - | - |');
    expect(card).toContain('The config declares 3 column(s):\n\n- **llm-text**: 1\n- **sampler**: 2');
  });
});
