import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of the built `data-designer` bin (the package is built before its tests run). */
export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/data-designer.js');

/** Result of one CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh temp folder. */
export function tempDir(prefix = 'dd-cli-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `node bin/data-designer.js …args` with `DATA_DESIGNER_HOME=home`, synchronously. */
export function runCli(args: string[], home: string, options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? home,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', DATA_DESIGNER_HOME: home, DATA_DESIGNER_MANAGED_ASSETS_PATH: '', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI asynchronously (needed when the test process itself serves HTTP to it). */
export function runCliAsync(args: string[], home: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: home, env: { ...process.env, NO_COLOR: '1', DATA_DESIGNER_HOME: home, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
