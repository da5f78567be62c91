import { defineErrorClass, requiredColumnsOf, type EmbeddingColumnConfig } from '@dd/config';
import type { ModelLookup } from '../../models/model-types.js';
import { deserializeJsonValues } from '../../templates/index.js';
import type { CellColumnGenerator, GenerationContext, Row } from '../column-generator.js';
import { parseEmbeddingInput } from './embedding-input.js';

/** The embedding model returned a different number of vectors than inputs. */
export class EmbeddingCountMismatchError extends defineErrorClass('EmbeddingCountMismatchError') {}

/** The stored value of an embedding cell. */
export interface EmbeddingCell {
  embeddings: number[][];
  num_embeddings: number;
  dimension: number;
}

/**
 * The `embedding` column generator (engine-spec §2.6): embeds the text(s) of `target_column` and
 * stores `{embeddings, num_embeddings, dimension}`. Arrays and JSON-array strings embed each element.
 */
export function createEmbeddingColumnGenerator(column: EmbeddingColumnConfig, deps: { models: ModelLookup }): CellColumnGenerator {
  return {
    name: column.name,
    strategy: 'cell_by_cell',
    columns: [column.name],
    requiredColumns: requiredColumnsOf({ name: column.name, column_type: 'embedding', target_column: column.target_column }),
    resource: `model:${column.model_alias}`,
    generateCell: async (row: Readonly<Row>, context: GenerationContext): Promise<Row> => {
      const inputs = parseEmbeddingInput(deserializeJsonValues(row)[column.target_column]);
      const model = deps.models.getModel(column.model_alias);
      const vectors = await model.generateEmbeddings(inputs, { purpose: `generating embeddings for column '${column.name}'`, signal: context.signal });
      if (vectors.length !== inputs.length) {
        throw new EmbeddingCountMismatchError(
          `Model '${model.modelName}' returned ${vectors.length} embedding(s) for ${inputs.length} input(s) of column '${column.name}'.`,
        );
      }
      const cell: EmbeddingCell = { embeddings: vectors, num_embeddings: vectors.length, dimension: vectors[0]?.length ?? 0 };
      return { [column.name]: cell };
    },
  };
}
