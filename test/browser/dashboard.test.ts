/// <reference lib="dom" />
// The dashboard in a real browser: built by the real builder (files on disk, as from downloaded
// artifacts) from a fixture history of five weeks and three images, opened from file://.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, type BuiltDashboard } from '../../src/dashboard/build-site.js';
import { launchChromium, type LaunchedBrowser } from '../env/chromium.js';
import { DASHBOARD_NOW, fixtureRuns, writeFixtureHistory } from '../support/dashboard-fixtures.js';
import { openFile, RESULTS_DIR, screenshot, seriousAccessibilityViolations } from './browser-page.js';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;

describe('dashboard in Chromium', () => {
  let browser: LaunchedBrowser;
  let work: string;
  let built: BuiltDashboard;
  const runs = fixtureRuns();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'csg-i18-dashboard-'));
    writeFixtureHistory(join(work, 'history'), runs);
    built = await buildDashboard({ history: [join(work, 'history')], out: join(RESULTS_DIR, 'dashboard-site'), now: DASHBOARD_NOW });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds one section per image from every run, with every run report', () => {
    expect(built).toMatchObject({ images: 3, runs: 15, reports: 15, skipped: [] });
  });

  it('shows the latest verdict per image, one trend series per severity with the right points, and no request leaves the page', async () => {
    const { page, requests, errors } = await openFile(browser, built.index);
    const overview = await page.$$eval('#overview tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-image'), r.querySelector('.verdict')!.textContent]));
    const latest = new Map(runs.map((r) => [r.image, r.decision.verdict]));
    expect(overview).toEqual([...latest].sort(([a], [b]) => a.localeCompare(b)).map(([image, verdict]) => [image, verdict]));

    for (const image of latest.keys()) {
      const section = page.locator(`section.image[data-image="${image}"]`);
      const series = await section.locator('svg.trend g.series').evaluateAll((groups) =>
        groups.map((g) => ({
          severity: g.getAttribute('data-severity'),
          points: Array.from(g.querySelectorAll('circle')).map((c) => [c.getAttribute('data-day'), Number(c.getAttribute('data-count'))]),
        })),
      );
      const expected = SEVERITIES.map((severity) => ({
        severity,
        points: runs.filter((r) => r.image === image).map((r) => [r.time.slice(0, 10), r.decision.counts.total[severity]]),
      }));
      expect(series).toEqual(expected);
    }

    // The hostile-looking image name is text, the exception close to expiry is flagged.
    await expect(page.locator('section.image[data-image="ghcr.io/acme/<worker>"] h2').innerText()).resolves.toBe('ghcr.io/acme/<worker>');
    await expect(page.locator('section.image[data-image="ghcr.io/acme/web"] .exceptions .soon').innerText()).resolves.toContain('2026-12-08');

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'dashboard-phone');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('links every run report to a file in the site that opens as that run’s report', async () => {
    const { page, requests, errors } = await openFile(browser, built.index);
    const hrefs = await page.$$eval('a.run-report', (links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThanOrEqual(3 + 15);
    for (const href of hrefs) expect(existsSync(fileURLToPath(href)), href).toBe(true);
    await page.locator('#overview a.run-report').first().click();
    await page.waitForURL(/report\.html$/);
    await expect(page.locator('#verdict').isVisible()).resolves.toBe(true);
    await expect(page.locator('h1 code').innerText()).resolves.toBe('ghcr.io/acme/<worker>');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
