#!/usr/bin/env node
// Copies the runtime fixtures of `@dd/engine/testing` next to the built helpers that load them
// (dist/testing/__fixtures__/), so the published package's MCP test server works without `src/`.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
cpSync(path.join(packageDir, 'src', 'testing', '__fixtures__'), path.join(packageDir, 'dist', 'testing', '__fixtures__'), { recursive: true });
