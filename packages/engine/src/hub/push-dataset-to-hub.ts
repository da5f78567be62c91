import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentVariables } from '@dd/config';
import { ANALYSIS_LAYOUT } from '../analysis/profile-dataset.js';
import { ARTIFACT_LAYOUT } from '../artifacts/artifact-layout.js';
import { DatasetFolder } from '../artifacts/dataset-folder.js';
import { formatMetadataJson } from '../artifacts/format-metadata-json.js';
import { type HubCommitFile, HubDatasetClient, type HubDatasetClientOptions } from './hub-dataset-client.js';
import { resolveHubEndpoint } from './hub-endpoint.js';
import { HuggingFaceHubClientUploadError } from './hub-upload-error.js';
import { resolveHubToken } from './resolve-hub-token.js';
import { renderHubDatasetCard } from './render-hub-dataset-card.js';
import { validateHubRepoId } from './validate-hub-repo-id.js';

/** Options of `pushDatasetToHub` (and `DatasetCreationResults.pushToHub`). */
export interface PushDatasetToHubOptions {
  /** Text under the card's title (Markdown). @default a line naming the record count */
  description?: string;
  /** Hub token with write access. @default `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`, else the `hf auth login` token file */
  token?: string;
  /** Create the repo as private (an existing repo keeps its visibility). @default false */
  private?: boolean;
  /** Tags added to the card after `synthetic` and `datadesigner`. */
  tags?: readonly string[];
  /** License id written to the card's front matter (e.g. `cc-by-4.0`). @default none */
  license?: string;
  /** Hub endpoint. @default `HF_ENDPOINT`, else https://huggingface.co */
  endpoint?: string;
  /** Summary of the commit. @default "Upload dataset generated with Data Designer" */
  commitMessage?: string;
  /** Retries of transient Hub failures (429; 5xx and network errors on calls safe to repeat). @default 4 retries from 1 s */
  retry?: HubDatasetClientOptions['retry'];
  /** Environment read for the token and endpoint. @default process.env */
  env?: EnvironmentVariables;
  /** Receives progress lines (never the token). @default none */
  log?: (line: string) => void;
}

/** What a push did. */
export interface HubPushResult {
  /** Page of the dataset on the Hub (`<endpoint>/datasets/<repo>`). */
  url: string;
  repoId: string;
  /** Commit id the Hub returned, when it returned one. */
  commitOid: string | null;
  /** True when the push created the repo. */
  createdRepo: boolean;
  /** Paths written in the repo, sorted. */
  files: string[];
}

const DEFAULT_COMMIT_MESSAGE = 'Upload dataset generated with Data Designer';
/** Repo folders of the dataset itself; a processor with one of these names would overwrite them. */
const RESERVED_REPO_FOLDERS = new Set(['data', ARTIFACT_LAYOUT.imagesFolder]);

/** Every file under `directory` as `[absolute path, path relative to it with '/']`, sorted. */
function listFiles(directory: string, prefix = ''): Array<[string, string]> {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) return [];
  const out: Array<[string, string]> = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const absolute = path.join(directory, entry.name);
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(absolute, relative));
    else if (entry.isFile()) out.push([absolute, relative]);
  }
  return out.sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reads a JSON file of the dataset folder; a missing required one or invalid JSON is an upload error naming it. */
function readJsonFile(folder: string, name: string, required: true): Record<string, unknown>;
function readJsonFile(folder: string, name: string, required: false): Record<string, unknown> | undefined;
function readJsonFile(folder: string, name: string, required: boolean): Record<string, unknown> | undefined {
  const file = path.join(folder, name);
  if (!existsSync(file)) {
    if (!required) return undefined;
    throw new HuggingFaceHubClientUploadError(`Required file not found: ${file}.`, {
      fix: 'Push a dataset folder written by create (it holds metadata.json once a row group completed).',
    });
  }
  if (!statSync(file).isFile()) throw new HuggingFaceHubClientUploadError(`${name} is not a file: ${file}.`);
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new HuggingFaceHubClientUploadError(`Invalid JSON in ${file}: ${(error as Error).message}.`, { fix: `Restore ${name} (or regenerate the dataset).` });
  }
}

/** `metadata.json` as the repo holds it: `file_paths` point at `data/…` and `<processor>/…`. */
export function hubMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const filePaths = metadata.file_paths as { [key: string]: unknown } | undefined;
  if (typeof filePaths !== 'object' || filePaths === null) return metadata;
  const moved: Record<string, unknown> = {};
  const finals = filePaths[ARTIFACT_LAYOUT.finalFolder];
  if (Array.isArray(finals)) moved.data = finals.map((file) => String(file).replace(`${ARTIFACT_LAYOUT.finalFolder}/`, 'data/'));
  const processors = filePaths['processor-files'];
  if (typeof processors === 'object' && processors !== null) {
    moved['processor-files'] = Object.fromEntries(
      Object.entries(processors as Record<string, unknown>).map(([name, files]) => [
        name,
        Array.isArray(files) ? files.map((file) => String(file).replace(`${ARTIFACT_LAYOUT.processorsFolder}/${name}/`, `${name}/`)) : files,
      ]),
    );
  }
  return { ...metadata, file_paths: moved };
}

/** Columns (name, DuckDB type) and record count of the final parquet files. */
async function describeDataset(datasetPath: string): Promise<{ columns: Array<{ name: string; type: string }>; numRecords: number }> {
  const folder = DatasetFolder.open(datasetPath);
  try {
    const relation = await folder.openView();
    try {
      const described = (await relation.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${relation.viewName}`)).getRowsJS();
      return { columns: described.map(([name, type]) => ({ name: String(name), type: String(type) })), numRecords: relation.rowCount };
    } finally {
      relation.close();
    }
  } finally {
    await folder.close();
  }
}

/** Per-column statistics: `metadata.json`'s `column_statistics`, else those of `analysis/profile.json`. */
function columnStatistics(folder: string, metadata: Record<string, unknown>): unknown[] {
  if (Array.isArray(metadata.column_statistics) && metadata.column_statistics.length > 0) return metadata.column_statistics;
  try {
    const profile = JSON.parse(readFileSync(path.join(folder, ANALYSIS_LAYOUT.folder, ANALYSIS_LAYOUT.profileFile), 'utf8')) as { column_statistics?: unknown };
    return Array.isArray(profile.column_statistics) ? profile.column_statistics : [];
  } catch {
    return [];
  }
}

/** `column_type` of each configured column of `builder_config.json` (an enum-like `{value}` read as its value). */
function configuredColumnTypes(builderConfig: Record<string, unknown> | undefined): string[] {
  const columns = (builderConfig?.data_designer as { columns?: unknown } | undefined)?.columns;
  if (!Array.isArray(columns)) return [];
  return columns.map((column) => {
    const type = (column as { column_type?: unknown } | null)?.column_type;
    if (typeof type === 'object' && type !== null && 'value' in type) return String((type as { value: unknown }).value);
    return typeof type === 'string' ? type : 'unknown';
  });
}

/**
 * Uploads a dataset folder written by `create` to a Hugging Face dataset repo, creating the repo
 * when missing, in ONE commit: `parquet-files/*` → `data/`, `images/**` → `images/`, each
 * `processors-files/<name>/**` → `<name>/`, `builder_config.json`, `metadata.json` (its
 * `file_paths` rewritten to the repo's paths) and a generated dataset card `README.md`. The local
 * folder is only read. Errors are `HuggingFaceHubClientUploadError`s naming the step, the repo and
 * the fix; the token never appears in them or in the log.
 */
export async function pushDatasetToHub(datasetPath: string, repoId: string, options: PushDatasetToHubOptions = {}): Promise<HubPushResult> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const folder = path.resolve(datasetPath);
  log(`Uploading dataset to the Hugging Face Hub: ${repoId}`);

  validateHubRepoId(repoId);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new HuggingFaceHubClientUploadError(`Dataset path does not exist or is not a folder: ${folder}.`, {
      fix: 'Pass the folder printed by create (<artifact path>/<dataset name>[_timestamp]).',
    });
  }
  const metadata = readJsonFile(folder, ARTIFACT_LAYOUT.metadataFile, true);
  const builderConfig = readJsonFile(folder, ARTIFACT_LAYOUT.builderConfigFile, false);
  const finalFolder = path.join(folder, ARTIFACT_LAYOUT.finalFolder);
  const parquetFiles = listFiles(finalFolder).filter(([, relative]) => !relative.includes('/') && relative.endsWith('.parquet'));
  if (parquetFiles.length === 0) {
    throw new HuggingFaceHubClientUploadError(`No parquet files in ${finalFolder}.`, {
      fix: 'Generate the dataset first: at least one completed row group is needed.',
    });
  }
  const processorsFolder = path.join(folder, ARTIFACT_LAYOUT.processorsFolder);
  const processorNames = existsSync(processorsFolder)
    ? readdirSync(processorsFolder, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const clash = processorNames.find((name) => RESERVED_REPO_FOLDERS.has(name));
  if (clash) {
    throw new HuggingFaceHubClientUploadError(
      `Processor output '${clash}' would be pushed to the repo folder '${clash}/', which holds the dataset's own files.`,
      {
        fix: 'Rename the processor (its outputs go to a repo folder of the same name).',
      },
    );
  }

  const resolved = resolveHubToken(options.token, env);
  if (!resolved.token) {
    throw new HuggingFaceHubClientUploadError(`No Hugging Face token to push dataset repo '${repoId}'.`, {
      fix: 'Pass a token with write access (token option), set HF_TOKEN, or run `hf auth login`.',
    });
  }

  const { columns, numRecords } = await describeDataset(folder);
  const target = typeof metadata.target_num_records === 'number' ? metadata.target_num_records : undefined;
  const card = renderHubDatasetCard({
    repoId,
    description: options.description ?? `A synthetic dataset of ${numRecords.toLocaleString('en-US')} records generated with Data Designer.`,
    numRecords,
    ...(target !== undefined ? { targetNumRecords: target } : {}),
    columns,
    columnStatistics: columnStatistics(folder, metadata),
    configuredColumnTypes: configuredColumnTypes(builderConfig),
    processorNames,
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.license ? { license: options.license } : {}),
  });

  const files: HubCommitFile[] = [{ pathInRepo: 'README.md', content: new TextEncoder().encode(card) }];
  for (const [absolute, relative] of parquetFiles) files.push({ pathInRepo: `data/${relative}`, localPath: absolute });
  const images = listFiles(path.join(folder, ARTIFACT_LAYOUT.imagesFolder));
  for (const [absolute, relative] of images) files.push({ pathInRepo: `${ARTIFACT_LAYOUT.imagesFolder}/${relative}`, localPath: absolute });
  for (const name of processorNames) {
    for (const [absolute, relative] of listFiles(path.join(processorsFolder, name))) files.push({ pathInRepo: `${name}/${relative}`, localPath: absolute });
  }
  if (builderConfig) files.push({ pathInRepo: ARTIFACT_LAYOUT.builderConfigFile, localPath: path.join(folder, ARTIFACT_LAYOUT.builderConfigFile) });
  files.push({ pathInRepo: ARTIFACT_LAYOUT.metadataFile, content: new TextEncoder().encode(formatMetadataJson(hubMetadata(metadata))) });

  const endpoint = resolveHubEndpoint(options.endpoint, env);
  const client = new HubDatasetClient({
    endpoint,
    repoId,
    token: resolved.token,
    tokenSource: resolved.source,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const exists = await client.repoExists();
  if (exists) log('  repository exists: its files are updated');
  else {
    log(`  creating ${options.private ? 'private' : 'public'} repository`);
    await client.createRepo({ private: options.private === true });
  }
  log(`  uploading ${files.length} files (${parquetFiles.length} parquet, ${images.length} images, ${processorNames.length} processor outputs)`);
  const commit = await client.commit(files, {
    summary: options.commitMessage ?? DEFAULT_COMMIT_MESSAGE,
    description: `${numRecords} records, ${columns.length} columns.`,
  });
  const url = `${endpoint}/datasets/${repoId}`;
  log(`  uploaded: ${url}`);
  return { url, repoId, commitOid: commit.commitOid, createdRepo: !exists, files: files.map((file) => file.pathInRepo).sort() };
}
