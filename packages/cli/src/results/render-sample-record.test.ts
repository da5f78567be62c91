import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { AnyColumnConfig } from '@dd/config';
import { PreviewResults } from './preview-results.js';
import { formatCellValue, renderSampleRecord, summarizeTrace } from './render-sample-record.js';
import { sampleIndices } from './sample-indices.js';

const columns = [
  { name: 'doc', column_type: 'seed-dataset' },
  { name: 'kind', column_type: 'sampler' },
  { name: 'code', column_type: 'llm-code', extract_reasoning_content: true },
  { name: 'vec', column_type: 'embedding' },
  { name: 'check', column_type: 'validation' },
  { name: 'score', column_type: 'llm-judge' },
  { name: 'upper', column_type: 'expression' },
  { name: 'extra', column_type: 'my-plugin' },
] as unknown as AnyColumnConfig[];

const record = {
  doc: 'seed text',
  kind: 'a',
  code: 'print(1)',
  code__reasoning_content: 'thinking',
  vec: [0.1, 0.2, 0.3, 0.4],
  check: { error_messages: '', is_valid: true },
  score: { accuracy: { score: 3, reasoning: 'fine' }, tone: { score: 'polite', reasoning: 'ok' } },
  upper: 'A',
  extra: '{"k": [1, 2]}',
  code__trace: [{ role: 'user', content: [] }, { role: 'assistant', content: [], tool_calls: [{ id: '1' }, { id: '2' }] }, { role: 'tool' }],
  stray: 1n,
};

describe('renderSampleRecord', () => {
  const text = renderSampleRecord({ record, index: 3, columns }, { color: false, width: 80 });

  it('groups columns by kind in a fixed order', () => {
    const titles = [
      'Seed columns',
      'Sampler columns',
      'LLM-generated columns',
      'Expression columns',
      'Custom columns',
      'Other columns',
      'Validation results',
      'Judge scores: score',
      'Traces',
    ];
    const positions = titles.map((title) => text.indexOf(`\n${title}\n`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text.split('\n')[0]).toContain('[index: 3]');
  });

  it('formats cells: vectors shortened, JSON pretty, is_valid first, judge table, side effects with owner', () => {
    expect(text).toContain('vec                      [0.1, 0.2, ...]');
    expect(text).toMatch(/extra +\{\n +"k": \[/);
    expect(text.indexOf('check.is_valid')).toBeLessThan(text.indexOf('check.error_messages'));
    expect(text).toMatch(/accuracy +3 +fine/);
    expect(text).toMatch(/tone +polite +ok/);
    expect(text).toMatch(/code__reasoning_content +thinking/);
    expect(text).toContain('code__trace  3 messages, 2 tool calls in 1 turn (collapsed)');
    expect(text).toMatch(/stray +1/);
  });

  it('wraps long values and colors titles only when asked', () => {
    const long = renderSampleRecord({ record: { kind: 'word '.repeat(40) }, index: 0, columns }, { color: false, width: 40 });
    expect(
      Math.max(
        ...long
          .split('\n')
          .slice(1)
          .map((line) => line.length),
      ),
    ).toBeLessThanOrEqual(40);
    expect(renderSampleRecord({ record: { kind: 'a' }, index: 0, columns }, { color: true })).toContain('\u001b[1mSampler columns');
    const notTty = new PassThrough();
    expect(renderSampleRecord({ record: { kind: 'a' }, index: 0, columns }, { stream: notTty })).not.toContain('\u001b[');
  });

  it('shows base64 payloads by size and per-target validation', () => {
    expect(formatCellValue('A'.repeat(300))).toBe('<base64 encoded, 300 chars>');
    expect(formatCellValue('data:image/png;base64,AAAA')).toBe('<base64 encoded, 26 chars>');
    const nested = renderSampleRecord({ record: { check: { x: { is_valid: false, error_messages: 'bad' } } }, index: 0, columns }, { color: false });
    expect(nested).toMatch(/check\.x\.is_valid +false/);
    expect(summarizeTrace('not json')).toBe('8 chars (collapsed)');
  });

  it('shows processor outputs row by row when they have one row per record', () => {
    const shown = renderSampleRecord(
      { record: { kind: 'a' }, index: 1, columns, numRecords: 2, processorOutputs: { chat: [{ m: 'zero' }, { m: 'one' }], summary: [{ total: 2 }] } },
      { color: false, processorsToDisplay: ['chat', 'summary'] },
    );
    expect(shown).toMatch(/Processor output: chat\n {2}m +one/);
    expect(shown).toMatch(/Processor output: summary\n {2}rows +1/);
  });
});

describe('PreviewResults', () => {
  it('displays with a wrapping cursor and rejects out-of-range indices', () => {
    const stream = new PassThrough();
    const preview = new PreviewResults([{ kind: 'a' }, { kind: 'b' }], {}, { columns });
    expect(preview.displaySampleRecord(undefined, { stream })).toContain('[index: 0]');
    expect(preview.displaySampleRecord(undefined, { stream })).toContain('[index: 1]');
    expect(preview.displaySampleRecord(undefined, { stream })).toContain('[index: 0]');
    expect(() => preview.displaySampleRecord(2, { stream })).toThrow(/out of bounds/);
    expect(() => new PreviewResults([]).displaySampleRecord()).toThrow(/no records/);
    expect(preview.modelUsage).toEqual({});
    expect(preview.processorArtifacts).toBe(preview.processorOutputs);
  });
});

describe('sampleIndices', () => {
  it('draws distinct in-range indices, reproducibly by seed', () => {
    const drawn = sampleIndices(1_000_000, 100, 7);
    expect(new Set(drawn).size).toBe(100);
    expect(drawn.every((index) => index >= 0 && index < 1_000_000)).toBe(true);
    expect(sampleIndices(1_000_000, 100, 7)).toEqual(drawn);
    expect(sampleIndices(1_000_000, 100, 8)).not.toEqual(drawn);
    expect(sampleIndices(5, 10, 1).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(() => sampleIndices(5, -1)).toThrow(RangeError);
  });
});
