import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { InvalidFileFormatError, InvalidFilePathError } from '@dd/config';
import { openSeedReader } from './open-seed-reader.js';
import type { SeedReader } from './open-seed-reader.js';
import type { SeedConfigInput } from './seed-config-input.js';
import { SeedReaderError } from './seed-reader-error.js';

let dir: string;

async function duckdb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function withReader<T>(config: SeedConfigInput, run: (reader: SeedReader) => Promise<T>, seed?: number): Promise<T> {
  const reader = await openSeedReader(config, { cwd: dir, ...(seed === undefined ? {} : { seed }) });
  try {
    return await run(reader);
  } finally {
    await reader.close();
  }
}

const local = (file: string, extra: Partial<SeedConfigInput> = {}): SeedConfigInput => ({ source: { seed_type: 'local', path: file }, ...extra });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-seeds-'));
  writeFileSync(path.join(dir, 'people.csv'), 'name,age\nAda,36\nBob,41\nCy,29\n');
  writeFileSync(path.join(dir, 'people.jsonl'), '{"name":"Ada","tags":["x"]}\n{"name":"Bob","tags":[]}\n');
  writeFileSync(path.join(dir, 'array.json'), '[{"k":1},{"k":2}]');
  writeFileSync(path.join(dir, 'notes.txt'), 'hello');
  mkdirSync(path.join(dir, 'parts'));
  await duckdb(`COPY (SELECT range AS id, 'p' || range AS label FROM range(0, 5)) TO '${dir}/parts/a.parquet' (FORMAT parquet)`);
  await duckdb(`COPY (SELECT range AS id, 'p' || range AS label FROM range(5, 8)) TO '${dir}/parts/b.parquet' (FORMAT parquet)`);
  await duckdb(
    `COPY (SELECT range AS id, repeat(chr(97 + (range % 26)::INTEGER), 300) AS body, range % 7 AS bucket FROM range(200000)) TO '${dir}/big.parquet' (FORMAT parquet, ROW_GROUP_SIZE 20000)`,
  );
  mkdirSync(path.join(dir, 'docs', 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'docs', 'b.md'), 'line1\r\nline2');
  writeFileSync(path.join(dir, 'docs', 'sub', 'a.md'), '# title');
  writeFileSync(path.join(dir, 'docs', 'skip.txt'), 'no');
  writeFileSync(path.join(dir, 'docs', 'latin.lat'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local files', () => {
  test('CSV: column names, count, typed values', async () => {
    await withReader(local('people.csv'), async (reader) => {
      expect(reader.columnNames).toEqual(['name', 'age']);
      expect(reader.rowCount).toBe(3);
      expect(await reader.readRows(0, 2)).toEqual([
        { name: 'Ada', age: 36 },
        { name: 'Bob', age: 41 },
      ]);
    });
  });

  test('JSONL and JSON arrays are read as records', async () => {
    await withReader(local('people.jsonl'), async (reader) => {
      expect(await reader.readRows(0, 2)).toEqual([
        { name: 'Ada', tags: ['x'] },
        { name: 'Bob', tags: [] },
      ]);
    });
    await withReader(local('array.json'), async (reader) => expect(await reader.readRows(0, 2)).toEqual([{ k: 1 }, { k: 2 }]));
  });

  test('parquet wildcard: files in name order, global row positions across files', async () => {
    await withReader(local('parts/*.parquet'), async (reader) => {
      expect(reader.rowCount).toBe(8);
      expect(reader.columnNames).toEqual(['id', 'label']);
      expect((await reader.readRows(3, 4)).map((row) => row.id)).toEqual([3, 4, 5, 6]);
    });
  });

  test('ordered sampling cycles through the selection; selection strategies apply', async () => {
    await withReader(local('people.csv'), async (reader) => {
      expect((await reader.readRows(0, 7)).map((row) => row.name)).toEqual(['Ada', 'Bob', 'Cy', 'Ada', 'Bob', 'Cy', 'Ada']);
      expect((await reader.readRows(4, 2)).map((row) => row.name)).toEqual(['Bob', 'Cy']);
    });
    await withReader(local('parts/*.parquet', { selection_strategy: { start: 2, end: 4 } }), async (reader) => {
      expect(reader.selectedRowCount).toBe(3);
      expect((await reader.readRows(0, 5)).map((row) => row.id)).toEqual([2, 3, 4, 2, 3]);
    });
    await withReader(local('parts/*.parquet', { selection_strategy: { index: 2, num_partitions: 3 } }), async (reader) => {
      expect((await reader.readRows(0, 3)).map((row) => row.id)).toEqual([4, 5, 6, 7].slice(0, 3));
      expect(reader.selectedRange).toEqual({ start: 4, end: 7 });
    });
  });

  test('shuffle: within the selection, deterministic for a seed, independent of read order', async () => {
    const config = local('parts/*.parquet', { sampling_strategy: 'shuffle', selection_strategy: { start: 1, end: 6 } });
    const whole = await withReader(config, async (reader) => (await reader.readRows(0, 12)).map((row) => row.id), 5);
    expect([...whole.slice(0, 6)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...whole.slice(6)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const pieces = await withReader(
      config,
      async (reader) => {
        const late = await reader.readRows(6, 6);
        const early = await reader.readRows(0, 6);
        return [...early, ...late].map((row) => row.id);
      },
      5,
    );
    expect(pieces).toEqual(whole);
    const reader = await openSeedReader(config, { cwd: dir });
    expect(Number.isInteger(reader.seed)).toBe(true);
    await reader.close();
  });

  test('large parquet: a window is read without loading the file', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    await withReader(local('big.parquet'), async (reader) => {
      expect(reader.rowCount).toBe(200_000);
      const rows = await reader.readRows(150_000, 1000);
      expect(rows).toHaveLength(1000);
      expect(rows[0]).toEqual({ id: 150_000, body: String.fromCharCode(97 + (150_000 % 26)).repeat(300), bucket: 150_000 % 7 });
      expect(rows[999]?.id).toBe(150_999);
      // Wrap-around across the end of the file.
      expect((await reader.readRows(199_999, 2)).map((row) => row.id)).toEqual([199_999, 0]);
    });
    // Loading 200k rows with a 300-character string each would need > 60 MB of strings alone.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 1024 * 1024);
  });

  test('large parquet, shuffled: scattered rows come back at their positions', async () => {
    await withReader(
      local('big.parquet', { sampling_strategy: 'shuffle' }),
      async (reader) => {
        const rows = await reader.readRows(0, 500);
        expect(new Set(rows.map((row) => row.id)).size).toBe(500);
        for (const row of rows) expect(row.bucket).toBe((row.id as number) % 7);
      },
      11,
    );
  });
});

describe('file-system sources', () => {
  test('directory: one row per matching file, sorted, recursive by default', async () => {
    await withReader({ source: { seed_type: 'directory', path: 'docs', file_pattern: '*.md' } }, async (reader) => {
      expect(reader.columnNames).toEqual(['source_kind', 'source_path', 'relative_path', 'file_name']);
      expect(await reader.readRows(0, 2)).toEqual([
        { source_kind: 'directory_file', source_path: path.join(dir, 'docs', 'b.md'), relative_path: 'b.md', file_name: 'b.md' },
        { source_kind: 'directory_file', source_path: path.join(dir, 'docs', 'sub', 'a.md'), relative_path: 'sub/a.md', file_name: 'a.md' },
      ]);
    });
    await withReader({ source: { seed_type: 'directory', path: 'docs', file_pattern: '*.md', recursive: false } }, async (reader) => {
      expect(reader.rowCount).toBe(1);
    });
  });

  test('file_contents: text in content, newlines normalized, encoding honoured', async () => {
    await withReader({ source: { seed_type: 'file_contents', path: 'docs', file_pattern: '*.md' } }, async (reader) => {
      const [first] = await reader.readRows(0, 1);
      expect(first).toMatchObject({ source_kind: 'file_contents', file_name: 'b.md', content: 'line1\nline2' });
    });
    await withReader({ source: { seed_type: 'file_contents', path: 'docs', file_pattern: '*.lat', encoding: 'latin_1' } }, async (reader) => {
      expect((await reader.readRows(0, 1))[0]?.content).toBe('café');
    });
    await withReader({ source: { seed_type: 'file_contents', path: 'docs', file_pattern: '*.lat' } }, async (reader) => {
      await expect(reader.readRows(0, 1)).rejects.toThrow(/Failed to decode file .*latin.lat using encoding 'utf-8'/);
    });
  });

  test('in-memory df rows', async () => {
    await withReader({ source: { seed_type: 'df', df: [{ a: 1 }, { a: 2, b: 'x' }] } }, async (reader) => {
      expect(await reader.readRows(1, 2)).toEqual([
        { a: 2, b: 'x' },
        { a: 1, b: null },
      ]);
    });
  });
});

describe('errors name the path and the fix', () => {
  test('missing file', async () => {
    const attempt = openSeedReader(local('nope.csv'), { cwd: dir });
    await expect(attempt).rejects.toThrow(InvalidFilePathError);
    await expect(openSeedReader(local('nope.csv'), { cwd: dir })).rejects.toThrow(`${path.join(dir, 'nope.csv')} is not a file`);
  });

  test('a seed column named __proto__ (it would vanish from every record)', async () => {
    writeFileSync(path.join(dir, 'proto.csv'), 'constructor,__proto__\n1,p\n');
    const error = await openSeedReader(local('proto.csv'), { cwd: dir }).catch((caught: unknown) => caught);
    expect(SeedReaderError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/proto\.csv.*has a column named '__proto__'/);
  });

  test('unknown format', async () => {
    await expect(openSeedReader(local('notes.txt'), { cwd: dir })).rejects.toThrow(InvalidFileFormatError);
  });

  test('wildcard without matches', async () => {
    await expect(openSeedReader(local('parts/*.csv'), { cwd: dir })).rejects.toThrow(/does not contain files of type 'csv'/);
  });

  test('unreadable parquet', async () => {
    writeFileSync(path.join(dir, 'broken.parquet'), 'this is not parquet');
    const error = await openSeedReader(local('broken.parquet'), { cwd: dir }).catch((caught: unknown) => caught);
    expect(SeedReaderError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toContain(path.join(dir, 'broken.parquet'));
    expect((error as { fix?: string }).fix).toMatch(/valid parquet/);
  });

  test('missing directory, no matches, unknown encoding', async () => {
    await expect(openSeedReader({ source: { seed_type: 'directory', path: 'missing' } }, { cwd: dir })).rejects.toThrow(
      /Seed source directory '.*missing' does not exist/,
    );
    await expect(openSeedReader({ source: { seed_type: 'directory', path: 'docs', file_pattern: '*.zip' } }, { cwd: dir })).rejects.toThrow(
      /No files matched file_pattern '\*\.zip' under/,
    );
    await expect(openSeedReader({ source: { seed_type: 'file_contents', path: 'docs', encoding: 'klingon' } }, { cwd: dir })).rejects.toThrow(
      /Unknown encoding 'klingon'/,
    );
  });

  test('a malformed hf path and an unknown agent_rollout format are refused with a way out (no network)', async () => {
    const error = await openSeedReader({ source: { seed_type: 'hf', path: 'u/r/*.parquet', token: 'hf_secret' } }).catch((caught: unknown) => caught);
    expect(SeedReaderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/is not of the form 'datasets\/<owner>\/<dataset>\/<files>'/);
    expect((error as Error).message).not.toContain('hf_secret');
    await expect(openSeedReader({ source: { seed_type: 'agent_rollout', format: 'cursor' } })).rejects.toThrow(/Unknown agent_rollout format 'cursor'/);
  });

  test('selection beyond the dataset', async () => {
    await expect(openSeedReader(local('people.csv', { selection_strategy: { start: 0, end: 3 } }), { cwd: dir })).rejects.toThrow(
      /out of bounds for dataset size 3/,
    );
  });
});
