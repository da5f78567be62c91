import { createRequire } from 'node:module';

type JsonRepair = typeof import('jsonrepair').jsonrepair;
let jsonrepairFn: JsonRepair | undefined;

/** jsonrepair, required the first time a reply is not strict JSON (most runs never need it). */
function jsonrepair(text: string): string {
  jsonrepairFn ??= (createRequire(import.meta.url)('jsonrepair') as typeof import('jsonrepair')).jsonrepair;
  return jsonrepairFn(text);
}

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
