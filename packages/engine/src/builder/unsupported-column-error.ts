import { defineErrorClass } from '@dd/config';

/** A column type the engine cannot generate yet (or a plugin type without an installed generator). */
export class UnsupportedColumnError extends defineErrorClass('UnsupportedColumnError') {}
