import { parseColumnConfig } from '@dd/config';
import { createEmbeddingColumnGenerator, createImageColumnGenerator, parseEmbeddingInput } from './index.js';
import { lookupOf, ScriptedModel, testContext } from './test-scripted-model.js';

describe('parseEmbeddingInput', () => {
  it('reads JSON arrays, trailing commas, Python lists and plain text', () => {
    expect(parseEmbeddingInput('["a", " b "]')).toEqual(['a', 'b']);
    expect(parseEmbeddingInput('["a", "b",]')).toEqual(['a', 'b']);
    expect(parseEmbeddingInput("['a', 'b']")).toEqual(['a', 'b']);
    expect(parseEmbeddingInput('  just text ')).toEqual(['just text']);
    expect(parseEmbeddingInput(['x ', 2])).toEqual(['x', '2']);
    expect(parseEmbeddingInput(42)).toEqual(['42']);
  });
});

describe('createEmbeddingColumnGenerator', () => {
  it('embeds each element and stores the summary object', async () => {
    const model = new ScriptedModel('emb');
    const generator = createEmbeddingColumnGenerator(parseColumnConfig({ column_type: 'embedding', name: 'vec', target_column: 'text', model_alias: 'emb' }), {
      models: lookupOf(model),
    });
    expect(generator.requiredColumns).toEqual(['text']);
    expect(generator.resource).toBe('model:emb');
    expect(await generator.generateCell({ text: '["ab", "cde"]' }, testContext)).toEqual({
      vec: {
        embeddings: [
          [2, 1],
          [3, 1],
        ],
        num_embeddings: 2,
        dimension: 2,
      },
    });
    expect(model.embeddingCalls).toEqual([['ab', 'cde']]);
  });

  it('fails when the vector count differs', async () => {
    const model = new ScriptedModel('emb', [], { vectors: () => [] });
    const generator = createEmbeddingColumnGenerator(parseColumnConfig({ column_type: 'embedding', name: 'vec', target_column: 't', model_alias: 'emb' }), {
      models: lookupOf(model),
    });
    await expect(generator.generateCell({ t: 'x' }, testContext)).rejects.toThrow('returned 0 embedding(s) for 1 input(s)');
  });
});

describe('createImageColumnGenerator', () => {
  const column = { name: 'pic', column_type: 'image' as const, prompt: 'A {{ animal }}', model_alias: 'img', multi_modal_context: [{ column_name: 'ref' }] };

  it('stores base64 in a list without media storage', async () => {
    const model = new ScriptedModel('img', [], { images: ['QUJD', 'REVG'] });
    const generator = createImageColumnGenerator(parseColumnConfig(column), { models: lookupOf(model) });
    expect([...generator.requiredColumns].sort()).toEqual(['animal', 'ref']);
    expect(await generator.generateCell({ animal: 'cat', ref: 'https://e.com/r.png' }, testContext)).toEqual({ pic: ['QUJD', 'REVG'] });
    expect(model.imageCalls).toEqual([{ prompt: 'A cat', multiModalContext: [{ type: 'image', source: { type: 'url', url: 'https://e.com/r.png' } }] }]);
  });

  it('stores paths from media storage and rejects missing columns / blank prompts', async () => {
    const saved: string[] = [];
    const mediaStorage = { saveImage: (columnName: string, data: string) => Promise.resolve(`images/${columnName}/${saved.push(data)}.png`) };
    const generator = createImageColumnGenerator(parseColumnConfig(column), { models: lookupOf(new ScriptedModel('img')), mediaStorage });
    expect(await generator.generateCell({ animal: 'cat', ref: null }, testContext)).toEqual({ pic: ['images/pic/1.png'] });
    await expect(generator.generateCell({ ref: null }, testContext)).rejects.toThrow("missing required columns: 'animal'");
    const blank = createImageColumnGenerator(parseColumnConfig({ column_type: 'image', name: 'p', prompt: '{{ s }}', model_alias: 'img' }), {
      models: lookupOf(new ScriptedModel('img')),
    });
    await expect(blank.generateCell({ s: '   ' }, testContext)).rejects.toThrow('blank');
  });
});
