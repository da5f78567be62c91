const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Masks an API key for display: env-var names stay, literals become `***` + last 4 characters. */
export function maskApiKey(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  const text = String(value);
  return ENV_VAR_NAME.test(text) ? text : `***${text.slice(-4)}`;
}

/** True when `value` looks like an environment variable name rather than a literal key. */
export function isEnvVarName(value: string): boolean {
  return ENV_VAR_NAME.test(value);
}

/**
 * An endpoint URL for display: a user name and password become `***`, and so does the value of every
 * query parameter (they often carry keys: `?key=…`, `?api-version=…&sig=…`). Text that is not a URL is
 * returned as is.
 */
export function maskEndpointUrl(value: unknown): string {
  const text = String(value ?? '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (!url.username && !url.password && !url.search) return text;
  if (url.username) url.username = '***';
  if (url.password) url.password = '***';
  const masked = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=***`);
  url.search = masked.length > 0 ? `?${masked.join('&')}` : '';
  return url.href.replace(/%2A%2A%2A/g, '***');
}
