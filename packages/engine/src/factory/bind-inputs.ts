import { DataFactoryError } from './factory-errors.js';
import { isPlainObject } from './run-attempt.js';

const BROADCAST = Symbol.for('dd.dataFactory.broadcast');

/** A value given whole to every input, even an array (`broadcast(['a', 'b'])`). */
export interface Broadcast<T> {
  readonly [BROADCAST]: true;
  /** The value every input gets. */
  readonly value: T;
}

/** Marks a value (typically an array) to be given whole to every input instead of zipped. */
export function broadcast<T>(value: T): Broadcast<T> {
  return { [BROADCAST]: true, value };
}

function isBroadcast(value: unknown): value is Broadcast<unknown> {
  return typeof value === 'object' && value !== null && (value as Partial<Broadcast<unknown>>)[BROADCAST] === true;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}

/**
 * Starfish's input binding (`run(data, **kwargs)`): `data` (objects) and every array keyword are lists
 * zipped by position and must have one length; every other keyword (and `broadcast(value)`) is given to
 * every input. Without any list there is one input. Fields are merged in that order: the data item, the
 * zipped keywords, the broadcast keywords (a keyword wins over a data field of the same name). An empty
 * `data` counts as absent, as in Starfish.
 */
export function bindInputs(data: readonly unknown[] | undefined, keywords: Readonly<Record<string, unknown>> = {}): Array<Record<string, unknown>> {
  if (data !== undefined && !Array.isArray(data)) {
    throw new DataFactoryError(`run(data, keywords): data is ${describe(data)}, not an array of objects.`, {
      fix: 'Pass an array of objects as data, or only keyword bindings: run({ topic: [...], n: 3 }).',
    });
  }
  if (!isPlainObject(keywords)) {
    throw new DataFactoryError(`run(data, keywords): keywords is ${describe(keywords)}, not a plain object.`, {
      fix: 'Pass keyword bindings as an object: { topic: ["a", "b"], n: 3 }.',
    });
  }
  const items = data ?? [];
  items.forEach((item, position) => {
    if (!isPlainObject(item)) {
      throw new DataFactoryError(`run(data, keywords): data[${position}] is ${describe(item)}; with keyword bindings every data item must be an object.`, {
        fix: 'Give objects whose fields, with the keywords, form one input each; or pass the inputs alone: run(inputs).',
      });
    }
  });
  const lists: Array<[string, readonly unknown[]]> = items.length > 0 ? [['data', items]] : [];
  const broadcasts: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(keywords)) {
    if (Array.isArray(value)) lists.push([key, value]);
    else broadcasts.push([key, isBroadcast(value) ? value.value : value]);
  }
  const lengths = new Set(lists.map(([, list]) => list.length));
  if (lengths.size > 1) {
    const described = lists.map(([key, list]) => `${key} has ${list.length}`).join(', ');
    throw new DataFactoryError(`Input lists must have the same length (they are zipped by position): ${described}.`, {
      fix: 'Make the lists equally long, pass a single value to give every input the same value, or wrap an array in broadcast(...) to give it whole to every input.',
    });
  }
  const count = lists[0]?.[1].length ?? 1;
  return Array.from({ length: count }, (_, position) => {
    const input: Record<string, unknown> = {};
    for (const [key, list] of lists) {
      if (key === 'data' && list === items) Object.assign(input, list[position]);
      else input[key] = list[position];
    }
    for (const [key, value] of broadcasts) input[key] = value;
    return input;
  });
}
