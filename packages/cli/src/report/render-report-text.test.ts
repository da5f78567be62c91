import { describe, expect, it } from '@jest/globals';
import { renderReportText, renderTable } from './render-report-text.js';
import { fixtureProfile } from './test-profile-fixture.js';

describe('renderReportText', () => {
  const text = renderReportText(fixtureProfile());

  it('opens with the title rule and the dataset overview', () => {
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^─+ 🎨 Data Designer Dataset Profile ─+$/);
    expect(text).toContain('Dataset Overview');
    expect(text).toMatch(/│ 1,234 +│ 5 +│ 99\.5% +│/);
    expect(lines[lines.length - 2]).toMatch(/^─{100}$/);
  });

  it('renders one table per column type with type-specific columns', () => {
    expect(text).toContain('🎲 Sampler Columns');
    expect(text).toMatch(/│ topic +│ string +│ 3 \(0\.2%\) +│ category +│ most common: math \(600\) +│/);
    expect(text).toMatch(/│ age +│ int +│ 60 \(4\.9%\) +│ uniform +│ mean 47\.25 ± -- \[18, 77\] +│/);
    expect(text).toContain('📝 LLM Text Columns');
    expect(text).toMatch(/│ answer +│ string +│ 1,230 \(99\.7%\) +│ 101 \+\/- 30\.1 +│/);
    expect(text).toContain('🔍 Validation Columns');
    expect(text).toMatch(/│ check +│ dict +│ 2 \(0\.2%\) +│ 81% +│/);
  });

  it('draws judge score histograms and falls back to -- for failed scores', () => {
    expect(text).toContain('⚖️ Judge Scores: quality');
    expect(text).toContain('helpfulness (numerical; mean 2.78, median 3, scored 1,230, missing 4)');
    expect(text).toMatch(/ {2}3 │ █{30} 1,000 \(81\.3%\) very helpful/);
    expect(text).toMatch(/ {2}1 │ █ +30 \(2\.4%\) unhelpful/);
    expect(text).toContain('tone (no distribution; scored --, missing --)\n  --');
  });

  it('adds table notes for LLM columns and side-effect columns', () => {
    expect(text).toContain('Table Notes');
    expect(text).toContain('ceil(characters / 4)');
    expect(text).toContain('Side-effect columns not profiled: answer__trace.');
  });

  it('keeps only the requested sections', () => {
    const only = renderReportText(fixtureProfile(), { sections: ['llm-text'] });
    expect(only).toContain('📝 LLM Text Columns');
    expect(only).not.toContain('Dataset Overview');
    expect(only).not.toContain('Sampler Columns');
    expect(only).not.toContain('Judge Scores');
  });

  it('aligns table cells', () => {
    expect(renderTable('T', ['a', 'bb'], [['long value', 'x']])).toBe(
      ['T', '┌────────────┬────┐', '│ a          │ bb │', '├────────────┼────┤', '│ long value │ x  │', '└────────────┴────┘'].join('\n'),
    );
  });
});
