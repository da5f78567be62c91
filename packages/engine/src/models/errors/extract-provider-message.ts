/** Longest provider message kept on errors. */
const MAX_MESSAGE_LENGTH = 2000;

function messageOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) {
    const parts = value
      .map((item) => (typeof item === 'object' && item !== null ? (item as { msg?: unknown }).msg : item))
      .filter((part): part is string => typeof part === 'string' && part.length > 0);
    return parts.length > 0 ? parts.join('; ') : null;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return messageOf(record.message) ?? messageOf(record.msg) ?? messageOf(record.detail);
  }
  return null;
}

/**
 * The provider's error text from a response body: JSON `message` / `error` / `detail` (a string, a
 * nested `.message`, or a list of `msg` joined by "; "), else the raw text (truncated).
 */
export function extractProviderMessage(bodyText: string): string | null {
  const raw = bodyText.trim();
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const record = parsed as Record<string, unknown>;
      const found = messageOf(record.message) ?? messageOf(record.error) ?? messageOf(record.detail);
      if (found) return found.slice(0, MAX_MESSAGE_LENGTH);
    }
  } catch {
    // Not JSON: use the raw text.
  }
  return raw.slice(0, MAX_MESSAGE_LENGTH);
}
