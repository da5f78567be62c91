import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalArtifactStorage } from '@dd/engine';
import { writeHtmlReport } from '../../report/index.js';
import type { TextOutputStream } from '../../output/text-output-stream.js';
import type { PreviewResults } from '../../results/preview-results.js';

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Saves a preview as the original's `preview --save-results` does: under
 * `<artifactPath>/preview_results_<timestamp>/`, `dataset.parquet`, `report.html` (the preview's
 * analysis) and `sample_records/record_<i>.html` with an `index.html` linking them. Returns the folder.
 */
export async function savePreviewResults(results: PreviewResults, artifactPath: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  const folder = path.resolve(artifactPath, `preview_results_${stamp}`);
  await mkdir(folder, { recursive: true });
  const storage = new LocalArtifactStorage({ artifactPath: folder, datasetName: '.dataset-tmp' });
  try {
    const written = await storage.writeRowGroup(0, results.records);
    if (written) await rename(path.resolve(storage.datasetLocation(), written), path.join(folder, 'dataset.parquet'));
  } finally {
    await storage.close();
    await rm(path.join(folder, '.dataset-tmp'), { recursive: true, force: true });
  }
  if (results.analysis) await writeHtmlReport(results.analysis, path.join(folder, 'report.html'));
  const samples = path.join(folder, 'sample_records');
  await mkdir(samples, { recursive: true });
  const discard: TextOutputStream = { write: () => true };
  const links: string[] = [];
  for (let index = 0; index < results.records.length; index++) {
    const text = results.displaySampleRecord(index, { stream: discard, color: false });
    await writeFile(
      path.join(samples, `record_${index}.html`),
      `<!doctype html><meta charset="utf-8"><title>Record ${index}</title><pre>${escapeHtml(text)}</pre>\n`,
      'utf8',
    );
    links.push(`<li><a href="record_${index}.html">Record ${index}</a></li>`);
  }
  await writeFile(path.join(samples, 'index.html'), `<!doctype html><meta charset="utf-8"><title>Preview records</title><ul>${links.join('')}</ul>\n`, 'utf8');
  return folder;
}
