import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fixtureProfile } from './test-profile-fixture.js';
import { renderHtmlReport, writeHtmlReport } from './write-html-report.js';

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(fixtureProfile());

  it('is a single self-contained page: no external scripts, styles, fonts or images', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\//i);
  });

  it('draws inline SVG plots: histograms, category bars, validity and judge scores', () => {
    expect(html.match(/<svg class="dd-plot dd-histogram"/g)).toHaveLength(2); // age values, answer lengths
    expect(html.match(/<svg class="dd-plot dd-bars"/g)).toHaveLength(3); // topic, check validity, helpfulness
    expect(html).toContain('aria-label="quality helpfulness scores"');
    expect(html).toContain('3 · very helpful');
    expect(html).toContain('No scores.');
  });

  it('escapes values', () => {
    expect(html).toContain('&lt;art &amp; &quot;craft&quot;&gt;');
    expect(html).not.toContain('<art & "craft">');
  });

  it('embeds the render marker and the error hook', () => {
    expect(html).toContain("setAttribute('data-rendered'");
    expect(html).toContain("addEventListener('error'");
  });

  it('writes the file, creating its folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dd-report-'));
    try {
      const target = await writeHtmlReport(fixtureProfile(), path.join(dir, 'analysis', 'report.html'), { sections: ['overview'] });
      const written = await readFile(target, 'utf8');
      expect(written).toContain('Dataset Overview');
      expect(written).not.toContain('<svg');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
