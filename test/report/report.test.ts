import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/**
 * The compliance report: a Markdown snapshot for the bundled policies, and the HTML report
 * opened offline in headless Chromium (Debian's package), with the matrix and the graph rendered.
 */
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const out = join(repo, 'test-results/report');
const kijun = (args: string[]) => spawnSync(process.execPath, [join(repo, 'dist/cli.js'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });
const CHROMIUM = '/usr/bin/chromium';

describe('compliance report', () => {
  it('renders the Markdown report of policies/ (snapshot)', async () => {
    const r = kijun(['report', 'policies/', '--format', 'md']);
    expect(r.status).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('./__snapshots__/policies.report.md');
  });

  it.skipIf(!existsSync(CHROMIUM))('opens the HTML report offline in Chromium with the matrix and the graph', async () => {
    const r = kijun(['report', 'policies/', '--format', 'html']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/u);
    mkdirSync(out, { recursive: true });
    const file = join(out, 'report.html');
    writeFileSync(file, r.stdout);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(file).href);
      // One section per policy set; the flawed ones show findings and a highlighted break.
      expect(await page.locator('section.set').count()).toBe(4);
      expect(await page.locator('tr.finding').count()).toBeGreaterThan(5);
      expect(await page.locator('tr[data-clause="2.1.1(6)(a)"].satisfied').count()).toBe(3);
      expect(await page.locator('svg.graph').count()).toBe(4);
      expect(await page.locator('svg.graph .node').count()).toBeGreaterThan(10);
      expect(await page.locator('svg.graph g.gap').count()).toBe(2);
      const box = await page.locator('svg.graph').first().boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      // Nothing but the file itself was loaded: the report is self-contained.
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
