import type { EnvironmentVariables } from '@dd/config';
import { randomInt } from 'node:crypto';
import { openFileSystemRowSource } from './open-file-system-row-source.js';
import { openLocalFileRowSource } from './open-local-file-row-source.js';
import { resolveSeedReaderPlugin } from './seed-reader-plugins.js';
import { openMemoryRowSource } from './open-memory-row-source.js';
import { resolveSelectionRange } from './resolve-selection-range.js';
import type { SelectedRange } from './resolve-selection-range.js';
import type { SeedConfigInput, SeedSourceInput } from './seed-config-input.js';
import { openAgentRolloutRowSource } from './agent-rollout/index.js';
import { openHfRowSource } from './hugging-face/open-hf-row-source.js';
import { SeedReaderError } from './seed-reader-error.js';
import { SeedRowOrder } from './seed-row-order.js';
import type { SeedSamplingStrategy } from './seed-row-order.js';
import type { SeedRowSource } from './seed-row-source.js';

/** Options of `openSeedReader`. */
export interface OpenSeedReaderOptions {
  /** Shuffle seed; a random one is drawn (and exposed as `reader.seed`) when omitted. */
  seed?: number;
  /** Directory relative seed paths resolve against. @default process.cwd() */
  cwd?: string;
  /** Where a source's secret references (an `hf` token) are resolved: a secret resolver's view. @default process.env */
  secrets?: EnvironmentVariables;
}

/** Seed rows addressed by dataset position: the same position always gives the same row. */
export interface SeedReader {
  /** Seed column names in source order. */
  readonly columnNames: readonly string[];
  /** Rows in the seed source. */
  readonly rowCount: number;
  /** Inclusive range selected by `selection_strategy`. */
  readonly selectedRange: SelectedRange;
  /** Rows in the selected range. */
  readonly selectedRowCount: number;
  /** `ordered` or `shuffle`. */
  readonly samplingStrategy: SeedSamplingStrategy;
  /** Seed of the shuffle permutations (persist it to reproduce a shuffled run). */
  readonly seed: number;
  /** Path or label of the source. */
  readonly description: string;
  /** Seed rows for dataset positions `rowOffset … rowOffset + count - 1` (cycling through the selection). */
  readRows(rowOffset: number, count: number): Promise<Record<string, unknown>[]>;
  /** Releases DuckDB instances and temp files. */
  close(): Promise<void>;
}

async function openRowSource(source: SeedSourceInput, cwd: string, secrets: EnvironmentVariables | undefined): Promise<SeedRowSource> {
  switch (source.seed_type) {
    case 'local':
      return openLocalFileRowSource(source, cwd);
    case 'directory':
    case 'file_contents':
      return openFileSystemRowSource(source, cwd);
    case 'df':
      if (!Array.isArray(source.df)) {
        throw new SeedReaderError('seed_type "df" needs the rows in memory (source.df), which a config file cannot carry.', {
          fix: 'Write the rows to a parquet/jsonl file and use seed_type "local" with its path.',
        });
      }
      return openMemoryRowSource(source.df);
    case 'hf':
      return openHfRowSource(source, process.env, secrets ?? process.env);
    case 'agent_rollout':
      return openAgentRolloutRowSource(source, cwd);
    default: {
      const unknown = (source as { seed_type?: unknown }).seed_type;
      const plugin = typeof unknown === 'string' ? resolveSeedReaderPlugin(unknown) : undefined;
      if (plugin) return openMemoryRowSource(await plugin(source, { cwd }));
      throw new SeedReaderError(`No reader found for seed_type '${String(unknown)}'.`, {
        fix: 'Use one of local, directory, file_contents (or a plugin that registers this seed type).',
      });
    }
  }
}

/**
 * Opens the seed dataset of `seed_config` (engine-spec §2.3) for random access through DuckDB. Only the
 * rows a call asks for are fetched: large files are never loaded whole (shuffle keeps one integer per
 * selected row for its permutation).
 */
export async function openSeedReader(seedConfig: SeedConfigInput, options: OpenSeedReaderOptions = {}): Promise<SeedReader> {
  const source = await openRowSource(seedConfig.source, options.cwd ?? process.cwd(), options.secrets);
  try {
    if (source.rowCount === 0) {
      throw new SeedReaderError(`Seed source ${source.description} did not produce any rows.`, {
        fix: 'Point the seed source at a dataset with at least one row.',
      });
    }
    if (source.columnNames.includes('__proto__')) {
      throw new SeedReaderError(`Seed source ${source.description} has a column named '__proto__', which JavaScript records cannot hold.`, {
        fix: "Rename that column in the seed data (for example to 'proto').",
      });
    }
    const range = resolveSelectionRange(seedConfig.selection_strategy, source.rowCount);
    const strategy: SeedSamplingStrategy = seedConfig.sampling_strategy ?? 'ordered';
    if (strategy !== 'ordered' && strategy !== 'shuffle') {
      throw new SeedReaderError(`Unknown sampling_strategy '${String(strategy)}'.`, { fix: 'Use "ordered" or "shuffle".' });
    }
    const seed = options.seed ?? randomInt(0, 2 ** 31);
    const order = new SeedRowOrder(range, strategy, seed);
    return {
      columnNames: source.columnNames,
      rowCount: source.rowCount,
      selectedRange: range,
      selectedRowCount: order.size,
      samplingStrategy: strategy,
      seed,
      description: source.description,
      async readRows(rowOffset, count) {
        if (!Number.isInteger(rowOffset) || rowOffset < 0 || !Number.isInteger(count) || count < 0) {
          throw new SeedReaderError(`readRows(${rowOffset}, ${count}): offset and count must be non-negative integers.`);
        }
        const indices = order.indicesFor(rowOffset, count);
        const unique = [...new Set(indices)].sort((a, b) => a - b);
        const rows = await source.fetchRows(unique);
        return indices.map((index) => {
          const row = rows.get(index);
          if (row === undefined) {
            throw new SeedReaderError(`Seed row ${index} of ${source.description} could not be read.`, {
              fix: 'Check that the seed file did not change during the run.',
            });
          }
          return { ...row };
        });
      },
      close: () => source.close(),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}
