// Installs the three packages the way a user gets them: `pnpm pack` tarballs installed with npm into a
// fresh temporary project (registry dependencies come from the npm registry or npm's cache). One
// install serves every assertion; it also reports the install footprint of @dd/cli with its
// dependencies.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PACKAGES = ['config', 'engine', 'cli'] as const;
/** Upper bound of the install footprint of @dd/cli and its dependencies (apparent bytes). */
const FOOTPRINT_LIMIT_MB = 150;

/** The environment for npm: without the npm_* variables pnpm/turbo set for the workspace scripts. */
function cleanEnv(): NodeJS.ProcessEnv {
  // Not npm_config_globalconfig: under pnpm (turbo runs the tests through it) it names pnpm's own rc, and
  // npm would then skip its global npmrc, e.g. the `cafile` a TLS-intercepting proxy needs (every fetch
  // failing with SELF_SIGNED_CERT_IN_CHAIN and retried for minutes). A user's npm reads its own.
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = { NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false' };
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm|pnpm)_/i.test(key) && !keep.has(key)) continue;
    if (key === 'NODE_OPTIONS' || key.startsWith('JEST') || key === 'TURBO_HASH') continue;
    env[key] = value;
  }
  return env;
}

function run(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: { ...cleanEnv(), ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

/**
 * `npm install` into the consumer project. A registry connection that stalls leaves npm waiting
 * forever (seen once: 14 minutes without a byte): each attempt gets 6 minutes, and a stalled first
 * attempt is retried once (npm's cache keeps what it had fetched).
 */
function npmInstall(args: string[], cwd: string): void {
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync('npm', ['install', ...args], { cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 6 * 60_000 });
    const stalled = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
    if (!stalled && result.error) throw result.error;
    if (!stalled && result.status === 0) return;
    if (!stalled || attempt === 2)
      throw new Error(`npm install ${args.join(' ')} ${stalled ? 'stalled (6 min)' : `exited with ${result.status}`}\n${result.stdout}\n${result.stderr}`);
  }
}

function runOk(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): string {
  const result = run(command, args, cwd, extraEnv);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Apparent size in bytes of every file under `dir` (symlinks counted as links, not followed). */
function apparentSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += apparentSize(full);
    else total += lstatSync(full).size;
  }
  return total;
}

/** Disk usage in bytes from `du -sk`, or undefined where du is missing. */
function diskUsage(dir: string): number | undefined {
  const result = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
  const kb = result.status === 0 ? Number.parseInt(result.stdout, 10) : Number.NaN;
  return Number.isFinite(kb) ? kb * 1024 : undefined;
}

let work: string;
let project: string;
const tarballs: string[] = [];

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'dd-packed-'));
  const packDir = path.join(work, 'tarballs');
  runOk(process.execPath, [path.join(root, 'scripts', 'pnpm.mjs'), '-r', '--filter', './packages/*', 'pack', '--pack-destination', packDir], root);
  for (const name of PACKAGES) {
    const tarball = readdirSync(packDir).find((file) => file.startsWith(`dd-${name}-`) && file.endsWith('.tgz'));
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for @dd/${name} in ${packDir}`);
    tarballs.push(path.join(packDir, tarball));
  }
  project = path.join(work, 'consumer');
  runOk('mkdir', ['-p', project], work);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'dd-consumer', private: true, version: '0.0.0' }));
  npmInstall(['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], project);
}, 15 * 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed tarballs installed into a fresh project', () => {
  it('ship README, LICENSE, NOTICE and a manifest without workspace: ranges', () => {
    for (const tarball of tarballs) {
      const files = runOk('tar', ['-tzf', tarball], work).split('\n');
      expect(files).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/NOTICE', 'package/package.json']));
      expect(files.filter((file) => file.endsWith('.map') || file.includes('.test.'))).toEqual([]);
      const manifest = JSON.parse(runOk('tar', ['-xzOf', tarball, 'package/package.json'], work)) as Record<string, unknown>;
      expect(JSON.stringify(manifest)).not.toContain('workspace:');
      expect(manifest).toMatchObject({ license: 'Apache-2.0', engines: { node: expect.any(String) } });
      // No repository URL is published anywhere yet: the manifests carry none rather than a made-up one.
      expect(manifest).not.toHaveProperty('repository');
      for (const entry of manifest.files as string[]) {
        if (!entry.startsWith('!')) expect(files.some((file) => file === `package/${entry}` || file.startsWith(`package/${entry}/`))).toBe(true);
      }
    }
  });

  it('load with require() (CommonJS) and generate a preview', () => {
    writeFileSync(
      path.join(project, 'check.cjs'),
      `const { DataDesignerConfigBuilder } = require('@dd/config');
const { DataDesigner } = require('@dd/cli');
const engine = require('@dd/engine');
const testing = require('@dd/engine/testing');
const fs = require('node:fs');
(async () => {
  const builder = new DataDesignerConfigBuilder();
  builder.addColumn({ name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 10 } });
  builder.addColumn({ name: 'twice', column_type: 'expression', expr: '{{ (n * 2) | round(2) }}' });
  const preview = await new DataDesigner('artifacts', { modelProviders: [] }).preview(builder, { numRecords: 3, seed: 7 });
  console.log(JSON.stringify({
    records: preview.records.length,
    version: require('@dd/cli/package.json').version,
    sql: engine.validateSql('SELECT TOP 5 * FROM t', 'tsql').is_valid,
    mcpFixture: fs.existsSync(testing.testMcpServerScript()),
    // The light entries are the same modules as the main ones.
    factoryEntry: require('@dd/engine/factory').dataFactory === engine.dataFactory,
    configCore: require('@dd/config/core').DataDesignerError === require('@dd/config').DataDesignerError,
  }));
})().catch((error) => { console.error(error); process.exit(1); });
`,
    );
    const out = JSON.parse(runOk(process.execPath, ['check.cjs'], project)) as Record<string, unknown>;
    expect(out).toEqual({
      records: 3,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      sql: true,
      mcpFixture: true,
      factoryEntry: true,
      configCore: true,
    });
  });

  it('load with import (ESM) and answer the local LLM test server', () => {
    writeFileSync(
      path.join(project, 'check.mjs'),
      `import { DataDesignerConfigBuilder } from '@dd/config';
import { DataDesigner } from '@dd/cli';
import { estimateTokens } from '@dd/engine';
import { withTestServer } from '@dd/engine/testing';
await withTestServer({}, async (server) => {
  const builder = new DataDesignerConfigBuilder();
  builder.addModelConfig({ alias: 'local', model: 'test-model', provider: 'local' });
  builder.addColumn({ name: 'topic', column_type: 'sampler', sampler_type: 'category', params: { values: ['tea', 'maps'] } });
  builder.addColumn({ name: 'line', column_type: 'llm-text', model_alias: 'local', prompt: 'One line about {{ topic }}.' });
  const designer = new DataDesigner('artifacts', { modelProviders: [{ name: 'local', endpoint: server.url, api_key: 'test' }] });
  const preview = await designer.preview(builder, { numRecords: 2 });
  console.log(JSON.stringify({ lines: preview.records.map((record) => typeof record.line), tokens: await estimateTokens('hello world') }));
});
`,
    );
    const out = JSON.parse(runOk(process.execPath, ['check.mjs'], project)) as Record<string, unknown>;
    expect(out).toEqual({ lines: ['string', 'string'], tokens: 2 });
  });

  it('run `npx data-designer --help`', () => {
    const result = run('npx', ['data-designer', '--help'], project);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: data-designer');
  });

  it(`keep the install footprint of @dd/cli with its dependencies under ${FOOTPRINT_LIMIT_MB} MB (apparent size and du)`, () => {
    const modules = path.join(project, 'node_modules');
    const apparentMb = apparentSize(modules) / 2 ** 20;
    const disk = diskUsage(modules);
    // npm ls exits 1 over the optional peers it lists as missing; the listing is still complete.
    const packages = run('npm', ['ls', '--all', '--parseable'], project).stdout.trim().split('\n').length - 1;
    console.log(
      `install footprint of @dd/cli from packed tarballs: ${apparentMb.toFixed(1)} MB apparent` +
        `${disk === undefined ? '' : `, ${(disk / 2 ** 20).toFixed(1)} MB on disk (du)`}, ${packages} packages`,
    );
    expect(apparentMb).toBeLessThan(FOOTPRINT_LIMIT_MB);
    if (disk !== undefined) expect(disk / 2 ** 20).toBeLessThan(FOOTPRINT_LIMIT_MB);
    // The optional peers (distributed runs, metrics) stay out of a default install.
    for (const name of ['bullmq', 'ioredis', '@opentelemetry/api', '@opentelemetry/sdk-metrics']) expect(existsSync(path.join(modules, name))).toBe(false);
  });

  it('type-check a strict consumer of all three packages without @types/node (skipLibCheck: false)', () => {
    const typesDir = path.join(work, 'types-consumer');
    mkdirSync(typesDir, { recursive: true });
    runOk('ln', ['-s', path.join(project, 'node_modules'), path.join(typesDir, 'node_modules')], work);
    expect(existsSync(path.join(project, 'node_modules', '@types', 'node'))).toBe(false);
    writeFileSync(path.join(typesDir, 'package.json'), JSON.stringify({ name: 'types-consumer', private: true, type: 'module' }));
    const compilerOptions = {
      strict: true,
      skipLibCheck: false,
      types: [],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      noEmit: true,
    };
    writeFileSync(path.join(typesDir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    writeFileSync(path.join(typesDir, 'consumer.ts'), CONSUMER_TS);
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = run(process.execPath, [tsc, '-p', 'tsconfig.json'], typesDir);
    expect(`${checked.stdout}${checked.stderr}`).toBe('');
    expect(checked.status).toBe(0);
    // The same setup rejects Node's types, so the check above would catch a NodeJS.* reference.
    writeFileSync(path.join(typesDir, 'tsconfig.node.json'), JSON.stringify({ compilerOptions, files: ['uses-node.ts'] }));
    writeFileSync(path.join(typesDir, 'uses-node.ts'), 'export const env: NodeJS.ProcessEnv = {};\n');
    const control = run(process.execPath, [tsc, '-p', 'tsconfig.node.json'], typesDir);
    expect(control.status).not.toBe(0);
    expect(control.stdout).toContain("Cannot find namespace 'NodeJS'");
    // No published declaration names Node's namespace or imports a node: module (both need @types/node).
    const declarations = PACKAGES.flatMap((name) => declarationFiles(path.join(project, 'node_modules', '@dd', name, 'dist')));
    expect(declarations.length).toBeGreaterThan(50);
    const offending = declarations.filter((file) => /\bNodeJS\.|from ['"]node:|import\(["']node:/.test(readFileSync(file, 'utf8')));
    expect(offending.map((file) => path.relative(project, file))).toEqual([]);
  });
});

/** Every `.d.ts` under `dir`. */
function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return declarationFiles(full);
    return entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** A consumer of the public API of the three packages, type-checked (never run) by the test above. */
const CONSUMER_TS = `import {
  DataDesigner,
  DatasetCreationResults,
  ExitError,
  PreviewResults,
  SecretResolutionError,
  type CreateOptions,
  type DataDesignerOptions,
  type TextOutputStream,
} from '@dd/cli';
import {
  ConfigValidationError,
  DataDesignerConfigBuilder,
  DataDesignerError,
  InvalidConfigError,
  loadConfig,
  validateConfig,
  type ConfigViolation,
  type Violation,
} from '@dd/config';
import { MissingOptionalPackageError, estimateTokens, validateSql } from '@dd/engine';
import { withTestServer } from '@dd/engine/testing';

const sink: TextOutputStream = { write: (chunk: string) => chunk.length };

export async function main(): Promise<number> {
  const builder = new DataDesignerConfigBuilder();
  builder.addColumn({ name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 10 } });
  builder.addColumn({ name: 'twice', column_type: 'expression', expr: '{{ n * 2 }}' });
  const options: DataDesignerOptions = { modelProviders: [] };
  const designer = new DataDesigner('artifacts', options);
  const warnings: Violation[] = await designer.validate(builder);
  const paths: string[] = validateConfig(builder.build()).map((violation) => violation.path);
  const preview: PreviewResults = await designer.preview(builder, { numRecords: 2, seed: 1 });
  preview.displaySampleRecord(0, { stream: sink });
  const createOptions: CreateOptions = { numRecords: 2, datasetName: 'typed' };
  const created: DatasetCreationResults = await designer.create(builder, createOptions);
  const count: number = await created.countRecords();
  try {
    await designer.validate(await loadConfig('config.yaml'));
  } catch (error) {
    if (InvalidConfigError.isInstance(error)) {
      const violations: readonly ConfigViolation[] = error.violations;
      console.log(violations.map((violation) => \`\${violation.path}: \${violation.message}\`), error.fix);
    } else if (ConfigValidationError.isInstance(error)) {
      console.log(error.issues.map((issue) => issue.path));
    } else if (MissingOptionalPackageError.isInstance(error)) {
      console.log(error.packages.join(' '));
    } else if (SecretResolutionError.isInstance(error) || ExitError.isInstance(error)) {
      console.log(error.message);
    } else if (DataDesignerError.isInstance(error)) {
      console.log(error.kind);
    }
  }
  const tokens: number = await estimateTokens('hello');
  const sqlOk: boolean | null = validateSql('SELECT 1', 'tsql').is_valid;
  await withTestServer({}, async (server) => {
    const url: string = server.url;
    console.log(url);
  });
  return warnings.length + paths.length + preview.records.length + count + tokens + Number(sqlOk);
}
`;

/** One fenced code block of a Markdown page: language, `file=NAME` when it is a file, `norun`. */
interface Snippet {
  lang: string;
  file?: string;
  norun: boolean;
  code: string;
}

function snippetsOf(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const match of markdown.matchAll(/^```(\S+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const words = match[2]!.trim().split(/\s+/);
    const file = words.find((word) => word.startsWith('file='))?.slice('file='.length);
    snippets.push({ lang: match[1]!, ...(file ? { file } : {}), norun: words.includes('norun'), code: match[3]! });
  }
  return snippets;
}

describe('docs/getting-started.md', () => {
  it('runs every snippet, in order, in the project that installed the tarballs', () => {
    const page = readFileSync(path.join(root, 'docs', 'getting-started.md'), 'utf8');
    const snippets = snippetsOf(page);
    const docDir = path.join(work, 'getting-started');
    mkdirSync(docDir, { recursive: true });
    // The page's folder is a project with the tarballs installed: link the consumer's node_modules.
    runOk('ln', ['-s', path.join(project, 'node_modules'), path.join(docDir, 'node_modules')], work);
    writeFileSync(path.join(docDir, 'package.json'), JSON.stringify({ name: 'getting-started', private: true, type: 'module' }));
    const env = { DATA_DESIGNER_HOME: path.join(work, 'docs-home'), NO_COLOR: '1' };
    const ran: string[] = [];
    for (const snippet of snippets) {
      if (snippet.file) {
        writeFileSync(path.join(docDir, snippet.file), snippet.code);
        if (snippet.lang === 'ts') {
          // What `npx tsx` does: strip the types (the strict type check is the consumer test's job).
          const js = ts.transpileModule(snippet.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
          writeFileSync(path.join(docDir, snippet.file.replace(/\.ts$/, '.mjs')), js);
        }
        continue;
      }
      if (snippet.lang !== 'bash' || snippet.norun) continue;
      for (const line of snippet.code
        .split('\n')
        .map((text) => text.trim())
        .filter((text) => text !== '' && !text.startsWith('#'))) {
        // Already done by the install above: the page's packages are the tarballs.
        if (line === 'npm init -y') continue;
        if (line.startsWith('npm install ')) {
          expect(line.split(/\s+/).slice(2).sort()).toEqual(PACKAGES.map((name) => `@dd/${name}`).sort());
          continue;
        }
        const tsx = /^npx tsx (\S+)\.ts$/.exec(line);
        const result = tsx ? run(process.execPath, [`${tsx[1]}.mjs`], docDir, env) : run('sh', ['-c', line], docDir, env);
        if (result.status !== 0) throw new Error(`snippet \`${line}\` exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
        ran.push(line);
      }
    }
    expect(ran).toEqual(expect.arrayContaining(['npx tsx generate.ts', 'npx tsx custom.ts', 'npx tsx llm.ts']));
    expect(ran.filter((line) => line.includes('data-designer create'))).toHaveLength(1);
    expect(existsSync(path.join(docDir, 'artifacts', 'drinks', 'metadata.json'))).toBe(true);
    expect(existsSync(path.join(docDir, 'artifacts', 'taglines', 'metadata.json'))).toBe(true);
    // The one snippet not run needs the package on the npm registry; the page must still say it.
    expect(page).toContain('npx -p @dd/cli data-designer');
  });
});
