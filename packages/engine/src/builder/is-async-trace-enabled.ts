import type { EnvironmentVariables, RunConfig } from '@dd/config';

/** Whether generator calls are traced: the run config's `async_trace`, or `DATA_DESIGNER_ASYNC_TRACE=1` (exactly `1`, as the original). */
export function isAsyncTraceEnabled(runConfig: Pick<RunConfig, 'async_trace'>, env: EnvironmentVariables = process.env): boolean {
  return runConfig.async_trace === true || env.DATA_DESIGNER_ASYNC_TRACE === '1';
}
