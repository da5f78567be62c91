// Test-only helpers for the agent_rollout tests (excluded from the build by the `test-*.ts` pattern).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';
import { openSeedReader } from '../open-seed-reader.js';
import { ROLLOUT_COLUMNS } from './rollout-record.js';

/** The folder of the agent_rollout test fixtures. */
export const rolloutFixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');

/** A path under the fixture folder. */
export const rolloutFixture = (...parts: string[]): string => path.join(rolloutFixtures, ...parts);

/** Every row of an agent_rollout source over the fixture folder `folder`, in order, through the public seed path. */
export async function readRolloutRows(format: string, folder: string, extra: Record<string, unknown> = {}): Promise<Array<Record<string, unknown>>> {
  const reader = await openSeedReader({ source: { seed_type: 'agent_rollout', format, path: folder, ...extra } }, { cwd: rolloutFixtures });
  try {
    expect(reader.columnNames).toEqual([...ROLLOUT_COLUMNS]);
    return await reader.readRows(0, reader.selectedRowCount);
  } finally {
    await reader.close();
  }
}
