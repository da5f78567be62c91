import { describe, expect, it } from '@jest/globals';
import { freePort } from '../testing/index.js';
import { beginRunTelemetry } from './start-run-telemetry.js';

/** The value of one Prometheus sample line (`name{labels} value`), summed over label sets matching `labels`. */
function sample(scrape: string, name: string, labels: string[] = []): number {
  return scrape
    .split('\n')
    .filter((line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && labels.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** What one run reports: `groups` row groups of `records` records each, then its end. */
function reportRun(telemetry: ReturnType<typeof beginRunTelemetry>['telemetry'], groups: number, records: number): void {
  for (let index = 0; index < groups; index++) {
    telemetry.onSchedulerEvent?.({ type: 'row-group-admitted', index, size: records });
    telemetry.onSchedulerEvent?.({ type: 'row-group-checkpointed', index, records, dropped: 1, partial: false });
  }
  telemetry.end?.();
}

describe('beginRunTelemetry', () => {
  it('serves the endpoint before OpenTelemetry loads; the first scrape replays everything runs reported before it', async () => {
    const port = await freePort();
    const first = beginRunTelemetry({ metricsPort: port, serviceVersion: 'test' });
    const { metricsUrl } = await first.started;
    expect(metricsUrl).toBe(`http://127.0.0.1:${port}/metrics`);
    reportRun(first.telemetry, 3, 10);

    // A second run of the same process shares the endpoint; it ended before anyone scraped, too.
    const second = beginRunTelemetry({ metricsPort: port, serviceVersion: 'test' });
    expect((await second.started).metricsUrl).toBe(metricsUrl);
    reportRun(second.telemetry, 2, 5);

    const scrape = await (await fetch(metricsUrl as string)).text();
    expect(sample(scrape, 'data_designer_dataset_records_total', ['record_result="generated"'])).toBe(40);
    expect(sample(scrape, 'data_designer_dataset_records_total', ['record_result="dropped"'])).toBe(5);
    expect(sample(scrape, 'data_designer_dataset_row_groups_total')).toBe(5);
    expect(sample(scrape, 'data_designer_create_duration_count')).toBe(2);

    // Once loaded, measurements are recorded as they happen.
    const third = beginRunTelemetry({ metricsPort: port, serviceVersion: 'test' });
    await third.started;
    await third.load();
    reportRun(third.telemetry, 1, 7);
    const later = await (await fetch(metricsUrl as string)).text();
    expect(sample(later, 'data_designer_dataset_records_total', ['record_result="generated"'])).toBe(47);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});
