import { defineErrorClass, findTemplateReferences } from '@dd/config';
import { EmptyTemplateRenderError, renderTemplate } from '../../templates/index.js';

/** A prompt template of a model column could not be prepared (unknown reference, unsupported filter, forbidden syntax). */
export class PromptTemplateRenderError extends defineErrorClass('PromptTemplateRenderError') {}

/** What a prompt render error names. */
export interface PromptRenderContext {
  column_name: string;
  column_type: string;
  model_alias: string;
  /** `user prompt`, `system prompt`, `image prompt`. */
  promptKind: string;
  dialect?: 'secure' | 'native';
}

/**
 * Renders a prompt template against a record with Python-style value printing. Empty renders and
 * broken access chains propagate as `EmptyTemplateRenderError`; every other failure becomes a
 * `PromptTemplateRenderError` with the column context and the referenced columns missing from the record.
 */
export function renderPrompt(template: string, record: Record<string, unknown>, context: PromptRenderContext): string {
  try {
    return renderTemplate(template, record, { dialect: context.dialect ?? 'secure' });
  } catch (error) {
    if (EmptyTemplateRenderError.isInstance(error)) throw error;
    const missing = safeReferences(template).filter((name) => !Object.hasOwn(record, name));
    const details = JSON.stringify({ column_name: context.column_name, column_type: context.column_type, model_alias: context.model_alias });
    const missingText = missing.length > 0 ? ` Missing columns: ${missing.map((name) => `'${name}'`).join(', ')}.` : '';
    throw new PromptTemplateRenderError(`Failed to render the ${context.promptKind} template ${details}: ${(error as Error).message}${missingText}`, {
      cause: error,
      fix: (error as { fix?: string }).fix,
    });
  }
}

function safeReferences(template: string): string[] {
  try {
    return findTemplateReferences(template);
  } catch {
    return [];
  }
}
