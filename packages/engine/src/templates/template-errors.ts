import { defineErrorClass } from '@dd/config';

/** A template failed to prepare or render (bad reference, type error, forbidden operation…). */
export const UserTemplateError = defineErrorClass('UserTemplateError');
/** A template uses a filter that the active dialect does not allow. */
export const UserTemplateUnsupportedFiltersError = defineErrorClass('UserTemplateUnsupportedFiltersError');
/** A template rendered to nothing, or accessed a value through a missing one. */
export const EmptyTemplateRenderError = defineErrorClass('EmptyTemplateRenderError');
/** A template tried something the sandbox forbids (private attributes, JS internals, too large). */
export const TemplateSecurityError = defineErrorClass('TemplateSecurityError');
/** An undefined value was used where strict undefined forbids it (skip conditions). */
export const TemplateUndefinedError = defineErrorClass('TemplateUndefinedError');
