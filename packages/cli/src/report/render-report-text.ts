import type { ColumnStatistics, DatasetProfile, JudgeScoreDistribution } from '@dd/engine';
import {
  LLM_COLUMN_TYPES,
  columnTypeLabel,
  formatNumber,
  formatPercent,
  formatTokens,
  formatUnique,
  groupByColumnType,
  includesSection,
  summarizeColumn,
  truncate,
} from './report-model.js';
import type { ReportOptions } from './report-model.js';

/** Options of `renderReportText`. */
export interface RenderReportTextOptions extends ReportOptions {
  /** Total width of rules. @default 100 */
  width?: number;
}

const BAR_WIDTH = 30;

function displayWidth(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** A box-drawn table of plain text cells. */
export function renderTable(title: string, headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, index) => Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[index] ?? ''))));
  const line = (left: string, middle: string, right: string): string => left + widths.map((width) => '─'.repeat(width + 2)).join(middle) + right;
  const row = (cells: readonly string[]): string => `│${cells.map((cell, index) => ` ${pad(cell, widths[index] ?? 0)} `).join('│')}│`;
  return [title, line('┌', '┬', '┐'), row(headers), line('├', '┼', '┤'), ...rows.map(row), line('└', '┴', '┘')].join('\n');
}

function rule(title: string, width: number): string {
  if (title === '') return '─'.repeat(width);
  const side = Math.max(2, Math.floor((width - displayWidth(title) - 2) / 2));
  return `${'─'.repeat(side)} ${title} ${'─'.repeat(side)}`;
}

function columnTable(columnType: string, columns: readonly ColumnStatistics[]): string {
  const { emoji, label } = columnTypeLabel(columnType);
  const headers = ['column name', 'data type', 'number unique values'];
  const isLlm = LLM_COLUMN_TYPES.has(columnType);
  if (columnType === 'sampler') headers.push('sampler type');
  if (isLlm) headers.push('completion tokens per record');
  if (columnType === 'validation') headers.push('percent valid');
  headers.push('summary');
  const rows = columns.map((stats) => {
    const cells = [stats.column_name, stats.simple_dtype, formatUnique(stats)];
    if (columnType === 'sampler') cells.push(stats.sampler_type ?? '--');
    if (isLlm) cells.push(formatTokens(stats));
    if (columnType === 'validation') cells.push(formatPercent(stats.percent_valid));
    cells.push(summarizeColumn(stats));
    return cells;
  });
  return renderTable(`${emoji} ${label} Columns`, headers, rows);
}

/** `█` histogram lines of a judge score, one per value. */
function scoreLines(score: JudgeScoreDistribution): string[] {
  const header =
    score.distribution_type === 'numerical'
      ? `${score.score_name} (numerical; mean ${formatNumber(score.mean)}, median ${formatNumber(score.median)}, scored ${formatNumber(score.num_scored)}, missing ${formatNumber(score.num_missing)})`
      : `${score.score_name} (${score.distribution_type === '--' ? 'no distribution' : 'categorical'}; scored ${formatNumber(score.num_scored)}, missing ${formatNumber(score.num_missing)})`;
  if (score.histogram === '--' || score.histogram.length === 0) return [header, '  --'];
  const total = score.histogram.reduce((sum, entry) => sum + entry.count, 0);
  const max = Math.max(...score.histogram.map((entry) => entry.count));
  const labelWidth = Math.max(...score.histogram.map((entry) => displayWidth(truncate(entry.value, 20))));
  return [
    header,
    ...score.histogram.map((entry) => {
      const bar = '█'.repeat(max > 0 ? Math.max(entry.count > 0 ? 1 : 0, Math.round((entry.count / max) * BAR_WIDTH)) : 0);
      const option = score.options?.[entry.value];
      const label = option ? ` ${truncate(option, 30)}` : '';
      return `  ${pad(truncate(entry.value, 20), labelWidth)} │ ${pad(bar, BAR_WIDTH)} ${formatNumber(entry.count)} (${formatNumber((entry.count / total) * 100, 1)}%)${label}`;
    }),
  ];
}

/**
 * The dataset profile as plain-text terminal tables (interface-spec §3.5): title rule, dataset overview,
 * one table per column type, judge-score histograms, table notes and a closing rule.
 */
export function renderReportText(profile: DatasetProfile, options: RenderReportTextOptions = {}): string {
  const width = options.width ?? 100;
  const blocks: string[] = [rule('🎨 Data Designer Dataset Profile', width)];
  if (includesSection(options, 'overview')) {
    blocks.push(
      renderTable(
        'Dataset Overview',
        ['number of records', 'number of columns', 'percent complete records'],
        [[formatNumber(profile.num_records), formatNumber(profile.num_columns), formatPercent(profile.percent_complete)]],
      ),
    );
  }
  const groups = groupByColumnType(profile);
  for (const [columnType, columns] of groups) {
    if (includesSection(options, columnType)) blocks.push(columnTable(columnType, columns));
  }
  if (includesSection(options, 'column_profilers')) {
    for (const judge of profile.column_profiles) {
      blocks.push([`⚖️ Judge Scores: ${judge.column_name}`, ...judge.scores.flatMap((score) => ['', ...scoreLines(score)])].join('\n'));
    }
  }
  const notes: string[] = [];
  if (groups.some(([columnType]) => LLM_COLUMN_TYPES.has(columnType))) {
    notes.push('Completion tokens are estimated as ceil(characters / 4) over every record (no tokenizer); JSON text for structured and judge columns.');
  }
  if (profile.quantile_mode === 'approximate') notes.push('Medians and percentiles are approximate (t-digest) on this dataset size.');
  if (profile.side_effect_column_names.length > 0) notes.push(`Side-effect columns not profiled: ${profile.side_effect_column_names.join(', ')}.`);
  if (profile.missing_column_names.length > 0) notes.push(`Configured columns missing from the data: ${profile.missing_column_names.join(', ')}.`);
  if (notes.length > 0) blocks.push(['Table Notes', ...notes.map((note) => `  • ${note}`)].join('\n'));
  blocks.push(rule('', width));
  return `${blocks.join('\n\n')}\n`;
}
