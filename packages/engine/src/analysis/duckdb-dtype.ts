/** What kind of statistics a DuckDB column type supports. */
export type DtypeKind = 'integer' | 'float' | 'string' | 'boolean' | 'temporal' | 'nested' | 'other';

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);
const ARROW_NAMES: Record<string, string> = {
  TINYINT: 'int8',
  SMALLINT: 'int16',
  INTEGER: 'int32',
  BIGINT: 'int64',
  HUGEINT: 'decimal128(38, 0)',
  UTINYINT: 'uint8',
  USMALLINT: 'uint16',
  UINTEGER: 'uint32',
  UBIGINT: 'uint64',
  UHUGEINT: 'decimal128(38, 0)',
  FLOAT: 'float',
  DOUBLE: 'double',
  VARCHAR: 'string',
  JSON: 'string',
  BOOLEAN: 'bool',
  BLOB: 'binary',
  DATE: 'date32[day]',
  TIME: 'time64[us]',
  TIMESTAMP: 'timestamp[us]',
  'TIMESTAMP WITH TIME ZONE': 'timestamp[us, tz=UTC]',
  TIMESTAMP_S: 'timestamp[s]',
  TIMESTAMP_MS: 'timestamp[ms]',
  TIMESTAMP_NS: 'timestamp[ns]',
  UUID: 'string',
  INTERVAL: 'month_day_nano_interval',
};

/** Splits `a INT, b STRUCT(c INT, d INT)` on top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth -= 1;
    else if (!quoted && depth === 0 && char === ',') {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part.length > 0);
}

/** Splits a struct field `"my name" VARCHAR` into name and type. */
function splitField(field: string): [string, string] {
  if (field.startsWith('"')) {
    const end = field.indexOf('"', 1);
    return [field.slice(1, end), field.slice(end + 1).trim()];
  }
  const space = field.indexOf(' ');
  return [field.slice(0, space), field.slice(space + 1).trim()];
}

/** Statistics kind of a DuckDB type name (as `DESCRIBE` prints it). */
export function dtypeKind(duckdbType: string): DtypeKind {
  const type = duckdbType.trim().toUpperCase();
  if (INTEGER_TYPES.has(type)) return 'integer';
  if (type === 'DOUBLE' || type === 'FLOAT' || type.startsWith('DECIMAL')) return 'float';
  if (type === 'VARCHAR' || type === 'JSON' || type === 'UUID') return 'string';
  if (type === 'BOOLEAN') return 'boolean';
  if (type.startsWith('TIMESTAMP') || type === 'DATE' || type === 'TIME') return 'temporal';
  if (type.endsWith(']') || type.startsWith('STRUCT') || type.startsWith('MAP') || type.startsWith('UNION')) return 'nested';
  return 'other';
}

/** The Arrow type name pyarrow would report for a DuckDB type (`list<item: int64>`, `struct<a: string>`). */
export function pyarrowDtype(duckdbType: string): string {
  const type = duckdbType.trim();
  const upper = type.toUpperCase();
  if (upper.endsWith('[]')) return `list<item: ${pyarrowDtype(type.slice(0, -2))}>`;
  if (/\[\d+\]$/.test(upper)) return `fixed_size_list<item: ${pyarrowDtype(type.replace(/\[\d+\]$/, ''))}>`;
  if (upper.startsWith('STRUCT(')) {
    const fields = splitTopLevel(type.slice(7, -1)).map((field) => {
      const [name, inner] = splitField(field);
      return `${name}: ${pyarrowDtype(inner)}`;
    });
    return `struct<${fields.join(', ')}>`;
  }
  if (upper.startsWith('MAP(')) {
    const [key, value] = splitTopLevel(type.slice(4, -1));
    return `map<${pyarrowDtype(key ?? '')}, ${pyarrowDtype(value ?? '')}>`;
  }
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(upper);
  if (decimal) return `decimal128(${decimal[1]}, ${decimal[2]})`;
  return ARROW_NAMES[upper] ?? type.toLowerCase();
}

/** The simple dtype of engine-spec §7.3 (`int`, `float`, `string`, `list[string]`, `dict`…). */
export function simpleDtype(duckdbType: string): string {
  const type = duckdbType.trim();
  const upper = type.toUpperCase();
  if (upper.endsWith('[]')) return `list[${simpleDtype(type.slice(0, -2))}]`;
  if (/\[\d+\]$/.test(upper)) return `list[${simpleDtype(type.replace(/\[\d+\]$/, ''))}]`;
  if (upper.startsWith('STRUCT(') || upper.startsWith('MAP(')) return 'dict';
  switch (dtypeKind(type)) {
    case 'integer':
      return 'int';
    case 'float':
      return 'float';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'temporal':
      return upper === 'DATE' ? 'date' : upper === 'TIME' ? 'time' : 'timestamp';
    default:
      return upper === 'BLOB' ? 'bytes' : type.toLowerCase();
  }
}
