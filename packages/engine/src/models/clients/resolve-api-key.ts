import type { EnvironmentVariables } from '@dd/config';

/** A resolved API key and where it came from. */
export interface ResolvedApiKey {
  /** The key itself, or null when the provider has none. Never log it. */
  key: string | null;
  /** The environment variable the reference names (set or not), for error hints. */
  envVar: string | null;
  /** True when the reference names an environment variable that is unset or empty (`key` is then null). */
  envVarUnset: boolean;
}

const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Resolves a provider's `api_key`: the name of a set environment variable → its value; a name of an
 * unset one (UPPER_SNAKE_CASE) → no key and `envVarUnset` (the name is never sent as the key);
 * anything else is the literal key.
 */
export function resolveApiKey(reference: string | null | undefined, env: EnvironmentVariables = process.env): ResolvedApiKey {
  const ref = reference?.trim();
  if (!ref) return { key: null, envVar: null, envVarUnset: false };
  const fromEnv = env[ref];
  if (fromEnv !== undefined && fromEnv !== '') return { key: fromEnv, envVar: ref, envVarUnset: false };
  if (ENV_VAR_NAME.test(ref)) return { key: null, envVar: ref, envVarUnset: true };
  return { key: ref, envVar: null, envVarUnset: false };
}
