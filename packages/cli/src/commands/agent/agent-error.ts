/** An `agent` command failure: printed as `{"error": {"code", "message"}}` on stderr, exit 1. */
export class AgentError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Runs an agent command body: prints its JSON result on stdout, or a JSON error on stderr and exits 1. */
export async function runAgentCommand(body: () => unknown): Promise<void> {
  let result: unknown;
  try {
    result = await body();
  } catch (error) {
    const code = error instanceof AgentError ? error.code : 'internal_error';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
    const { ExitError } = await import('../../errors/exit-error.js');
    throw new ExitError('', 1, { cause: error });
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
