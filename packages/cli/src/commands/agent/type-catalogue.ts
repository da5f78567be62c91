import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_VERSION } from '../../version.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { homeDir } from '../shared/home-paths.js';
import type { TypeFamily } from './type-catalogue-types.js';

/** The type catalogue of every family, and the config library version it was derived from. */
export interface TypeCatalogue {
  libraryVersion: string;
  families: TypeFamily[];
}

/** True when a package in `<projectDir>/node_modules` declares Data Designer plugins (a cheap text scan). */
function projectDeclaresPlugins(projectDir: string): boolean {
  if (process.env.DISABLE_DATA_DESIGNER_PLUGINS === 'true') return false;
  const nodeModules = path.join(projectDir, 'node_modules');
  if (!existsSync(nodeModules)) return false;
  const dirs: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) for (const scoped of readdirSync(full)) dirs.push(path.join(full, scoped));
    else dirs.push(full);
  }
  return dirs.some((dir) => {
    try {
      return readFileSync(path.join(dir, 'package.json'), 'utf8').includes('"dataDesigner"');
    } catch {
      return false;
    }
  });
}

/** Cache key: CLI version plus the newest modification time of the config package's built files. */
function cacheKey(): string | undefined {
  try {
    const root = path.dirname(fileURLToPath(import.meta.resolve('@dd/config')));
    let newest = 0;
    for (const name of readdirSync(root, { recursive: true }) as string[]) {
      if (name.endsWith('.js')) newest = Math.max(newest, statSync(path.join(root, name)).mtimeMs);
    }
    return createHash('sha256').update(`${CLI_VERSION}\n${root}\n${newest}`).digest('hex').slice(0, 16);
  } catch {
    return undefined;
  }
}

/**
 * The type catalogue. Derived from the zod schemas (which loads the config package); without
 * project plugins the result is cached in `<home>/cache/agent-types-<key>.json` so later calls skip
 * loading the schemas.
 */
export async function loadTypeCatalogue(projectDir = process.cwd()): Promise<TypeCatalogue> {
  const key = projectDeclaresPlugins(projectDir) ? undefined : cacheKey();
  const file = key ? path.join(homeDir(), 'cache', `agent-types-${key}.json`) : undefined;
  if (file && existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as TypeCatalogue;
    } catch {
      // Corrupt cache: rebuild below.
    }
  }
  const { describeAllFamilies } = await import('./type-families.js');
  const catalogue = await describeAllFamilies(projectDir);
  if (file) {
    try {
      writeFileAtomic(file, JSON.stringify(catalogue));
    } catch {
      // A read-only home only costs speed.
    }
  }
  return catalogue;
}
