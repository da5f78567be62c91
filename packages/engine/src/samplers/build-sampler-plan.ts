import { findTemplateReferences } from '@dd/config';
import { createColumnSampler, type ColumnSampler } from './create-column-sampler.js';
import type { ConstraintConfig, SamplerColumnConfig } from '@dd/config';
import type { ConstraintOperator } from './constraint-operator.js';
import { SamplerConfigurationError } from './sampler-errors.js';

/** A checked constraint: compare the target column with a number or another column. */
export interface CompiledConstraint {
  readonly target: string;
  readonly operator: ConstraintOperator;
  readonly rhs: { kind: 'scalar'; value: number } | { kind: 'column'; column: string };
}

/** Everything the sampler generator needs: compiled columns, their generation order and constraints. */
export interface SamplerPlan {
  /** Columns in declaration order (output order). */
  readonly columns: readonly ColumnSampler[];
  /** Columns in dependency order (generation order; ties keep declaration order). */
  readonly order: readonly ColumnSampler[];
  /** Constraints grouped by target column. */
  readonly constraints: ReadonlyMap<string, readonly CompiledConstraint[]>;
}

const OPERATORS: readonly string[] = ['lt', 'le', 'gt', 'ge'];

function compileConstraint(constraint: ConstraintConfig): CompiledConstraint {
  const { target_column: target, operator, rhs } = constraint;
  if (!OPERATORS.includes(operator)) {
    throw new SamplerConfigurationError(`Constraint on '${target}': unknown operator '${String(operator)}'.`, { fix: 'Use one of: lt, le, gt, ge.' });
  }
  let type = constraint.constraint_type;
  if (type === undefined || type === null) {
    type = typeof rhs === 'string' && !Number.isFinite(Number(rhs.trim() === '' ? Number.NaN : rhs)) ? 'column_inequality' : 'scalar_inequality';
  }
  if (type === 'column_inequality') {
    if (typeof rhs !== 'string') {
      throw new SamplerConfigurationError(`Constraint on '${target}': column_inequality needs a column name as rhs, got ${JSON.stringify(rhs)}.`, {
        fix: "Use constraint_type 'scalar_inequality' for numbers.",
      });
    }
    return { target, operator, rhs: { kind: 'column', column: rhs } };
  }
  const value = typeof rhs === 'number' ? rhs : Number(rhs);
  if (!Number.isFinite(value)) {
    throw new SamplerConfigurationError(`Constraint on '${target}': scalar_inequality needs a number as rhs, got ${JSON.stringify(rhs)}.`, {
      fix: "Give a number, or use constraint_type 'column_inequality' to compare with a column.",
    });
  }
  return { target, operator, rhs: { kind: 'scalar', value } };
}

/**
 * Runs the build-time checks (unique names, constraint targets, subcategory coverage, acyclic
 * dependencies, params and convert_to) and returns the sampler plan; throws SamplerConfigurationError.
 */
export function buildSamplerPlan(columns: readonly SamplerColumnConfig[], constraints: readonly ConstraintConfig[], personDatasetPath?: string): SamplerPlan {
  const names = columns.map((c) => c.name);
  const duplicates = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (duplicates.length > 0) {
    throw new SamplerConfigurationError(`Sampler column names must be unique; duplicated: ${duplicates.join(', ')}.`, {
      fix: 'Rename the duplicated columns.',
    });
  }
  const compiled = columns.map((column) => createColumnSampler(column, personDatasetPath));
  const byName = new Map(compiled.map((c) => [c.name, c]));

  const compiledConstraints = constraints.map(compileConstraint);
  const missing = [...new Set(compiledConstraints.map((c) => c.target).filter((t) => !byName.has(t)))];
  if (missing.length > 0) {
    throw new SamplerConfigurationError(`Constraints target columns that are not sampler columns: ${missing.join(', ')}.`, {
      fix: `Only sampler columns can be constrained (sampler columns: ${names.join(', ') || 'none'}).`,
    });
  }
  const grouped = new Map<string, CompiledConstraint[]>();
  for (const c of compiledConstraints) grouped.set(c.target, [...(grouped.get(c.target) ?? []), c]);

  // Dependency edges: dependency -> dependent.
  const dependencies = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  for (const column of compiled) {
    const deps = dependencies.get(column.name) as Set<string>;
    for (const params of [column.defaultParams, ...column.conditions.map((c) => c.params)]) {
      for (const dep of params.dependencies) if (byName.has(dep)) deps.add(dep);
    }
    for (const { expression } of column.conditions) {
      for (const ref of findTemplateReferences(`{{ ${expression} }}`)) if (byName.has(ref)) deps.add(ref);
    }
    if (column.samplerType === 'subcategory') checkSubcategory(column, byName);
  }
  for (const c of compiledConstraints) if (c.rhs.kind === 'column' && byName.has(c.rhs.column)) dependencies.get(c.target)?.add(c.rhs.column);

  // Kahn's algorithm; ties in declaration order.
  const order: ColumnSampler[] = [];
  const done = new Set<string>();
  while (order.length < compiled.length) {
    const next = compiled.find((c) => !done.has(c.name) && [...(dependencies.get(c.name) as Set<string>)].every((d) => done.has(d)));
    if (next === undefined) {
      const stuck = compiled.filter((c) => !done.has(c.name)).map((c) => `${c.name} <- ${[...(dependencies.get(c.name) as Set<string>)].join(', ')}`);
      throw new SamplerConfigurationError(`There are circular dependencies in the definitions of your sampler columns: ${stuck.join('; ')}.`, {
        fix: 'Break the cycle in conditional_params, subcategory parents, timedelta references or column_inequality constraints.',
      });
    }
    order.push(next);
    done.add(next.name);
  }
  return { columns: compiled, order, constraints: grouped };
}

function checkSubcategory(column: ColumnSampler, byName: ReadonlyMap<string, ColumnSampler>): void {
  for (const params of [column.defaultParams, ...column.conditions.map((c) => c.params)]) {
    const parentName = params.dependencies[0];
    const parent = parentName === undefined ? undefined : byName.get(parentName);
    if (parent === undefined || parent.samplerType !== 'category') {
      throw new SamplerConfigurationError(
        `Column '${column.name}': subcategory parent '${parentName}' ${parent === undefined ? 'is not a sampler column' : `is a '${parent.samplerType}' sampler, not a category sampler`}.`,
        { fix: `Set 'category' to the name of a category sampler column.` },
      );
    }
    const parentValues = new Set<string>();
    for (const p of [parent.defaultParams, ...parent.conditions.map((c) => c.params)]) for (const v of p.categoryValues ?? []) parentValues.add(String(v));
    const keys = new Set((params.categoryValues ?? []).map(String));
    const missing = [...parentValues].filter((v) => !keys.has(v));
    const extra = [...keys].filter((k) => !parentValues.has(k));
    if (missing.length > 0 || extra.length > 0) {
      throw new SamplerConfigurationError(
        `Column '${column.name}': subcategory values must have exactly one key per value of '${parentName}'${missing.length ? `; missing: ${missing.join(', ')}` : ''}${extra.length ? `; not values of '${parentName}': ${extra.join(', ')}` : ''}.`,
        { fix: `Make the keys of 'values' equal to the values of '${parentName}' (${[...parentValues].join(', ')}).` },
      );
    }
  }
}
