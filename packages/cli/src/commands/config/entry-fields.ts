/** How a form/flag value is parsed. */
export type FieldKind = 'string' | 'number' | 'int' | 'list' | 'map';

/** One field of a config entry, settable by a flag and by an interactive prompt. */
export interface EntryField {
  /** Dotted path in the entry (`inference_parameters.temperature`). */
  path: string;
  /** Long flag name without dashes (`top-p`). */
  flag: string;
  /** Help text / prompt label. */
  help: string;
  kind: FieldKind;
  /** Required when adding. */
  required?: boolean;
  /** Value used when adding and nothing was given. */
  defaultValue?: string;
  /** Field applies only when this returns true for the entry being built. */
  when?: (entry: Record<string, unknown>) => boolean;
  /** Extra check of the raw text; returns a message when invalid. */
  check?: (text: string) => string | undefined;
}

const isHttpUrl = (text: string) => (/^https?:\/\//i.test(text) ? undefined : 'must start with http:// or https://');
const generationType = (entry: Record<string, unknown>) =>
  String((entry.inference_parameters as Record<string, unknown> | undefined)?.generation_type ?? 'chat-completion');
const isChat = (entry: Record<string, unknown>) => generationType(entry) === 'chat-completion';
const isEmbedding = (entry: Record<string, unknown>) => generationType(entry) === 'embedding';
const isStdio = (entry: Record<string, unknown>) => entry.provider_type === 'stdio';

/** Fields of each entry kind, keyed by `config` subcommand. */
export const ENTRY_FIELDS: Record<'providers' | 'models' | 'mcp' | 'tools', readonly EntryField[]> = {
  providers: [
    { path: 'name', flag: 'name', help: 'provider name (unique)', kind: 'string', required: true },
    { path: 'endpoint', flag: 'endpoint', help: 'API endpoint URL, e.g. https://api.openai.com/v1', kind: 'string', required: true, check: isHttpUrl },
    { path: 'provider_type', flag: 'provider-type', help: 'provider type (openai | anthropic)', kind: 'string', defaultValue: 'openai' },
    { path: 'api_key', flag: 'api-key', help: 'API key or the name of the environment variable holding it', kind: 'string' },
  ],
  models: [
    { path: 'alias', flag: 'alias', help: 'model alias (unique)', kind: 'string', required: true },
    { path: 'model', flag: 'model', help: 'model id, e.g. nvidia/nemotron-3-nano-30b-a3b', kind: 'string', required: true },
    { path: 'provider', flag: 'provider', help: 'provider name (from model_providers.yaml)', kind: 'string', required: true },
    {
      path: 'inference_parameters.generation_type',
      flag: 'generation-type',
      help: 'chat-completion | embedding',
      kind: 'string',
      defaultValue: 'chat-completion',
    },
    { path: 'inference_parameters.temperature', flag: 'temperature', help: 'temperature (0-2)', kind: 'number', when: isChat },
    { path: 'inference_parameters.top_p', flag: 'top-p', help: 'top_p (0-1)', kind: 'number', when: isChat },
    { path: 'inference_parameters.max_tokens', flag: 'max-tokens', help: 'max tokens (≥1)', kind: 'int', when: isChat },
    { path: 'inference_parameters.encoding_format', flag: 'encoding-format', help: 'float | base64', kind: 'string', when: isEmbedding },
    { path: 'inference_parameters.dimensions', flag: 'dimensions', help: 'embedding dimensions', kind: 'int', when: isEmbedding },
    { path: 'inference_parameters.max_parallel_requests', flag: 'max-parallel-requests', help: 'max parallel requests (≥1)', kind: 'int', defaultValue: '4' },
    { path: 'inference_parameters.timeout', flag: 'timeout', help: 'request timeout in seconds', kind: 'int' },
  ],
  mcp: [
    { path: 'name', flag: 'name', help: 'MCP provider name (unique)', kind: 'string', required: true },
    { path: 'provider_type', flag: 'type', help: 'sse | streamable_http | stdio', kind: 'string', defaultValue: 'sse' },
    { path: 'endpoint', flag: 'endpoint', help: 'server URL', kind: 'string', required: true, when: (entry) => !isStdio(entry), check: isHttpUrl },
    { path: 'api_key', flag: 'api-key', help: 'API key or environment variable name', kind: 'string', when: (entry) => !isStdio(entry) },
    { path: 'command', flag: 'command', help: 'command to start the server', kind: 'string', required: true, when: isStdio },
    { path: 'args', flag: 'args', help: 'arguments (comma-separated)', kind: 'list', when: isStdio },
    { path: 'env', flag: 'env', help: 'environment (K=V,K2=V2)', kind: 'map', when: isStdio },
  ],
  tools: [
    { path: 'tool_alias', flag: 'alias', help: 'tool alias (unique)', kind: 'string', required: true },
    { path: 'providers', flag: 'providers', help: 'MCP provider names (comma-separated)', kind: 'list', required: true },
    { path: 'allow_tools', flag: 'allow-tools', help: 'allowed tool names (comma-separated; empty = all)', kind: 'list' },
    { path: 'max_tool_call_turns', flag: 'max-turns', help: 'max tool-call turns (≥1)', kind: 'int', defaultValue: '5' },
    { path: 'timeout_sec', flag: 'timeout', help: 'per-call timeout in seconds (>0)', kind: 'number' },
  ],
};

/** Parses a raw text for a field; throws a message when it does not fit the field's kind. */
export function parseFieldValue(field: EntryField, text: string): unknown {
  const problem = field.check?.(text);
  if (problem) throw new Error(`--${field.flag} ${problem}`);
  switch (field.kind) {
    case 'string':
      return text;
    case 'number':
    case 'int': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || (field.kind === 'int' && !Number.isInteger(value))) {
        throw new Error(`--${field.flag} expects ${field.kind === 'int' ? 'a whole number' : 'a number'}, got '${text}'`);
      }
      return value;
    }
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'map':
      return Object.fromEntries(
        text
          .split(',')
          .filter((pair) => pair.trim() !== '')
          .map((pair) => {
            const index = pair.indexOf('=');
            if (index <= 0) throw new Error(`--${field.flag} expects K=V pairs, got '${pair}'`);
            return [pair.slice(0, index).trim(), pair.slice(index + 1).trim()];
          }),
      );
  }
}

/** Reads a dotted path of an entry. */
export function getPath(entry: Record<string, unknown>, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), entry);
}

/** Sets (or, with `undefined`, deletes) a dotted path of an entry, creating parents. */
export function setPath(entry: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let target = entry;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  const last = keys.at(-1) ?? dotted;
  if (value === undefined) delete target[last];
  else target[last] = value;
}

/** Camel-cased commander option key of a flag (`top-p` → `topP`). */
export function optionKey(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
