import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEntryListText } from '../io/parse-entry-list-text.js';
import { ModelConfigSchema } from '../models/model-config.js';
import { dataDesignerHome } from '../home/index.js';

/**
 * Entries of `<home>/model_configs.yaml` (`model_configs:` list) as written, or `[]` when there is no
 * such file. A file that does not parse, or an entry that is not a valid model config, throws an error
 * naming the file (`ConfigFileError` / `ConfigValidationError` with `source`).
 */
export function readHomeModelConfigs(): unknown[] {
  const file = path.join(dataDesignerHome(), 'model_configs.yaml');
  if (!existsSync(file)) return [];
  return parseEntryListText(readFileSync(file, 'utf8'), {
    source: file,
    listKey: 'model_configs',
    parseEntry: (entry) => {
      const result = ModelConfigSchema.safeParse(entry);
      return result.success ? { success: true, data: entry } : result;
    },
    fix: 'Fix the entry, or run `data-designer config reset` to restore the defaults.',
  });
}
