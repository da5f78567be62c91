import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/** `DATA_DESIGNER_HOME`, default `~/.data-designer` (shared with the Python library). */
export function dataDesignerHome(): string {
  return process.env.DATA_DESIGNER_HOME ?? path.join(os.homedir(), '.data-designer');
}

/** Entries of `<home>/model_configs.yaml` (`model_configs:` list), or `[]` when there is no such file. */
export function readHomeModelConfigs(): unknown[] {
  const file = path.join(dataDesignerHome(), 'model_configs.yaml');
  if (!existsSync(file)) return [];
  const content = parse(readFileSync(file, 'utf8')) as { model_configs?: unknown[] } | null;
  return Array.isArray(content?.model_configs) ? content.model_configs : [];
}
