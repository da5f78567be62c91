import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { openSeedReader } from '../open-seed-reader.js';
import { SeedReaderError } from '../seed-reader-error.js';
import { readRolloutRows, rolloutFixture, rolloutFixtures } from './test-rollout-helpers.js';

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    warnings.push(
      String(chunk)
        .replace(/^⚠️ {2}/, '')
        .trimEnd(),
    );
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('agent_rollout format atif', () => {
  it('one trace per trajectory file: steps as messages, observations as tool messages, agent extra and metadata', async () => {
    const traces = await readRolloutRows('atif', 'atif');
    expect(traces.map((trace) => trace.trace_id)).toEqual(['atif-run-1-sub', 'atif-run-1']);
    expect(traces[1]).toEqual({
      trace_id: 'atif-run-1',
      source_kind: 'atif',
      source_path: rolloutFixture('atif', 'runs', 'atif-run-1.json'),
      root_session_id: 'atif-run-1',
      agent_id: null,
      is_sidechain: false,
      cwd: '/work/shop',
      project_path: '/work/shop-project',
      git_branch: 'feature/tax',
      started_at: '2026-04-06T12:00:00Z',
      ended_at: '2026-04-06T12:00:09Z',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are a coding agent.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Why do the tax tests fail?' }] },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'Running the tests first.' }],
          reasoning_content: 'Reproduce before reading code.',
          tool_calls: [{ id: 'call-1', type: 'function', function: { name: 'run_tests', arguments: '{"path": "tests/tax", "verbose": true}' } }],
        },
        { role: 'tool', content: [{ type: 'text', text: '1 failed: test_rounding' }], tool_call_id: 'call-1' },
        { role: 'assistant', content: [{ type: 'text', text: 'Rounding uses floor; it should round half up.' }] },
      ],
      source_meta: {
        schema_version: 'ATIF-v1.6',
        step_count: 4,
        agent_name: 'harbor-agent',
        version: '2.0.0',
        model_name: 'gpt-5',
        copied_context_step_ids: [2],
        subagent_trajectory_refs: [
          { step_id: 3, refs: [{ session_id: 'atif-run-1-sub', trajectory_path: 'atif-run-1-sub.json', extra: { summary: 'Read tax.py' } }] },
        ],
        notes: 'standalone ATIF rollout',
        final_metrics: { total_cost_usd: 0.42, total_steps: 4 },
      },
      message_count: 5,
      tool_call_count: 1,
      final_assistant_message: 'Rounding uses floor; it should round half up.',
    });
  });

  it('a sub-agent trajectory: null message gives no content, string arguments kept, no timestamps, continuation ref in source_meta', async () => {
    const [sub] = await readRolloutRows('atif', 'atif');
    expect(sub).toMatchObject({
      cwd: null,
      project_path: null,
      git_branch: null,
      started_at: null,
      ended_at: null,
      final_assistant_message: 'It floors to cents.',
    });
    expect(sub!.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Read tax.py and report the rounding mode.' }] },
      { role: 'assistant', content: [], tool_calls: [{ id: 'r1', type: 'function', function: { name: 'read_file', arguments: '{"path": "tax.py"}' } }] },
      { role: 'tool', content: [{ type: 'text', text: 'return math.floor(x * 100) / 100' }], tool_call_id: 'r1' },
      { role: 'assistant', content: [{ type: 'text', text: 'It floors to cents.' }] },
    ]);
    expect(sub!.source_meta).toEqual({
      schema_version: 'ATIF-v1.6',
      step_count: 3,
      agent_name: 'harbor-subagent',
      continued_trajectory_ref: 'atif-run-1-sub-part2.json',
    });
  });

  it('skips a trajectory with out-of-order step ids with a warning naming the file and step', async () => {
    await readRolloutRows('atif', 'atif');
    expect(warnings).toEqual([
      `Skipping malformed file broken-steps.json: Expected sequential ATIF step_id 1 at ${rolloutFixture('atif', 'broken-steps.json')} steps[0], got 2.`,
    ]);
  });

  it('needs a path, and a file that is not JSON is skipped with its line and column; none left is an error', async () => {
    await expect(openSeedReader({ source: { seed_type: 'agent_rollout', format: 'atif' } }, { cwd: rolloutFixtures })).rejects.toThrow(
      "seed_config.source.path is required for agent_rollout format 'atif'.",
    );
    const error = await readRolloutRows('atif', 'atif-bad').catch((caught: unknown) => caught);
    expect(SeedReaderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^No atif traces found under .*atif-bad \(file_pattern '\*\.json', 1 trace file\(s\) matched, 1 skipped as malformed\)\.$/,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`Skipping malformed file truncated.json: Invalid JSON in ${rolloutFixture('atif-bad', 'truncated.json')} (line 5 column`);
  });
});

describe('agent_rollout format hermes_agent', () => {
  it('a CLI session log: system prompt first, reasoning, tool calls, object tool output as JSON text, declared tools in source_meta', async () => {
    const traces = await readRolloutRows('hermes_agent', 'hermes_agent');
    expect(traces.map((trace) => trace.trace_id)).toEqual(['gateway-session-1', 'gateway-session-2', '20260407_092759_baeaac']);
    expect(traces[2]).toEqual({
      trace_id: '20260407_092759_baeaac',
      source_kind: 'hermes_agent',
      source_path: rolloutFixture('hermes_agent', 'session_20260407_092759_baeaac.json'),
      root_session_id: '20260407_092759_baeaac',
      agent_id: null,
      is_sidechain: false,
      cwd: null,
      project_path: null,
      git_branch: null,
      started_at: '2026-04-07T09:39:07.028463',
      ended_at: '2026-04-07T09:51:07.905570',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are Hermès.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Set up a uv project.' }] },
        {
          role: 'assistant',
          content: [{ type: 'text', text: "I'll initialize the project." }],
          reasoning_content: 'uv init creates pyproject.toml',
          tool_calls: [{ id: 'tooluse_1', type: 'function', function: { name: 'terminal', arguments: '{"command":"uv init"}' } }],
        },
        { role: 'tool', content: [{ type: 'text', text: '{"exit_code": 0, "output": "Initialized project"}' }], tool_call_id: 'tooluse_1' },
        { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
      ],
      source_meta: {
        record_count: 4,
        session_format: 'cli_session_log',
        available_tool_count: 2,
        available_tool_names: ['terminal', 'read_file'],
        finish_reasons: ['tool_calls', 'stop'],
        model: 'anthropic/claude-opus-4',
        base_url: 'https://inference.example.com/v1',
        platform: 'cli',
        has_system_prompt: true,
        system_prompt_chars: 15,
        tools:
          '[{"function": {"description": "Run shell commands.", "name": "terminal", "parameters": {"properties": {}, "required": [], "type": "object"}}, "type": "function"}, ' +
          '{"function": {"description": "Read a file.", "name": "read_file", "parameters": {"properties": {}, "type": "object"}}, "type": "function"}, ' +
          '{"function": {"name": "terminal"}, "type": "function"}]',
      },
      message_count: 5,
      tool_call_count: 1,
      final_assistant_message: 'Done.',
    });
  });

  it('gateway transcripts: one message a line, session times and counters from sessions.json (string and object entries)', async () => {
    const [first, second] = await readRolloutRows('hermes_agent', 'hermes_agent');
    expect(first).toMatchObject({
      source_path: rolloutFixture('hermes_agent', 'gateway', 'gateway-session-1.jsonl'),
      started_at: null,
      ended_at: null,
      message_count: 3,
      final_assistant_message: 'Hi! How can I help?',
      source_meta: { record_count: 3, session_format: 'gateway_transcript', finish_reasons: ['stop'], tool_names_used: [], session_key: 'telegram:chat-42' },
    });
    expect(second).toMatchObject({
      started_at: '2026-04-08T08:00:00',
      ended_at: '2026-04-08T08:05:00',
      tool_call_count: 1,
      final_assistant_message: 'The app is healthy.',
    });
    // A call without a `function` object: id from call_id, name and arguments from the call itself;
    // tool_names_used only counts `function.name`, as in the original.
    expect(second!.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Check the deployment status.' }] },
      {
        role: 'assistant',
        content: [{ type: 'text', text: "I'll inspect the logs." }],
        tool_calls: [{ id: 'tooluse_logs', type: 'function', function: { name: 'terminal', arguments: '{"command": "kubectl logs deploy/app"}' } }],
      },
      { role: 'tool', content: [{ type: 'text', text: '' }], tool_call_id: 'tooluse_logs' },
      { role: 'assistant', content: [{ type: 'text', text: 'The app is healthy.' }] },
    ]);
    expect(second!.source_meta).toEqual({
      record_count: 4,
      session_format: 'gateway_transcript',
      finish_reasons: ['tool_calls', 'stop'],
      tool_names_used: [],
      session_key: 'slack:thread-7',
      display_name: 'Deploy help',
      platform: 'slack',
      input_tokens: 1200,
      output_tokens: 340,
      origin: { channel: 'C123' },
    });
  });

  it('warns about an empty transcript, a malformed line (file and line) and unknown files; request dumps and the index are skipped silently', async () => {
    await readRolloutRows('hermes_agent', 'hermes_agent');
    expect(warnings).toEqual([
      'Skipping unhandled hermes_agent file gateway/old.json.bak',
      `Skipping empty Hermes Agent transcript file ${rolloutFixture('hermes_agent', 'gateway', 'empty.jsonl')}`,
      expect.stringMatching(/^Skipping malformed file gateway\/gateway-session-3\.jsonl: Invalid JSON in .*gateway-session-3\.jsonl line 2: /),
    ]);
  });

  it('reads only CLI logs when file_pattern says so', async () => {
    const traces = await readRolloutRows('hermes_agent', 'hermes_agent', { file_pattern: 'session_*.json' });
    expect(traces.map((trace) => trace.trace_id)).toEqual(['20260407_092759_baeaac']);
  });
});

describe('agent_rollout format pi_coding_agent', () => {
  it('the active branch of a session tree: thinking, tool calls and results, a branch summary, a bash execution; metadata counted', async () => {
    const traces = await readRolloutRows('pi_coding_agent', 'pi_coding_agent');
    expect(traces).toHaveLength(1);
    expect(traces[0]).toEqual({
      trace_id: 'pi-sess-1',
      source_kind: 'pi_coding_agent',
      source_path: rolloutFixture('pi_coding_agent', '--work-shop--', '2026-04-07T10-00-00-000Z_pi-sess-1.jsonl'),
      root_session_id: 'pi-sess-1',
      agent_id: null,
      is_sidechain: false,
      cwd: '/work/shop',
      project_path: '/work/shop',
      git_branch: null,
      started_at: '2026-04-07T10:00:00.000Z',
      ended_at: '2026-04-07T10:00:08.000Z',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Why does test_rounding fail?' }] },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'Let me read the code.' }],
          reasoning_content: 'Read tax.py first.',
          tool_calls: [{ id: 'tooluse_read1', type: 'function', function: { name: 'read', arguments: '{"path": "tax.py"}' } }],
        },
        { role: 'tool', content: [{ type: 'text', text: 'return math.floor(x * 100) / 100' }], tool_call_id: 'tooluse_read1' },
        // e4 ("I will rewrite the whole module.") is on the abandoned branch: left out.
        { role: 'system', content: [{ type: 'text', text: 'Abandoned branch: a full rewrite of tax.py.' }] },
        {
          role: 'assistant',
          content: [{ type: 'text', text: '' }],
          tool_calls: [{ id: 'bash_e5', type: 'function', function: { name: 'bash', arguments: '{"command": "pytest -q tests/tax"}' } }],
        },
        { role: 'tool', content: [{ type: 'text', text: '1 failed\n[exit code: 1]' }], tool_call_id: 'bash_e5' },
        { role: 'assistant', content: [{ type: 'text', text: 'floor() truncates 2.675 to 2.67;\n\nuse Decimal with ROUND_HALF_UP.' }] },
      ],
      source_meta: {
        record_count: 12,
        entry_types: ['branch_summary', 'custom', 'custom_message', 'message', 'model_change', 'thinking_level_change'],
        stop_reasons: ['toolUse', 'stop'],
        session_version: 3,
        models_used: ['tcri/donatello-70b', 'tcri/raphael-8b'],
        has_branches: true,
        bash_execution_count: 1,
        parent_session: 'pi-sess-0',
      },
      message_count: 7,
      tool_call_count: 2,
      final_assistant_message: 'floor() truncates 2.675 to 2.67;\n\nuse Decimal with ROUND_HALF_UP.',
    });
  });

  it('skips a session without its header line with a warning naming the file', async () => {
    await readRolloutRows('pi_coding_agent', 'pi_coding_agent');
    expect(warnings).toEqual([
      `Skipping malformed file --work-shop--/2026-04-07T11-00-00-000Z_no-header.jsonl: Pi session at ${rolloutFixture('pi_coding_agent', '--work-shop--', '2026-04-07T11-00-00-000Z_no-header.jsonl')} is missing a session header as the first entry (line 1).`,
    ]);
  });
});
