import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

// Template CPU bombs and Ctrl-C through the built `data-designer` bin, each in a child process that
// is killed if it outlives its bound (a run that ignores the limits would take minutes).
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/data-designer.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-template-limits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function configWith(name: string, expr: string): string {
  const file = path.join(tmp, `${name}.yaml`);
  const lines = [
    'columns:',
    '  - {name: n, column_type: sampler, sampler_type: uniform, params: {low: 0, high: 1}}',
    `  - {name: heavy, column_type: expression, expr: ${JSON.stringify(expr)}}`,
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

interface Outcome {
  code: number | null;
  output: string;
  killed: boolean;
}

/** Runs `create`; `interruptAfter` sends SIGINT that long after the generation starts. */
function create(config: string, records: number, boundMs: number, interruptAfter?: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'create', config, '-n', String(records), '-o', path.join(tmp, 'art'), '-d', path.basename(config, '.yaml')], {
      cwd: tmp,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    let killed = false;
    let interrupted = false;
    const onData = (text: Buffer) => {
      output += text.toString('utf8');
      if (interruptAfter !== undefined && !interrupted && output.includes('Generating')) {
        interrupted = true;
        setTimeout(() => child.kill('SIGINT'), interruptAfter);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, boundMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, killed });
    });
  });
}

describe('template work limits through create', () => {
  it('stops a loop x big-string bomb with an error naming the step limit and how to raise it', async () => {
    const config = configWith('bomb', "{% for i in range(100000) %}{% if ('x' * 1000000) | length > 5 %}{% endif %}{% endfor %}ok");
    const result = await create(config, 3, 60_000);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(1);
    expect(result.output).toContain('Template too costly');
    expect(result.output).toContain('DATA_DESIGNER_TEMPLATE_MAX_STEPS=');
  }, 90_000);

  it('Ctrl-C during heavy renders exits promptly with the resume hint', async () => {
    // ~4M steps per render (under the budget): hundreds of slow cells, all ready at once.
    const config = configWith('heavy', "{% for i in range(30000) %}{% if ('x' * 1000) | length > 5 %}{% endif %}{% endfor %}ok");
    const result = await create(config, 300, 30_000, 500);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(130);
    expect(result.output).toContain('Resume with: data-designer create');
    expect(result.output).toContain('--resume always');
  }, 60_000);
});
