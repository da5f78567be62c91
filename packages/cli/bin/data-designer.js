#!/usr/bin/env node
// Thin shim: enable Node's compile cache where available, end quietly on a closed pipe
// (`data-designer schema | head`), then hand over to the built CLI. Once the command has returned,
// the process leaves as soon as its output is flushed: everything it awaited is done, and Node's own
// teardown (collecting DuckDB instances, closing handles) would add ~30 ms to every command.
import module from 'node:module';

if (typeof module.enableCompileCache === 'function') module.enableCompileCache();
// The code cache of the bundles is kept per command (see @dd/config's bundle loader).
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const { nameProgram } = await import('@dd/config/bundle-loader');
nameProgram(`data-designer ${command !== undefined && /^[a-z][a-z-]{0,30}$/.test(command) ? command : ''}`);
const { main, exitOnBrokenPipe } = await import('../dist/main.js');
exitOnBrokenPipe([process.stdout, process.stderr]);
const code = await main(process.argv);
process.exitCode = code;
/** Calls `next` once everything written to `stream` so far has been handed to the OS (pipes are asynchronous on macOS). */
const flushed = (stream, next) => (stream.writableEnded || stream.destroyed ? next() : stream.write('', () => next()));
flushed(process.stdout, () => flushed(process.stderr, () => process.exit(code)));
