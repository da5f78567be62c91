export { renderReportText, renderTable } from './render-report-text.js';
export type { RenderReportTextOptions } from './render-report-text.js';
export { renderHtmlReport, writeHtmlReport } from './write-html-report.js';
export { categoryBarsSvg, escapeHtml, histogramSvg } from './svg-plots.js';
export type { ReportOptions, ReportSection } from './report-model.js';
