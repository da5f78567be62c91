import { defineErrorClass } from '@dd/config';

/** One validator verdict for one row: `is_valid` plus any extra keys (diagnostics, scores). */
export type ValidationOutput = { is_valid: boolean | null } & Record<string, unknown>;

/** A user validation function: the batch's target-column records in, one output per record out. */
export type ValidationFunction = (rows: Record<string, unknown>[]) => Promise<ValidationOutput[]> | ValidationOutput[];

/** Wire form of `code` validator params (`code_lang`: python, sql:<dialect>, javascript, typescript). */
export interface CodeValidatorParamsLike {
  validator_type?: 'code';
  code_lang: string;
}

/** Wire form of `local_callable` validator params (a function or a registered function name). */
export interface LocalCallableValidatorParamsLike {
  validator_type?: 'local_callable';
  /** A function, or a name given to `registerValidationFunction`. */
  validation_function: string | ValidationFunction;
  output_schema?: Record<string, unknown> | null;
}

/** Wire form of `remote` validator params (defaults as in the config spec). */
export interface RemoteValidatorParamsLike {
  validator_type?: 'remote';
  endpoint_url: string;
  output_schema?: Record<string, unknown> | null;
  timeout?: number;
  max_retries?: number;
  retry_backoff?: number;
  max_parallel_requests?: number;
}

/** Any validator params in wire form. */
export type ValidatorParamsLike = CodeValidatorParamsLike | LocalCallableValidatorParamsLike | RemoteValidatorParamsLike;

/** Wire form of a `validation` column config (extra config keys are ignored). */
export interface ValidationColumnLike {
  name: string;
  target_columns: readonly string[];
  validator_type: 'code' | 'local_callable' | 'remote';
  validator_params: ValidatorParamsLike;
  batch_size?: number;
}

/** A user validation function failed or returned something unusable. */
export class LocalCallableValidationError extends defineErrorClass('LocalCallableValidationError') {}
/** A remote validator endpoint failed, timed out or answered with something unusable. */
export class RemoteValidationError extends defineErrorClass('RemoteValidationError') {}
/** A code validator could not run its checker (e.g. `python3` missing). */
export class CodeValidationError extends defineErrorClass('CodeValidationError') {}
