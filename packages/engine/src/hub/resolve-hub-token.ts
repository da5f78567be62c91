import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EnvironmentVariables } from '@dd/config';

/** A Hub token and where it came from (for messages: the source is named, the token never is). */
export interface ResolvedHubToken {
  /** The token, or null when none is configured. Never log it. */
  token: string | null;
  /** `option`, an environment variable's name, or the token file's path; null without a token. */
  source: string | null;
}

/** Path of the token file `hf auth login` writes: `HF_TOKEN_PATH`, else `$HF_HOME/token` (`~/.cache/huggingface` by default). */
export function hubTokenFilePath(env: EnvironmentVariables = process.env): string {
  if (env.HF_TOKEN_PATH) return env.HF_TOKEN_PATH;
  const home = env.HF_HOME || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'huggingface');
  return path.join(home, 'token');
}

/**
 * The token for Hub calls, in the order the Hub's own Python client uses: the given one, else
 * `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`, else the token file of `hf auth login`.
 */
export function resolveHubToken(given: string | null | undefined, env: EnvironmentVariables = process.env): ResolvedHubToken {
  if (given?.trim()) return { token: given.trim(), source: 'option' };
  for (const name of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN']) {
    const value = env[name]?.trim();
    if (value) return { token: value, source: name };
  }
  const file = hubTokenFilePath(env);
  try {
    const value = readFileSync(file, 'utf8').trim();
    if (value) return { token: value, source: file };
  } catch {
    // No token file: anonymous.
  }
  return { token: null, source: null };
}
