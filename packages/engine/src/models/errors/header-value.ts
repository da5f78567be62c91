/** Response headers as undici (record) or fetch (`Headers`) expose them. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | number | undefined> | null | undefined;

/** Reads one header case-insensitively; the first value when repeated. */
export function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | number | undefined>)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    return Array.isArray(value) ? value[0] : String(value);
  }
  return undefined;
}
