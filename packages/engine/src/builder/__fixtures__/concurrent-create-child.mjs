// Child process of the concurrent-create test: runs `createDataset` from the built engine with a
// constant `tag` column, then prints the dataset folder it wrote.
import { loadConfig } from '@dd/config';
import * as engine from '../../../dist/index.js';
import { registerSlowCopy, resumeConfig } from './resume-config.mjs';

const [artifactPath, datasetName, tag, numRecords, resume] = process.argv.slice(2);
registerSlowCopy(engine);
const config = await loadConfig({ columns: [...resumeConfig.columns, { name: 'tag', column_type: 'expression', expr: tag }] });
try {
  const result = await engine.createDataset({
    config,
    numRecords: Number(numRecords),
    artifactPath,
    datasetName,
    resume,
    runConfig: { buffer_size: 50, max_concurrent_row_groups: 2 },
  });
  process.stdout.write(`${JSON.stringify({ datasetPath: result.datasetPath })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: error.message, name: error.name })}\n`);
  process.exitCode = 3;
}
