import type { BatchColumnGenerator, GenerationContext, Row } from '../columns/column-generator.js';
import { buildSamplerPlan, type CompiledConstraint } from './build-sampler-plan.js';
import { convertTypedValue, finalizeValue } from './convert-sampler-values.js';
import type { ColumnSampler, SampleState } from './create-column-sampler.js';
import { createRandomSource, randomSeed } from './create-random-source.js';
import { formatIsoSeconds } from './format-strftime.js';
import type { ConstraintConfig, SamplerColumnConfig } from '@dd/config';
import { RejectionSamplingError } from './sampler-errors.js';

/** Options of `createSamplerGenerator`. */
export interface SamplerGeneratorOptions {
  /** Sampler column configs in wire (snake_case) form. */
  columns: SamplerColumnConfig[];
  /** Root `constraints` of the config. */
  constraints: ConstraintConfig[];
  /** Same seed ⇒ same dataset; a random seed is drawn when omitted. */
  seed?: number;
  /** True when the Jinja expression (a conditional_params key, without braces) holds for the row. */
  evaluateCondition: (expression: string, row: Row) => boolean;
  /** Folder of managed person datasets (`<locale>.parquet`). */
  personDatasetPath?: string;
}

const rowIndexCache = new Map<number, number[]>();
/** The row indices 0..n-1 (a few sizes cached; never mutated). */
function allRows(n: number): number[] {
  let cached = rowIndexCache.get(n);
  if (cached === undefined) {
    cached = Array.from({ length: n }, (_, i) => i);
    if (rowIndexCache.size < 8) rowIndexCache.set(n, cached);
  }
  return cached;
}

/** Rejection sampling gives up after this many iterations per row of the row group, per column. */
export const MAX_REJECTIONS_FACTOR = 5;

function holds(left: unknown, operator: CompiledConstraint['operator'], right: unknown): boolean {
  if (left === null || left === undefined || right === null || right === undefined) return false;
  const l = left as number;
  const r = right as number;
  switch (operator) {
    case 'lt':
      return l < r;
    case 'le':
      return l <= r;
    case 'gt':
      return l > r;
    case 'ge':
      return l >= r;
  }
}

/**
 * Builds the fused full-column generator of all sampler columns: checks the configs at creation,
 * then per row group samples every column in dependency order with conditional params, convert_to,
 * and rejection sampling against the constraints. Values depend only on (seed, row group).
 */
export function createSamplerGenerator(options: SamplerGeneratorOptions): BatchColumnGenerator {
  const plan = buildSamplerPlan(options.columns, options.constraints, options.personDatasetPath);
  const seed = options.seed ?? randomSeed();
  const datetimeColumns = new Set(plan.columns.filter((c) => c.family === 'datetime').map((c) => c.name));
  const samplerNames = new Set(plan.columns.map((c) => c.name));

  async function generateBatch(rows: ReadonlyArray<Readonly<Row>>, context: GenerationContext): Promise<Row[]> {
    const n = rows.length;
    const random = createRandomSource(seed, context.rowGroup);
    const values = new Map<string, unknown[]>();
    const state: SampleState = {
      value: (column, row) => (samplerNames.has(column) ? values.get(column)?.[row] : rows[row]?.[column]),
      isDatetimeSampler: (column) => datetimeColumns.has(column) && values.has(column),
    };
    const conditionRow = (row: number): Row => {
      const view: Row = { ...rows[row] };
      for (const [column, columnValues] of values) {
        const v = columnValues[row];
        view[column] = datetimeColumns.has(column) && typeof v === 'number' ? formatIsoSeconds(v) : v;
      }
      return view;
    };

    for (const column of plan.order) {
      if (context.signal.aborted) throw context.signal.reason ?? new Error('aborted');
      const columnValues = new Array<unknown>(n).fill(null);
      values.set(column.name, columnValues);
      await sampleColumn(column, columnValues, n, random, state, conditionRow);
    }

    const out: Row[] = new Array(n);
    const finals = plan.columns.map((c) => {
      const columnValues = values.get(c.name) as unknown[];
      const untouched = c.family === 'passthrough' || (c.family === 'typed' && c.convertTo === null && c.decimalPlaces === null);
      return { name: c.name, values: untouched ? columnValues : columnValues.map((v) => finalizeValue(c.name, c.family, v, c.convertTo, c.decimalPlaces)) };
    });
    for (let i = 0; i < n; i++) {
      const row: Row = {};
      for (const final of finals) row[final.name] = final.values[i];
      out[i] = row;
    }
    return out;
  }

  async function sampleColumn(
    column: ColumnSampler,
    columnValues: unknown[],
    n: number,
    random: ReturnType<typeof createRandomSource>,
    state: SampleState,
    conditionRow: (row: number) => Row,
  ): Promise<void> {
    // Which params set each row uses: -1 = default, else the last matching condition.
    const groups = [column.defaultParams, ...column.conditions.map((c) => c.params)].map((p) => p.bind(random));
    const groupOf = new Int32Array(n).fill(-1);
    if (column.conditions.length > 0) {
      for (let i = 0; i < n; i++) {
        const view = conditionRow(i);
        column.conditions.forEach((condition, k) => {
          if (options.evaluateCondition(condition.expression, view)) groupOf[i] = k;
        });
      }
    }
    const constraints = plan.constraints.get(column.name) ?? [];
    const convert = column.family === 'typed' && column.convertTo !== null;
    let needs: number[] = allRows(n);
    let iterations = 0;
    while (needs.length > 0) {
      const buckets: number[][] = groups.length === 1 ? [needs] : groups.map(() => []);
      if (groups.length > 1) for (const i of needs) buckets[(groupOf[i] ?? -1) + 1]?.push(i);
      for (const [g, group] of groups.entries()) {
        const indices = buckets[g] ?? [];
        if (indices.length === 0) continue;
        const sampled = await group(indices, state);
        indices.forEach((rowIndex, k) => {
          const v = sampled[k];
          columnValues[rowIndex] = convert ? convertTypedValue(column.name, v, column.convertTo) : v;
        });
      }
      if (constraints.length === 0) return;
      needs = needs.filter((i) =>
        constraints.some((c) => !holds(columnValues[i], c.operator, c.rhs.kind === 'scalar' ? c.rhs.value : state.value(c.rhs.column, i))),
      );
      iterations += 1;
      if (needs.length > 0 && iterations > MAX_REJECTIONS_FACTOR * n) {
        throw new RejectionSamplingError(
          `Column '${column.name}': exceeded the maximum number of rejections (${MAX_REJECTIONS_FACTOR} × ${n} rows = ${MAX_REJECTIONS_FACTOR * n} iterations); ${needs.length} rows still violate ${constraints.map((c) => `${c.target} ${c.operator} ${c.rhs.kind === 'scalar' ? c.rhs.value : c.rhs.column}`).join(' and ')} (e.g. value ${JSON.stringify(columnValues[needs[0] ?? 0])}).`,
          { fix: `Loosen the constraints on '${column.name}' or change its sampler params so that most draws satisfy them.` },
        );
      }
    }
  }

  return {
    strategy: 'full_column',
    name: 'samplers',
    columns: plan.columns.map((c) => c.name),
    requiredColumns: [],
    generateBatch,
  };
}
