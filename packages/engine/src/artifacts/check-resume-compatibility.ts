import type { ExistingDatasetProbe } from './artifact-storage.js';
import { ArtifactStorageError, ResumeError } from './artifact-storage-error.js';
import { parseDatasetMetadata, type ConfigFingerprint, type DatasetMetadata } from './dataset-metadata.js';

/** Outcome of comparing an existing dataset with the current run. */
export type ResumeCompatibility = 'compatible' | 'incompatible' | 'no_prior_dataset';

/** Inputs of `checkResumeCompatibility`. */
export interface ResumeCompatibilityOptions {
  /** Fingerprint of the current compiled config. */
  fingerprint: ConfigFingerprint;
  /** Current `preserve_dropped_columns` (stored default when absent: true). */
  preserveDroppedColumns: boolean;
  /**
   * Fingerprint of a stored `builder_config.json` (parsed JSON), used only when `metadata.json` has no hash.
   * Return `undefined` (or throw) when it cannot be computed: the dataset then counts as incompatible.
   * Without this function such a dataset counts as compatible (with a warning).
   */
  fingerprintOfBuilderConfig?: (builderConfig: unknown) => ConfigFingerprint | undefined;
}

const CORRUPT_FIX = 'Start a fresh run (resume "never"), or restore a valid metadata.json.';

/**
 * Decides whether the existing dataset can be continued (engine-spec §6.3), without side effects:
 * no folder / empty folder → `no_prior_dataset`; folder without metadata → `compatible` (the run restarts
 * from scratch in it); corrupt metadata → `ResumeError`; `preserve_dropped_columns` differs → incompatible;
 * stored hash → version and hash must match; no stored hash → compare with the builder config's fingerprint.
 */
export function checkResumeCompatibility(
  probe: ExistingDatasetProbe,
  options: ResumeCompatibilityOptions,
): { compatibility: ResumeCompatibility; warnings: string[] } {
  const warnings: string[] = [];
  if (probe.state !== 'present') return { compatibility: 'no_prior_dataset', warnings };
  if (probe.metadataText === undefined) return { compatibility: 'compatible', warnings };
  let metadata: DatasetMetadata;
  try {
    metadata = parseDatasetMetadata(probe.metadataText, 'metadata.json');
  } catch (cause) {
    if (!ArtifactStorageError.isInstance(cause)) throw cause;
    throw new ResumeError(`Cannot resume: ${(cause as Error).message}`, { cause, fix: CORRUPT_FIX });
  }
  const storedPolicy = metadata.preserve_dropped_columns ?? true;
  if (storedPolicy !== options.preserveDroppedColumns) {
    warnings.push(
      `preserve_dropped_columns changed from ${String(storedPolicy)} to ${String(options.preserveDroppedColumns)}; the existing dataset is incompatible because its dropped-column files would be inconsistent.`,
    );
    return { compatibility: 'incompatible', warnings };
  }
  if (metadata.config_hash !== undefined) {
    if (metadata.config_hash_version !== options.fingerprint.config_hash_version) {
      warnings.push(
        `Stored config_hash_version=${String(metadata.config_hash_version)} does not match the current version ${options.fingerprint.config_hash_version}.`,
      );
      return { compatibility: 'incompatible', warnings };
    }
    return { compatibility: metadata.config_hash === options.fingerprint.config_hash ? 'compatible' : 'incompatible', warnings };
  }
  if (probe.builderConfigText === undefined) {
    warnings.push('No builder_config.json found in the existing dataset: skipping the config compatibility check on resume.');
    return { compatibility: 'compatible', warnings };
  }
  if (options.fingerprintOfBuilderConfig === undefined) {
    warnings.push('metadata.json has no config_hash and no builder-config fingerprinter was given: resuming without a config check.');
    return { compatibility: 'compatible', warnings };
  }
  try {
    const stored = options.fingerprintOfBuilderConfig(JSON.parse(probe.builderConfigText));
    if (stored === undefined) throw new Error('no fingerprint');
    return { compatibility: stored.config_hash === options.fingerprint.config_hash ? 'compatible' : 'incompatible', warnings };
  } catch {
    warnings.push('Could not read the stored builder_config.json for the compatibility check: treating the dataset as incompatible.');
    return { compatibility: 'incompatible', warnings };
  }
}
