import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DataDesignerConfigBuilder, registerPlugin, unregisterPlugin } from '@dd/config';
import { registerProcessor, resetProcessorRegistry } from '@dd/engine';
import { runCliAsync } from '../commands/test-run-cli.js';
import { DataDesigner } from '../data-designer.js';
import { DatasetCreationResults } from '../results/dataset-creation-results.js';
import { DataDesignerWorkflowError } from '../workflow/index.js';

// composeWorkflow: each stage is a config seeded with the previous stage's output; a re-run with
// resume reuses finished stages and continues a failed one.
interface StageEntry {
  name: string;
  status: string;
  output_records?: number;
  fingerprint?: string;
  error?: string;
  upstream_stage?: string;
}
const readMetadata = (workflowPath: string) =>
  JSON.parse(readFileSync(path.join(workflowPath, 'workflow-metadata.json'), 'utf8')) as { name: string; stages: StageEntry[] };

// A post-batch processor that records the row groups it sees and, while `flaky.failing` is set,
// fails on its second call: exactly one row group (whichever was checkpointed first) is on disk.
const flaky = { failing: true, batches: [] as Array<number | null> };
beforeAll(() => {
  registerPlugin({
    name: 'workflow-flaky',
    pluginType: 'processor',
    discriminatorValue: 'workflow_flaky',
    configSchema: z.strictObject({ name: z.string(), processor_type: z.literal('workflow_flaky') }),
  });
  registerProcessor('workflow_flaky', (config) => ({
    name: String(config.name),
    processorType: 'workflow_flaky',
    postBatch: (rows, context) => {
      flaky.batches.push(context.batchNumber);
      if (flaky.failing && flaky.batches.length === 2) throw new Error(`flaky processor refused row group ${context.batchNumber}`);
      return { rows };
    },
  }));
});
afterAll(() => {
  unregisterPlugin('workflow-flaky');
  resetProcessorRegistry();
});

describe('composite workflows', () => {
  const designer = new DataDesigner(mkdtempSync(path.join(os.tmpdir(), 'dd-workflow-')));
  const first = () =>
    new DataDesignerConfigBuilder().addColumn({ name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 1, high: 9 }, convert_to: 'int' });
  const second = `columns:\n  - name: doubled\n    column_type: expression\n    expr: "{{ n * 2 }}"\n    dtype: int\n`;
  const third = `columns:\n  - name: quadrupled\n    column_type: expression\n    expr: "{{ doubled * 2 }}"\n    dtype: int\n`;
  const broken = `columns:\n  - name: bad\n    column_type: expression\n    expr: "{{ missing_column }}"\n`;

  it('runs stages in order, each seeded by the one before, with workflow-metadata.json', async () => {
    const results = await designer.composeWorkflow('chain').addStage('draw', first(), { numRecords: 4 }).addStage('double', second).run();
    const drawn = await results.stages.get('draw')!.loadDataset();
    const doubled = await results.finalResult.loadDataset();
    expect(doubled.map((row) => row.doubled)).toEqual(drawn.map((row) => Number(row.n) * 2));
    expect(results.finalResult.datasetPath).toBe(path.join(designer.artifactPath, 'chain', 'stage-1-double'));
    expect([...results.outcomes.values()]).toEqual(['ran', 'ran']);
    const metadata = readMetadata(results.workflowPath);
    expect(metadata.stages.map((stage) => [stage.status, stage.output_records])).toEqual([
      ['completed', 4],
      ['completed', 4],
    ]);
    expect(metadata.stages[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(await results.loadAnalysis()).toBeNull();
    const profiled = await designer.composeWorkflow('profiled').addStage('draw', first(), { numRecords: 4 }).run({ analyze: true });
    expect((await profiled.loadAnalysis())?.num_records).toBe(4);
  });

  it('a failing stage is named and keeps the stages before it; a re-run with resume reuses them and continues', async () => {
    const attempt = designer.composeWorkflow('broken').addStage('draw', first(), { numRecords: 3 }).addStage('oops', broken).addStage('again', third).run();
    await expect(attempt).rejects.toThrow(DataDesignerWorkflowError);
    await expect(attempt).rejects.toThrow(/Workflow 'broken': stage 'oops' \(2 of 3\) failed: .*missing_column/s);
    const workflowPath = path.join(designer.artifactPath, 'broken');
    expect(readMetadata(workflowPath).stages.map((stage) => stage.status)).toEqual(['completed', 'failed']);
    const drawFile = path.join(workflowPath, 'stage-0-draw', 'parquet-files', 'batch_00000.parquet');
    const drawnBefore = statSync(drawFile).mtimeMs;

    // Fixed stage, same first stage: the first is reused as it is, the rest run.
    const fixed = designer.composeWorkflow('broken').addStage('draw', first(), { numRecords: 3 }).addStage('oops', second).addStage('again', third);
    const results = await fixed.run({ resume: 'if_possible' });
    expect([...results.outcomes.entries()]).toEqual([
      ['draw', 'reused'],
      ['oops', 'ran'],
      ['again', 'ran'],
    ]);
    expect(statSync(drawFile).mtimeMs).toBe(drawnBefore);
    const drawn = await results.loadStageOutput('draw');
    expect((await results.loadDataset()).map((row) => row.quadrupled)).toEqual(drawn.map((row) => Number(row.n) * 4));

    // Nothing changed: everything is reused; resume "always" agrees.
    const again = await fixed.run({ resume: 'always' });
    expect([...again.outcomes.values()]).toEqual(['reused', 'reused', 'reused']);
    // A changed middle stage: "always" refuses naming it, "if_possible" reruns it and what follows.
    const changed = designer
      .composeWorkflow('broken')
      .addStage('draw', first(), { numRecords: 3 })
      .addStage('oops', second.replace('n * 2', 'n * 2 + 0'))
      .addStage('again', third);
    await expect(changed.run({ resume: 'always' })).rejects.toThrow(/stage 'oops' .*no reusable earlier run/s);
    const rerun = await changed.run({ resume: 'if_possible' });
    expect([...rerun.outcomes.values()]).toEqual(['reused', 'ran', 'ran']);
    // rerunFrom forces a stage and its descendants; without resume it is refused.
    expect([...(await changed.run({ resume: 'if_possible', rerunFrom: 'again' })).outcomes.values()]).toEqual(['reused', 'reused', 'ran']);
    await expect(changed.run({ rerunFrom: 'again' })).rejects.toThrow(/rerunFrom needs resume/);
  });

  it('a stage that failed mid-run is continued with create resume (finished row groups kept)', async () => {
    const small = new DataDesigner(mkdtempSync(path.join(os.tmpdir(), 'dd-workflow-resume-')), {
      runConfig: { buffer_size: 2, max_concurrent_row_groups: 1 },
    });
    const flakyStage = () =>
      new DataDesignerConfigBuilder()
        .addColumn({ name: 'tripled', column_type: 'expression', expr: '{{ n * 3 }}', dtype: 'int' })
        .addProcessor({ name: 'flaky', processor_type: 'workflow_flaky' } as never);
    const workflow = () => small.composeWorkflow('partial').addStage('draw', first(), { numRecords: 6 }).addStage('flaky', flakyStage());
    flaky.failing = true;
    await expect(workflow().run()).rejects.toThrow(/stage 'flaky' \(2 of 2\) failed: .*flaky processor refused row group/s);
    const [kept] = flaky.batches;
    const stageFiles = path.join(small.artifactPath, 'partial', 'stage-1-flaky', 'parquet-files');
    expect(readdirSync(stageFiles)).toEqual([`batch_0000${kept}.parquet`]);
    flaky.failing = false;
    flaky.batches = [];
    const results = await workflow().run({ resume: 'if_possible' });
    expect([...results.outcomes.values()]).toEqual(['reused', 'resumed']);
    // The row group on disk was kept: only the other two ran again.
    expect(flaky.batches.sort()).toEqual([0, 1, 2].filter((index) => index !== kept));
    expect(await results.countRecords()).toBe(6);
    const drawn = await results.loadStageOutput('draw');
    expect((await results.loadDataset()).map((row) => row.tripled)).toEqual(drawn.map((row) => Number(row.n) * 3));
  });

  it('targets stop early; an output override replaces a stage output and reruns what follows', async () => {
    const workflow = designer.composeWorkflow('gate').addStage('draw', first(), { numRecords: 3 }).addStage('double', second);
    const drafts = await workflow.run({ targets: 'draw' });
    expect([...drafts.outcomes.keys()]).toEqual(['draw']);
    expect(drafts.finalStageName).toBe('draw');
    // Review gate: the drafts go out for review as one parquet file (approved unchanged here).
    const reviewDir = mkdtempSync(path.join(os.tmpdir(), 'dd-review-'));
    await drafts.exportStage('draw', path.join(reviewDir, 'drafts_for_review.parquet'));
    const reviewedDrafts = await designer
      .composeWorkflow('gate')
      .addStage('draw', first(), { numRecords: 3 })
      .addStage('double', second)
      .run({ resume: 'if_possible', stageOutputOverrides: { draw: path.join(reviewDir, 'drafts_for_review.parquet') } });
    expect(await reviewedDrafts.loadStageOutput('draw')).toEqual(await drafts.loadStageOutput('draw'));
    expect([...reviewedDrafts.outcomes.values()]).toEqual(['reused', 'ran']);
    // Reviewed rows (a parquet file of our own) replace the stage output.
    const reviewed = await designer.create(
      new DataDesignerConfigBuilder().addColumn({ name: 'n', column_type: 'sampler', sampler_type: 'category', params: { values: [50] }, convert_to: 'int' }),
      { numRecords: 2, artifactPath: mkdtempSync(path.join(os.tmpdir(), 'dd-reviewed-')), analyze: false },
    );
    const results = await workflow.run({ resume: 'if_possible', stageOutputOverrides: { draw: path.join(reviewed.datasetPath, 'parquet-files') } });
    expect([...results.outcomes.values()]).toEqual(['reused', 'ran']);
    expect((await results.loadDataset()).map((row) => row.doubled)).toEqual([100, 100]);
    expect(await results.countStageOutputRecords('draw')).toBe(2);
    await expect(workflow.run({ targets: 'nope' })).rejects.toThrow(/Unknown target stage\(s\): nope/);
    await expect(workflow.run({ stageOutputOverrides: { draw: path.join(designer.artifactPath, 'absent') } })).rejects.toThrow(
      /Invalid output override for stage 'draw': No parquet files found/,
    );
  });

  it('onSuccess replaces the output handed on; an empty output fails, or with allowEmpty skips the rest', async () => {
    const keepOne = async (stagePath: string) => {
      const emptied = await designer.create(
        new DataDesignerConfigBuilder()
          .withSeedDataset({ seed_type: 'local', path: path.join(stagePath, 'parquet-files', '*.parquet') })
          .addColumn({ name: 'flag', column_type: 'expression', expr: '{{ n > 100 }}', dtype: 'bool' })
          .addProcessor({ processor_type: 'drop_columns', name: 'drop_flag', column_names: ['flag'] }),
        { numRecords: 1, artifactPath: path.join(stagePath, 'callback-outputs'), analyze: false },
      );
      return path.join(emptied.datasetPath, 'parquet-files');
    };
    const results = await designer
      .composeWorkflow('callbacks')
      .addStage('draw', first(), { numRecords: 3, onSuccess: keepOne, onSuccessVersion: 'one-row-v1' })
      .addStage('double', second)
      .run();
    expect(await results.countStageOutputRecords('draw')).toBe(1);
    expect(await results.countRecords()).toBe(1);

    const emptyOutput = async (stagePath: string) => {
      mkdirSync(path.join(stagePath, 'callback-outputs'), { recursive: true });
      const target = path.join(stagePath, 'callback-outputs', 'empty.parquet');
      const folder = results.stages.get('draw')!;
      await folder.queryDataset(`COPY (SELECT * FROM dataset WHERE false) TO '${target.replaceAll("'", "''")}' (FORMAT parquet)`);
      return target;
    };
    await expect(
      designer.composeWorkflow('empty').addStage('draw', first(), { numRecords: 2, onSuccess: emptyOutput }).addStage('double', second).run(),
    ).rejects.toThrow(/stage 'draw' \(1 of 2\) failed: it produced no records/);
    const skipped = await designer
      .composeWorkflow('empty-ok')
      .addStage('draw', first(), { numRecords: 2, onSuccess: emptyOutput, allowEmpty: true })
      .addStage('double', second)
      .run();
    expect([...skipped.outcomes.values()]).toEqual(['ran', 'skipped_empty_upstream']);
    expect(() => skipped.finalResult).toThrow(/Stage 'double' was skipped: stage 'draw' produced no records/);
    expect(readMetadata(skipped.workflowPath).stages.map((stage) => [stage.status, stage.upstream_stage])).toEqual([
      ['completed_empty', undefined],
      ['skipped_empty_upstream', 'draw'],
    ]);
  });

  it('output processors shape the hand-off; output="processor:<name>" hands on a processor artifact', async () => {
    const drafts = new DataDesignerConfigBuilder()
      .addColumn({ name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 1, high: 9 }, convert_to: 'int' })
      .addColumn({ name: 'scratch', column_type: 'expression', expr: 'tmp-{{ n }}' });
    const chatml = new DataDesignerConfigBuilder().addProcessor({
      processor_type: 'schema_transform',
      name: 'chatml',
      template: { question: 'What is {{ n }}?' },
    } as never);
    const workflow = () =>
      designer
        .composeWorkflow('boundary')
        .addStage('drafts', drafts, { numRecords: 3, outputProcessors: [{ processor_type: 'drop_columns', name: 'drop_scratch', column_names: ['scratch'] }] })
        .addStage('chat', chatml, { output: 'processor:chatml' });
    const results = await workflow().run();
    const handedOn = await results.loadStageOutput('drafts');
    expect(handedOn.map((row) => Object.keys(row))).toEqual([['n'], ['n'], ['n']]);
    expect(results.stageResult('drafts').datasetPath).toBe(path.join(results.workflowPath, 'stage-0-drafts', 'output-processors'));
    // The stage's own dataset still has the scratch column.
    const own = await DatasetCreationResults.open(path.join(results.workflowPath, 'stage-0-drafts'));
    expect((await own.loadDataset()).map((row) => row.scratch)).toEqual(handedOn.map((row) => `tmp-${row.n}`));
    expect(await results.loadDataset()).toEqual(handedOn.map((row) => ({ question: `What is ${row.n}?` })));
    await expect(results.pushToHub('acme/x')).rejects.toThrow(/cannot push a stage output replaced/);
    const exported = path.join(mkdtempSync(path.join(os.tmpdir(), 'dd-export-')), 'chatml.jsonl');
    await results.export(exported);
    expect(
      readFileSync(exported, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(await results.loadDataset());
    await expect(results.export(`${exported}.txt`)).rejects.toThrow(/Unsupported export format 'txt'/);
    expect([...(await workflow().run({ resume: 'if_possible' })).outcomes.values()]).toEqual(['reused', 'reused']);

    await expect(designer.composeWorkflow('bad-output').addStage('a', drafts, { output: 'processor:nope' }).run()).rejects.toThrow(
      /stage 'a' \(1 of 1\) failed: output processor 'nope' is not configured on this stage/,
    );
    expect(() => designer.composeWorkflow('w').addStage('a', drafts, { output: 'chatml' as never })).toThrow(/output must be 'final' or 'processor:<name>'/);
    const twice = { processor_type: 'drop_columns', name: 'd', column_names: ['scratch'] } as const;
    expect(() => designer.composeWorkflow('w').addStage('a', drafts, { outputProcessors: [twice, twice] })).toThrow(/'d' is repeated/);
  });

  it('declaration errors', async () => {
    expect(() => designer.composeWorkflow('w').addStage('a', second).addStage('a', second)).toThrow(/Stage name 'a' is already used/);
    await expect(designer.composeWorkflow('empty-workflow').run()).rejects.toThrow(/has no stages/);
    await expect(designer.composeWorkflow('never-ran').addStage('a', first()).run({ resume: 'always' })).rejects.toThrow(
      /Cannot resume workflow 'never-ran': no workflow metadata found/,
    );
  });

  it('data-designer workflow NAME a=first.yaml b=second.yaml [--resume] [--target]', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-workflow-cli-'));
    writeFileSync(
      path.join(dir, 'first.yaml'),
      'columns:\n  - name: n\n    column_type: sampler\n    sampler_type: uniform\n    params: { low: 1, high: 9 }\n    convert_to: int\n',
    );
    writeFileSync(path.join(dir, 'second.yaml'), second);
    writeFileSync(path.join(dir, 'broken.yaml'), broken);
    const out = path.join(dir, 'out');
    const failed = await runCliAsync(['workflow', 'wf', 'draw=first.yaml', 'double=broken.yaml', '-n', '3', '-o', out], dir);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toMatch(/stage 'double' \(2 of 2\) failed/);
    expect(failed.stdout + failed.stderr).toContain('resume "if_possible"');
    const ok = await runCliAsync(['workflow', 'wf', 'draw=first.yaml', 'double=second.yaml', '-n', '3', '-o', out, '--resume', 'if_possible'], dir);
    expect(ok.stdout).toContain("✅ stage 'draw': 3 records reused");
    expect(ok.stdout).toContain("✅ stage 'double': 3 records generated");
    expect(ok.code).toBe(0);
    const target = await runCliAsync(['workflow', 'wf', 'draw=first.yaml', 'double=second.yaml', '-n', '3', '-o', out, '-r', 'always', '-t', 'draw'], dir);
    expect(target.stdout).toContain("✅ stage 'draw': 3 records reused");
    expect(target.stdout).not.toContain("stage 'double'");
    const bad = await runCliAsync(['workflow', 'wf', 'first.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain("Stage 1 'first.yaml' is not NAME=CONFIG");
    const badResume = await runCliAsync(['workflow', 'wf', 'draw=first.yaml', '--resume', 'sometimes'], dir);
    expect(badResume.code).toBe(2);
  });
});
