/** The zod 4 internals our schema walkers read (`schema._zod.def`): the fields they need, nothing more. */
export interface ZodDef {
  type: string;
  shape?: Record<string, ZodInternals>;
  element?: ZodInternals;
  options?: ZodInternals[];
  discriminator?: string;
  innerType?: ZodInternals;
  in?: ZodInternals;
  out?: ZodInternals;
  valueType?: ZodInternals;
  getter?: () => ZodInternals;
  transform?: (value: unknown, context: unknown) => unknown;
}

/** A zod schema seen through its internals. */
export interface ZodInternals {
  _zod: { def: ZodDef };
  safeParse?: (value: unknown) => { success: boolean };
}
