import { describe, expect, it } from '@jest/globals';
import { createModelClient } from './create-model-client.js';
import { resolveApiKey } from './resolve-api-key.js';

describe('resolveApiKey', () => {
  it('reads a set environment variable', () => {
    expect(resolveApiKey('MY_KEY', { MY_KEY: 'sk-123' })).toEqual({ key: 'sk-123', envVar: 'MY_KEY', envVarUnset: false });
  });

  it('never turns the name of an unset variable into the key', () => {
    expect(resolveApiKey('MY_KEY', {})).toEqual({ key: null, envVar: 'MY_KEY', envVarUnset: true });
    expect(resolveApiKey('MY_KEY', { MY_KEY: '' })).toEqual({ key: null, envVar: 'MY_KEY', envVarUnset: true });
  });

  it('takes anything that is not a variable name as the literal key', () => {
    expect(resolveApiKey('sk-literal-key', {})).toEqual({ key: 'sk-literal-key', envVar: null, envVarUnset: false });
    expect(resolveApiKey('  ', {})).toEqual({ key: null, envVar: null, envVarUnset: false });
  });
});

describe('createModelClient with an unset api_key variable', () => {
  it('fails naming the variable and the provider', () => {
    const create = () => createModelClient({ name: 'acme', endpoint: 'http://127.0.0.1:9/v1', api_key: 'ACME_API_KEY' }, { env: {} });
    expect(create).toThrow("Provider 'acme' takes its api_key from the environment variable ACME_API_KEY, which is not set.");
    try {
      create();
    } catch (error) {
      expect(String((error as { fix?: unknown }).fix)).toContain('Export ACME_API_KEY=');
      expect(String(error)).not.toContain('[REDACTED]');
    }
  });
});
