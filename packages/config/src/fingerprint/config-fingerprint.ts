import { createHash } from 'node:crypto';
import { configSchemas, type DataDesignerConfig } from '../data-designer-config.js';
import { annotatePythonTypes, type AnnotatedValue } from '../io/annotate-python-types.js';
import { withoutInMemoryRows } from '../io/dump-config.js';
import { canonicalJson } from './canonical-json.js';

/** Config identity written to `metadata.json` and compared on resume. */
export interface ConfigFingerprint {
  /** `sha256:<64 lowercase hex>`. */
  config_hash: string;
  /** Always `sha256`. */
  config_hash_algo: 'sha256';
  /** Canonicalisation version; 2 as in the original. */
  config_hash_version: 2;
}

type AnnotatedObject = { [key: string]: AnnotatedValue };

function byKey(key: string) {
  return (a: AnnotatedValue, b: AnnotatedValue) => {
    const left = String((a as AnnotatedObject)[key] ?? '');
    const right = String((b as AnnotatedObject)[key] ?? '');
    return left < right ? -1 : left > right ? 1 : 0;
  };
}

function isEmpty(value: AnnotatedValue | undefined): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/** The canonical text the fingerprint hashes (config-spec §13 steps 1-8). */
export function canonicalConfigText(input: DataDesignerConfig): string {
  // In-memory seed rows are not part of the fingerprint (the original excludes its DataFrame).
  const config = withoutInMemoryRows(input);
  const dump = annotatePythonTypes(configSchemas.dataDesignerConfig, config) as AnnotatedObject;
  delete dump.profilers;
  for (const key of ['model_configs', 'tool_configs', 'constraints', 'processors']) {
    if (isEmpty(dump[key])) delete dump[key];
  }
  const sourceColumns = config.columns as ReadonlyArray<Record<string, unknown>>;
  (dump.columns as AnnotatedObject[]).forEach((column, index) => {
    if (column.column_type !== 'custom') return;
    const fn = sourceColumns[index]?.generator_function as
      | { name?: string; requiredColumns?: string[]; sideEffectColumns?: string[]; modelAliases?: string[] }
      | string
      | undefined;
    const name = typeof fn === 'string' ? fn : (fn?.name ?? null);
    column.generator_function = {
      name,
      qualname: name,
      module: null,
      metadata: {
        required_columns: typeof fn === 'object' || typeof fn === 'function' ? [...(fn?.requiredColumns ?? [])] : [],
        side_effect_columns: typeof fn === 'object' || typeof fn === 'function' ? [...(fn?.sideEffectColumns ?? [])] : [],
        model_aliases: typeof fn === 'object' || typeof fn === 'function' ? [...(fn?.modelAliases ?? [])] : [],
      },
    };
  });
  if (Array.isArray(dump.model_configs)) {
    const models = (dump.model_configs as AnnotatedObject[]).map((model) => {
      const copy: AnnotatedObject = { ...model };
      delete copy.skip_health_check;
      if (copy.inference_parameters && typeof copy.inference_parameters === 'object') {
        const parameters = { ...(copy.inference_parameters as AnnotatedObject) };
        delete parameters.max_parallel_requests;
        delete parameters.timeout;
        copy.inference_parameters = parameters;
      }
      return copy;
    });
    dump.model_configs = models.sort(byKey('alias'));
  }
  if (Array.isArray(dump.tool_configs)) {
    const tools = (dump.tool_configs as AnnotatedObject[]).map((tool) => {
      const copy: AnnotatedObject = { ...tool };
      delete copy.timeout_sec;
      if (isEmpty(copy.allow_tools)) delete copy.allow_tools;
      return copy;
    });
    dump.tool_configs = tools.sort(byKey('tool_alias'));
  }
  const seed = dump.seed_config as AnnotatedObject | null;
  const source = seed?.source as AnnotatedObject | undefined;
  if (source && source.seed_type === 'hf') {
    delete source.token;
    delete source.endpoint;
  }
  return canonicalJson(dump);
}

/** The original's config fingerprint (version 2): SHA-256 over the canonical JSON of the config. */
export function configFingerprint(config: DataDesignerConfig): ConfigFingerprint {
  const hash = createHash('sha256').update(canonicalConfigText(config), 'utf8').digest('hex');
  return { config_hash: `sha256:${hash}`, config_hash_algo: 'sha256', config_hash_version: 2 };
}
