import { DataDesigner } from '../../data-designer.js';
import { createProgressPrinter } from '../../output/progress-printer.js';
import { ExitError } from '../../errors/exit-error.js';
import { formatRecord } from '../../output/format-record.js';
import { importModules, loadConfigSource } from '../load-config-source.js';

/** `data-designer preview CONFIG [-n N]`: generates records in memory and prints them. */
export async function runPreview(options: { config: string; numRecords: number; json: boolean; imports?: string[]; saveResultsTo?: string }): Promise<void> {
  await importModules(options.imports);
  const config = await loadConfigSource(options.config);
  const results = await new DataDesigner().preview(config, {
    numRecords: options.numRecords,
    onEvent: createProgressPrinter({ quiet: options.json }),
  });
  if (results.dataset.length === 0) throw new ExitError('No records were generated.', 1);
  if (options.saveResultsTo !== undefined) {
    const { savePreviewResults } = await import('./save-preview-results.js');
    const folder = await savePreviewResults(results, options.saveResultsTo);
    process.stdout.write(`✅ Preview complete — ${results.dataset.length} record(s) saved to ${folder}\n`);
    return;
  }
  results.dataset.forEach((record, index) => {
    process.stdout.write(options.json ? `${JSON.stringify(record)}\n` : `\n── Record ${index + 1} of ${results.dataset.length} ──\n${formatRecord(record)}\n`);
  });
  if (!options.json) process.stdout.write(`\n✅ Preview complete — ${results.dataset.length} record(s) generated\n`);
}
