import { DataDesignerError } from '@dd/config';

const KIND = 'ExitError';

/** Ends a CLI command with an exit code after its message was printed; thrown, never `process.exit`. */
export class ExitError extends DataDesignerError {
  /** Marker kind of this class. */
  static override readonly kind: string = KIND;

  /** Process exit code: 1 invalid config or failed run, 2 usage. */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1, options: { fix?: string; cause?: unknown } = {}) {
    super(KIND, message, options);
    this.exitCode = exitCode;
  }
}
