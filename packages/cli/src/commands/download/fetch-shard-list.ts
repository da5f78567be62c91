import type { UndiciModule } from '../shared/engine-peer-modules.js';

/** Parquet shard URLs of a locale, from the Hub's parquet listing `{config: {split: [urls]}}`. */
export function pickShards(listing: unknown, locale: string): string[] {
  if (!listing || typeof listing !== 'object') throw new Error('unexpected parquet listing (not an object)');
  const entries: Array<{ config: string; split: string; urls: string[] }> = [];
  for (const [config, splits] of Object.entries(listing as Record<string, unknown>)) {
    if (!splits || typeof splits !== 'object') continue;
    for (const [split, urls] of Object.entries(splits as Record<string, unknown>)) {
      if (Array.isArray(urls)) entries.push({ config, split, urls: urls.filter((url): url is string => typeof url === 'string') });
    }
  }
  const wanted = locale.toLowerCase();
  const byLocale = entries.filter((entry) => entry.config.toLowerCase() === wanted || entry.split.toLowerCase() === wanted);
  const chosen = byLocale.length > 0 ? byLocale : entries.filter((entry) => entry.split === 'train');
  const urls = (chosen.length > 0 ? chosen : entries).flatMap((entry) => entry.urls);
  if (urls.length === 0) throw new Error('the dataset lists no parquet files');
  return urls.sort();
}

/** Fetches the parquet listing of a Hugging Face dataset repo: `<urlBase>/api/datasets/<repo>/parquet`. */
export async function fetchShardList(
  undici: UndiciModule,
  dispatcher: unknown,
  urlBase: string,
  repo: string,
  locale: string,
  headers: Record<string, string>,
): Promise<string[]> {
  const url = `${urlBase.replace(/\/+$/, '')}/api/datasets/${repo}/parquet`;
  const response = await undici.request(url, { headers, dispatcher });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`GET ${url} returned HTTP ${response.statusCode}`);
  }
  return pickShards(JSON.parse(await response.body.text()), locale);
}
