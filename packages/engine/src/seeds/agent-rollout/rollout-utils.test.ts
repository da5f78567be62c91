import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AgentRolloutParseError } from './agent-rollout-parse-error.js';
import { pathStem, pathSuffix } from './rollout-format-handler.js';
import { buildMessage, coerceOptionalString, loadJsonObject, normalizeMessageContent } from './rollout-utils.js';

describe('rollout utils', () => {
  it("coerces values to text as Python's str() does", () => {
    expect(coerceOptionalString(null)).toBeNull();
    expect(coerceOptionalString(true)).toBe('True');
    expect(coerceOptionalString(12)).toBe('12');
    expect(coerceOptionalString({ k: 1, b: [1, 'é'] })).toBe("{'k': 1, 'b': [1, 'é']}");
    // A dict message becomes one text block holding its Python str, as ChatMessage.to_dict() makes it.
    expect(buildMessage({ role: 'user', content: { k: 1 } }).content).toEqual([{ type: 'text', text: "{'k': 1}" }]);
  });

  it('hands content on as the original formats do: null as empty text, objects as sorted-key JSON', () => {
    expect(normalizeMessageContent(null)).toBe('');
    expect(normalizeMessageContent('x')).toBe('x');
    expect(normalizeMessageContent([{ type: 'text', text: 'a' }])).toEqual([{ type: 'text', text: 'a' }]);
    expect(normalizeMessageContent({ output: 'ok', exit_code: 0 })).toBe('{"exit_code": 0, "output": "ok"}');
  });

  it('names the file, line and column of a whole-file JSON syntax error, and refuses a non-object', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rollout-utils-'));
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "a": 1,\n  "b": }\n');
    const error = (() => {
      try {
        return loadJsonObject(broken);
      } catch (caught) {
        return caught;
      }
    })();
    expect(AgentRolloutParseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`Invalid JSON in ${broken} (line 3 column 8): `);
    const list = path.join(dir, 'list.json');
    writeFileSync(list, '[1]');
    expect(() => loadJsonObject(list)).toThrow(`Expected a JSON object in ${list}, got list.`);
  });

  it("splits names as Python's Path.suffix and Path.stem do", () => {
    expect(pathSuffix('a/session_1.json')).toBe('.json');
    expect(pathSuffix('a/old.json.bak')).toBe('.bak');
    expect(pathSuffix('.hidden')).toBe('');
    expect(pathStem('/x/gateway-1.jsonl')).toBe('gateway-1');
  });
});
