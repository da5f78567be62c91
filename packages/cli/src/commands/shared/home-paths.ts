import path from 'node:path';
import { dataDesignerHome, managedAssetsPath } from '@dd/config';

/** The Data Designer home folder (`$DATA_DESIGNER_HOME` or `~/.data-designer`; blank counts as unset). */
export function homeDir(): string {
  return dataDesignerHome();
}

/** Names of the files the `config` commands read and write under the home folder. */
export const HOME_FILES = {
  modelProviders: 'model_providers.yaml',
  modelConfigs: 'model_configs.yaml',
  mcpProviders: 'mcp_providers.yaml',
  toolConfigs: 'tool_configs.yaml',
} as const;

/** Absolute path of a home file. */
export function homeFile(name: string): string {
  return path.join(homeDir(), name);
}

/** Managed assets root: `$DATA_DESIGNER_MANAGED_ASSETS_PATH` or `<home>/managed-assets`. */
export function managedAssetsDir(): string {
  return managedAssetsPath();
}

/** Folder of the persona datasets: `<managed assets>/datasets` (files `<locale>.parquet`). */
export function personaDatasetsDir(): string {
  return path.join(managedAssetsDir(), 'datasets');
}
