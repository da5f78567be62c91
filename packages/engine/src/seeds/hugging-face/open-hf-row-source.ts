import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EnvironmentVariables } from '@dd/config';
import { resolveHubEndpoint } from '../../hub/hub-endpoint.js';
import { resolveHubToken } from '../../hub/resolve-hub-token.js';
import { resolveApiKey } from '../../models/clients/resolve-api-key.js';
import { openLocalFileRowSource } from '../open-local-file-row-source.js';
import type { HuggingFaceSeedSourceInput } from '../seed-config-input.js';
import { SeedReaderError } from '../seed-reader-error.js';
import type { SeedRowSource } from '../seed-row-source.js';

/** A parsed `datasets/<owner>/<name>[@revision]/<file glob>` path. */
export interface HubDatasetPath {
  repoId: string;
  revision: string;
  pattern: string;
}

/** Splits an `hf` seed path (`datasets/org/repo@rev/data/*.parquet`, as the original's `hf://` paths). */
export function parseHubDatasetPath(value: string): HubDatasetPath {
  const parts = value
    .replace(/^hf:\/\//, '')
    .replace(/^\/+/, '')
    .split('/');
  if (parts[0] !== 'datasets' || parts.length < 4 || !parts[1] || !parts[2] || parts.slice(3).join('/') === '') {
    throw new SeedReaderError(`Hugging Face seed path '${value}' is not of the form 'datasets/<owner>/<dataset>/<files>'.`, {
      fix: "Write e.g. 'datasets/my-org/my-dataset/data/*.parquet' (add '@<revision>' after the dataset name for a branch or commit).",
    });
  }
  const [name, revision] = parts[2].split('@');
  return { repoId: `${parts[1]}/${name}`, revision: revision || 'main', pattern: parts.slice(3).join('/') };
}

/** fsspec-style glob over `/`-separated paths: `*` and `?` stay within one folder, `**` crosses folders. */
function hubGlobToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    if (char === '*' && pattern[index + 1] === '*') {
      source += '.*';
      index++;
      if (pattern[index + 1] === '/') index++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The error for a failed Hub answer: a repo or revision that does not exist, a refused token, or the status. */
async function hubError(response: Response, what: string, repoId: string, revision: string, hasToken: boolean): Promise<InstanceType<typeof SeedReaderError>> {
  const code = response.headers.get('x-error-code') ?? '';
  await response.body?.cancel();
  if (response.status === 401 || response.status === 403) {
    return hasToken
      ? new SeedReaderError(`The Hugging Face Hub refused the token for dataset '${repoId}' (HTTP ${response.status}).`, {
          fix: 'Check that the token is valid and has read access to this dataset (seed_config.source.token or the variable it names).',
        })
      : new SeedReaderError(`Dataset '${repoId}' on the Hugging Face Hub needs a token (HTTP ${response.status}).`, {
          fix: 'Set seed_config.source.token to a token with read access (or the name of an environment variable holding it).',
        });
  }
  if (response.status === 404 && code === 'RevisionNotFound') {
    return new SeedReaderError(`Revision '${revision}' of dataset '${repoId}' does not exist on the Hugging Face Hub.`, {
      fix: "Check the '@<revision>' part of the path.",
    });
  }
  if (response.status === 404) {
    return new SeedReaderError(`Dataset '${repoId}' does not exist on the Hugging Face Hub (or is private and the token cannot see it).`, {
      fix: "Check the owner and dataset name in the path ('datasets/<owner>/<dataset>/...'), and the token for a private dataset.",
    });
  }
  return new SeedReaderError(`The Hugging Face Hub answered HTTP ${response.status} while ${what} of dataset '${repoId}'.`, {
    fix: 'Try again later, or download the files and use seed_type "local".',
  });
}

/**
 * Opens an `hf` seed source: lists the dataset repo's files through the Hub API (`HF_ENDPOINT` or
 * `endpoint`), downloads those matching the path's glob into a temporary folder, and reads them as a
 * `local` source. The source's token (a value, or a name resolved through `secrets`: a secret
 * resolver's view, the environment by default) is sent as a bearer token; when the source has none:
 * `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, then the `hf auth login` token file. It never appears in messages.
 */
export async function openHfRowSource(
  source: HuggingFaceSeedSourceInput,
  env: EnvironmentVariables = process.env,
  secrets: EnvironmentVariables = env,
): Promise<SeedRowSource> {
  const { repoId, revision, pattern } = parseHubDatasetPath(source.path);
  const endpoint = resolveHubEndpoint(source.endpoint, env);
  const token = source.token ? resolveApiKey(source.token, secrets).key : resolveHubToken(null, env).token;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const request = async (url: string, what: string): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      throw new SeedReaderError(`Cannot reach the Hugging Face Hub at ${endpoint} while ${what} of dataset '${repoId}': ${(error as Error).message}`, {
        fix: 'Check the endpoint (HF_ENDPOINT or seed_config.source.endpoint) and the network.',
      });
    }
    if (!response.ok) throw await hubError(response, what, repoId, revision, token !== null);
    return response;
  };

  const files: string[] = [];
  let next: string | null = `${endpoint}/api/datasets/${repoId}/tree/${encodeURIComponent(revision)}?recursive=true`;
  while (next) {
    const response = await request(next, 'listing the files');
    const entries = (await response.json()) as Array<{ type?: string; path?: string }>;
    for (const entry of Array.isArray(entries) ? entries : []) if (entry.type === 'file' && typeof entry.path === 'string') files.push(entry.path);
    const link = response.headers.get('link') ?? '';
    next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null;
  }
  const matcher = hubGlobToRegExp(pattern);
  const matched = files.filter((file) => matcher.test(file)).sort();
  if (matched.length === 0) {
    throw new SeedReaderError(`No file of dataset '${repoId}' (revision '${revision}') matches '${pattern}'.`, {
      fix: `Check the file part of the path; the dataset has ${files.length} file(s)${files.length > 0 ? `, e.g. ${files.slice(0, 3).join(', ')}` : ''}.`,
    });
  }
  const extensions = new Set(matched.map((file) => path.extname(file).toLowerCase()));
  if (extensions.size > 1) {
    throw new SeedReaderError(`The files matching '${pattern}' in dataset '${repoId}' mix formats (${[...extensions].join(', ')}).`, {
      fix: 'Narrow the pattern to one file type, e.g. data/*.parquet.',
    });
  }
  const folder = mkdtempSync(path.join(os.tmpdir(), 'dd-hf-seed-'));
  try {
    for (const [index, file] of matched.entries()) {
      const response = await request(
        `${endpoint}/datasets/${repoId}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`,
        `downloading ${file}`,
      );
      writeFileSync(path.join(folder, `${String(index).padStart(5, '0')}-${path.basename(file)}`), new Uint8Array(await response.arrayBuffer()));
    }
    const local = await openLocalFileRowSource({ seed_type: 'local', path: path.join(folder, `*${[...extensions][0]}`) });
    const description = `hf://datasets/${repoId}@${revision}/${pattern}`;
    return {
      description,
      columnNames: local.columnNames,
      rowCount: local.rowCount,
      fetchRows: (indices) => local.fetchRows(indices),
      async close() {
        try {
          await local.close();
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
