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
