import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeBytes } from './node-bytes.js';

/** Endpoints of the Hub test server, as named in `requests` and `failures`. */
export type HubTestEndpoint = 'repo-info' | 'tree' | 'resolve' | 'create' | 'preupload' | 'lfs-batch' | 'lfs-upload' | 'lfs-verify' | 'commit';

/** A dataset repo the server starts with. */
export interface HubTestRepoInput {
  /** Private repos answer only tokens that may write to their owner. @default false */
  private?: boolean;
  /** Files by path in the repo. */
  files?: Record<string, string | Uint8Array>;
}

/** Options of `startHubTestServer`. */
export interface HubTestServerOptions {
  /** Dataset repos by `<owner>/<name>`. */
  repos?: Record<string, HubTestRepoInput>;
  /** Tokens the server accepts, each with the owners (users or organizations) it may read privately and write. */
  tokens?: Record<string, { namespaces: readonly string[] }>;
  /** Answer an endpoint with this HTTP status instead of serving it (fault injection): always, or the first `times` calls (with `Retry-After` when given). */
  failures?: Partial<Record<HubTestEndpoint, number | { status: number; times: number; retryAfterSeconds?: number }>>;
  /** Split LFS uploads larger than this into multipart uploads of this many bytes. @default never */
  multipartChunkSize?: number;
}

/** A dataset repo as the server holds it. */
export interface HubTestRepo {
  private: boolean;
  /** Files by path. */
  files: Map<string, NodeBytes>;
  /** Paths stored through LFS. */
  lfsPaths: Set<string>;
  /** Commits applied, oldest first. */
  commits: Array<{ summary: string; description: string; paths: string[] }>;
}

/** One request the server saw. */
export interface HubTestRequest {
  method: string;
  path: string;
  endpoint: HubTestEndpoint | 'unknown';
  /** The `Authorization` header as sent (tests assert the token was or was not sent). */
  authorization: string | undefined;
}

/** A running Hub-compatible server on 127.0.0.1. */
export interface HubTestServer {
  /** `http://127.0.0.1:<port>`: pass as `endpoint` or `HF_ENDPOINT`. */
  readonly endpoint: string;
  /** Repos by id, updated by creations and commits. */
  readonly repos: Map<string, HubTestRepo>;
  /** Requests in arrival order. */
  readonly requests: HubTestRequest[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Extensions the preupload call sends through LFS, whatever their bytes (as the Hub's default `.gitattributes`). */
const LFS_EXTENSIONS = /\.(parquet|arrow|bin|png|jpe?g|gif|webp|zip|gz|zst|npy|pt|safetensors)$/i;
const LFS_MIN_SIZE = 10 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A matched request: the endpoint and the parts of its path. */
interface HubRoute {
  endpoint: HubTestEndpoint | 'unknown';
  repoId?: string;
  revision?: string;
  rest?: string;
}

const REPO = '(?<repo>[^/]+/[^/]+)';
const REV = '(?<rev>[^/]+)';
/** Routes in match order: method (any when absent), path pattern with named groups. */
const HUB_ROUTES: Array<{ endpoint: HubTestEndpoint; method?: string; pattern: RegExp }> = [
  { endpoint: 'create', method: 'POST', pattern: /^\/api\/repos\/create$/ },
  { endpoint: 'tree', pattern: new RegExp(`^/api/datasets/${REPO}/tree/${REV}(?:/(?<rest>.*))?$`) },
  { endpoint: 'preupload', method: 'POST', pattern: new RegExp(`^/api/datasets/${REPO}/preupload/${REV}$`) },
  { endpoint: 'commit', method: 'POST', pattern: new RegExp(`^/api/datasets/${REPO}/commit/${REV}$`) },
  { endpoint: 'repo-info', method: 'GET', pattern: new RegExp(`^/api/datasets/${REPO}$`) },
  { endpoint: 'resolve', pattern: new RegExp(`^/datasets/${REPO}/resolve/${REV}/(?<rest>.+)$`) },
  { endpoint: 'lfs-batch', method: 'POST', pattern: new RegExp(`^/datasets/${REPO}\\.git/info/lfs/objects/batch$`) },
  { endpoint: 'lfs-upload', pattern: /^\/lfs-(?:upload|part|complete)\/[0-9a-f]+(?:\/\d+)?$/ },
  { endpoint: 'lfs-verify', pattern: /^\/lfs-verify\/[0-9a-f]+$/ },
];

function matchHubRoute(method: string, pathname: string): HubRoute {
  for (const route of HUB_ROUTES) {
    if (route.method !== undefined && route.method !== method) continue;
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const groups = match.groups ?? {};
    return {
      endpoint: route.endpoint,
      ...(groups.repo !== undefined ? { repoId: groups.repo } : {}),
      ...(groups.rev !== undefined ? { revision: groups.rev } : {}),
      rest: route.endpoint.startsWith('lfs-') && route.endpoint !== 'lfs-batch' ? pathname : (groups.rest ?? ''),
    };
  }
  return { endpoint: 'unknown' };
}

/** Marks a request as answered (every handler path ends in one reply). */
type Handled = true;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A small subset of the Hugging Face Hub's HTTP API for tests (never the network): repo info
 * (`GET /api/datasets/<repo>`), file listing (`GET /api/datasets/<repo>/tree/<rev>`), downloads
 * (`GET /datasets/<repo>/resolve/<rev>/<file>`), repo creation (`POST /api/repos/create`), and
 * commits as the Hub's clients make them: `POST …/preupload/<rev>`, the Git LFS batch call
 * (`POST /datasets/<repo>.git/info/lfs/objects/batch`; basic and multipart uploads, verify) and
 * `POST /api/datasets/<repo>/commit/<rev>` (NDJSON, applied atomically). Uploads to the URLs the
 * batch call hands out need no token (like presigned storage URLs); everything else checks it: no or
 * unknown token → 401, a token without rights on the owner → 403 on writes (404 on private reads),
 * a missing repo → 404, an existing one on create → 409. Only the `main` revision exists.
 */
export async function startHubTestServer(options: HubTestServerOptions = {}): Promise<HubTestServer> {
  const repos = new Map<string, HubTestRepo>();
  for (const [id, input] of Object.entries(options.repos ?? {})) {
    repos.set(id, {
      private: input.private === true,
      files: new Map(Object.entries(input.files ?? {}).map(([file, content]) => [file, Buffer.from(content)])),
      lfsPaths: new Set(),
      commits: [],
    });
  }
  const tokens = options.tokens ?? {};
  const requests: HubTestRequest[] = [];
  const lfsObjects = new Map<string, Buffer>();
  const uploadSlots = new Map<string, { oid: string; size: number }>();
  const multipartParts = new Map<string, Map<number, Buffer>>();
  const injectedCounts = new Map<HubTestEndpoint, number>();
  let endpoint = '';

  const reply = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): Handled => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
    return true;
  };
  const fail = (response: ServerResponse, status: number, code: string, message = code): Handled =>
    reply(response, status, { error: message }, { 'x-error-code': code });

  /** The token's rights: `none` (absent), `invalid`, or the namespaces it may write. */
  const identify = (request: IncomingMessage): { kind: 'none' } | { kind: 'invalid' } | { kind: 'valid'; namespaces: readonly string[] } => {
    const header = request.headers.authorization;
    if (!header) return { kind: 'none' };
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    const entry = token ? tokens[token] : undefined;
    return entry ? { kind: 'valid', namespaces: entry.namespaces } : { kind: 'invalid' };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<Handled> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    const method = request.method ?? 'GET';
    const route = matchHubRoute(method, pathname);
    requests.push({ method, path: pathname, endpoint: route.endpoint, authorization: request.headers.authorization });
    const body = await readBody(request);
    if (route.endpoint === 'unknown') return fail(response, 404, 'NotFound', `No route for ${method} ${pathname}`);
    const injected = options.failures?.[route.endpoint];
    if (injected !== undefined) {
      const rule = typeof injected === 'number' ? { status: injected, times: Number.POSITIVE_INFINITY } : injected;
      const seen = (injectedCounts.get(route.endpoint) ?? 0) + 1;
      injectedCounts.set(route.endpoint, seen);
      if (seen <= rule.times) {
        if (rule.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(rule.retryAfterSeconds));
        return fail(response, rule.status, 'InjectedFailure', `Injected failure of ${route.endpoint}`);
      }
    }

    const who = identify(request);
    if (who.kind === 'invalid') return fail(response, 401, 'Unauthorized', 'Invalid credentials in Authorization header');

    if (route.endpoint === 'create') {
      if (who.kind === 'none') return fail(response, 401, 'Unauthorized', 'You must be authenticated to create a repo');
      const input = JSON.parse(body.toString('utf8') || '{}') as { name?: string; organization?: string; type?: string; private?: boolean };
      if (input.type !== 'dataset') return fail(response, 400, 'BadRequest', 'Only dataset repos are served here');
      if (!input.name || !input.organization) return fail(response, 400, 'BadRequest', 'name and organization are required');
      if (!who.namespaces.includes(input.organization))
        return fail(response, 403, 'Forbidden', `You don't have the rights to create a dataset under the namespace "${input.organization}"`);
      const id = `${input.organization}/${input.name}`;
      if (repos.has(id)) return fail(response, 409, 'Conflict', 'You already created this dataset repo');
      repos.set(id, {
        private: input.private === true,
        files: new Map([['.gitattributes', Buffer.from('*.parquet filter=lfs diff=lfs merge=lfs -text\n')]]),
        lfsPaths: new Set(),
        commits: [],
      });
      return reply(response, 200, { url: `${endpoint}/datasets/${id}`, name: id });
    }

    if (route.endpoint === 'lfs-upload') return handleLfsTransfer(route.rest ?? '', method, body, response);
    if (route.endpoint === 'lfs-verify') {
      if (who.kind !== 'valid') return fail(response, 401, 'Unauthorized', 'You must be authenticated to verify an upload');
      const { oid } = JSON.parse(body.toString('utf8') || '{}') as { oid?: string };
      return lfsObjects.has(oid ?? '') ? reply(response, 200, {}) : fail(response, 404, 'NotFound', 'Object not uploaded');
    }

    const repoId = route.repoId ?? '';
    const repo = repos.get(repoId);
    const owner = repoId.split('/')[0] ?? '';
    const mayWrite = who.kind === 'valid' && who.namespaces.includes(owner);
    const isWrite = route.endpoint === 'preupload' || route.endpoint === 'commit' || route.endpoint === 'lfs-batch';
    if (isWrite && who.kind === 'none') return fail(response, 401, 'Unauthorized', 'You must be authenticated to write');
    if (!repo) return fail(response, 404, 'RepoNotFound', 'Repository not found');
    if (repo.private && !mayWrite)
      return who.kind === 'none' ? fail(response, 401, 'RepoNotFound', 'Repository not found') : fail(response, 404, 'RepoNotFound', 'Repository not found');
    if (isWrite && !mayWrite) return fail(response, 403, 'Forbidden', `You don't have the rights to write to ${repoId}`);
    if (route.revision !== undefined && route.revision !== 'main') return fail(response, 404, 'RevisionNotFound', `Revision ${route.revision} not found`);

    switch (route.endpoint) {
      case 'repo-info':
        return reply(response, 200, { id: repoId, private: repo.private });
      case 'tree': {
        const prefix = route.rest ? `${route.rest.replace(/\/+$/, '')}/` : '';
        const entries = [...repo.files].filter(([file]) => file.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const files = entries.map(([file]) => file);
        const folders = new Set<string>();
        for (const file of files) {
          const parts = file.split('/');
          for (let depth = 1; depth < parts.length; depth++) folders.add(parts.slice(0, depth).join('/'));
        }
        return reply(response, 200, [
          ...[...folders].sort().map((folder) => ({ type: 'directory', path: folder, oid: sha256(Buffer.from(folder)).slice(0, 40), size: 0 })),
          ...entries.map(([file, bytes]) => ({
            type: 'file',
            path: file,
            size: bytes.length,
            oid: sha256(bytes).slice(0, 40),
            ...(repo.lfsPaths.has(file) ? { lfs: { oid: sha256(bytes), size: bytes.length } } : {}),
          })),
        ]);
      }
      case 'resolve': {
        const content = repo.files.get(route.rest ?? '');
        if (!content) return fail(response, 404, 'EntryNotFound', 'Entry not found');
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(content.length) });
        response.end(content);
        return true;
      }
      case 'preupload': {
        const input = JSON.parse(body.toString('utf8') || '{}') as { files?: Array<{ path: string; size: number; sample: string }> };
        return reply(response, 200, {
          files: (input.files ?? []).map((file) => {
            const binary = Buffer.from(file.sample ?? '', 'base64').includes(0);
            return {
              path: file.path,
              uploadMode: LFS_EXTENSIONS.test(file.path) || binary || file.size >= LFS_MIN_SIZE ? 'lfs' : 'regular',
              shouldIgnore: false,
            };
          }),
        });
      }
      case 'lfs-batch': {
        const input = JSON.parse(body.toString('utf8') || '{}') as { operation?: string; objects?: Array<{ oid: string; size: number }> };
        if (input.operation !== 'upload') return fail(response, 400, 'BadRequest', 'Only uploads are served here');
        return reply(
          response,
          200,
          {
            transfer: 'basic',
            objects: (input.objects ?? []).map(({ oid, size }) => {
              if (lfsObjects.has(oid)) return { oid, size };
              const slot = randomBytes(8).toString('hex');
              uploadSlots.set(slot, { oid, size });
              const chunk = options.multipartChunkSize;
              if (chunk && size > chunk) {
                const header: Record<string, string> = { chunk_size: String(chunk) };
                for (let part = 1; part <= Math.ceil(size / chunk); part++) header[String(part)] = `${endpoint}/lfs-part/${slot}/${part}`;
                return { oid, size, actions: { upload: { href: `${endpoint}/lfs-complete/${slot}`, header } } };
              }
              return {
                oid,
                size,
                actions: { upload: { href: `${endpoint}/lfs-upload/${slot}` }, verify: { href: `${endpoint}/lfs-verify/${oid}`, header: {} } },
              };
            }),
          },
          { 'content-type': 'application/vnd.git-lfs+json' },
        );
      }
      case 'commit': {
        const lines = body
          .toString('utf8')
          .split('\n')
          .filter((line) => line.trim() !== '');
        let summary = '';
        let description = '';
        const staged = new Map<string, { content: Buffer; lfs: boolean }>();
        const deleted: string[] = [];
        for (const line of lines) {
          const { key, value } = JSON.parse(line) as { key: string; value: Record<string, unknown> };
          if (key === 'header') {
            summary = String(value.summary ?? '');
            description = String(value.description ?? '');
          } else if (key === 'file') {
            staged.set(String(value.path), { content: Buffer.from(String(value.content ?? ''), value.encoding === 'base64' ? 'base64' : 'utf8'), lfs: false });
          } else if (key === 'lfsFile') {
            const object = lfsObjects.get(String(value.oid));
            if (!object) return fail(response, 400, 'BadRequest', `LFS object of ${String(value.path)} was not uploaded`);
            staged.set(String(value.path), { content: object, lfs: true });
          } else if (key === 'deletedFile') deleted.push(String(value.path));
          else return fail(response, 400, 'BadRequest', `Unknown commit line key '${key}'`);
        }
        if (!summary) return fail(response, 400, 'BadRequest', 'A commit needs a summary');
        for (const file of deleted) repo.files.delete(file);
        for (const [file, { content, lfs }] of staged) {
          repo.files.set(file, content);
          if (lfs) repo.lfsPaths.add(file);
          else repo.lfsPaths.delete(file);
        }
        repo.commits.push({ summary, description, paths: [...staged.keys()] });
        const commitOid = randomBytes(20).toString('hex');
        return reply(response, 200, { success: true, commitOid, commitUrl: `${endpoint}/datasets/${repoId}/commit/${commitOid}` });
      }
    }
  };

  /** `PUT /lfs-upload/<slot>`, `PUT /lfs-part/<slot>/<n>` and `POST /lfs-complete/<slot>`: bytes must hash to the announced oid. */
  function handleLfsTransfer(pathname: string, method: string, body: Buffer, response: ServerResponse): Handled {
    const [, kind, slotId = '', part] = /^\/lfs-(upload|part|complete)\/([0-9a-f]+)(?:\/(\d+))?$/.exec(pathname) ?? [];
    const slot = uploadSlots.get(slotId);
    if (!slot) return fail(response, 404, 'NotFound', 'Unknown upload slot');
    const store = (bytes: Buffer): Handled => {
      if (bytes.length !== slot.size || sha256(bytes) !== slot.oid)
        return fail(response, 400, 'BadRequest', 'Uploaded bytes do not match the announced oid and size');
      lfsObjects.set(slot.oid, bytes);
      uploadSlots.delete(slotId);
      return reply(response, 200, {});
    };
    if (kind === 'upload' && method === 'PUT') return store(body);
    if (kind === 'part' && method === 'PUT') {
      const parts = multipartParts.get(slotId) ?? new Map<number, Buffer>();
      parts.set(Number(part), body);
      multipartParts.set(slotId, parts);
      response.writeHead(200, { etag: `"${sha256(body).slice(0, 32)}"` });
      response.end();
      return true;
    }
    if (kind === 'complete' && method === 'POST') {
      const input = JSON.parse(body.toString('utf8') || '{}') as { parts?: Array<{ partNumber: number; etag: string }> };
      const parts = multipartParts.get(slotId) ?? new Map<number, Buffer>();
      const ordered = (input.parts ?? []).sort((a, b) => a.partNumber - b.partNumber);
      if (
        ordered.length !== parts.size ||
        ordered.some(({ partNumber, etag }) => etag !== `"${sha256(parts.get(partNumber) ?? Buffer.alloc(0)).slice(0, 32)}"`)
      ) {
        return fail(response, 400, 'BadRequest', 'Multipart completion does not list the uploaded parts with their ETags');
      }
      multipartParts.delete(slotId);
      return store(Buffer.concat(ordered.map(({ partNumber }) => parts.get(partNumber) ?? Buffer.alloc(0))));
    }
    return fail(response, 405, 'MethodNotAllowed', `${method} not allowed here`);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) fail(response, 500, 'InternalError', (error as Error).message);
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    repos,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
