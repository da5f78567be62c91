/** One field of a type, from its JSON schema (input side). */
export interface TypeField {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

/** One type of a family. */
export interface TypeInfo {
  /** Name of the schema's type (export name without `Schema`), or the plugin name. */
  type: string;
  /** Discriminator value (`column_type`, `sampler_type`, …). */
  value: string;
  description: string;
  fields: TypeField[];
  /** Set when the type comes from a plugin. */
  plugin?: string;
}

/** A family of discriminated config types. */
export interface TypeFamily {
  family: string;
  discriminator: string;
  types: TypeInfo[];
}

/** Family names: the five of the original first (sorted), then the port's extras (seeds, models). */
export const FAMILY_NAMES: readonly string[] = ['columns', 'constraints', 'processors', 'samplers', 'validators', 'seeds', 'models'];

/** Canonical family name for user input (trimmed, lower-cased, singular accepted), or `undefined`. */
export function resolveFamilyName(input: string): string | undefined {
  const name = input.trim().toLowerCase();
  return FAMILY_NAMES.find((family) => family === name || family === `${name}s`);
}
