import { existsSync, rmSync } from 'node:fs';
import { ExitError } from '../../errors/exit-error.js';
import { HOME_FILES, homeFile } from '../shared/home-paths.js';
import { confirm, isInteractive } from '../shared/prompt.js';
import { header } from './print-entries.js';
import { writeDefaultModelFiles } from './write-default-model-files.js';

/**
 * `config reset`: deletes `model_providers.yaml` / `model_configs.yaml` (asks per file on a
 * terminal; `--yes` for all) and writes the built-in defaults back.
 */
export async function runConfigReset(options: { yes: boolean }): Promise<void> {
  process.stdout.write(header('Reset Configuration'));
  const files = [HOME_FILES.modelProviders, HOME_FILES.modelConfigs].map(homeFile).filter((file) => existsSync(file));
  if (files.length === 0) {
    writeDefaultModelFiles();
    process.stdout.write('  ✅  No configuration files to reset; built-in defaults are in place.\n');
    return;
  }
  if (!options.yes && !isInteractive()) throw new ExitError('config reset needs confirmation.', 1, { fix: 'Pass --yes to reset without prompting.' });
  files.forEach((file) => {
    process.stdout.write(`  • ${file}\n`);
  });
  let deleted = 0;
  let failed = 0;
  for (const file of files) {
    if (!options.yes && !(await confirm(`  Reset ${file}?`))) continue;
    try {
      rmSync(file);
      deleted += 1;
    } catch (error) {
      failed += 1;
      process.stderr.write(`  ❌  Could not delete ${file}: ${(error as Error).message}\n`);
    }
  }
  writeDefaultModelFiles();
  process.stdout.write(`  ✅  Reset ${deleted} file(s)${failed ? `, ${failed} failed` : ''}; built-in defaults restored.\n`);
  if (failed > 0) throw new ExitError('', 1);
}
