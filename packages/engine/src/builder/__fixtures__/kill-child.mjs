// Child process of the SIGKILL resume test: runs `createDataset` from the built engine and prints
// one line per finished row group, until the parent kills it.
import { loadConfig } from '@dd/config';
import * as engine from '../../../dist/index.js';
import { registerSlowCopy, resumeConfig } from './resume-config.mjs';

const [artifactPath, numRecords, resume] = process.argv.slice(2);
registerSlowCopy(engine);
const config = await loadConfig(resumeConfig);
await engine.createDataset({
  config,
  numRecords: Number(numRecords),
  artifactPath,
  datasetName: 'killed',
  resume,
  runConfig: { buffer_size: 20, max_concurrent_row_groups: 2 },
  onEvent: (event) => {
    if (event.type === 'row-group-complete') process.stdout.write(`done ${event.index}\n`);
  },
});
process.stdout.write('finished\n');
