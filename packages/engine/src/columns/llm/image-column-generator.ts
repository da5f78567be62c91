import { defineErrorClass, requiredColumnsOf, type ImageColumnConfig } from '@dd/config';
import type { ModelLookup } from '../../models/model-types.js';
import { deserializeJsonValues } from '../../templates/index.js';
import type { CellColumnGenerator, GenerationContext, Row } from '../column-generator.js';
import { buildMultiModalContext } from './multi-modal-context.js';
import { renderPrompt } from './render-prompt.js';

/** An image prompt could not be used (missing columns or a blank render). */
export class ImagePromptError extends defineErrorClass('ImagePromptError') {}

/** Where generated images go in create mode; returns the stored (dataset-relative) path. */
export interface ImageMediaStorage {
  saveImage(columnName: string, base64: string): Promise<string>;
}

/**
 * The `image` column generator (engine-spec §2.7): renders the prompt, asks the model for images
 * (with the multimodal context) and stores a list per cell: paths from `mediaStorage`, or the
 * base64 strings themselves when there is none (preview).
 */
export function createImageColumnGenerator(
  column: ImageColumnConfig,
  deps: { models: ModelLookup; mediaStorage?: ImageMediaStorage; datasetPath?: string; jinjaRenderingEngine?: 'secure' | 'native' },
): CellColumnGenerator {
  const requiredColumns = requiredColumnsOf({
    name: column.name,
    column_type: 'image',
    prompt: column.prompt,
    multi_modal_context: column.multi_modal_context ?? null,
  });
  return {
    name: column.name,
    strategy: 'cell_by_cell',
    columns: [column.name],
    requiredColumns,
    resource: `model:${column.model_alias}`,
    generateCell: async (row: Readonly<Row>, context: GenerationContext): Promise<Row> => {
      const missing = requiredColumns.filter((name) => !Object.hasOwn(row, name));
      if (missing.length > 0) {
        throw new ImagePromptError(`Image column '${column.name}' is missing required columns: ${missing.map((name) => `'${name}'`).join(', ')}.`);
      }
      const record = deserializeJsonValues(row);
      const prompt = renderPrompt(column.prompt, record, {
        column_name: column.name,
        column_type: 'image',
        model_alias: column.model_alias,
        promptKind: 'image prompt',
        dialect: deps.jinjaRenderingEngine,
      });
      if (prompt.trim() === '') throw new ImagePromptError(`The image prompt of column '${column.name}' rendered to blank text.`);
      const contexts = column.multi_modal_context ?? [];
      const multiModalContext = contexts.length > 0 ? await buildMultiModalContext(contexts, record, deps.datasetPath) : undefined;
      const images = await deps.models
        .getModel(column.model_alias)
        .generateImages(prompt, { purpose: `generating images for column '${column.name}'`, multiModalContext, signal: context.signal });
      const storage = deps.mediaStorage;
      const stored = storage ? await Promise.all(images.map((image) => storage.saveImage(column.name, image))) : [...images];
      return { [column.name]: stored };
    },
  };
}
