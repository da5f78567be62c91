import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { BIN, tempDir } from '../commands/test-run-cli.js';
import { exitOnBrokenPipe } from './exit-on-broken-pipe.js';

describe('exitOnBrokenPipe', () => {
  it('exits 0 on EPIPE and rethrows other stream errors', () => {
    const stream = new EventEmitter();
    const codes: number[] = [];
    exitOnBrokenPipe([stream], (code) => codes.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
  });

  it('lets `data-designer schema | head` end without a stack trace', async () => {
    const home = tempDir();
    const child = spawn(process.execPath, [BIN, 'schema'], { cwd: home, env: { ...process.env, DATA_DESIGNER_HOME: home } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -1`: read the first chunk, then close the pipe while the CLI is still writing.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
