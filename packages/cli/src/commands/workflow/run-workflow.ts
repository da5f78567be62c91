import { DataDesigner } from '../../data-designer.js';
import { ExitError } from '../../errors/exit-error.js';
import { importModules, loadConfigSource } from '../load-config-source.js';

/** `data-designer workflow NAME STAGE=CONFIG…`: runs stages in order, each seeded by the previous one. */
export async function runWorkflow(options: { name: string; stages: string[]; numRecords?: number; artifactPath: string; imports?: string[] }): Promise<void> {
  await importModules(options.imports);
  const designer = new DataDesigner(options.artifactPath);
  const workflow = designer.composeWorkflow(options.name);
  for (const [index, spec] of options.stages.entries()) {
    const [, name, configPath] = /^([^=]+)=(.+)$/.exec(spec) ?? [];
    if (name === undefined || configPath === undefined)
      throw new ExitError(`Stage ${index + 1} '${spec}' is not NAME=CONFIG.`, 2, { fix: 'Write each stage as name=path/to/config.yaml, in run order.' });
    workflow.addStage(name, await loadConfigSource(configPath), index === 0 && options.numRecords !== undefined ? { numRecords: options.numRecords } : {});
  }
  const results = await workflow.run();
  for (const [name, result] of results.stages) process.stdout.write(`✅ stage '${name}': ${await result.countRecords()} records in ${result.datasetPath}\n`);
}
