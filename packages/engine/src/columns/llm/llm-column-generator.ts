import { requiredColumnsOf, sideEffectColumnsOf, type LLMColumnConfig } from '@dd/config';
import type { ModelLookup } from '../../models/model-types.js';
import { deserializeJsonValues } from '../../templates/index.js';
import type { CellColumnGenerator, GenerationContext, Row } from '../column-generator.js';
import { createLlmRecipe } from './llm-recipe.js';
import { buildMultiModalContext } from './multi-modal-context.js';
import { decoratePrompt } from './prompt-blocks.js';
import { renderPrompt } from './render-prompt.js';
import { traceSideEffects } from './trace-messages.js';

/** What LLM column generators need at run time. */
export interface LlmColumnDeps {
  models: ModelLookup;
  runConfig: { max_conversation_correction_steps: number; max_conversation_restarts: number; jinja_rendering_engine?: 'secure' | 'native' };
  /** Dataset directory: image contexts holding relative paths are read from here. */
  datasetPath?: string;
}

/** ms after a column's first request before its recipe warms up (the requests dispatched with it are written by then). */
const RECIPE_WARM_UP_DELAY_MS = 10;

/**
 * The generator of an LLM column (engine-spec §2.4): per row, deserializes JSON-looking values,
 * builds the multimodal context, renders the prompts, appends the recipe block, runs the model's
 * correction loop with the recipe's parser and writes the value plus `__trace` /
 * `__reasoning_content`. Render and parse failures reject the cell; model errors propagate unchanged.
 */
export function createLlmColumnGenerator(column: LLMColumnConfig, deps: LlmColumnDeps): CellColumnGenerator {
  const dependencyView = {
    name: column.name,
    column_type: column.column_type,
    prompt: column.prompt,
    system_prompt: column.system_prompt ?? null,
    multi_modal_context: column.multi_modal_context ?? null,
    with_trace: column.with_trace,
    extract_reasoning_content: column.extract_reasoning_content,
  };
  const recipe = createLlmRecipe(column);
  const renderContext = {
    column_name: column.name,
    column_type: column.column_type,
    model_alias: column.model_alias,
    dialect: deps.runConfig.jinja_rendering_engine,
  };
  const purpose = `running generation for column '${column.name}'`;
  // The recipe warms up shortly after the column's first request, while that request waits for its
  // reply, rather than when the reply (and the others arriving with it) is to be processed.
  let warmUpScheduled = recipe.warmUp === undefined;
  const scheduleWarmUp = (): void => {
    if (warmUpScheduled) return;
    warmUpScheduled = true;
    setTimeout(() => recipe.warmUp?.(), RECIPE_WARM_UP_DELAY_MS).unref();
  };

  return {
    name: column.name,
    strategy: 'cell_by_cell',
    columns: [column.name, ...sideEffectColumnsOf(dependencyView)],
    requiredColumns: requiredColumnsOf(dependencyView),
    resource: `model:${column.model_alias}`,
    generateCell: async (row: Readonly<Row>, context: GenerationContext): Promise<Row> => {
      const record = deserializeJsonValues(row);
      const contexts = column.multi_modal_context ?? [];
      const multiModalContext = contexts.length > 0 ? await buildMultiModalContext(contexts, record, deps.datasetPath) : undefined;
      const prompt = renderPrompt(column.prompt, record, { ...renderContext, promptKind: 'user prompt' });
      const systemPrompt = column.system_prompt ? renderPrompt(column.system_prompt, record, { ...renderContext, promptKind: 'system prompt' }) : '';
      const model = deps.models.getModel(column.model_alias);
      scheduleWarmUp();
      const { parsed, trace } = await model.generate({
        prompt: decoratePrompt(prompt, recipe.instructions),
        systemPrompt,
        parser: (reply: string) => recipe.parse(reply),
        multiModalContext,
        maxCorrectionSteps: deps.runConfig.max_conversation_correction_steps,
        maxConversationRestarts: deps.runConfig.max_conversation_restarts,
        toolAlias: column.tool_alias ?? null,
        purpose,
        signal: context.signal,
      });
      return {
        [column.name]: recipe.toCell(parsed),
        ...traceSideEffects(column.name, trace, { withTrace: column.with_trace, extractReasoningContent: column.extract_reasoning_content }),
      };
    },
  };
}
