import { stringify } from 'yaml';

/** Tags every card carries before the caller's own. */
export const DEFAULT_HUB_CARD_TAGS = ['synthetic', 'datadesigner'] as const;

/** Where this port lives (linked from the card). */
const PROJECT_URL = 'https://github.com/data-designer-ts/data-designer-ts';
/** The Python library this project ports. */
const ORIGINAL_URL = 'https://github.com/NVIDIA-NeMo/DataDesigner';

/** Column types whose statistics carry token counts. */
const LLM_COLUMN_TYPES = new Set(['llm-text', 'llm-code', 'llm-structured', 'llm-judge']);

/** What the dataset card is written from. */
export interface HubDatasetCardInput {
  /** `<owner>/<name>`; the title is the name, title-cased. */
  repoId: string;
  /** The caller's description, placed under the title as written (Markdown). */
  description: string;
  /** Records in the pushed dataset. */
  numRecords: number;
  /** Records the run asked for (`target_num_records`); a completion line appears when it differs. */
  targetNumRecords?: number;
  /** Columns of the parquet files with their DuckDB types (the schema table when there are no statistics). */
  columns: ReadonlyArray<{ name: string; type: string }>;
  /** Per-column statistics of profiling (`column_statistics`), if any. */
  columnStatistics?: readonly unknown[];
  /** `column_type` of every configured column (from `builder_config.json`). */
  configuredColumnTypes?: readonly string[];
  /** Processor outputs pushed as their own configs (`<name>/*.parquet`). */
  processorNames?: readonly string[];
  /** Tags added after the default ones. */
  tags?: readonly string[];
  /** SPDX-style license id for the front matter (omitted when not given). */
  license?: string;
  /** Year of the citation. @default the current year */
  year?: number;
}

/** The Hub's `size_categories` bucket for a record count. */
export function hubSizeCategory(numRecords: number): string {
  if (numRecords < 1_000) return 'n<1K';
  if (numRecords < 10_000) return '1K<n<10K';
  if (numRecords < 100_000) return '10K<n<100K';
  if (numRecords < 1_000_000) return '100K<n<1M';
  if (numRecords < 10_000_000) return '1M<n<10M';
  return 'n>10M';
}

/** Python's `str.title()`: every letter after a non-letter upper case, the others lower case. */
function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

const thousands = (value: number): string => value.toLocaleString('en-US');
const percent = (part: number, whole: number): string => (whole > 0 ? ((part / whole) * 100).toFixed(1) : '0.0');
const cell = (value: unknown): string => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
const numberOf = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** One row of the statistics table. */
function statisticsRow(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const stat = raw as Record<string, unknown>;
  if (typeof stat.column_name !== 'string') return undefined;
  const records = numberOf(stat.num_records) ?? 0;
  const unique = numberOf(stat.num_unique);
  const nulls = numberOf(stat.num_null);
  const columnType = typeof stat.column_type === 'string' ? stat.column_type : '-';
  let details = '-';
  if (LLM_COLUMN_TYPES.has(columnType)) {
    const text = stat.text as Record<string, unknown> | undefined;
    const output = numberOf(text?.output_tokens_mean) ?? numberOf(stat.output_tokens_mean);
    const input = numberOf(stat.input_tokens_mean);
    details = `Tokens (mean): ${output === undefined ? 'N/A' : output.toFixed(0)} out / ${input === undefined ? 'N/A' : input.toFixed(0)} in`;
  } else if (columnType === 'sampler' && stat.sampler_type !== undefined) {
    const sampler = stat.sampler_type as unknown;
    details = typeof sampler === 'object' && sampler !== null && 'value' in sampler ? String((sampler as { value: unknown }).value) : String(sampler);
  }
  return [
    `\`${cell(stat.column_name)}\``,
    `\`${cell(stat.simple_dtype ?? '-')}\``,
    cell(columnType),
    unique === undefined ? '-' : `${thousands(unique)} (${percent(unique, records)}%)`,
    nulls === undefined ? '-' : `${thousands(nulls)} (${percent(nulls, records)}%)`,
    cell(details),
  ].join(' | ');
}

/**
 * The dataset card (`README.md`) of a pushed dataset: YAML front matter the Hub reads
 * (`size_categories`, `tags`, `license` when given, and `configs` mapping `data` → `data/*.parquet`
 * as the default plus one config per processor output), then the title, the description, a quick
 * start, a summary, the column table, how the data was generated, a citation and a note on Data
 * Designer. The same structure as the original's card, in our own words.
 */
export function renderHubDatasetCard(input: HubDatasetCardInput): string {
  const processors = input.processorNames ?? [];
  const tags = [...DEFAULT_HUB_CARD_TAGS, ...(input.tags ?? []).filter((tag) => !(DEFAULT_HUB_CARD_TAGS as readonly string[]).includes(tag))];
  const frontMatter = stringify({
    ...(input.license ? { license: input.license } : {}),
    size_categories: hubSizeCategory(input.numRecords),
    tags,
    configs: [
      { config_name: 'data', data_files: 'data/*.parquet', default: true },
      ...processors.map((name) => ({ config_name: name, data_files: `${name}/*.parquet` })),
    ],
  });
  const name = input.repoId.split('/').at(-1) ?? input.repoId;
  const lines: string[] = ['---', frontMatter.trimEnd(), '---', ''];

  lines.push(`# ${titleCase(name)}`, '');
  lines.push(`<sub>Generated with [Data Designer for TypeScript](${PROJECT_URL}), a port of [NVIDIA NeMo Data Designer](${ORIGINAL_URL}).</sub>`, '');
  lines.push('---', '', input.description.trim(), '', '---', '');

  lines.push('## Quick start', '', 'With the `datasets` library:', '', '```python', 'from datasets import load_dataset', '');
  lines.push(`records = load_dataset("${input.repoId}", "data", split="train")`, 'frame = records.to_pandas()');
  for (const processor of processors) lines.push(`${processor.replace(/\W/g, '_')} = load_dataset("${input.repoId}", "${processor}", split="train")`);
  lines.push('```', '', 'As the seed of another Data Designer run:', '', '```yaml', 'seed_config:', '  source:', '    seed_type: hf');
  lines.push(`    path: datasets/${input.repoId}/data/*.parquet`, '```', '', '---', '');

  lines.push('## Summary', '', `- **Records**: ${thousands(input.numRecords)}`, `- **Columns**: ${input.columns.length}`);
  if (input.targetNumRecords !== undefined && input.targetNumRecords !== input.numRecords) {
    lines.push(`- **Completion**: ${percent(input.numRecords, input.targetNumRecords)}% of the ${thousands(input.targetNumRecords)} records requested`);
  }
  lines.push('', '---', '');

  lines.push('## Columns', '');
  const rows = (input.columnStatistics ?? []).map(statisticsRow).filter((row): row is string => row !== undefined);
  if (rows.length > 0) {
    lines.push('| Column | Type | Column type | Unique (%) | Null (%) | Details |', '|---|---|---|---|---|---|');
    for (const row of rows) lines.push(`| ${row} |`);
  } else {
    lines.push('| Column | Type |', '|---|---|');
    for (const column of [...input.columns].sort((a, b) => a.name.localeCompare(b.name))) lines.push(`| \`${cell(column.name)}\` | ${cell(column.type)} |`);
  }
  lines.push('', '---', '');

  lines.push('## How it was generated', '');
  const configured = input.configuredColumnTypes ?? [];
  if (configured.length > 0) {
    const counts = new Map<string, number>();
    for (const type of configured) counts.set(type, (counts.get(type) ?? 0) + 1);
    lines.push(`The config declares ${configured.length} column(s):`, '');
    for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) lines.push(`- **${type}**: ${count}`);
    lines.push('');
  }
  lines.push(
    "The complete config is in [`builder_config.json`](builder_config.json) and the run's metadata in [`metadata.json`](metadata.json).",
    '',
    '---',
    '',
  );

  lines.push('## Citation', '', 'To cite the tool that generated this dataset:', '', '```bibtex', '@misc{data-designer,');
  lines.push('  title = {Data Designer: declarative synthetic data generation (TypeScript port of NVIDIA NeMo Data Designer)},');
  lines.push(
    `  howpublished = {\\url{${PROJECT_URL}}},`,
    `  year = {${input.year ?? new Date().getFullYear()}},`,
    `  note = {Original: \\url{${ORIGINAL_URL}}},`,
    '}',
    '```',
    '',
    '---',
    '',
  );

  lines.push('## About Data Designer', '');
  lines.push('Data Designer builds synthetic datasets from a declarative config: columns drawn from statistical samplers,');
  lines.push('written by LLMs, taken from seed datasets or computed from other columns, generated in dependency order,');
  lines.push('checked by validators and scored by LLM judges. Preview a few records, then generate at scale.', '');
  return `${lines.join('\n')}`;
}
