import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type DataDesignerConfig } from '@dd/config';
import { analyzeDataset } from '../../data-designer.js';
import { ExitError } from '../../errors/exit-error.js';
import { renderReportText } from '../../report/index.js';

/** `data-designer report DIR`: profiles a dataset folder, prints the report and writes report.html. */
export async function runReport(options: { datasetPath: string; html: boolean }): Promise<void> {
  const datasetPath = path.resolve(options.datasetPath);
  if (!existsSync(path.join(datasetPath, 'parquet-files'))) {
    throw new ExitError(`'${options.datasetPath}' is not a dataset folder (no parquet-files/ inside).`, 1, {
      fix: 'Pass the folder `data-designer create` printed, e.g. artifacts/dataset.',
    });
  }
  let config: DataDesignerConfig | undefined;
  const builderConfig = path.join(datasetPath, 'builder_config.json');
  if (existsSync(builderConfig)) {
    try {
      config = await loadConfig(JSON.parse(readFileSync(builderConfig, 'utf8')) as Record<string, unknown>);
    } catch {
      config = undefined; // profile without column kinds rather than fail
    }
  }
  const { profile, reportPath } = await analyzeDataset(datasetPath, config);
  process.stdout.write(`${renderReportText(profile)}\n`);
  process.stdout.write(`\n📄 HTML report: ${reportPath}\n`);
}
