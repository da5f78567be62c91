#!/usr/bin/env node
// Thin shim: enable Node's compile cache where available, then hand over to the built CLI.
import module from 'node:module';

if (typeof module.enableCompileCache === 'function') module.enableCompileCache();
const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv);
