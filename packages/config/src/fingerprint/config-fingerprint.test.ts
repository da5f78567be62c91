import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../io/index.js';
import { dumpConfig } from '../io/index.js';
import { canonicalConfigText, configFingerprint } from './config-fingerprint.js';

const VECTOR_INPUT =
  '{"columns":[{"name":"n","column_type":"sampler","sampler_type":"uniform","params":{"low":0,"high":1e-5}},{"name":"t","column_type":"llm-text","prompt":"Say {{ n }}","model_alias":"m"}],"model_configs":[{"alias":"m","model":"x","provider":"p","skip_health_check":true,"inference_parameters":{"temperature":1,"timeout":30,"extra_body":{"k":1.0}}}],"tool_configs":[],"profilers":[{"model_alias":"m"}]}';
const VECTOR_CANONICAL =
  '{"columns":[{"column_type":"sampler","conditional_params":{},"convert_to":null,"drop":false,"name":"n","params":{"decimal_places":null,"high":1e-05,"low":0.0,"sampler_type":"uniform"},"propagate_skip":true,"sampler_type":"uniform","skip":null},{"column_type":"llm-text","drop":false,"extract_reasoning_content":false,"model_alias":"m","multi_modal_context":null,"name":"t","prompt":"Say {{ n }}","propagate_skip":true,"skip":null,"system_prompt":null,"tool_alias":null,"with_trace":"none"}],"model_configs":[{"alias":"m","inference_parameters":{"extra_body":{"k":1.0},"generation_type":"chat-completion","max_tokens":null,"temperature":1.0,"top_p":null},"model":"x","provider":"p"}],"seed_config":null}';

const supportTickets = path.resolve(process.cwd(), '../../examples/support-tickets/config.yaml');

describe('configFingerprint (config-spec §13 test vectors)', () => {
  it('reproduces the canonical text and hash of the original', async () => {
    const config = await loadConfig(VECTOR_INPUT);
    expect(canonicalConfigText(config)).toBe(VECTOR_CANONICAL);
    expect(configFingerprint(config)).toEqual({
      config_hash: 'sha256:776f2eef70574272e57089b05d0a4f5290cb86a2861b7b4d9d8dd1a069d047dc',
      config_hash_algo: 'sha256',
      config_hash_version: 2,
    });
  });

  it('escapes non-ASCII names like Python json.dumps', async () => {
    const config = await loadConfig({ columns: [{ name: 'é', column_type: 'expression', expr: '{{ x }}' }] });
    expect(configFingerprint(config).config_hash).toBe('sha256:bf531275ed1c5ac1f60fd515246abd7af6cae7f25da2429510551504f0f148ab');
  });

  it('hashes the §10 example as the original does, before and after YAML and JSON round trips', async () => {
    const config = await loadConfig(readFileSync(supportTickets, 'utf8'));
    const expected = 'sha256:5c8d5e2460aea104ce68f4861bd04969f1e996a4db3b34c1713588281d786566';
    expect(configFingerprint(config).config_hash).toBe(expected);
    for (const format of ['yaml', 'json'] as const) {
      const reloaded = await loadConfig(dumpConfig(config, format));
      expect(configFingerprint(reloaded).config_hash).toBe(expected);
    }
  });

  it('ignores model order, health-check flags and concurrency but not column order', async () => {
    const base = JSON.parse(VECTOR_INPUT) as { columns: unknown[]; model_configs: Array<Record<string, unknown>> };
    const other = structuredClone(base);
    other.model_configs[0]!.skip_health_check = false;
    const a = configFingerprint(await loadConfig(base)).config_hash;
    expect(configFingerprint(await loadConfig(other)).config_hash).toBe(a);
    const reordered = { ...base, columns: [...base.columns].reverse() };
    expect(configFingerprint(await loadConfig(reordered)).config_hash).not.toBe(a);
  });
});
