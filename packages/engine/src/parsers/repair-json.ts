import { jsonrepair } from 'jsonrepair';

/** Result of a lenient JSON parse: the value, or the reason it could not be read. */
export type RepairedJson = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Parses JSON the way `json_repair.loads` does for model output: strict JSON first, then a repaired
 * version (trailing commas, single quotes, missing brackets, comments, Python constants…).
 */
export function parseJsonLenient(text: string): RepairedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // fall through to repair
  }
  try {
    return { ok: true, value: JSON.parse(jsonrepair(text)) as unknown };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
