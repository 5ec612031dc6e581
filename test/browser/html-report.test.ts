/// <reference lib="dom" />
// The run report in a real browser (Debian Chromium via playwright-core), opened from file://
// with every network request blocked and recorded.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport, STATIC_ROWS } from '../../src/domain/render/html-report/html-report.js';
import { launchChromium, type LaunchedBrowser } from '../env/chromium.js';
import { CONTEXT, decide, exceptionFor, hugeDecision, report, scenarios, vuln } from '../support/render-fixtures.js';
import { openFile, RESULTS_DIR, screenshot, seriousAccessibilityViolations } from './browser-page.js';

const DIR = join(RESULTS_DIR, 'pages');
const HOSTILE_PACKAGE = '<img src=x onerror="globalThis.__csgCanary=1">';
const HOSTILE_TITLE = 'bad </script><script>globalThis.__csgCanary=2</script> title';

/** A decision with every section: blocking, excepted (one expired), new vs baseline, hardening, hostile strings. */
function fullDecision() {
  return decide({
    filesystem: report({ kind: 'filesystem', npm: [vuln('CVE-2021-44906', 'CRITICAL', 'minimist', '1.2.6', '1.2.5'), vuln('GHSA-aaaa-bbbb-cccc', 'MEDIUM', '@babel/core', '7.22.0')] }),
    image: report({
      kind: 'image',
      os: [
        vuln('CVE-2024-0001', 'HIGH'),
        vuln('CVE-2024-0002', 'LOW', 'busybox', undefined),
        vuln('CVE-2024-0005', 'CRITICAL', 'musl'),
        { ...vuln('CVE-2024-6666', 'HIGH', HOSTILE_PACKAGE), Title: HOSTILE_TITLE },
        vuln('CVE-2024-0003', 'UNKNOWN', 'zlib'),
      ],
    }),
    baseline: report({ kind: 'image', os: [vuln('CVE-2024-0001', 'HIGH'), vuln('CVE-2023-0100', 'HIGH', 'expat')] }),
    exceptions: [exceptionFor('CVE-2024-0001', { package: 'openssl' }), exceptionFor('CVE-2024-0005', { expires: '2026-01-01', reason: 'was waiting for musl' })],
  });
}

function write(name: string, html: string): string {
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

async function visibleRows(page: import('playwright-core').Page): Promise<string[]> {
  return page.$$eval('#findings-body tr', (rows) => rows.map((r) => (r as HTMLElement).innerText));
}

describe('HTML report in Chromium', () => {
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the verdict and counts, filters and searches, reaches nothing, runs no hostile markup, passes axe', async () => {
    const file = write('full', renderHtmlReport(fullDecision(), { ...CONTEXT, trivyVersion: '0.74.0', gateVersion: '0.1.0' }));
    const { page, requests, errors } = await openFile(browser, file);

    await expect(page.locator('#verdict .word').innerText()).resolves.toBe('FAILED');
    const counts = await page.$$eval('#counts .count', (tiles) => tiles.map((t) => (t as HTMLElement).dataset.severity + '=' + t.querySelector('.n')!.textContent));
    expect(counts).toEqual(['CRITICAL=2', 'HIGH=2', 'MEDIUM=1', 'LOW=1', 'UNKNOWN=1']);

    expect(await visibleRows(page)).toHaveLength(7);
    await page.getByLabel('HIGH (2)').uncheck();
    await page.getByLabel('LOW (1)').uncheck();
    const rows = await visibleRows(page);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => !/\bHIGH\b|\bLOW\b/.test(r.split('\n')[0]!))).toBe(true);
    await page.getByLabel('HIGH (2)').check();
    await page.getByLabel('Search').fill('minimist');
    await expect.poll(() => visibleRows(page)).toHaveLength(1);
    expect((await visibleRows(page))[0]).toContain('CVE-2021-44906');
    await expect(page.locator('#rows-note').innerText()).resolves.toContain('1 of 1 matching findings (7 in total)');

    // The hostile package name and title are text on the page, and nothing ran.
    await page.getByLabel('Search').fill('onerror');
    await expect.poll(async () => (await visibleRows(page)).join('|')).toContain(HOSTILE_PACKAGE);
    expect(await visibleRows(page)).toHaveLength(1);
    expect((await visibleRows(page))[0]).toContain('</script>');
    await page.getByLabel('Search').fill('');
    await expect.poll(() => visibleRows(page)).toHaveLength(6); // LOW is still unchecked
    await page.getByLabel('Status').selectOption('excepted');
    await expect.poll(() => visibleRows(page)).toHaveLength(1);
    await page.getByLabel('Status').selectOption('');
    await page.locator('th[data-sort="id"] button').click();
    const ids = await page.$$eval('#findings-body .fid', (links) => links.map((l) => l.textContent));
    expect(ids).toEqual([...ids].sort());
    expect(await page.evaluate(() => (globalThis as { __csgCanary?: unknown }).__csgCanary)).toBeUndefined();
    await expect(page.locator('.expired').first().innerText()).resolves.toContain('expired');

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Search').fill('');
    await screenshot(page, 'report-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'report-phone');
    // Print to PDF: A4 at 96 dpi.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'report-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(RESULTS_DIR, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('is readable without script: the first rows are in the HTML and the note says how many are not', async () => {
    const file = write('no-script', renderHtmlReport(hugeDecision(1200), CONTEXT));
    // A reader without script sees exactly the markup minus the script: load that.
    const html = readFileSync(file, 'utf8');
    const withoutScript = html.replace(/<script>[\s\S]*?<\/script><\/body>/, '</body>');
    expect(withoutScript.length).toBeLessThan(html.length);
    writeFileSync(file, withoutScript);
    const { page: noScript, errors, requests } = await openFile(browser, file);
    await expect(noScript.locator('#findings-body tr').count()).resolves.toBe(STATIC_ROWS);
    await expect(noScript.locator('#rows-note').innerText()).resolves.toContain(`${(1200 - STATIC_ROWS).toLocaleString('en-US')} more are not shown`);
    await expect(noScript.locator('#filters').isVisible()).resolves.toBe(false);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await noScript.close();
  });

  it('pages through 50,000 findings and filters them without freezing', async () => {
    const file = write('large', renderHtmlReport(hugeDecision(50_000), CONTEXT));
    const { page, errors, requests } = await openFile(browser, file);
    await expect(page.locator('#rows-note').innerText()).resolves.toContain('of 50,000 findings');
    expect(await visibleRows(page)).toHaveLength(100);
    const started = Date.now();
    await page.getByLabel('Search').fill('longish-name-4999');
    await expect.poll(() => page.locator('#rows-note').innerText()).toContain('matching findings');
    expect(Date.now() - started).toBeLessThan(10_000);
    await page.locator('#page-next').isVisible();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('shows every scenario without console errors', async () => {
    for (const [name, decision] of Object.entries(scenarios())) {
      const { page, errors, requests } = await openFile(browser, write(`scenario-${name}`, renderHtmlReport(decision, CONTEXT)));
      await expect(page.locator('#verdict').isVisible()).resolves.toBe(true);
      expect({ name, errors, requests }).toEqual({ name, errors: [], requests: [] });
      await page.close();
    }
  });
});
