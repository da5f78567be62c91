import { CommanderError } from 'commander';
import { ExitError } from './errors/exit-error.js';
import { renderError } from './output/render-error.js';
import { createProgram } from './program.js';

/**
 * The CLI's single error boundary: runs the command for `argv` and returns the exit code
 * (0 ok, 1 invalid config or failed run, 2 usage). Never calls `process.exit`.
 */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return error.code === 'commander.executeSubCommandAsync' ? 1 : 2;
    }
    if (ExitError.isInstance(error)) {
      if (error.message) process.stderr.write(`${renderError(error)}\n`);
      return error.exitCode;
    }
    process.stderr.write(`${renderError(error)}\n`);
    return 1;
  }
}
