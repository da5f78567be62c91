import type { EnvironmentVariables } from '@dd/config';

/** The Hub's public endpoint, the default of every `endpoint` option. */
export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/** The endpoint in force: the given one when it is not the default, else `HF_ENDPOINT`, else the public Hub (no trailing `/`). */
export function resolveHubEndpoint(endpoint: string | undefined, env: EnvironmentVariables = process.env): string {
  const given = endpoint && endpoint.replace(/\/+$/, '') !== DEFAULT_HF_ENDPOINT ? endpoint : env.HF_ENDPOINT || DEFAULT_HF_ENDPOINT;
  return given.replace(/\/+$/, '');
}
