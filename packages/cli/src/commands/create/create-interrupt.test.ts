import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { startTestServer } from '@dd/engine/testing';
import { BIN, tempDir } from '../test-run-cli.js';
import { resumeCommandLine, shellQuote } from './resume-command-line.js';

const home = tempDir('dd-interrupt-');
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the resume hint after Ctrl-C', () => {
  it('keeps -c, -i and every other flag and quotes paths for the shell (a real SIGINT)', async () => {
    const server = await startTestServer({ latencyMs: 200 });
    try {
      writeFileSync(path.join(home, 'model_providers.yaml'), `providers:\n  - name: local\n    endpoint: ${server.url}\n    api_key: none\n`);
      const folder = path.join(home, "it's a dir");
      mkdirSync(folder);
      const config = path.join(folder, 'my config.yaml');
      writeFileSync(
        config,
        [
          'model_configs:',
          '  - {alias: m, model: test-model, provider: local}',
          'columns:',
          '  - {name: topic, column_type: sampler, sampler_type: category, params: {values: [a, b]}}',
          '  - {name: text, column_type: llm-text, model_alias: m, prompt: "Write about {{ topic }}"}',
        ].join('\n'),
      );
      const runConfig = path.join(folder, 'run config.yaml');
      writeFileSync(runConfig, 'buffer_size: 2\n');
      const module = path.join(folder, 'plugin.mjs');
      writeFileSync(module, 'export {};\n');
      const output = path.join(folder, 'out put');
      const args = ['create', config, '-n', '40', '-d', 'set', '-o', output, '-c', runConfig, '-i', module, '-f', 'jsonl', '--no-tui'];
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: home, env: { ...process.env, NO_COLOR: '1', DATA_DESIGNER_HOME: home } });
        let stderr = '';
        let sent = false;
        const onOutput = (chunk: Buffer) => {
          if (!sent && /row group|Generating/.test(chunk.toString())) {
            sent = true;
            child.kill('SIGINT');
          }
        };
        child.stdout.on('data', onOutput);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          onOutput(chunk);
        });
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(result.code).toBe(130);
      const q = shellQuote;
      expect(result.stderr).toContain(
        `Resume with: data-designer create ${q(config)} -n 40 -d set -o ${q(output)} -c ${q(runConfig)} -i ${q(module)} -f jsonl --no-tui --resume always`,
      );
    } finally {
      await server.close();
    }
  });

  it('quotes only what the shell would split or expand', () => {
    expect(shellQuote('plain/path-1.yaml')).toBe('plain/path-1.yaml');
    expect(shellQuote('two words')).toBe("'two words'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('$HOME;rm')).toBe("'$HOME;rm'");
    expect(shellQuote('')).toBe("''");
    expect(resumeCommandLine({ config: 'c.yaml', numRecords: 5, datasetName: 'd', artifactPath: 'a', resume: 'never', progress: false, imports: [] })).toBe(
      'data-designer create c.yaml -n 5 -d d -o a --no-progress --resume always',
    );
  });
});
