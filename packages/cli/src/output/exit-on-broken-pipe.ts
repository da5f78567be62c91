/** A writable stream that can report errors (process.stdout / process.stderr). */
interface ErrorEmitter {
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
}

/**
 * Makes the CLI end quietly when the reader of its output goes away (`data-designer schema | head`):
 * an EPIPE on `streams` exits with code 0 instead of an unhandled-error stack trace. Other stream
 * errors are rethrown unchanged.
 */
export function exitOnBrokenPipe(streams: ErrorEmitter[], exit: (code: number) => void = (code) => process.exit(code)): void {
  for (const stream of streams) {
    stream.on('error', (error) => {
      if (error.code === 'EPIPE') exit(0);
      else throw error;
    });
  }
}
