import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDesignerConfigBuilder } from '@dd/config';
import type { GenerationEvent } from '@dd/engine';
import { defaultChatResponder, freePort, withTestServer } from '@dd/engine/testing';
import { DataDesigner } from './data-designer.js';

/** The value of one Prometheus sample line (`name{labels} value`), summed over label sets matching `labels`. */
function sample(scrape: string, name: string, labels: string[] = []): number {
  return scrape
    .split('\n')
    .filter((line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && labels.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('DataDesigner.create with otel_metrics_port', () => {
  it('serves the run’s metrics on the Prometheus endpoint while the run is going', async () => {
    const port = await freePort();
    // Requests of the second row group wait until the test has scraped, so the scrape is mid-run.
    let release!: () => void;
    const scraped = new Promise<void>((resolve) => (release = resolve));
    let chats = 0;
    await withTestServer(
      {
        chat: async (request, context) => {
          chats += 1;
          if (chats > 3) await scraped; // 1 health check + 2 records of row group 0
          return defaultChatResponder(request, context);
        },
      },
      async (server) => {
        const builder = new DataDesignerConfigBuilder();
        builder.addModelConfig({ alias: 'local', model: 'test-model', provider: 'local' });
        builder.addColumn({ name: 'topic', column_type: 'sampler', sampler_type: 'category', params: { values: ['tea', 'maps'] } });
        builder.addColumn({ name: 'line', column_type: 'llm-text', model_alias: 'local', prompt: 'One line about {{ topic }}.' });
        const designer = new DataDesigner(mkdtempSync(path.join(os.tmpdir(), 'dd-otel-')), {
          runConfig: { otel_metrics_port: port, buffer_size: 2, max_concurrent_row_groups: 1 },
          modelProviders: [{ name: 'local', endpoint: server.url, api_key: 'otel-test-key' }],
        });
        let scrape: Promise<string> | undefined;
        const logs: string[] = [];
        const onEvent = (event: GenerationEvent) => {
          if (event.type === 'log') logs.push(event.message);
          if (event.type === 'row-group-complete' && scrape === undefined) {
            scrape = fetch(`http://127.0.0.1:${port}/metrics`)
              .then((response) => response.text())
              .finally(release);
          }
        };
        const results = await designer.create(builder, { numRecords: 4, onEvent, analyze: false });
        expect(await results.countRecords()).toBe(4);
        expect(logs).toContain(`📊 OpenTelemetry metrics available at http://127.0.0.1:${port}/metrics`);

        const during = await scrape!;
        expect(sample(during, 'data_designer_dataset_records_total', ['record_result="generated"'])).toBe(2);
        expect(sample(during, 'data_designer_dataset_row_groups_total')).toBe(1);
        // The health check and the two records of the first row group.
        expect(sample(during, 'data_designer_model_requests_total', ['gen_ai_request_model="test-model"', 'outcome="success"'])).toBe(3);
        expect(sample(during, 'data_designer_model_tokens_total', ['gen_ai_token_type="output"'])).toBeGreaterThan(0);
        expect(sample(during, 'data_designer_model_admission_limit', ['gen_ai_provider_name="local"'])).toBeGreaterThan(0);
        expect(during).toContain('service_name="data-designer"');

        const after = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect(sample(after, 'data_designer_dataset_records_total', ['record_result="generated"'])).toBe(4);
        expect(sample(after, 'data_designer_dataset_row_groups_total')).toBe(2);
        expect(sample(after, 'data_designer_create_duration_count')).toBe(1);
        expect(after).not.toContain('otel-test-key');
      },
    );
  });
});
