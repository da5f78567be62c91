// Child process of the factory SIGKILL test: runs (or resumes) the shared job from the built engine and
// prints one line per finished input until the parent kills it.
import * as engine from '../../../dist/index.js';
import { jobInputs, jobOptions, makeRecords } from './factory-job.mjs';

const [artifactPath, jobId] = process.argv.slice(2);
const factory = engine.dataFactory(makeRecords, {
  ...jobOptions(artifactPath),
  onProgress: (progress) => process.stdout.write(`progress ${factory.jobId} ${progress.accepted}\n`),
});
if (jobId && jobId !== '-') await factory.resume(jobId, jobInputs);
else await factory.run(jobInputs);
process.stdout.write('finished\n');
