import { describe, expect, test } from '@jest/globals';
import { ArtifactStorageError } from './artifact-storage-error.js';
import { parseDatasetMetadata } from './dataset-metadata.js';

describe('parseDatasetMetadata', () => {
  test('reads what the Python original writes, keeping unknown keys', () => {
    const text = JSON.stringify({
      actual_num_records: 20,
      buffer_size: 10,
      config_hash: `sha256:${'a'.repeat(64)}`,
      config_hash_algo: 'sha256',
      config_hash_version: 2,
      dataset_name: 'dataset',
      file_paths: { 'parquet-files': ['parquet-files/batch_00000.parquet', 'parquet-files/batch_00001.parquet'] },
      num_completed_batches: 2,
      original_target_num_records: 20,
      target_num_records: 20,
      total_num_batches: 2,
      model_usage: [{ model: 'm' }],
    });
    const metadata = parseDatasetMetadata(text, 'metadata.json');
    expect(metadata.target_num_records).toBe(20);
    expect(metadata.file_paths?.['parquet-files']).toHaveLength(2);
    expect(metadata.model_usage).toEqual([{ model: 'm' }]);
  });

  test('is lenient with older files: null and wrong-typed fields read as absent, not as errors', () => {
    const metadata = parseDatasetMetadata(
      JSON.stringify({ config_hash: null, target_num_records: '20', buffer_size: 0, post_generation_state: 'weird', actual_num_records: 5 }),
      'metadata.json',
    );
    expect(metadata).toEqual({ actual_num_records: 5 });
    expect('config_hash' in metadata).toBe(false);
  });

  test('corrupt text or a non-object is an ArtifactStorageError naming the file', () => {
    expect(() => parseDatasetMetadata('{"target_num_records": 1', '/x/metadata.json')).toThrow(/\/x\/metadata.json is corrupt/);
    for (const text of ['[]', '3', 'null']) {
      try {
        parseDatasetMetadata(text, 'm.json');
        throw new Error('no error');
      } catch (error) {
        expect(ArtifactStorageError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(/m.json does not hold a JSON object/);
      }
    }
  });
});
