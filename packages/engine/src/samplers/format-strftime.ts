const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

type Directive = (d: Date) => string;
const DIRECTIVES: Record<string, Directive> = {
  Y: (d) => String(d.getUTCFullYear()),
  y: (d) => pad(d.getUTCFullYear() % 100),
  m: (d) => pad(d.getUTCMonth() + 1),
  d: (d) => pad(d.getUTCDate()),
  e: (d) => String(d.getUTCDate()).padStart(2, ' '),
  H: (d) => pad(d.getUTCHours()),
  I: (d) => pad(d.getUTCHours() % 12 || 12),
  M: (d) => pad(d.getUTCMinutes()),
  S: (d) => pad(d.getUTCSeconds()),
  f: (d) => pad(d.getUTCMilliseconds() * 1000, 6),
  p: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  b: (d) => MONTHS[d.getUTCMonth()].slice(0, 3),
  h: (d) => MONTHS[d.getUTCMonth()].slice(0, 3),
  B: (d) => MONTHS[d.getUTCMonth()],
  a: (d) => DAYS[d.getUTCDay()].slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()],
  w: (d) => String(d.getUTCDay()),
  u: (d) => String(d.getUTCDay() || 7),
  j: (d) => pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
  F: (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
  T: (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  D: (d) => `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`,
  R: (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  s: (d) => String(Math.floor(d.getTime() / 1000)),
  z: () => '',
  Z: () => '',
  '%': () => '%',
};

/** Directives `formatStrftime` understands (C/Python strftime letters). */
export const STRFTIME_DIRECTIVES: readonly string[] = Object.keys(DIRECTIVES);

/** Unknown directives in a strftime pattern (empty when every `%x` is supported). */
export function unknownStrftimeDirectives(pattern: string): string[] {
  const unknown: string[] = [];
  for (const match of pattern.matchAll(/%(.?)/g)) if (!(match[1] in DIRECTIVES)) unknown.push(`%${match[1]}`);
  return unknown;
}

/** Formats naive UTC epoch seconds with a strftime pattern (e.g. `%Y-%m-%d`); unknown directives stay as is. */
export function formatStrftime(epochSeconds: number, pattern: string): string {
  const date = new Date(epochSeconds * 1000);
  return pattern.replace(/%(.?)/g, (all, letter: string) => {
    const directive = DIRECTIVES[letter];
    return directive ? directive(date) : all;
  });
}

/** Formats naive UTC epoch seconds as ISO `YYYY-MM-DDTHH:MM:SS` (the default datetime output). */
export function formatIsoSeconds(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const year = d.getUTCFullYear();
  const y = year >= 0 && year <= 9999 ? pad(year, 4) : String(year);
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
