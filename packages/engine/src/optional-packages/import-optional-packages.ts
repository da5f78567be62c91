import { DataDesignerError } from '@dd/config/core';

const KIND = 'MissingOptionalPackageError';

/**
 * A feature needs packages that are optional peer dependencies of `@dd/engine` (kept out of the
 * default install) and they are not installed. `packages` lists what to install.
 */
export class MissingOptionalPackageError extends DataDesignerError {
  /** Marker kind of this class. */
  static override readonly kind: string = KIND;

  /** What needs the packages (`Distributed runs (--redis)`, `OpenTelemetry metrics`). */
  readonly feature: string;
  /** Every package the feature needs (install them together). */
  readonly packages: readonly string[];

  constructor(feature: string, packages: readonly string[], options: { cause?: unknown } = {}) {
    super(KIND, `${feature} needs the optional packages ${packages.join(', ')}, which are not installed.`, {
      ...options,
      fix: `Install them next to @dd/engine: npm install ${packages.join(' ')}`,
    });
    this.feature = feature;
    this.packages = [...packages];
  }
}

/** True when `error` says that one of `packages` itself cannot be found (not a file inside it). */
function isMissing(error: unknown, packages: readonly string[]): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND' && !(typeof message === 'string' && message.startsWith('Cannot find module')))
    return false;
  return typeof message === 'string' && packages.some((name) => message.includes(`'${name}'`));
}

/**
 * Runs `load` (the feature's dynamic imports); when one of `packages` is not installed, throws a
 * `MissingOptionalPackageError` saying which feature needs them and the command that installs them.
 */
export async function importOptionalPackages<Loaded>(feature: string, packages: readonly string[], load: () => Promise<Loaded>): Promise<Loaded> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, packages)) throw error;
    throw new MissingOptionalPackageError(feature, packages, { cause: error });
  }
}
