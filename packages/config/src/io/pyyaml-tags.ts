import type { Tags } from 'yaml';

/**
 * PyYAML's YAML 1.1 implicit resolvers where the `yaml` package's 1.1 schema differs: `y`/`n` are
 * strings (not booleans), floats need a dot and a signed exponent (`1e3`, `1e-5` are strings; `1.0e-5`
 * is a float), and decimal ints have no leading zero (`09` is a string).
 */
const PYYAML_TESTS: Record<string, RegExp> = {
  'bool:true': /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/,
  'bool:false': /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
  'float:EXP': /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*[eE][-+][0-9]+|\.[0-9][0-9_]*[eE][-+][0-9]+)$/,
  'float:': /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/,
  'int:': /^[-+]?(?:0|[1-9][0-9_]*)$/,
};

function keyOf(tag: { tag: string; format?: string; test?: RegExp; default?: unknown }, value?: boolean): string {
  const kind = tag.tag.replace('tag:yaml.org,2002:', '');
  if (kind === 'bool') return `bool:${String(value)}`;
  return `${kind}:${tag.format ?? ''}`;
}

/** The `customTags` option that makes the `yaml` package resolve plain scalars like PyYAML's `safe_load`. */
export function pyyamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || !tag.test) return tag;
    // `.inf` / `.nan` resolve the same in both; leave that tag alone.
    if (/inf/.test(tag.test.source)) return tag;
    const isBool = tag.tag === 'tag:yaml.org,2002:bool';
    const key = keyOf(tag, isBool ? tag.test.test('true') : undefined);
    const test = PYYAML_TESTS[key];
    return test ? { ...tag, test } : tag;
  });
}
