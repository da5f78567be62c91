import { JinjaUndefined } from './jinja-undefined.js';
import { UserTemplateError } from './template-errors.js';

/** A Python `slice(start, stop, step)` built by `x[a:b:c]` in a template. */
export class PySlice {
  constructor(
    readonly start: number | null,
    readonly stop: number | null,
    readonly step: number | null,
  ) {}
}

function sliceIndex(value: unknown): number | null {
  if (value === null || value === undefined || value instanceof JinjaUndefined) return null;
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  throw new UserTemplateError('TypeError: slice indices must be integers or None or have an __index__ method');
}

/** Builds the slice of `x[start:stop:step]` from evaluated parts (`None` for omitted ones). */
export function makeSlice(args: unknown[]): PySlice {
  const step = sliceIndex(args[2]);
  if (step === 0) throw new UserTemplateError('ValueError: slice step cannot be zero');
  return new PySlice(sliceIndex(args[0]), sliceIndex(args[1]), step);
}

/** The positions a slice selects in a sequence of `length` items, as Python computes them. */
function slicePositions(slice: PySlice, length: number): number[] {
  const step = slice.step ?? 1;
  const clamp = (index: number | null, fallback: number, low: number, high: number): number => {
    if (index === null) return fallback;
    const absolute = index < 0 ? index + length : index;
    return Math.min(Math.max(absolute, low), high);
  };
  const positions: number[] = [];
  if (step > 0) {
    const start = clamp(slice.start, 0, 0, length);
    const stop = clamp(slice.stop, length, 0, length);
    for (let index = start; index < stop; index += step) positions.push(index);
  } else {
    const start = clamp(slice.start, length - 1, -1, length - 1);
    const stop = clamp(slice.stop, -1, -1, length - 1);
    for (let index = start; index > stop; index += step) positions.push(index);
  }
  return positions;
}

/** `value[slice]` for strings (by code point) and lists; other values raise a TypeError. */
export function sliceOf(value: unknown, slice: PySlice): unknown {
  if (typeof value === 'string') {
    const chars = [...value];
    if (slice.step === null || slice.step === 1) {
      const positions = slicePositions(slice, chars.length);
      const [first] = positions;
      const last = positions.at(-1);
      return first === undefined || last === undefined ? '' : chars.slice(first, last + 1).join('');
    }
    return slicePositions(slice, chars.length)
      .map((index) => chars[index])
      .join('');
  }
  if (Array.isArray(value)) return slicePositions(slice, value.length).map((index) => value[index]);
  if (value instanceof JinjaUndefined) throw value.error();
  throw new UserTemplateError(
    `TypeError: '${value === null ? 'NoneType' : typeof value === 'object' ? 'dict' : typeof value}' object is not subscriptable by a slice`,
  );
}
