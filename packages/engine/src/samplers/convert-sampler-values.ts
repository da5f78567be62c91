import { formatIsoSeconds, formatStrftime, unknownStrftimeDirectives } from './format-strftime.js';
import { SamplerConfigurationError, SamplerGenerationError } from './sampler-errors.js';

/** How a sampler's values are converted: numbers/categories, datetimes, or passed through untouched. */
export type ConversionFamily = 'typed' | 'datetime' | 'passthrough';

/** Rounds half to even, like numpy/pandas `round` (`2.5 → 2`, `3.5 → 4`), to `decimals` places. */
export function roundHalfEven(value: number, decimals = 0): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let rounded: number;
  if (Math.abs(diff - 0.5) < 1e-9) rounded = floor % 2 === 0 ? floor : floor + 1;
  else rounded = Math.round(scaled);
  return decimals === 0 ? rounded : rounded / factor;
}

/** Checks `convert_to` for a sampler family at build time; throws SamplerConfigurationError. */
export function validateConvertTo(column: string, family: ConversionFamily, convertTo: string | null | undefined): void {
  if (convertTo === null || convertTo === undefined || family === 'passthrough') return;
  if (family === 'typed') {
    if (!['float', 'int', 'str'].includes(convertTo)) {
      throw new SamplerConfigurationError(`Column '${column}': invalid convert_to value '${convertTo}'.`, {
        fix: "Use one of: 'float', 'int', 'str' (or remove convert_to).",
      });
    }
    return;
  }
  const unknown = unknownStrftimeDirectives(convertTo);
  if (unknown.length > 0 || !convertTo.includes('%')) {
    throw new SamplerConfigurationError(
      `Column '${column}': invalid datetime format '${convertTo}'${unknown.length ? ` (unsupported directives ${unknown.join(', ')})` : ' (no strftime directive)'}.`,
      { fix: "Use a strftime pattern such as '%Y-%m-%d' or '%Y-%m-%d %H:%M:%S', or remove convert_to for ISO output." },
    );
  }
}

/** Converts one typed value to `convert_to` (`int` rounds half to even first); throws for non-numeric input. */
export function convertTypedValue(column: string, value: unknown, convertTo: string | null | undefined): unknown {
  if (convertTo === null || convertTo === undefined || value === null || value === undefined) return value;
  if (convertTo === 'str') return typeof value === 'string' ? value : String(value);
  const number = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : Number(String(value).trim());
  if (typeof value === 'string' && (value.trim() === '' || Number.isNaN(number))) {
    throw new SamplerGenerationError(`Column '${column}': cannot convert value ${JSON.stringify(value)} to ${convertTo}.`, {
      fix: "Only numeric values can be converted to 'int' or 'float'; use convert_to: 'str' or remove it.",
    });
  }
  if (convertTo === 'int') {
    if (!Number.isFinite(number)) {
      throw new SamplerGenerationError(`Column '${column}': cannot convert non-finite value ${String(value)} to int.`, {
        fix: "Remove convert_to: 'int' or choose parameters that produce finite values.",
      });
    }
    return roundHalfEven(number);
  }
  return number;
}

/** Final output form of one internal value: typed conversion + rounding, or datetime formatting. */
export function finalizeValue(
  column: string,
  family: ConversionFamily,
  value: unknown,
  convertTo: string | null | undefined,
  decimalPlaces: number | null,
): unknown {
  if (family === 'passthrough') return value;
  if (family === 'datetime') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    return convertTo ? formatStrftime(value, convertTo) : formatIsoSeconds(value);
  }
  const converted = convertTypedValue(column, value, convertTo);
  return decimalPlaces !== null && typeof converted === 'number' ? roundHalfEven(converted, decimalPlaces) : converted;
}
