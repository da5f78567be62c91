import { createInterface } from 'node:readline/promises';

/** True when both stdin and stdout are terminals (interactive prompts allowed). */
export function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

/** Asks one question on the terminal; returns the trimmed answer ('' on end of input). */
export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } catch {
    return '';
  } finally {
    rl.close();
  }
}

/** Asks a yes/no question; empty answer gives `defaultYes`. */
export async function confirm(question: string, defaultYes = false): Promise<boolean> {
  const answer = (await ask(`${question} ${defaultYes ? '[Y/n]' : '[y/N]'} `)).toLowerCase();
  return answer === '' ? defaultYes : answer === 'y' || answer === 'yes';
}
