import { CommanderError } from 'commander';
import { createProgram } from './program.js';

export { exitOnBrokenPipe } from './output/exit-on-broken-pipe.js';

/** True when `--verbose` appears among the CLI's own arguments (before a `--`). */
function isVerbose(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--verbose');
}

/**
 * The CLI's single error boundary: runs the command for `argv` and returns the exit code
 * (0 ok, 1 invalid config or failed run, 2 usage). Never calls `process.exit`. Stack traces are
 * printed only with `--verbose`. Error helpers load lazily so `--help` stays light.
 */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const withOverride = (command: typeof program): void => {
    command.exitOverride();
    command.commands.forEach(withOverride);
  };
  program.commands.forEach(withOverride);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return error.code === 'commander.executeSubCommandAsync' ? 1 : 2;
    }
    const [{ ExitError }, { renderError }] = await Promise.all([import('./errors/exit-error.js'), import('./output/render-error.js')]);
    const verbose = isVerbose(argv);
    const stack = (value: unknown) => (verbose && value instanceof Error && value.stack ? `${value.stack}\n` : '');
    if (ExitError.isInstance(error)) {
      if (error.message) process.stderr.write(`${renderError(error)}\n`);
      process.stderr.write(stack(error.cause ?? error));
      return error.exitCode;
    }
    process.stderr.write(`${renderError(error)}\n${stack(error)}`);
    return 1;
  }
}
