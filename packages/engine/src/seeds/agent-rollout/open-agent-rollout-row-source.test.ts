import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SeedReaderError } from '../seed-reader-error.js';
import { openAgentRolloutRowSource } from './open-agent-rollout-row-source.js';
import { readRolloutRows, rolloutFixtures } from './test-rollout-helpers.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('agent_rollout seed sources', () => {
  it('codex: one trace per rollout-*.jsonl, reasoning attached to the next assistant turn, developer → system', async () => {
    const [trace, ...rest] = await readRolloutRows('codex', 'codex');
    expect(rest).toEqual([]); // notes.jsonl is not a rollout file
    expect(trace).toEqual({
      trace_id: 'sess-1',
      source_kind: 'codex',
      source_path: path.join(rolloutFixtures, 'codex', '2025', '01', 'rollout-2025-01-02-sess-1.jsonl'),
      root_session_id: 'sess-1',
      agent_id: null,
      is_sidechain: false,
      cwd: '/work/app',
      project_path: '/work/app',
      git_branch: 'main',
      started_at: '2025-01-02T10:00:00Z',
      ended_at: '2025-01-02T10:00:09Z',
      messages: [
        { role: 'system', content: [{ type: 'input_text', text: 'Be careful.' }] },
        { role: 'user', content: [{ type: 'input_text', text: 'List files' }] },
        {
          role: 'assistant',
          content: [{ type: 'text', text: '' }],
          reasoning_content: 'Need ls\n\nRun ls',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } }],
        },
        { role: 'tool', content: [{ type: 'text', text: 'a.txt\nb.txt' }], tool_call_id: 'call_1' },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Two files.' }] },
      ],
      source_meta: {
        record_count: 8,
        record_types: ['event_msg', 'response_item', 'session_meta'],
        response_item_types: ['function_call', 'function_call_output', 'message', 'reasoning'],
        originator: 'codex_cli_rs',
        cli_version: '0.30.0',
        model_provider: 'openai',
      },
      message_count: 5,
      tool_call_count: 1,
      final_assistant_message: 'Two files.',
    });
  });

  it('claude_code: transcripts with thinking, tool use and results, sidechains, the sessions index; tool-results and history skipped', async () => {
    const traces = await readRolloutRows('claude_code', 'claude_code');
    expect(traces.map((trace) => trace.trace_id)).toEqual(['sess-9:a1', 'sess-9']);
    const [sidechain, main] = traces;
    expect(sidechain).toMatchObject({
      agent_id: 'a1',
      is_sidechain: true,
      root_session_id: 'sess-9',
      project_path: '/work/app-project',
      final_assistant_message: null,
    });
    expect(main).toMatchObject({
      agent_id: null,
      is_sidechain: false,
      cwd: '/work/app',
      project_path: '/work/app-project',
      git_branch: 'dev',
      // 09:30+01:00 is 08:30Z: timestamps are ordered as instants, kept as written.
      started_at: '2025-03-01T09:30:00+01:00',
      ended_at: '2025-03-01T09:00:06.000Z',
      message_count: 4,
      tool_call_count: 1,
      final_assistant_message: 'Fixed.',
      source_meta: {
        record_count: 5,
        record_types: ['assistant', 'summary', 'user'],
        claude_versions: ['1.0.80', '1.0.81'],
        summary: 'Bug fix',
        first_prompt: 'Fix the bug',
      },
    });
    expect(main!.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Fix the bug' }] },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Reading the file.' }],
        reasoning_content: 'Look at main.py',
        tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"limit": 10, "path": "main.py"}' } }],
      },
      { role: 'tool', content: [{ type: 'text', text: 'print(1)' }], tool_call_id: 'toolu_1' },
      { role: 'assistant', content: [{ type: 'text', text: 'Fixed.' }] },
    ]);
  });

  it('a trace file that is not valid JSON lines is skipped with a warning naming the file and the line; no trace left is an error', async () => {
    const warnings: string[] = [];
    const error = await openAgentRolloutRowSource({ seed_type: 'agent_rollout', format: 'codex', path: 'codex-bad' }, rolloutFixtures, (message) =>
      warnings.push(message),
    ).catch((caught: unknown) => caught);
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Skipping malformed file rollout-bad\\.jsonl: Invalid JSON in ${escapeRegExp(path.join(rolloutFixtures, 'codex-bad', 'rollout-bad.jsonl'))} line 2: `,
        ),
      ),
    ]);
    expect(SeedReaderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /No codex traces found under .*codex-bad \(file_pattern '\*\.jsonl', 1 trace file\(s\) matched, 1 skipped as malformed\)/,
    );
  });

  it('warns about matched files the format does not read', async () => {
    const warnings: string[] = [];
    await openAgentRolloutRowSource({ seed_type: 'agent_rollout', format: 'claude_code', path: 'claude_code' }, rolloutFixtures, (message) =>
      warnings.push(message),
    );
    expect(warnings).toEqual(['Skipping unhandled claude_code file -work-app/tool-results/t.jsonl', 'Skipping unhandled claude_code file history.jsonl']);
  });

  it('names a missing folder, an unknown format and a pattern that matches nothing', async () => {
    await expect(readRolloutRows('codex', 'nowhere')).rejects.toThrow(/Agent rollout directory '.*nowhere' does not exist/);
    await expect(openAgentRolloutRowSource({ seed_type: 'agent_rollout', format: 'cursor', path: 'codex' }, rolloutFixtures)).rejects.toThrow(
      "Unknown agent_rollout format 'cursor'.",
    );
    await expect(readRolloutRows('codex', 'codex', { file_pattern: '*.json' })).rejects.toThrow(
      /No codex traces found under .*file_pattern '\*\.json', 0 trace file\(s\) matched\)/,
    );
  });
});
