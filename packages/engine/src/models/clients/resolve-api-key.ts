/** A resolved API key and where it came from. */
export interface ResolvedApiKey {
  /** The key itself, or null when the provider has none. Never log it. */
  key: string | null;
  /** The environment variable the reference names (set or not), for error hints. */
  envVar: string | null;
}

const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Resolves a provider's `api_key`: the name of a set environment variable → its value; otherwise
 * the value is the literal key. `envVar` is kept when the reference looks like a variable name.
 */
export function resolveApiKey(reference: string | null | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedApiKey {
  const ref = reference?.trim();
  if (!ref) return { key: null, envVar: null };
  const fromEnv = env[ref];
  if (fromEnv !== undefined && fromEnv !== '') return { key: fromEnv, envVar: ref };
  return { key: ref, envVar: ENV_VAR_NAME.test(ref) ? ref : null };
}
