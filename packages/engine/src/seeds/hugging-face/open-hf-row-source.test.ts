import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openSeedReader } from '../open-seed-reader.js';
import { SeedReaderError } from '../seed-reader-error.js';
import { openHfRowSource, parseHubDatasetPath } from './open-hf-row-source.js';

/** Files of the datasets our Hub-compatible test server holds; `org/secret` needs the token `hf_good`. */
const REPOS: Record<string, { private: boolean; files: Record<string, string> }> = {
  'org/people': {
    private: false,
    files: {
      'README.md': '# people',
      'data/train-1.jsonl': '{"name":"Cy","age":29}\n',
      'data/train-0.jsonl': '{"name":"Ada","age":36}\n{"name":"Bob","age":41}\n',
      'other/x.jsonl': '{"name":"no"}\n',
    },
  },
  'org/secret': { private: true, files: { 'rows.csv': 'k\n1\n2\n' } },
};

let server: Server;
let endpoint: string;
const authorizations: Array<string | undefined> = [];

/** A small subset of the Hub API: `GET /api/datasets/<repo>/tree/<rev>` and `GET /datasets/<repo>/resolve/<rev>/<file>`. */
function handle(request: IncomingMessage, response: ServerResponse): void {
  authorizations.push(request.headers.authorization);
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = /^\/(?:api\/datasets\/([^/]+\/[^/]+)\/tree\/([^/]+)|datasets\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+))$/.exec(url.pathname);
  const repoId = match?.[1] ?? match?.[3];
  const revision = decodeURIComponent(match?.[2] ?? match?.[4] ?? '');
  const repo = repoId ? REPOS[repoId] : undefined;
  const fail = (status: number, code: string) => {
    response.writeHead(status, { 'x-error-code': code, 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: code }));
  };
  if (!repo) {
    fail(404, 'RepoNotFound');
    return;
  }
  if (repo.private && request.headers.authorization !== 'Bearer hf_good') {
    fail(401, 'Unauthorized');
    return;
  }
  if (revision !== 'main') {
    fail(404, 'RevisionNotFound');
    return;
  }
  if (match?.[1]) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify([{ type: 'directory', path: 'data' }, ...Object.keys(repo.files).map((file) => ({ type: 'file', path: file }))]));
    return;
  }
  const body = repo.files[decodeURIComponent(match?.[5] ?? '')];
  if (body === undefined) {
    fail(404, 'EntryNotFound');
    return;
  }
  response.writeHead(200);
  response.end(body);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('hf seed sources against a Hub-compatible server on 127.0.0.1', () => {
  it('reads the files matching the glob, in path order, through openSeedReader', async () => {
    const reader = await openSeedReader({ source: { seed_type: 'hf', path: 'datasets/org/people/data/*.jsonl', endpoint } });
    try {
      expect(reader.columnNames).toEqual(['name', 'age']);
      expect(await reader.readRows(0, 3)).toEqual([
        { name: 'Ada', age: 36 },
        { name: 'Bob', age: 41 },
        { name: 'Cy', age: 29 },
      ]);
    } finally {
      await reader.close();
    }
  });

  it('uses HF_ENDPOINT when the source keeps the default endpoint, and sends the token named by an env var', async () => {
    const source = await openHfRowSource(
      { seed_type: 'hf', path: 'datasets/org/secret/*.csv', endpoint: 'https://huggingface.co', token: 'MY_HF_TOKEN' },
      { HF_ENDPOINT: endpoint, MY_HF_TOKEN: 'hf_good' },
    );
    try {
      expect(source.rowCount).toBe(2);
      expect(authorizations.at(-1)).toBe('Bearer hf_good');
    } finally {
      await source.close();
    }
  });

  it('names a dataset that does not exist, a revision that does not exist, and files that match nothing', async () => {
    const open = (path: string) => openHfRowSource({ seed_type: 'hf', path, endpoint }, {});
    await expect(open('datasets/org/nope/*.jsonl')).rejects.toThrow("Dataset 'org/nope' does not exist on the Hugging Face Hub");
    await expect(open('datasets/org/people@v9/data/*.jsonl')).rejects.toThrow("Revision 'v9' of dataset 'org/people' does not exist");
    await expect(open('datasets/org/people/data/*.parquet')).rejects.toThrow(
      /No file of dataset 'org\/people' \(revision 'main'\) matches 'data\/\*\.parquet'/,
    );
  });

  it('says when a token is refused or missing, and never prints the token', async () => {
    const error = await openHfRowSource({ seed_type: 'hf', path: 'datasets/org/secret/*.csv', endpoint, token: 'hf_wrong_secret_value' }, {}).catch(
      (caught: unknown) => caught,
    );
    expect(SeedReaderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("The Hugging Face Hub refused the token for dataset 'org/secret' (HTTP 401).");
    expect(JSON.stringify({ message: (error as Error).message, fix: (error as { fix?: string }).fix })).not.toContain('hf_wrong_secret_value');
    await expect(openHfRowSource({ seed_type: 'hf', path: 'datasets/org/secret/*.csv', endpoint }, {})).rejects.toThrow(/needs a token \(HTTP 401\)/);
  });

  it('parses dataset paths and refuses the ones that are not datasets/<owner>/<name>/<files>', () => {
    expect(parseHubDatasetPath('datasets/org/name@dev/data/**/*.parquet')).toEqual({ repoId: 'org/name', revision: 'dev', pattern: 'data/**/*.parquet' });
    expect(() => parseHubDatasetPath('org/name/data.csv')).toThrow(/not of the form 'datasets\/<owner>\/<dataset>\/<files>'/);
  });
});
