import type { Command } from 'commander';

/** Default base URL of the Hugging Face Hub. */
export const DEFAULT_HF_URL_BASE = 'https://huggingface.co';

/** Adds the `download` group: `download personas`. */
export function registerDownloadCommand(program: Command): void {
  const group = program.command('download').description('Download managed assets');
  group
    .command('personas')
    .description('Download Nemotron-Personas datasets (parquet) for the person sampler')
    .option('-l, --locale <code>', 'locale to download (repeatable), e.g. en_US', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--all', 'download every locale')
    .option('--dry-run', 'show what would be downloaded')
    .option('--list', 'list locales, sizes and what is downloaded')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--url-base <url>', 'Hugging Face Hub base URL', DEFAULT_HF_URL_BASE)
    .action(async (flags: { locale: string[]; all?: boolean; dryRun?: boolean; list?: boolean; yes?: boolean; urlBase: string }) => {
      const { runDownloadPersonas } = await import('./run-download-personas.js');
      await runDownloadPersonas(flags);
    });
}
