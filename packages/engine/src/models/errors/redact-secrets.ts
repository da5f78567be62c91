/** Secrets (resolved API keys) that must never appear in any message. */
const registeredSecrets = new Set<string>();

/** Shortest value treated as a secret; shorter values would redact ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Replacement text for redacted secrets. */
export const REDACTED = '[REDACTED]';

/** Remembers a secret so `redactSecrets` scrubs it from every later message. */
export function registerSecret(secret: string | null | undefined): void {
  if (secret && secret.length >= MIN_SECRET_LENGTH) registeredSecrets.add(secret);
}

/**
 * Scrubs registered secrets, the given ones, `Bearer <token>` and `x-api-key: <key>` from a text.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = text;
  const all = [...registeredSecrets, ...secrets].filter((secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH);
  // Longest first so a key that contains another is scrubbed whole.
  all.sort((a, b) => b.length - a.length);
  for (const secret of all) out = out.split(secret).join(REDACTED);
  out = out.replace(/\b(Bearer)\s+(?!\[REDACTED\])[^\s"',;]+/gi, `$1 ${REDACTED}`);
  out = out.replace(/\b(x-api-key|api[-_]?key)(["']?\s*[:=]\s*["']?)(?!\[REDACTED\])[^\s"',;}]+/gi, `$1$2${REDACTED}`);
  return out;
}
