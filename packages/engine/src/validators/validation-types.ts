import { defineErrorClass, type ValidationColumnConfig, type ValidatorParams, type ValidatorType } from '@dd/config';

/** One validator verdict for one row: `is_valid` plus any extra keys (diagnostics, scores). */
export type ValidationOutput = { is_valid: boolean | null } & Record<string, unknown>;

/** A user validation function: the batch's target-column records in, one output per record out. */
export type ValidationFunction = (rows: Record<string, unknown>[]) => Promise<ValidationOutput[]> | ValidationOutput[];

/** The validated params of one validator type (`@dd/config`'s `ValidatorParams` member). */
type ParamsOf<Type extends ValidatorType> = Extract<ValidatorParams, { validator_type: Type }>;
/** The one field each validator type cannot do without; every other field has a default. */
interface RequiredParam {
  code: 'code_lang';
  local_callable: 'validation_function';
  remote: 'endpoint_url';
}

/**
 * A `validation` column as the engine accepts it: `@dd/config`'s validated column and params with
 * the defaulted fields optional (`validator_params.validator_type` defaults to the column's), one
 * member per validator type so that `validator_type` narrows `validator_params`.
 */
export type ValidationColumnInput = {
  [Type in ValidatorType]: Pick<ValidationColumnConfig, 'name' | 'target_columns'> &
    Partial<Pick<ValidationColumnConfig, 'batch_size'>> & {
      validator_type: Type;
      validator_params: Partial<ParamsOf<Type>> & Pick<ParamsOf<Type>, RequiredParam[Type] & keyof ParamsOf<Type>>;
    };
}[ValidatorType];

/** Params of one validator type as a `ValidationColumnInput` holds them. */
export type ValidatorParamsInput<Type extends ValidatorType> = Extract<ValidationColumnInput, { validator_type: Type }>['validator_params'];

/** A user validation function failed or returned something unusable. */
export class LocalCallableValidationError extends defineErrorClass('LocalCallableValidationError') {}
/** A remote validator endpoint failed, timed out or answered with something unusable. */
export class RemoteValidationError extends defineErrorClass('RemoteValidationError') {}
/** A code validator could not run its checker (e.g. `python3` missing). */
export class CodeValidationError extends defineErrorClass('CodeValidationError') {}
