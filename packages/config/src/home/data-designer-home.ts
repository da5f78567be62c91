import os from 'node:os';
import path from 'node:path';

/** Environment variables as `process.env` holds them. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** A variable's value, or undefined when it is unset or blank (one rule for every path variable). */
function pathVariable(env: EnvironmentVariables, name: string): string | undefined {
  const value = env[name];
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/**
 * The Data Designer home folder, shared with the Python library: `$DATA_DESIGNER_HOME`, else
 * `~/.data-designer`. An empty or blank variable counts as unset.
 */
export function dataDesignerHome(env: EnvironmentVariables = process.env): string {
  return pathVariable(env, 'DATA_DESIGNER_HOME') ?? path.join(os.homedir(), '.data-designer');
}

/** Managed assets root: `$DATA_DESIGNER_MANAGED_ASSETS_PATH`, else `<home>/managed-assets` (blank counts as unset). */
export function managedAssetsPath(env: EnvironmentVariables = process.env): string {
  return pathVariable(env, 'DATA_DESIGNER_MANAGED_ASSETS_PATH') ?? path.join(dataDesignerHome(env), 'managed-assets');
}

/** Folder of the managed person datasets (`<managed assets>/datasets/<locale>.parquet`). */
export function managedPersonDatasetsPath(env: EnvironmentVariables = process.env): string {
  return path.join(managedAssetsPath(env), 'datasets');
}
