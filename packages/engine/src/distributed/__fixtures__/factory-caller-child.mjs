// The caller of the queued-factory resume test: starts the job from the built engine and prints one
// line per committed batch until the parent kills it.
import * as engine from '../../../dist/index.js';
import { squares, squaresInputs, squaresOptions } from './queued-factory.mjs';

const [redis, prefix, artifactPath] = process.argv.slice(2);
const factory = engine.dataFactory(squares, {
  ...squaresOptions({ redis, prefix }),
  artifactPath,
  jobName: 'queued',
  onProgress: (progress) => process.stdout.write(`progress ${factory.jobId} ${progress.inputsFinished}\n`),
});
await factory.run(squaresInputs);
process.stdout.write('finished\n');
