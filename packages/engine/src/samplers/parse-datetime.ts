const ISO = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ](\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$/;
const MONTH_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function fromParts(parts: (string | undefined)[], offset?: string): number | null {
  const [y, mo = '1', d = '1', h = '0', mi = '0', s = '0', frac = ''] = parts;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  let seconds = Math.floor(ms / 1000) + (frac ? Number(`0.${frac}`) : 0);
  if (offset && offset.toUpperCase() !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    seconds -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || '0') * 60);
  }
  return Math.floor(seconds);
}

/**
 * Parses a date/time the way pandas.to_datetime commonly does (ISO forms, `YYYY`, `YYYYMMDD`,
 * `MM/DD/YYYY`, `Jan 1 2024`, offsets → UTC) and returns naive UTC epoch seconds, or null.
 */
export function parseDatetime(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : Math.floor(value.getTime() / 1000);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  let m = ISO.exec(text);
  if (m) return fromParts(m.slice(1, 8), m[8]);
  m = COMPACT.exec(text);
  if (m) return fromParts(m.slice(1, 7));
  m = MONTH_FIRST.exec(text);
  if (m) return fromParts([m[3], m[1], m[2], m[4], m[5], m[6]]);
  if (!/[a-z]/i.test(text)) return null;
  // Month names ("Jan 1 2024", "1 January 2024 10:00"): let V8 read it as UTC.
  const ms = Date.parse(/(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text} UTC`);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}
