import { createHash } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import { open } from 'node:fs/promises';
import { definedOrThrow } from '@dd/config';
import { parseRetryAfterMs } from '../models/errors/parse-retry-after.js';
import { type BackoffOptions, retryDelayMs } from '../resilience/backoff.js';
import { HuggingFaceHubClientUploadError } from './hub-upload-error.js';

/** One file of a commit: its path in the repo and either a local file or bytes. */
export interface HubCommitFile {
  /** Path inside the repo, `/`-separated. */
  pathInRepo: string;
  /** Local file to upload (streamed: never loaded whole unless the Hub stores it as a regular file). */
  localPath?: string;
  /** Bytes to upload instead of a local file. */
  content?: Uint8Array;
}

/** What a commit returns. */
export interface HubCommitResult {
  commitOid: string | null;
  commitUrl: string | null;
}

/** Where and as whom the client talks to the Hub. */
export interface HubDatasetClientOptions {
  /** Hub endpoint without trailing `/` (`https://huggingface.co` or a compatible server). */
  endpoint: string;
  /** `<owner>/<name>` of the dataset repo. */
  repoId: string;
  /** Bearer token, or null for anonymous calls. Never logged or put in messages. */
  token: string | null;
  /** Where the token came from (`option`, `HF_TOKEN`, the token file's path), named in auth errors. */
  tokenSource?: string | null;
  /** Timeout of each request. @default 300000 */
  timeoutMs?: number;
  /** Retries of transient failures (429, and 5xx or network errors on calls safe to repeat). @default 4 retries, 1 s doubling up to 30 s, or the Hub's Retry-After */
  retry?: Partial<BackoffOptions> & { maxRetries?: number };
}

/** Statuses worth another try on a call that is safe to repeat. */
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Files per preupload and LFS batch request, as the Hub's own clients send them. */
const FILES_PER_REQUEST = 100;
/** Bytes of each file the preupload call sees to tell text from binary. */
const SAMPLE_BYTES = 512;

interface PreuploadResponse {
  files?: Array<{ path?: string; uploadMode?: string; shouldIgnore?: boolean }>;
}

interface LfsAction {
  href: string;
  header?: Record<string, string>;
}

interface LfsBatchResponse {
  objects?: Array<{ oid: string; size: number; actions?: { upload?: LfsAction; verify?: LfsAction }; error?: { code?: number; message?: string } }>;
}

interface PreparedFile extends HubCommitFile {
  size: number;
  sample: Uint8Array;
  mode: 'regular' | 'lfs' | 'ignore';
  oid?: string;
}

/**
 * The part of the Hub's HTTP API a dataset push needs, on plain `fetch`: repo lookup and creation,
 * and one commit (preupload → LFS batch → uploads → NDJSON commit). Every failure is a
 * `HuggingFaceHubClientUploadError` naming the step and the repo; the token never appears in one.
 */
export class HubDatasetClient {
  private readonly options: HubDatasetClientOptions;

  constructor(options: HubDatasetClientOptions) {
    this.options = options;
  }

  private get repoId(): string {
    return this.options.repoId;
  }

  private authHeaders(): Record<string, string> {
    return this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
  }

  /** Removes the token from text a server sent back (defensive: the Hub does not echo it). */
  private redact(text: string): string {
    return this.options.token ? text.replaceAll(this.options.token, '***') : text;
  }

  /**
   * One call, retried with the engine's backoff: a 429 always (the Hub did not process it), a 5xx or
   * a network failure only when `retry` says the call is safe to repeat (lookups, preupload, LFS
   * batch and uploads, not repo creation or the commit).
   */
  private async request(url: string, init: RequestInit, step: string, retry: 'transient' | 'rate-limit-only' = 'transient'): Promise<Response> {
    const backoff = { initialDelayMs: 1_000, maxDelayMs: 30_000, ...this.options.retry };
    const maxRetries = this.options.retry?.maxRetries ?? 4;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(this.options.timeoutMs ?? 300_000) });
      } catch (error) {
        if (retry === 'transient' && attempt < maxRetries) {
          await delay(retryDelayMs(backoff, attempt));
          continue;
        }
        throw new HuggingFaceHubClientUploadError(
          `Cannot reach the Hugging Face Hub at ${this.options.endpoint} while ${step} for dataset repo '${this.repoId}': ${this.redact((error as Error).message)}`,
          { fix: 'Check the endpoint (the endpoint option or HF_ENDPOINT) and the network; the local dataset is unchanged.' },
        );
      }
      const retryable = response.status === 429 || (retry === 'transient' && TRANSIENT_STATUSES.has(response.status));
      if (!retryable || attempt >= maxRetries) return response;
      const retryAfterMs = parseRetryAfterMs(response.headers);
      await response.body?.cancel();
      await delay(retryDelayMs(backoff, attempt, { retryAfterMs }));
    }
  }

  /** The error for a failed answer: refused or missing token, no permission, missing repo, or the status with the Hub's message. */
  private async failure(response: Response, step: string): Promise<InstanceType<typeof HuggingFaceHubClientUploadError>> {
    let detail = '';
    try {
      const text = await response.text();
      try {
        const body = JSON.parse(text) as { error?: unknown; message?: unknown };
        detail = String(body.error ?? body.message ?? text);
      } catch {
        detail = text;
      }
    } catch {
      detail = '';
    }
    detail = this.redact(detail.trim()).slice(0, 500);
    const where = `while ${step} for dataset repo '${this.repoId}'`;
    const from = this.options.tokenSource ? ` (from ${this.options.tokenSource === 'option' ? 'the token option' : this.options.tokenSource})` : '';
    if (response.status === 401) {
      return this.options.token
        ? new HuggingFaceHubClientUploadError(`The Hugging Face Hub refused the token${from} ${where} (HTTP 401).`, {
            fix: 'Pass a valid token with write access (token option), set HF_TOKEN, or run `hf auth login`.',
          })
        : new HuggingFaceHubClientUploadError(`The Hugging Face Hub needs a token ${where} (HTTP 401).`, {
            fix: 'Pass a token with write access (token option), set HF_TOKEN, or run `hf auth login`.',
          });
    }
    if (response.status === 403) {
      return new HuggingFaceHubClientUploadError(`The token${from} has no permission ${where} (HTTP 403)${detail ? `: ${detail}` : ''}.`, {
        fix: `Use a token with write access to '${this.repoId.split('/')[0]}', or push to a namespace you own.`,
      });
    }
    if (response.status === 404) {
      return new HuggingFaceHubClientUploadError(`Dataset repo '${this.repoId}' does not exist on the Hugging Face Hub (HTTP 404 ${where}).`, {
        fix: 'Check the repo id; the push creates the repo when the token may create it in that namespace.',
      });
    }
    return new HuggingFaceHubClientUploadError(`The Hugging Face Hub answered HTTP ${response.status} ${where}${detail ? `: ${detail}` : ''}.`, {
      fix: 'Try again later; the local dataset is unchanged.',
    });
  }

  private async json<T>(response: Response, step: string): Promise<T> {
    try {
      return (await response.json()) as T;
    } catch {
      throw new HuggingFaceHubClientUploadError(`The Hugging Face Hub sent an answer that is not JSON while ${step} for dataset repo '${this.repoId}'.`, {
        fix: 'Check the endpoint: it must be a Hugging Face Hub (or compatible) server.',
      });
    }
  }

  /** True when the repo exists and the token can see it. */
  async repoExists(): Promise<boolean> {
    const step = 'looking up the repository';
    const response = await this.request(`${this.options.endpoint}/api/datasets/${this.repoId}`, { headers: this.authHeaders() }, step);
    if (response.ok) {
      await response.body?.cancel();
      return true;
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return false;
    }
    throw await this.failure(response, step);
  }

  /** Creates the dataset repo; one that already exists (HTTP 409) is kept as it is. */
  async createRepo(options: { private: boolean }): Promise<void> {
    const step = 'creating the repository';
    const [organization, name] = this.repoId.split('/');
    const response = await this.request(
      `${this.options.endpoint}/api/repos/create`,
      {
        method: 'POST',
        headers: { ...this.authHeaders(), 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'dataset', name, organization, private: options.private }),
      },
      step,
      'rate-limit-only',
    );
    if (response.ok || response.status === 409) {
      await response.body?.cancel();
      return;
    }
    throw await this.failure(response, step);
  }

  /** Uploads every file in ONE commit on `revision`: the repo gets all of them or none. */
  async commit(files: readonly HubCommitFile[], message: { summary: string; description?: string; revision?: string }): Promise<HubCommitResult> {
    const revision = encodeURIComponent(message.revision ?? 'main');
    const prepared: PreparedFile[] = [];
    for (const file of files) prepared.push({ ...file, ...(await describeFile(file)), mode: 'regular' });

    const base = `${this.options.endpoint}/api/datasets/${this.repoId}`;
    for (let start = 0; start < prepared.length; start += FILES_PER_REQUEST) {
      const chunk = prepared.slice(start, start + FILES_PER_REQUEST);
      const step = 'preparing the upload';
      const response = await this.request(
        `${base}/preupload/${revision}`,
        {
          method: 'POST',
          headers: { ...this.authHeaders(), 'content-type': 'application/json' },
          body: JSON.stringify({
            files: chunk.map((file) => ({ path: file.pathInRepo, size: file.size, sample: Buffer.from(file.sample).toString('base64') })),
          }),
        },
        step,
      );
      if (!response.ok) throw await this.failure(response, step);
      const modes = new Map((await this.json<PreuploadResponse>(response, step)).files?.map((entry) => [entry.path, entry]) ?? []);
      for (const file of chunk) {
        const entry = modes.get(file.pathInRepo);
        file.mode = entry?.shouldIgnore ? 'ignore' : entry?.uploadMode === 'lfs' ? 'lfs' : 'regular';
      }
    }

    const large = prepared.filter((file) => file.mode === 'lfs');
    for (const file of large) file.oid = await sha256Of(file);
    for (let start = 0; start < large.length; start += FILES_PER_REQUEST)
      await this.uploadLargeFiles(large.slice(start, start + FILES_PER_REQUEST), message.revision ?? 'main');

    const lines: unknown[] = [{ key: 'header', value: { summary: message.summary, description: message.description ?? '' } }];
    for (const file of prepared) {
      if (file.mode === 'lfs') lines.push({ key: 'lfsFile', value: { path: file.pathInRepo, algo: 'sha256', oid: file.oid, size: file.size } });
      else if (file.mode === 'regular')
        lines.push({ key: 'file', value: { path: file.pathInRepo, encoding: 'base64', content: Buffer.from(await contentOf(file)).toString('base64') } });
    }
    const step = 'committing the files';
    const response = await this.request(
      `${base}/commit/${revision}`,
      {
        method: 'POST',
        headers: { ...this.authHeaders(), 'content-type': 'application/x-ndjson' },
        body: lines.map((line) => JSON.stringify(line)).join('\n'),
      },
      step,
      'rate-limit-only',
    );
    if (!response.ok) throw await this.failure(response, step);
    const result = await this.json<{ commitOid?: string; commitUrl?: string }>(response, step);
    return { commitOid: result.commitOid ?? null, commitUrl: result.commitUrl ?? null };
  }

  /** Git LFS batch (basic and multipart transfers), then each upload the Hub asks for, then its verify call. */
  private async uploadLargeFiles(files: readonly PreparedFile[], revision: string): Promise<void> {
    let step = 'requesting upload slots for the large files';
    const response = await this.request(
      `${this.options.endpoint}/datasets/${this.repoId}.git/info/lfs/objects/batch`,
      {
        method: 'POST',
        headers: { ...this.authHeaders(), accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json' },
        body: JSON.stringify({
          operation: 'upload',
          transfers: ['basic', 'multipart'],
          hash_algo: 'sha_256',
          ref: { name: revision },
          objects: files.map((file) => ({ oid: file.oid, size: file.size })),
        }),
      },
      step,
    );
    if (!response.ok) throw await this.failure(response, step);
    const batch = await this.json<LfsBatchResponse>(response, step);
    for (const file of files) {
      const object = batch.objects?.find((candidate) => candidate.oid === file.oid);
      step = `uploading ${file.pathInRepo}`;
      if (!object)
        throw new HuggingFaceHubClientUploadError(`The Hugging Face Hub gave no upload slot for ${file.pathInRepo} of dataset repo '${this.repoId}'.`, {
          fix: 'Try again later; the local dataset is unchanged.',
        });
      if (object.error) {
        throw new HuggingFaceHubClientUploadError(
          `The Hugging Face Hub refused ${file.pathInRepo} of dataset repo '${this.repoId}': ${this.redact(object.error.message ?? `code ${object.error.code}`)}.`,
          {
            fix: 'Try again later; the local dataset is unchanged.',
          },
        );
      }
      const upload = object.actions?.upload;
      if (!upload) continue; // Already stored on the Hub.
      const blob = await blobOf(file);
      const chunkSize = Number(upload.header?.chunk_size);
      if (Number.isFinite(chunkSize) && chunkSize > 0) {
        const partNumbers = Object.keys(upload.header ?? {})
          .filter((key) => /^\d+$/.test(key))
          .map(Number)
          .sort((a, b) => a - b);
        const parts: Array<{ partNumber: number; etag: string }> = [];
        for (const partNumber of partNumbers) {
          const part = await this.request(
            definedOrThrow(upload.header?.[String(partNumber)], `the upload URL of part ${partNumber}`),
            { method: 'PUT', body: blob.slice((partNumber - 1) * chunkSize, partNumber * chunkSize) },
            step,
          );
          if (!part.ok) throw await this.failure(part, step);
          await part.body?.cancel();
          parts.push({ partNumber, etag: part.headers.get('etag') ?? '' });
        }
        const done = await this.request(
          upload.href,
          {
            method: 'POST',
            headers: { accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json' },
            body: JSON.stringify({ oid: file.oid, parts }),
          },
          step,
        );
        if (!done.ok) throw await this.failure(done, step);
        await done.body?.cancel();
      } else {
        const headers = Object.fromEntries(Object.entries(upload.header ?? {}).filter(([key]) => key.toLowerCase() !== 'chunk_size'));
        const put = await this.request(upload.href, { method: 'PUT', headers, body: blob }, step);
        if (!put.ok) throw await this.failure(put, step);
        await put.body?.cancel();
      }
      const verify = object.actions?.verify;
      if (verify) {
        const checked = await this.request(
          verify.href,
          {
            method: 'POST',
            // The token goes only to the Hub itself, never to a storage URL the Hub hands out.
            headers: {
              ...(sameOrigin(verify.href, this.options.endpoint) ? this.authHeaders() : {}),
              ...verify.header,
              'content-type': 'application/vnd.git-lfs+json',
            },
            body: JSON.stringify({ oid: file.oid, size: file.size }),
          },
          step,
        );
        if (!checked.ok) throw await this.failure(checked, step);
        await checked.body?.cancel();
      }
    }
  }
}

/** True when `url` is on the endpoint's origin. */
function sameOrigin(url: string, endpoint: string): boolean {
  try {
    return new URL(url).origin === new URL(endpoint).origin;
  } catch {
    return false;
  }
}

/** Size and first bytes of a file to commit. */
async function describeFile(file: HubCommitFile): Promise<{ size: number; sample: Uint8Array }> {
  if (file.content) return { size: file.content.byteLength, sample: file.content.subarray(0, SAMPLE_BYTES) };
  const handle = await open(requireLocalPath(file), 'r');
  try {
    const { size } = await handle.stat();
    const sample = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    await handle.read(sample, 0, sample.length, 0);
    return { size, sample };
  } finally {
    await handle.close();
  }
}

function requireLocalPath(file: HubCommitFile): string {
  if (file.localPath === undefined) throw new TypeError(`Commit file ${file.pathInRepo} has neither content nor localPath.`);
  return file.localPath;
}

async function contentOf(file: HubCommitFile): Promise<Uint8Array> {
  if (file.content) return file.content;
  return new Uint8Array(await (await openAsBlob(requireLocalPath(file))).arrayBuffer());
}

async function blobOf(file: HubCommitFile): Promise<Blob> {
  return file.content ? new Blob([file.content]) : openAsBlob(requireLocalPath(file));
}

/** SHA-256 (hex) of a file's bytes, streamed. */
async function sha256Of(file: HubCommitFile): Promise<string> {
  const hash = createHash('sha256');
  if (file.content) return hash.update(file.content).digest('hex');
  for await (const chunk of createReadStream(requireLocalPath(file))) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
