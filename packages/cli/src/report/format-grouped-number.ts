// `Intl.NumberFormat('en-US', { maximumFractionDigits })` in plain code for the values a report shows:
// the first Intl formatter of a process loads ICU's number data (~15-20 ms at the end of every
// `create`). Same text: digits of the shortest round-trip decimal (what ICU starts from), rounded half
// away from zero, trailing zeros dropped, thousands separated by commas, "-" kept on negative zero.
// Values whose shortest form has an exponent (below 1e-6, 1e21 and above) or that are not finite go to
// Intl itself.

let intlFormats: Map<number, Intl.NumberFormat> | undefined;

function viaIntl(value: number, maximumFractionDigits: number): string {
  intlFormats ??= new Map();
  let format = intlFormats.get(maximumFractionDigits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits });
    intlFormats.set(maximumFractionDigits, format);
  }
  return format.format(value);
}

/** Adds one to a string of decimal digits, keeping its leading zeros ("099" → "100", "999" → "1000"). */
const incrementDigits = (digits: string): string => String(BigInt(digits) + 1n).padStart(digits.length, '0');

/** `value` as en-US text with at most `maximumFractionDigits` decimals (0–20), as `Intl.NumberFormat` writes it. */
export function formatGroupedNumber(value: number, maximumFractionDigits: number): string {
  const shortest = String(Math.abs(value));
  if (!Number.isFinite(value) || shortest.includes('e')) return viaIntl(value, maximumFractionDigits);
  const point = shortest.indexOf('.');
  let whole = point < 0 ? shortest : shortest.slice(0, point);
  let fraction = point < 0 ? '' : shortest.slice(point + 1);
  if (fraction.length > maximumFractionDigits) {
    const roundUp = fraction.charCodeAt(maximumFractionDigits) >= 53; // '5'
    fraction = fraction.slice(0, maximumFractionDigits);
    if (roundUp) {
      const bumped = incrementDigits(whole + fraction);
      whole = bumped.slice(0, bumped.length - fraction.length);
      fraction = bumped.slice(bumped.length - fraction.length);
    }
  }
  fraction = fraction.replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return `${sign}${grouped}${fraction.length > 0 ? `.${fraction}` : ''}`;
}
