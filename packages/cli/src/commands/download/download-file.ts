import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { UndiciModule } from '../shared/engine-peer-modules.js';

/** Progress of one file download. */
export interface DownloadProgress {
  received: number;
  total: number | undefined;
}

/** Streams `url` to `file` (following redirects via `dispatcher`), reporting progress; throws on a non-200 answer. */
export async function downloadFile(
  undici: UndiciModule,
  dispatcher: unknown,
  url: string,
  file: string,
  headers: Record<string, string>,
  onProgress: (progress: DownloadProgress) => void,
): Promise<number> {
  const response = await undici.request(url, { headers, dispatcher });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`GET ${url} returned HTTP ${response.statusCode}`);
  }
  const length = Number(response.headers['content-length']);
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const out = createWriteStream(file);
  let received = 0;
  try {
    for await (const chunk of response.body) {
      received += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
      onProgress({ received, total });
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  if (total !== undefined && received !== total) throw new Error(`incomplete download of ${url}: ${received} of ${total} bytes`);
  return received;
}
