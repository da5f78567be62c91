import { defineErrorClass } from '@dd/config';

/** A template failed to prepare or render (bad reference, type error, forbidden operation…). */
export class UserTemplateError extends defineErrorClass('UserTemplateError') {}
/** A template uses a filter that the active dialect does not allow. */
export class UserTemplateUnsupportedFiltersError extends defineErrorClass('UserTemplateUnsupportedFiltersError') {}
/** A template rendered to nothing, or accessed a value through a missing one. */
export class EmptyTemplateRenderError extends defineErrorClass('EmptyTemplateRenderError') {}
/** A template tried something the sandbox forbids (private attributes, JS internals, too large). */
export class TemplateSecurityError extends defineErrorClass('TemplateSecurityError') {}
/** An undefined value was used where strict undefined forbids it (skip conditions). */
export class TemplateUndefinedError extends defineErrorClass('TemplateUndefinedError') {}
