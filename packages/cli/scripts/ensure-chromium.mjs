#!/usr/bin/env node
// Makes sure a headless Chromium is available for the HTML report test: installs Debian's `chromium`
// with apt-get when /usr/bin/chromium is missing. Exits non-zero with a clear message when it cannot.
// Usage: node packages/cli/scripts/ensure-chromium.mjs   (prints the browser path on success)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Paths checked, in order; CHROMIUM_PATH overrides them all. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The first existing Chromium binary (CHROMIUM_PATH first), or undefined. */
export function findChromium() {
  const override = process.env.CHROMIUM_PATH;
  if (override) return existsSync(override) ? override : undefined;
  return CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) return `${command} could not start: ${result.error.message}`;
  return result.status === 0 ? undefined : `${command} ${args.join(' ')} exited with ${result.status}`;
}

/** Returns the Chromium path, installing Debian's package if needed; throws an Error explaining what failed. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist. Point it at a Chromium/Chrome binary or unset it.`);
  }
  const hint = 'Install it yourself (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary.';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`Chromium is missing at /usr/bin/chromium and this process is not root, so apt-get cannot install it. ${hint}`);
  }
  const install = ['install', '-y', '--no-install-recommends', 'chromium'];
  let failure = run('apt-get', install);
  if (failure) {
    // Package lists may be stale or absent: update once and retry.
    failure = run('apt-get', ['update']) ?? run('apt-get', install);
  }
  const installed = findChromium();
  if (!installed) {
    throw new Error(`Could not install Chromium with apt-get (${failure ?? 'binary still missing after install'}). ${hint}`);
  }
  return installed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (error) {
    process.stderr.write(`ensure-chromium: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
