#!/usr/bin/env node
// Thin shim: enable Node's compile cache where available, end quietly on a closed pipe
// (`data-designer schema | head`), then hand over to the built CLI.
import module from 'node:module';

if (typeof module.enableCompileCache === 'function') module.enableCompileCache();
const { main, exitOnBrokenPipe } = await import('../dist/main.js');
exitOnBrokenPipe([process.stdout, process.stderr]);
process.exitCode = await main(process.argv);
