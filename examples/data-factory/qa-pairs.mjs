// dataFactory example: question/answer pairs per topic, with every model call going through the engine's
// ModelRegistry → ModelFacade (request admission, retries, usage counters). A local OpenAI-compatible test
// server stands in for a real provider so the example runs offline; point the provider at a real endpoint
// (and an API key variable) to use a real model.
//   node examples/data-factory/qa-pairs.mjs [artifactDir]      (build @dd/engine first)
//   node examples/data-factory/qa-pairs.mjs [artifactDir] <jobId>   resumes that job
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelConfigSchema, ModelProviderSchema } from '@dd/config';
import { ModelRegistry, RequestAdmissionController, ResponseParseError, dataFactory } from '@dd/engine';
import { startTestServer } from '@dd/engine/testing';

const artifactPath = process.argv[2] ?? path.join(os.tmpdir(), 'dd-data-factory-example');
const resumeJobId = process.argv[3];
mkdirSync(artifactPath, { recursive: true });

// Offline stand-in provider: answers with a JSON list of Q/A pairs about the topic in the prompt.
const server = await startTestServer({
  latencyMs: 20,
  chat: (request) => {
    const prompt = request.messages.at(-1).content;
    const topic = /topic: (.+)$/m.exec(typeof prompt === 'string' ? prompt : '')?.[1] ?? 'unknown';
    const pairs = [1, 2].map((n) => ({
      question: `What is fact ${n} about ${topic}?`,
      answer: n === 2 && topic.length < 5 ? 'n/a' : `Fact ${n} about ${topic} is well documented.`,
    }));
    return `\`\`\`json\n${JSON.stringify(pairs)}\n\`\`\``;
  },
});

const admission = new RequestAdmissionController();
const models = new ModelRegistry({
  modelConfigs: [ModelConfigSchema.parse({ alias: 'writer', model: 'test-model', provider: 'local', inference_parameters: { max_parallel_requests: 8 } })],
  providers: [ModelProviderSchema.parse({ name: 'local', endpoint: server.url })],
  admission,
});

/** Parses the fenced JSON reply; a ResponseParseError makes the facade ask the model again. */
const parsePairs = (text) => {
  const json = /```json\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  try {
    const value = JSON.parse(json);
    if (!Array.isArray(value)) throw new Error('not a list');
    return value;
  } catch (cause) {
    throw new ResponseParseError(`Expected a JSON list of {question, answer}: ${cause.message}`);
  }
};

const factory = dataFactory(
  async ({ topic }, { state, signal }) => {
    const { parsed } = await models.getModel('writer').generate({
      prompt: `Write two question/answer pairs as a JSON list.\ntopic: ${topic}`,
      parser: parsePairs,
      purpose: `data factory topic '${topic}'`,
      signal,
    });
    await state.update((current) => ({ ...current, calls: current.calls + 1 }));
    return parsed.map((pair) => ({ topic, question: String(pair.question), answer: String(pair.answer) }));
  },
  {
    maxConcurrency: 8,
    targetCount: 20,
    taskTimeoutMs: 10_000,
    artifactPath,
    jobName: 'qa-pairs',
    initialState: { calls: 0, questions: [] },
    // Async hook: reject placeholder answers and questions already produced (dedup through the shared state).
    onRecordComplete: async (record, { state }) => {
      if (record.answer === 'n/a') return 'filtered';
      let duplicate = false;
      await state.update((current) => {
        duplicate = current.questions.includes(record.question);
        return duplicate ? current : { ...current, questions: [...current.questions, record.question] };
      });
      return duplicate ? 'duplicate' : 'accepted';
    },
    onProgress: (progress) => {
      if (progress.inputsFinished % 5 === 0) console.log(`  ${progress.accepted}/${progress.target} accepted, ${progress.inputsFinished} topics done`);
    },
  },
);

// Keyword binding as in Starfish's run(topic=[...]): a list is zipped into one input per topic.
const topics = ['tides', 'owls', 'sql', 'volcanoes', 'jazz', 'tea', 'glaciers', 'chess', 'bees', 'comets', 'maps', 'rust', 'opera', 'moss', 'kites'];
try {
  const preview = await factory.dryRun({ topic: topics });
  console.log('dry run (first topic, nothing stored):', preview.records);
  // resume needs no inputs: the bound ones are stored with the job.
  const result = resumeJobId ? await factory.resume(resumeJobId) : await factory.run({ topic: topics });
  console.log(`job ${result.jobId} → ${result.jobPath}`);
  console.log(`${result.records.length} records; filtered inputs ${result.indices.filtered}; dead letters ${result.deadLetters.length}`);
  // Rejected records are kept: read them back by status.
  console.log(`kept rejected records: ${(await factory.filteredRecords()).length} filtered, ${(await factory.duplicateRecords()).length} duplicate`);
  console.log('model usage:', JSON.stringify(models.usage()));
  console.log(result.records.slice(0, 3));
} finally {
  await models.close();
  admission.close();
  await server.close();
}
