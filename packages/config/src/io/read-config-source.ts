import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ConfigFileError, ConfigValidationError } from '../errors/index.js';
import { prototypeKeyIssues } from '../validation/prototype-key-issues.js';
import { assertConfigTextSize, configTextLimits, parseConfigText } from './parse-config-text.js';

const MAX_REMOTE_BYTES = 1024 * 1024;
const REMOTE_TIMEOUT_MS = 10_000;

/** Rewrites GitHub and Hugging Face `blob` page URLs to their raw-file URLs, keeping the query. */
export function rawConfigUrl(url: URL): URL {
  const rewritten = new URL(url.href);
  if (url.hostname === 'github.com') {
    const parts = url.pathname.split('/');
    if (parts[3] === 'blob') {
      rewritten.hostname = 'raw.githubusercontent.com';
      rewritten.pathname = [...parts.slice(0, 3), ...parts.slice(4)].join('/');
    }
  } else if (url.hostname === 'huggingface.co' && url.pathname.includes('/blob/')) {
    rewritten.pathname = url.pathname.replace('/blob/', '/raw/');
  }
  return rewritten;
}

async function fetchConfigText(url: URL): Promise<string> {
  if (!/\.(ya?ml|json)$/i.test(url.pathname)) {
    throw new ConfigFileError(`Remote config ${url.origin}${url.pathname} must end in .yaml, .yml or .json.`);
  }
  const target = rawConfigUrl(url);
  let response: Response;
  try {
    response = await fetch(target, { signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS) });
  } catch (error) {
    throw new ConfigFileError(`Cannot fetch config from ${target.origin}${target.pathname}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) {
    const reason =
      response.status === 401
        ? 'authentication is required'
        : response.status === 403
          ? 'access is forbidden'
          : response.status === 404
            ? 'the file was not found'
            : `the server answered HTTP ${response.status}`;
    throw new ConfigFileError(`Cannot fetch config from ${target.origin}${target.pathname}: ${reason}.`, {
      fix: 'Check the URL, or download the file and pass its local path.',
    });
  }
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.byteLength > MAX_REMOTE_BYTES) {
    throw new ConfigFileError(`Remote config ${target.href} is larger than 1 MiB.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ConfigFileError(`Remote config ${target.href} is not valid UTF-8 text.`);
  }
}

/**
 * Reads what `loadConfig` accepts into a plain mapping: an object as is, an http(s) URL, a file path,
 * or YAML/JSON text (the rules of the original's `smart_load_yaml`).
 */
export async function readConfigSource(source: string | Record<string, unknown>): Promise<Record<string, unknown>> {
  let parsed: unknown;
  if (typeof source !== 'string') parsed = source;
  else {
    let url: URL | undefined;
    try {
      url = /^https?:\/\//i.test(source) ? new URL(source) : undefined;
    } catch {
      url = undefined;
    }
    if (url?.hostname) parsed = parseConfigText(await fetchConfigText(url), url.href);
    else if (!source.includes('\n') && existsSync(source) && statSync(source).isFile()) {
      const limits = configTextLimits();
      // Refuse an oversized file before reading it into memory.
      assertConfigTextSize(statSync(source).size, source, limits);
      parsed = parseConfigText(await readFile(source, 'utf8'), source, limits);
    } else if (/\.(ya?ml|json)$/i.test(source.trim()) && !source.includes('\n')) {
      throw new ConfigFileError(`Config file '${source}' does not exist.`, { fix: 'Check the path (relative paths start at the current folder).' });
    } else parsed = parseConfigText(source, 'config text');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'a list' : parsed === null ? 'nothing' : `a ${typeof parsed}`;
    throw new ConfigFileError(`A config must be a mapping (columns:, model_configs:, …), but this one holds ${kind}.`, {
      fix: 'Check that you passed the right file, and that its top level is `data_designer:` or `columns:`.',
    });
  }
  const prototypeIssues = prototypeKeyIssues(parsed);
  if (prototypeIssues.length > 0) throw new ConfigValidationError(prototypeIssues);
  return parsed as Record<string, unknown>;
}
