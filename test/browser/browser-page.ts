/// <reference lib="dom" />
// Opens a local file in Chromium with every network request blocked and recorded, and every
// console error and page error kept, so a test can assert the page reached nothing and broke nothing.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { LaunchedBrowser } from '../env/chromium.js';

export const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results/browser');

export interface OpenedPage {
  page: Page;
  /** Requests other than the file itself and in-page data/blob/about URLs: each one is a leak. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

export async function openFile(browser: LaunchedBrowser, file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const requests: string[] = [];
  const errors: string[] = [];
  // The page and files beside it (the dashboard's run reports) may load; nothing else.
  const root = pathToFileURL(dirname(file)).href + '/';
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(root)) {
      await route.continue();
      return;
    }
    requests.push(url);
    await route.abort('blockedbyclient');
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors };
}

/** Runs axe-core in the page (injected as a script) and returns serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const axePath = resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules/axe-core/axe.min.js');
  // addScriptTag would be refused by the page's CSP; evaluate runs in the page without it.
  const { readFileSync } = await import('node:fs');
  await page.evaluate(readFileSync(axePath, 'utf8'));
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
