import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ColumnStatistics, DatasetProfile, JudgeScoreProfile } from '@dd/engine';
import {
  LLM_COLUMN_TYPES,
  columnTypeLabel,
  formatNumber,
  formatPercent,
  formatTokens,
  formatUnique,
  groupByColumnType,
  includesSection,
} from './report-model.js';
import type { ReportOptions } from './report-model.js';
import { categoryBarsSvg, escapeHtml, histogramSvg } from './svg-plots.js';

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1180px; color: #222; background: #fafafa; }
h1 { border-bottom: 3px solid #76b900; padding-bottom: 8px; }
h2 { margin-top: 32px; }
table { border-collapse: collapse; background: #fff; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: left; font-size: 14px; }
th { background: #f0f0f0; }
.dd-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(580px, 1fr)); gap: 16px; }
.dd-card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px; }
.dd-card h3 { margin: 0 0 8px; font-size: 16px; }
.dd-muted { color: #777; font-size: 13px; }
.dd-notes li { font-size: 14px; }
`;

/** Records script errors into the DOM before anything else runs (read by the headless-browser test). */
const ERROR_HOOK = `window.addEventListener('error', function (event) {
  var body = document.body || document.documentElement;
  body.setAttribute('data-errors', (body.getAttribute('data-errors') || '') + String(event.message) + ';');
});`;

/** Marks the page rendered once the DOM is complete: `data-rendered="ok"` and the number of plots. */
const RENDERED_HOOK = `(function () {
  var plots = document.querySelectorAll('svg.dd-plot');
  var drawn = 0;
  for (var i = 0; i < plots.length; i++) if (plots[i].getBoundingClientRect().width > 0) drawn++;
  document.body.setAttribute('data-plots', String(drawn));
  document.body.setAttribute('data-rendered', document.body.getAttribute('data-errors') ? 'error' : 'ok');
})();`;

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const head = `<tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

function statRows(stats: ColumnStatistics): string[][] {
  const rows: string[][] = [
    ['data type', `${stats.simple_dtype} (${stats.pyarrow_dtype})`],
    ['records / nulls', `${formatNumber(stats.num_records)} / ${formatNumber(stats.num_null)}`],
    ['unique values', formatUnique(stats)],
  ];
  if (stats.sampler_type) rows.push(['sampler type', `${stats.sampler_type} (${stats.distribution_type ?? 'other'})`]);
  const numeric = stats.numeric;
  if (numeric) {
    rows.push(['min / max', `${formatNumber(numeric.min)} / ${formatNumber(numeric.max)}`]);
    rows.push(['mean ± stddev', `${formatNumber(numeric.mean)} ± ${formatNumber(numeric.stddev)}`]);
    rows.push(['median', formatNumber(numeric.median)]);
    if (numeric.percentiles !== '--') {
      rows.push([
        'percentiles',
        Object.entries(numeric.percentiles)
          .map(([key, value]) => `${key} ${formatNumber(value)}`)
          .join(', '),
      ]);
    }
  }
  if (stats.temporal) rows.push(['range', `${stats.temporal.min} – ${stats.temporal.max}`]);
  const text = stats.text;
  if (text) {
    rows.push([
      'length (chars)',
      `mean ${formatNumber(text.length_mean, 1)}, median ${formatNumber(text.length_median, 1)}, range ${formatNumber(text.length_min)}–${formatNumber(text.length_max)}`,
    ]);
    if (text.output_tokens_mean !== undefined) rows.push(['completion tokens (est.)', formatTokens(stats)]);
  }
  if (stats.categorical && stats.categorical.least_common !== '--') rows.push(['least common', stats.categorical.least_common]);
  if (stats.num_valid_records !== undefined) {
    rows.push(['valid records', `${formatNumber(stats.num_valid_records)} (${formatPercent(stats.percent_valid)})`]);
  }
  return rows;
}

function columnCard(stats: ColumnStatistics): string {
  const plots: string[] = [];
  if (stats.numeric && stats.numeric.histogram !== '--' && stats.numeric.histogram.length > 0) {
    plots.push(histogramSvg(stats.numeric.histogram, `${stats.column_name} histogram`));
  }
  const lengths = stats.text?.length_histogram;
  if (plots.length === 0 && lengths !== undefined && lengths !== '--' && lengths.length > 0 && !stats.categorical) {
    plots.push(histogramSvg(lengths, `${stats.column_name} length (chars)`));
  }
  if (stats.categorical && stats.categorical.top_values !== '--' && stats.categorical.top_values.length > 0) {
    const entries = [...stats.categorical.top_values];
    if (stats.categorical.other_count !== '--' && stats.categorical.other_count > 0) entries.push({ value: '(other)', count: stats.categorical.other_count });
    plots.push(categoryBarsSvg(entries, `${stats.column_name} top values`));
  }
  if (stats.num_valid_records !== undefined && stats.num_valid_records !== '--' && stats.num_records !== '--') {
    plots.push(
      categoryBarsSvg(
        [
          { value: 'valid', count: stats.num_valid_records },
          { value: 'invalid', count: stats.num_records - stats.num_valid_records },
        ],
        `${stats.column_name} validity`,
        { alt: true },
      ),
    );
  }
  return (
    `<div class="dd-card" data-column="${escapeHtml(stats.column_name)}"><h3>${escapeHtml(stats.column_name)}</h3>` +
    table(['statistic', 'value'], statRows(stats)) +
    plots.join('') +
    `</div>`
  );
}

function judgeSection(judge: JudgeScoreProfile): string {
  const cards = judge.scores.map((score) => {
    const rows = [
      ['distribution', score.distribution_type],
      ['scored / missing', `${formatNumber(score.num_scored)} / ${formatNumber(score.num_missing)}`],
    ];
    if (score.distribution_type === 'numerical') rows.push(['mean / median', `${formatNumber(score.mean)} / ${formatNumber(score.median)}`]);
    const plot =
      score.histogram !== '--' && score.histogram.length > 0
        ? categoryBarsSvg(score.histogram, `${judge.column_name} ${score.score_name} scores`, { labels: score.options, alt: true })
        : '<p class="dd-muted">No scores.</p>';
    return `<div class="dd-card dd-score"><h3>${escapeHtml(score.score_name)}</h3>${table(['statistic', 'value'], rows)}${plot}</div>`;
  });
  return `<h2>⚖️ Judge Scores: ${escapeHtml(judge.column_name)}</h2><div class="dd-cards">${cards.join('')}</div>`;
}

/** The dataset profile as one self-contained HTML page: inline CSS and SVG plots, no external resources. */
export function renderHtmlReport(profile: DatasetProfile, options: ReportOptions = {}): string {
  const sections: string[] = [];
  if (includesSection(options, 'overview')) {
    sections.push(
      `<h2>Dataset Overview</h2>` +
        table(
          ['number of records', 'number of columns', 'percent complete records'],
          [[formatNumber(profile.num_records), formatNumber(profile.num_columns), formatPercent(profile.percent_complete)]],
        ),
    );
  }
  const groups = groupByColumnType(profile);
  for (const [columnType, columns] of groups) {
    if (!includesSection(options, columnType)) continue;
    const { emoji, label } = columnTypeLabel(columnType);
    sections.push(`<h2>${emoji} ${escapeHtml(label)} Columns</h2><div class="dd-cards">${columns.map(columnCard).join('')}</div>`);
  }
  if (includesSection(options, 'column_profilers')) sections.push(...profile.column_profiles.map(judgeSection));
  const notes: string[] = [];
  if (groups.some(([columnType]) => LLM_COLUMN_TYPES.has(columnType))) {
    notes.push('Completion tokens are estimated as ceil(characters / 4) over every record (no tokenizer).');
  }
  if (profile.quantile_mode === 'approximate') notes.push('Medians and percentiles are approximate (t-digest) on this dataset size.');
  if (profile.side_effect_column_names.length > 0) notes.push(`Side-effect columns not profiled: ${profile.side_effect_column_names.join(', ')}.`);
  if (profile.missing_column_names.length > 0) notes.push(`Configured columns missing from the data: ${profile.missing_column_names.join(', ')}.`);
  if (notes.length > 0) sections.push(`<h2>Table Notes</h2><ul class="dd-notes">${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Data Designer Dataset Profile</title>`,
    `<script>${ERROR_HOOK}</script>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>🎨 Data Designer Dataset Profile</h1>`,
    `<p class="dd-muted">${escapeHtml(profile.dataset_path)} · profiled ${escapeHtml(profile.created_at)}</p>`,
    ...sections,
    `<script>${RENDERED_HOOK}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** Writes the self-contained HTML report (usually `<dataset>/analysis/report.html`), creating its folder; returns the path. */
export async function writeHtmlReport(profile: DatasetProfile, filePath: string, options: ReportOptions = {}): Promise<string> {
  const target = path.resolve(filePath);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, renderHtmlReport(profile, options), 'utf8');
  return target;
}
