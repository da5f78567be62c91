// Renders a real profile's HTML report in headless Chromium (no Playwright: the browser binary is driven
// directly). Chromium comes from scripts/ensure-chromium.mjs, which apt-installs Debian's `chromium` when
// missing; if that fails the test FAILS with the script's message (it is never skipped).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalArtifactStorage, profileDataset } from '@dd/engine';
import { decodePng, pixelStatistics } from './test-png.js';
import { writeHtmlReport } from './write-html-report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ENSURE_SCRIPT = path.resolve(here, '../../scripts/ensure-chromium.mjs');

let chromium: string;
let root: string;
let reportUrl: string;

/** Runs Chromium headless on the report with extra flags; fails loudly on a non-zero exit or timeout. */
function runChromium(extra: readonly string[]): string {
  const result = spawnSync(
    chromium,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--hide-scrollbars',
      `--user-data-dir=${path.join(root, 'chromium-profile')}`,
      '--window-size=1200,2000',
      ...extra,
      reportUrl,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error || result.status !== 0) {
    throw new Error(`chromium ${extra.join(' ')} failed (status ${result.status}): ${result.error?.message ?? ''}\n${result.stderr}`);
  }
  return result.stdout;
}

beforeAll(async () => {
  const ensured = spawnSync(process.execPath, [ENSURE_SCRIPT], { encoding: 'utf8', timeout: 600_000 });
  if (ensured.status !== 0) {
    throw new Error(`Headless Chromium is required for the HTML report test and could not be provided:\n${ensured.stderr || ensured.stdout}`);
  }
  chromium = ensured.stdout.trim().split('\n').pop() ?? '';

  root = await mkdtemp(path.join(os.tmpdir(), 'dd-report-chromium-'));
  const storage = new LocalArtifactStorage({ artifactPath: root, datasetName: 'dataset' });
  const rows = Array.from({ length: 400 }, (_, index) => ({
    topic: ['math', 'science', 'history', 'art'][index % 7 === 0 ? 3 : index % 3],
    age: 18 + ((index * 37) % 60),
    score: Math.sin(index) * 10 + 50,
    answer: 'word '.repeat(5 + (index % 40)),
    quality: { helpfulness: { score: 1 + (index % 5 === 0 ? 0 : index % 3), reasoning: 'r' } },
    check: { is_valid: index % 6 !== 0, error_messages: '' },
  }));
  await storage.writeRowGroup(0, rows.slice(0, 250));
  await storage.writeRowGroup(1, rows.slice(250));
  const datasetPath = storage.datasetLocation();
  await storage.close();
  const profile = await profileDataset(datasetPath, {
    config: {
      columns: [
        { name: 'topic', column_type: 'sampler', sampler_type: 'category' } as { name: string; column_type: string },
        { name: 'age', column_type: 'sampler', sampler_type: 'uniform' } as { name: string; column_type: string },
        { name: 'score', column_type: 'expression' },
        { name: 'answer', column_type: 'llm-text' },
        { name: 'quality', column_type: 'llm-judge', scores: [{ name: 'helpfulness', description: 'd', options: { '1': 'low', '3': 'high' } }] } as {
          name: string;
          column_type: string;
        },
        { name: 'check', column_type: 'validation' },
      ],
    },
  });
  const reportPath = await writeHtmlReport(profile, path.join(datasetPath, 'analysis', 'report.html'));
  reportUrl = pathToFileURL(reportPath).href;
}, 600_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('HTML report in headless Chromium', () => {
  it('renders every SVG plot without script errors (dumped DOM)', () => {
    const dom = runChromium(['--virtual-time-budget=5000', '--dump-dom']);
    const body = /<body([^>]*)>/.exec(dom)?.[1] ?? '';
    expect(body).toContain('data-rendered="ok"');
    expect(body).not.toContain('data-errors');
    // topic, age, score, answer lengths, validity, helpfulness: each plot laid out with a non-zero width.
    const plots = dom.match(/<svg class="dd-plot/g) ?? [];
    expect(plots.length).toBeGreaterThanOrEqual(6);
    expect(body).toContain(`data-plots="${plots.length}"`);
    expect(dom.match(/<rect class="dd-bar"/g)?.length ?? 0).toBeGreaterThan(20);
    expect(dom).toContain('Judge Scores: quality');
  });

  it('paints a non-blank screenshot', async () => {
    const png = path.join(root, 'report.png');
    runChromium([`--screenshot=${png}`]);
    const decoded = decodePng(await readFile(png));
    expect(decoded.width).toBe(1200);
    expect(decoded.height).toBe(2000);
    const stats = pixelStatistics(decoded);
    expect(stats.variance).toBeGreaterThan(100);
    expect(stats.distinctColors).toBeGreaterThan(20);
    expect(stats.nonBackgroundShare).toBeGreaterThan(0.05);
  });
});
