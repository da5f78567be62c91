import type { CreateCommandOptions } from './run-create.js';

const SAFE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes one argument for a POSIX shell: as is when it only has safe characters, else in single quotes. */
export function shellQuote(argument: string): string {
  if (SAFE_WORD.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `data-designer create` command line that resumes an interrupted run: the same config, count,
 * dataset name, artifact path, run config, imports, export format, queue (`redis`: the URL to show,
 * already redacted) and display flags, with `--resume always`, every argument quoted for the shell.
 */
export function resumeCommandLine(options: CreateCommandOptions, redis?: string): string {
  const words: string[] = ['data-designer', 'create', options.config, '-n', String(options.numRecords), '-d', options.datasetName, '-o', options.artifactPath];
  if (options.runConfig) words.push('-c', options.runConfig);
  for (const module of options.imports ?? []) words.push('-i', module);
  if (options.outputFormat) words.push('-f', options.outputFormat);
  if (redis) words.push('--redis', redis);
  if (redis && options.queue) words.push('--queue', options.queue);
  if (!options.progress) words.push('--no-progress');
  if (options.tui === false) words.push('--no-tui');
  words.push('--resume', 'always');
  return words.map((word, index) => (index < 2 ? word : shellQuote(word))).join(' ');
}
