import { describe, expect, test } from '@jest/globals';
import { ARTIFACT_LAYOUT, batchFileName, mediaSubfolderName, parseBatchFileName, timestampedDatasetName, validateDatasetName } from './artifact-layout.js';
import { ArtifactStorageError } from './artifact-storage-error.js';

describe('artifact layout', () => {
  test('folder and file names are the original engine names', () => {
    expect(ARTIFACT_LAYOUT).toMatchObject({
      builderConfigFile: 'builder_config.json',
      metadataFile: 'metadata.json',
      finalFolder: 'parquet-files',
      partialFolder: 'tmp-partial-parquet-files',
      droppedColumnsFolder: 'dropped-columns-parquet-files',
      processorsFolder: 'processors-files',
      imagesFolder: 'images',
      schedulerEventsFile: 'scheduler_events.jsonl',
      defaultDatasetName: 'dataset',
      previewDatasetName: 'preview-dataset',
    });
  });

  test('batch files are zero-padded to five digits and parse back', () => {
    expect(batchFileName(0)).toBe('batch_00000.parquet');
    expect(batchFileName(42)).toBe('batch_00042.parquet');
    expect(batchFileName(123456)).toBe('batch_123456.parquet');
    expect(parseBatchFileName('batch_00042.parquet')).toBe(42);
    expect(parseBatchFileName('batch_x.parquet')).toBeUndefined();
    expect(parseBatchFileName('batch_00001.parquet.tmp.1')).toBeUndefined();
    expect(() => batchFileName(-1)).toThrow(/non-negative/);
  });

  test('timestamped sibling uses MM-DD-YYYY_HHMMSS local time', () => {
    expect(timestampedDatasetName('dataset', new Date(2026, 0, 5, 7, 8, 9))).toBe('dataset_01-05-2026_070809');
  });

  test('media subfolders cannot escape the images folder', () => {
    expect(mediaSubfolderName('a/b\\c..d')).toBe('a_b_c_d');
  });

  test('dataset names must be non-empty and free of path characters', () => {
    expect(() => validateDatasetName('')).toThrow(ArtifactStorageError);
    expect(() => validateDatasetName('a/b')).toThrow(/invalid characters: \//);
    expect(() => validateDatasetName('ok-name_1')).not.toThrow();
  });
});
