/// <reference lib="dom" />
// HTML report: size against the Trivy JSON report it was made from, and time to first render
// in headless Chromium (Debian's, via playwright-core) held against an empty report's.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { evaluateGate } from '../src/domain/policy/evaluate-gate.js';
import { renderHtmlReport } from '../src/domain/render/html-report/html-report.js';
import { parseTrivyReport } from '../src/domain/trivy-report.js';
import { readInputs } from '../src/inputs.js';
import { policyFromInputs } from '../src/plan.js';
import { chromiumAvailable, launchChromium, type LaunchedBrowser } from '../test/env/chromium.js';
import { measurement, median, round, SkipCase, type BenchCase, type Measurement } from './harness.js';
import { generateTrivyReport, renderTrivyReport } from './trivy-report-generator.js';

const MiB = 2 ** 20;
const RENDER_TARGET = { kind: 'delta-ms', limit: 2000, description: 'the 50k report is interactive within 2 s (beyond an empty report)' } as const;

const policy = policyFromInputs(readInputs(() => '', { repository: 'acme/app', actor: 'octocat', runnerTemp: '/tmp', env: {} }));
const CONTEXT = { image: 'ghcr.io/acme/app', repository: 'acme/app', serverUrl: 'https://github.com', commitSha: '0'.repeat(40), runUrl: 'https://github.com/acme/app/actions/runs/1' };

function htmlFor(text: string): string {
  const decision = evaluateGate({ policy, image: parseTrivyReport(text, 'bench.json'), imageFacts: undefined, policyFile: undefined, now: new Date('2025-06-01T12:00:00Z') });
  return renderHtmlReport(decision, { ...CONTEXT, trivyVersion: '0.74.0' });
}

interface RenderSample {
  /** navigation start → first contentful paint (the server-rendered rows). */
  fcp: number;
  /** navigation start → the script has parsed every row and rendered the first page. */
  interactive: number;
}

async function renderOnce(browser: LaunchedBrowser, file: string): Promise<RenderSample> {
  const page = await browser.context.newPage();
  await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.classList.contains('js'), undefined, { timeout: 60_000 });
  const sample = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
    // The script runs at the end of the body, before load: loadEventStart bounds its finish.
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { fcp, interactive: nav ? nav.loadEventStart : Number.NaN };
  });
  await page.close();
  return sample;
}

export const htmlReport: BenchCase = {
  id: 'html-report',
  title: 'HTML report (size, first render in Chromium)',
  method:
    'The generated image reports of the report-evaluation case (1k, 10k, 50k findings) are decided with the default policy and rendered to report.html. ' +
    'Size: report.html bytes ÷ the Trivy JSON report bytes. Render: headless Debian Chromium (playwright-core), a fresh page per run, file:// with the network blocked; ' +
    'time from navigation start to the load event (the inline script, which parses every row and renders the first page, runs before it), median of several runs, minus the same for a report with no findings. ' +
    'First contentful paint (the server-rendered first rows) is in the detail.',
  async run({ quick, log }) {
    if (!chromiumAvailable()) throw new SkipCase('Chromium is not installed (npm run test:env installs it: test/env/chromium.sh)');
    const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 50_000];
    const runs = quick ? 3 : 5;
    const dir = mkdtempSync(path.join(tmpdir(), 'csg-bench-html-'));
    const browser = await launchChromium();
    const measurements: Measurement[] = [];
    try {
      const emptyFile = path.join(dir, 'empty.html');
      writeFileSync(emptyFile, htmlFor(JSON.stringify({ SchemaVersion: 2, ArtifactName: 'ghcr.io/acme/app:1', ArtifactType: 'container_image', Results: [] })));
      await renderOnce(browser, emptyFile);
      const empty: RenderSample[] = [];
      for (let i = 0; i < runs; i++) empty.push(await renderOnce(browser, emptyFile));
      const emptyMs = median(empty.map((s) => s.interactive));
      for (const findings of sizes) {
        const label = `${findings.toLocaleString('en-US')} findings`;
        const json = renderTrivyReport(generateTrivyReport(findings));
        const file = path.join(dir, `report-${findings}.html`);
        writeFileSync(file, htmlFor(json));
        const htmlBytes = statSync(file).size;
        const jsonBytes = Buffer.byteLength(json);
        measurements.push(
          measurement(`${label}: report.html size ÷ Trivy JSON`, round(htmlBytes / jsonBytes), '×', undefined, {
            htmlMiB: round(htmlBytes / MiB, 2),
            jsonMiB: round(jsonBytes / MiB, 2),
          }),
        );
        log(`  ${label}: rendering (1 warm-up, ${runs} runs)`);
        await renderOnce(browser, file);
        const samples: RenderSample[] = [];
        for (let i = 0; i < runs; i++) samples.push(await renderOnce(browser, file));
        const ms = median(samples.map((s) => s.interactive));
        measurements.push(
          measurement(`${label}: first render − empty report`, round(ms - emptyMs, 0), 'ms', findings === 50_000 ? RENDER_TARGET : undefined, {
            interactiveMs: round(ms, 0),
            emptyReportMs: round(emptyMs, 0),
            firstContentfulPaintMs: round(median(samples.map((s) => s.fcp)), 0),
          }),
        );
      }
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return { measurements, notes: ['report.html embeds every finding once (a string table plus index arrays); the JSON report also carries descriptions, CVSS vectors and references that the page does not show.'] };
  },
};
