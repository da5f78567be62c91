import { describe, expect, it } from '@jest/globals';
import { AGENT_ROLLOUT_FORMATS, AgentRolloutSeedSourceSchema } from './seed-sources.js';

const parse = (source: Record<string, unknown>) => AgentRolloutSeedSourceSchema.safeParse({ seed_type: 'agent_rollout', ...source });
const messages = (source: Record<string, unknown>): string[] => {
  const result = parse(source);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('agent_rollout seed source', () => {
  it('accepts the five formats of the original with its defaults (path and file_pattern null, recursive)', () => {
    expect(AGENT_ROLLOUT_FORMATS).toEqual(['atif', 'claude_code', 'codex', 'hermes_agent', 'pi_coding_agent']);
    for (const format of ['claude_code', 'codex', 'hermes_agent', 'pi_coding_agent']) {
      expect(parse({ format })).toEqual({ success: true, data: { seed_type: 'agent_rollout', format, path: null, file_pattern: null, recursive: true } });
    }
    expect(parse({ format: 'atif', path: 'runs', file_pattern: '*.trajectory.json', recursive: false }).data).toEqual({
      seed_type: 'agent_rollout',
      format: 'atif',
      path: 'runs',
      file_pattern: '*.trajectory.json',
      recursive: false,
    });
  });

  it('refuses an unknown format, atif without a path, a blank path and a file_pattern that is blank or holds a folder', () => {
    expect(parse({ format: 'cursor' }).success).toBe(false);
    expect(messages({ format: 'atif' })).toEqual(["path: path is required when format is 'atif'"]);
    expect(messages({ format: 'codex', path: '  ' })).toEqual(['path: path must not be blank']);
    expect(messages({ format: 'codex', file_pattern: '' })).toEqual(['file_pattern: file_pattern must not be blank']);
    expect(messages({ format: 'codex', file_pattern: '2025/*.jsonl' })).toEqual([
      'file_pattern: file_pattern matches file names only; it must not contain / or \\',
    ]);
  });
});
