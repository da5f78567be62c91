const markerFor = (kind: string): symbol => Symbol.for(`dd.error.${kind}`);

/** Options every Data Designer error accepts. */
export interface DataDesignerErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** What the user can do about it; the CLI prints it under the message. */
  fix?: string;
}

/**
 * Base of every error Data Designer throws. Check with `SomeError.isInstance(value)`, not `instanceof`:
 * markers survive duplicate installs and jest module registries.
 */
export class DataDesignerError extends Error {
  /** Stable name of the error class, also its marker key. */
  readonly kind: string;
  /** What the user can do about it, shown by the CLI under the message. */
  readonly fix: string | undefined;

  constructor(kind: string, message: string, options: DataDesignerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.name = kind;
    this.fix = options.fix;
    // Mark the instance with its own kind and the base kind.
    Object.defineProperty(this, markerFor(kind), { value: true, enumerable: false });
    Object.defineProperty(this, markerFor('DataDesignerError'), { value: true, enumerable: false });
  }

  /** True when `value` is any Data Designer error. */
  static isInstance(value: unknown): value is DataDesignerError {
    return DataDesignerError.hasMarker(value, 'DataDesignerError');
  }

  /** True when `value` carries the marker of the given error kind (used by subclasses). */
  static hasMarker(value: unknown, kind: string): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[markerFor(kind)] === true
    );
  }
}

/**
 * Declares a simple error class with its own marker. Used for the many errors that only carry a
 * message and an optional fix.
 */
export function defineErrorClass(kind: string) {
  return class extends DataDesignerError {
    constructor(message: string, options: DataDesignerErrorOptions = {}) {
      super(kind, message, options);
    }
    /** True when `value` is an error of this kind. */
    static override isInstance(value: unknown): value is DataDesignerError {
      return DataDesignerError.hasMarker(value, kind);
    }
  };
}
