import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDesignerConfigBuilder } from '@dd/config';
import { writeFileSync } from 'node:fs';
import { runCliAsync } from '../commands/test-run-cli.js';
import { DataDesigner } from '../data-designer.js';
import { DataDesignerWorkflowError } from '../workflow/composite-workflow.js';

// composeWorkflow: each stage is a config seeded with the previous stage's dataset.
describe('composite workflows', () => {
  const designer = new DataDesigner(mkdtempSync(path.join(os.tmpdir(), 'dd-workflow-')));
  const first = () =>
    new DataDesignerConfigBuilder().addColumn({ name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 1, high: 9 }, convert_to: 'int' });
  const second = `columns:\n  - name: doubled\n    column_type: expression\n    expr: "{{ n * 2 }}"\n    dtype: int\n`;

  it('runs stages in order, each seeded by the one before, with workflow-metadata.json', async () => {
    const results = await designer.composeWorkflow('chain').addStage('draw', first(), { numRecords: 4 }).addStage('double', second).run();
    const drawn = await results.stages.get('draw')!.loadDataset();
    const doubled = await results.finalResult.loadDataset();
    expect(doubled.map((row) => row.doubled)).toEqual(drawn.map((row) => Number(row.n) * 2));
    expect(results.finalResult.datasetPath).toBe(path.join(designer.artifactPath, 'chain', 'stage-1-double'));
    const metadata = JSON.parse(readFileSync(path.join(results.workflowPath, 'workflow-metadata.json'), 'utf8')) as {
      stages: Array<{ status: string; output_records: number }>;
    };
    expect(metadata.stages.map((stage) => [stage.status, stage.output_records])).toEqual([
      ['completed', 4],
      ['completed', 4],
    ]);
  });

  it('a failing stage is named; the stages before it stay on disk', async () => {
    const broken = `columns:\n  - name: bad\n    column_type: expression\n    expr: "{{ missing_column }}"\n`;
    const attempt = designer.composeWorkflow('broken').addStage('draw', first(), { numRecords: 2 }).addStage('oops', broken).run();
    await expect(attempt).rejects.toThrow(DataDesignerWorkflowError);
    await expect(designer.composeWorkflow('broken2').addStage('draw', first(), { numRecords: 2 }).addStage('oops', broken).run()).rejects.toThrow(
      /Workflow 'broken2': stage 'oops' \(2 of 2\) failed: .*missing_column/s,
    );
    const metadata = JSON.parse(readFileSync(path.join(designer.artifactPath, 'broken2', 'workflow-metadata.json'), 'utf8')) as {
      stages: Array<{ status: string; error?: string }>;
    };
    expect(metadata.stages.map((stage) => stage.status)).toEqual(['completed', 'failed']);
    expect(() => designer.composeWorkflow('w').addStage('a', second).addStage('a', second)).toThrow(/Stage name 'a' is already used/);
    await expect(designer.composeWorkflow('empty').run()).rejects.toThrow(/has no stages/);
  });

  it('data-designer workflow NAME a=first.yaml b=second.yaml', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-workflow-cli-'));
    writeFileSync(
      path.join(dir, 'first.yaml'),
      'columns:\n  - name: n\n    column_type: sampler\n    sampler_type: uniform\n    params: { low: 1, high: 9 }\n    convert_to: int\n',
    );
    writeFileSync(path.join(dir, 'second.yaml'), second);
    const ok = await runCliAsync(['workflow', 'wf', 'draw=first.yaml', 'double=second.yaml', '-n', '3', '-o', path.join(dir, 'out')], dir);
    expect(ok.stdout).toContain("✅ stage 'double': 3 records");
    expect(ok.code).toBe(0);
    const bad = await runCliAsync(['workflow', 'wf', 'first.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain("Stage 1 'first.yaml' is not NAME=CONFIG");
  });
});
