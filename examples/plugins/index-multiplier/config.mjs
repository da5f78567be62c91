// Config side of the index-multiplier plugin: the column_type value and the column's zod schema.
import { columnConfigSchema } from '@dd/config';
import { z } from 'zod';

/** The `column_type` this plugin adds. */
export const discriminatorValue = 'index-multiplier';

/** `{ name, column_type: 'index-multiplier', multiplier = 2 }` plus the common column fields. */
export const configSchema = columnConfigSchema('index-multiplier', { multiplier: z.number().default(2) });
