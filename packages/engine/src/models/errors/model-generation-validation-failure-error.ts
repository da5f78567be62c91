import { DataDesignerError } from '@dd/config';

/** Why a reply was cut short, from its finish reason. */
export type TruncationReason = 'MAX_TOKENS' | 'CONTEXT_WINDOW';

/** Whether the reply could not be parsed at all or did not match the schema. */
export type GenerationFailureKind = 'parse_error' | 'schema_validation';

/** Fields of a `ModelGenerationValidationFailureError`. */
export interface GenerationValidationFailure {
  model: string;
  provider: string;
  purpose: string;
  /** The last parser error text. */
  detail: string;
  corrections: number;
  restarts: number;
  truncation?: TruncationReason | null;
}

/** Classifies a parser detail (engine-spec §4.2). */
export function generationFailureKindOf(detail: string): GenerationFailureKind {
  return /response_schema|validation error|doesn't match requested/i.test(detail) ? 'schema_validation' : 'parse_error';
}

/** The model's replies could not be parsed despite all corrections and restarts; not retried. */
export class ModelGenerationValidationFailureError extends DataDesignerError {
  /** Marker kind of this class. */
  static override readonly kind: string = 'ModelGenerationValidationFailureError';

  readonly isRetryable = false;
  readonly isPreserved = false;
  /** Whitespace-normalized parser error text. */
  readonly detail: string;
  readonly failureKind: GenerationFailureKind;
  readonly truncation: TruncationReason | null;
  readonly model: string;
  readonly provider: string;
  readonly purpose: string;

  /**
   * Structured form (preferred) builds the message from the failure; the string form takes a ready
   * message (its text is the detail) and options, like other Data Designer errors.
   */
  constructor(failure: GenerationValidationFailure | string, options: { cause?: unknown; fix?: string } = {}) {
    if (typeof failure === 'string') {
      super('ModelGenerationValidationFailureError', failure, options);
      this.detail = failure.replace(/\s+/g, ' ').trim();
      this.failureKind = generationFailureKindOf(this.detail);
      this.truncation = null;
      this.model = '';
      this.provider = '';
      this.purpose = '';
      return;
    }
    const detail = failure.detail.replace(/\s+/g, ' ').trim();
    const tries =
      failure.corrections === 0 && failure.restarts === 0
        ? 'with no retries configured'
        : `despite ${failure.corrections} correction step(s) and ${failure.restarts} restart(s)`;
    const truncation = failure.truncation ?? null;
    const fix =
      options.fix ??
      (truncation === 'CONTEXT_WINDOW'
        ? "The reply was cut off by the model's context window: shrink the prompt (fewer or shorter referenced columns, less context)."
        : truncation === 'MAX_TOKENS'
          ? 'The reply was cut off at max_tokens: raise `inference_parameters.max_tokens` for this model.'
          : 'Make the prompt clearer about the expected output format, or raise max_correction_steps / max_conversation_restarts.');
    super(
      'ModelGenerationValidationFailureError',
      `Model '${failure.model}' (provider '${failure.provider}') did not return a usable response while ${failure.purpose} ` + `${tries}: ${detail} ${fix}`,
      { fix, cause: options.cause },
    );
    this.detail = detail;
    this.failureKind = generationFailureKindOf(detail);
    this.truncation = truncation;
    this.model = failure.model;
    this.provider = failure.provider;
    this.purpose = failure.purpose;
  }
}
