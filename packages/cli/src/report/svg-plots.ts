import type { CategoryCount, HistogramBin } from '@dd/engine';
import { formatNumber, truncate } from './report-model.js';

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const WIDTH = 560;
const PALETTE = { bar: '#76b900', barAlt: '#4a90d9', axis: '#888', text: '#333' } as const;

/** A vertical-bar histogram of numeric bins as an inline `<svg class="dd-plot">`. */
export function histogramSvg(bins: readonly HistogramBin[], label: string): string {
  const height = 220;
  const margin = { top: 12, right: 12, bottom: 40, left: 56 };
  const plotWidth = WIDTH - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = Math.max(1, ...bins.map((bin) => bin.count));
  const barWidth = plotWidth / Math.max(1, bins.length);
  const bars = bins
    .map((bin, index) => {
      const barHeight = (bin.count / max) * plotHeight;
      const x = margin.left + index * barWidth;
      const y = margin.top + plotHeight - barHeight;
      return (
        `<rect class="dd-bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${PALETTE.bar}">` +
        `<title>[${escapeHtml(formatNumber(bin.lower))}, ${escapeHtml(formatNumber(bin.upper))}): ${escapeHtml(formatNumber(bin.count))}</title></rect>`
      );
    })
    .join('');
  const first = bins[0];
  const last = bins[bins.length - 1];
  const axisY = margin.top + plotHeight;
  const ticks =
    first && last
      ? `<text x="${margin.left}" y="${axisY + 16}" font-size="11" fill="${PALETTE.text}">${escapeHtml(formatNumber(first.lower))}</text>` +
        `<text x="${WIDTH - margin.right}" y="${axisY + 16}" font-size="11" text-anchor="end" fill="${PALETTE.text}">${escapeHtml(formatNumber(last.upper))}</text>`
      : '';
  return (
    `<svg class="dd-plot dd-histogram" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">` +
    `<line x1="${margin.left}" y1="${axisY}" x2="${WIDTH - margin.right}" y2="${axisY}" stroke="${PALETTE.axis}"/>` +
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${axisY}" stroke="${PALETTE.axis}"/>` +
    `<text x="${margin.left - 6}" y="${margin.top + 10}" font-size="11" text-anchor="end" fill="${PALETTE.text}">${escapeHtml(formatNumber(max))}</text>` +
    `<text x="${margin.left - 6}" y="${axisY}" font-size="11" text-anchor="end" fill="${PALETTE.text}">0</text>` +
    bars +
    ticks +
    `<text x="${margin.left + plotWidth / 2}" y="${height - 6}" font-size="11" text-anchor="middle" fill="${PALETTE.text}">${escapeHtml(label)}</text>` +
    `</svg>`
  );
}

/** Horizontal bars of value counts (category top values, judge scores) as an inline `<svg class="dd-plot">`. */
export function categoryBarsSvg(entries: readonly CategoryCount[], label: string, options: { labels?: Record<string, string>; alt?: boolean } = {}): string {
  const rowHeight = 22;
  const margin = { top: 8, right: 110, bottom: 8, left: 170 };
  const height = margin.top + margin.bottom + Math.max(1, entries.length) * rowHeight;
  const plotWidth = WIDTH - margin.left - margin.right;
  const max = Math.max(1, ...entries.map((entry) => entry.count));
  const total = entries.reduce((sum, entry) => sum + entry.count, 0);
  const rows = entries
    .map((entry, index) => {
      const y = margin.top + index * rowHeight;
      const barWidth = Math.max(entry.count > 0 ? 1 : 0, (entry.count / max) * plotWidth);
      const name = options.labels?.[entry.value] ? `${entry.value} · ${options.labels[entry.value]}` : entry.value;
      const percent = total > 0 ? ` (${formatNumber((entry.count / total) * 100, 1)}%)` : '';
      return (
        `<text x="${margin.left - 8}" y="${y + 15}" font-size="12" text-anchor="end" fill="${PALETTE.text}">${escapeHtml(truncate(name, 24))}</text>` +
        `<rect class="dd-bar" x="${margin.left}" y="${y + 3}" width="${barWidth.toFixed(1)}" height="${rowHeight - 6}" fill="${options.alt ? PALETTE.barAlt : PALETTE.bar}">` +
        `<title>${escapeHtml(name)}: ${escapeHtml(formatNumber(entry.count))}${percent}</title></rect>` +
        `<text x="${margin.left + barWidth + 6}" y="${y + 15}" font-size="12" fill="${PALETTE.text}">${escapeHtml(formatNumber(entry.count))}${percent}</text>`
      );
    })
    .join('');
  return `<svg class="dd-plot dd-bars" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${rows}</svg>`;
}
