const MONTHS: readonly string[] = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS: readonly string[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const monthName = (d: Date): string => MONTHS[d.getUTCMonth()] ?? '';
const dayName = (d: Date): string => DAYS[d.getUTCDay()] ?? '';
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
  b: (d) => monthName(d).slice(0, 3),
  h: (d) => monthName(d).slice(0, 3),
  B: (d) => monthName(d),
  a: (d) => dayName(d).slice(0, 3),
  A: (d) => dayName(d),
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
  for (const [, directive = ''] of pattern.matchAll(/%(.?)/g)) if (!(directive in DIRECTIVES)) unknown.push(`%${directive}`);
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

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Formats naive UTC epoch seconds as ISO `YYYY-MM-DDTHH:MM:SS` (the default datetime output). */
export function formatIsoSeconds(epochSeconds: number): string {
  const whole = Math.floor(epochSeconds);
  const days = Math.floor(whole / 86_400);
  let rest = whole - days * 86_400;
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  // Civil date from days since 1970-01-01 (proleptic Gregorian).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const y = year >= 0 && year <= 9999 ? pad(year, 4) : String(year);
  return `${y}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}`;
}
