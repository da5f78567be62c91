#!/usr/bin/env node
// Regenerates schema/data-designer-config.schema.json from the built package (run after a build).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../dist/index.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(path.join(packageDir, 'schema'), { recursive: true });
writeFileSync(path.join(packageDir, 'schema', 'data-designer-config.schema.json'), configJsonSchemaText());
console.log('wrote schema/data-designer-config.schema.json');
