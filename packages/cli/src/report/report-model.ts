import { LLM_COLUMN_TYPES as CHAT_COLUMN_TYPES } from '@dd/config';
import type { ColumnStatistics, DatasetProfile, Stat } from '@dd/engine';
import { formatGroupedNumber } from './format-grouped-number.js';

/** Sections a report can be limited to: the overview, the column profilers, or a column type (`llm-text`…). */
export type ReportSection = 'overview' | 'column_profilers' | (string & {});

/** Options shared by the text and HTML reports. */
export interface ReportOptions {
  /** Only these sections (default: all). */
  sections?: readonly ReportSection[];
}

const COLUMN_TYPE_LABELS: Record<string, { emoji: string; label: string }> = {
  'seed-dataset': { emoji: '🌱', label: 'Seed Dataset' },
  sampler: { emoji: '🎲', label: 'Sampler' },
  'llm-text': { emoji: '📝', label: 'LLM Text' },
  'llm-code': { emoji: '💻', label: 'LLM Code' },
  'llm-structured': { emoji: '🗂️', label: 'LLM Structured' },
  'llm-judge': { emoji: '⚖️', label: 'LLM Judge' },
  embedding: { emoji: '🧬', label: 'Embedding' },
  image: { emoji: '🖼️', label: 'Image' },
  validation: { emoji: '🔍', label: 'Validation' },
  expression: { emoji: '🧩', label: 'Expression' },
  custom: { emoji: '🛠️', label: 'Custom' },
  unconfigured: { emoji: '📄', label: 'Data' },
};

/** Columns types whose statistics carry LLM token estimates. */
export const LLM_COLUMN_TYPES: ReadonlySet<string> = new Set(CHAT_COLUMN_TYPES);

/** Emoji and title label of a column type (`🎲`, `Sampler`); plugin types get a title-cased label. */
export function columnTypeLabel(columnType: string): { emoji: string; label: string } {
  const known = COLUMN_TYPE_LABELS[columnType];
  if (known) return known;
  const label = columnType
    .split(/[-_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  return { emoji: '🔌', label };
}

/** Whether a section is included under the options. */
export function includesSection(options: ReportOptions, section: ReportSection): boolean {
  return options.sections === undefined || options.sections.includes(section);
}

/** Column statistics grouped by column type, in first-appearance order. */
export function groupByColumnType(profile: DatasetProfile): Array<[string, ColumnStatistics[]]> {
  const groups = new Map<string, ColumnStatistics[]>();
  for (const stats of profile.column_statistics) groups.set(stats.column_type, [...(groups.get(stats.column_type) ?? []), stats]);
  return [...groups.entries()];
}

/** `1,234` for integers, up to 2 decimals otherwise; `--` stays `--`. */
export function formatNumber(value: Stat<number> | undefined, digits = 2): string {
  if (value === undefined || value === '--') return '--';
  return formatGroupedNumber(value, Number.isInteger(value) ? 0 : digits);
}

/** `12.5%` from a percentage; `--` stays `--`. */
export function formatPercent(value: Stat<number> | undefined): string {
  return value === undefined || value === '--' ? '--' : `${formatNumber(value, 1)}%`;
}

/** `n (p%)` of unique values, as in the Python report. */
export function formatUnique(stats: ColumnStatistics): string {
  if (stats.num_unique === '--') return '--';
  const total = stats.num_records === '--' ? 0 : stats.num_records;
  const percent = total > 0 ? ` (${formatNumber((stats.num_unique / total) * 100, 1)}%)` : '';
  return `${formatNumber(stats.num_unique)}${percent}`;
}

/** `median +/- stddev` of estimated output tokens, or `--`. */
export function formatTokens(stats: ColumnStatistics): string {
  const text = stats.text;
  if (!text || text.output_tokens_median === undefined || text.output_tokens_median === '--') return '--';
  return `${formatNumber(text.output_tokens_median, 1)} +/- ${formatNumber(text.output_tokens_stddev, 1)}`;
}

/** One-line distribution summary of a column (numeric mean/stddev/range, most common value, or text length). */
export function summarizeColumn(stats: ColumnStatistics): string {
  const numeric = stats.numeric;
  if (numeric && numeric.mean !== '--') {
    return `mean ${formatNumber(numeric.mean)} ± ${formatNumber(numeric.stddev)} [${formatNumber(numeric.min)}, ${formatNumber(numeric.max)}]`;
  }
  const categorical = stats.categorical;
  if (categorical && categorical.most_common !== '--') {
    const top = categorical.top_values === '--' ? undefined : categorical.top_values[0];
    return `most common: ${truncate(categorical.most_common, 24)}${top ? ` (${formatNumber(top.count)})` : ''}`;
  }
  if (stats.temporal && stats.temporal.min !== '--') return `range ${stats.temporal.min} – ${stats.temporal.max}`;
  const text = stats.text;
  if (text && text.length_mean !== '--') return `mean length ${formatNumber(text.length_mean, 1)} chars`;
  return '--';
}

/** Shortens text to `max` characters with an ellipsis, on one line. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}
