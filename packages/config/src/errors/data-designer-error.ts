const markerFor = (kind: string): symbol => Symbol.for(`dd.error.${kind}`);

/** Options every Data Designer error accepts. */
export interface DataDesignerErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** What the user can do about it; the CLI prints it under the message. */
  fix?: string;
}

/** What `isInstance` needs of an error class: its marker kind and (for the type) its instances. */
export interface ErrorClassLike<Instance> {
  /** The marker kind instances of the class carry. */
  readonly kind: string;
  readonly prototype: Instance;
}

/**
 * Base of every error Data Designer throws. Check with `SomeError.isInstance(value)`, not `instanceof`:
 * markers survive duplicate installs and jest module registries. Every class in an error's
 * inheritance chain that declares a static `kind` marks it, so `Parent.isInstance(child)` holds.
 */
export class DataDesignerError extends Error {
  /** Marker kind of this class; subclasses declare their own (`defineErrorClass` does it for them). */
  static readonly kind: string = 'DataDesignerError';

  /** Stable name of the error class, also its marker key. */
  readonly kind: string;
  /** What the user can do about it, shown by the CLI under the message. */
  readonly fix: string | undefined;

  constructor(kind: string, message: string, options: DataDesignerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.name = kind;
    this.fix = options.fix;
    const kinds = new Set([kind, 'DataDesignerError']);
    for (let errorClass: unknown = new.target; typeof errorClass === 'function' && errorClass !== Error; errorClass = Object.getPrototypeOf(errorClass)) {
      const declared = (errorClass as { kind?: unknown }).kind;
      if (typeof declared === 'string') kinds.add(declared);
    }
    for (const marker of kinds) Object.defineProperty(this, markerFor(marker), { value: true, enumerable: false });
  }

  /**
   * True when `value` is an error of this class or one of its subclasses (a marker check that
   * survives duplicate installs); narrows to the class: `if (InvalidConfigError.isInstance(e)) e.fix`.
   */
  static isInstance<Instance>(this: ErrorClassLike<Instance>, value: unknown): value is Instance {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass isInstance is called on, whose kind is checked.
    return DataDesignerError.hasMarker(value, this.kind);
  }

  /** True when `value` carries the marker of the given error kind (used by subclasses). */
  static hasMarker(value: unknown, kind: string): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[markerFor(kind)] === true;
  }
}

/**
 * The static side of an error class made by a factory such as `defineErrorClass`: its constructor,
 * marker kind and checks. Declared here so published types never inherit Node's `ErrorConstructor`
 * extras (`captureStackTrace`, `prepareStackTrace` and its call-site type), which need `@types/node`.
 */
export interface ErrorClassFactoryResult<Instance extends DataDesignerError, Args extends unknown[]> {
  new (...args: Args): Instance;
  readonly prototype: Instance;
  /** Marker kind of the class. */
  readonly kind: string;
  /** True when `value` is an error of this class or a subclass (marker check); narrows to the class. */
  isInstance<Narrowed>(this: ErrorClassLike<Narrowed>, value: unknown): value is Narrowed;
  /** True when `value` carries the marker of the given error kind. */
  hasMarker(value: unknown, kind: string): boolean;
}

/**
 * The base of a simple error class with its own marker, for errors that only carry a message and an
 * optional fix. Declare a real class with it so the name is a type too:
 * `export class SeedReaderError extends defineErrorClass('SeedReaderError') {}`.
 */
export function defineErrorClass(kind: string): ErrorClassFactoryResult<DataDesignerError, [message: string, options?: DataDesignerErrorOptions]> {
  return class extends DataDesignerError {
    static override readonly kind: string = kind;

    constructor(message: string, options: DataDesignerErrorOptions = {}) {
      super(kind, message, options);
    }
  };
}
