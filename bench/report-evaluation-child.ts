// Child process for the report-evaluation case: one fresh Node process per measurement,
// so that one size's heap never inflates the next one's numbers. Prints one JSON line.
//
//   node --expose-gc report-evaluation-child.js time   <report.json> <warm-ups> <runs>
//   node --expose-gc report-evaluation-child.js memory <report.json> evaluate|json-parse
import { readFileSync, writeFileSync } from 'node:fs';
import type { Decision } from '../src/domain/policy/decision.js';
import { evaluateGate } from '../src/domain/policy/evaluate-gate.js';
import { policyFromInputs } from '../src/plan.js';
import { parsePolicyFile } from '../src/domain/policy/policy-file.js';
import { parseTrivyReport } from '../src/domain/trivy-report.js';
import type { ImageFacts } from '../src/domain/image-facts.js';
import { readInputs } from '../src/inputs.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

// The action's defaults, as readInputs gives them with no inputs set.
const policy = policyFromInputs(
  readInputs(() => '', { repository: 'acme/app', actor: 'octocat', runnerTemp: '/tmp', env: {} }),
);

// A policy file of the size teams keep: a dozen exceptions, some scoped to a package or path.
const policyFile = parsePolicyFile(
  [
    'version: 1',
    'exceptions:',
    ...Array.from({ length: 12 }, (_, i) =>
      [
        `  - id: CVE-202${i % 5}-${10000 + i * 731}`,
        ...(i % 3 === 0 ? ['    package: openssl'] : []),
        ...(i % 4 === 1 ? ['    path: usr/src/app/node_modules/**'] : []),
        `    reason: not reachable from the service (ticket SEC-${100 + i})`,
        '    expires: 2099-12-31',
      ].join('\n'),
    ),
  ].join('\n'),
  '.github/container-gate.yml',
);

const imageFacts: ImageFacts = {
  id: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
  user: 'app',
  healthcheck: { test: ['CMD', 'node', 'healthcheck.js'] },
  env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_ENV=production'],
  labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app' },
  sizeBytes: 187_654_321,
  history: [{ createdBy: 'RUN npm ci --omit=dev # buildkit' }],
};

const now = new Date('2025-06-01T12:00:00Z');

/** What the action does with the image report: parse and validate, then decide (evaluateGate collects the findings). */
function evaluate(text: string, source: string): { parsedMs: number; decision: Decision } {
  const start = performance.now();
  const report = parseTrivyReport(text, source);
  const parsedMs = performance.now() - start;
  const decision = evaluateGate({ policy, image: report, imageFacts, policyFile, now });
  return { parsedMs, decision };
}

function timeCase(file: string, warmups: number, runs: number): void {
  const text = readFileSync(file, 'utf8');
  let findings = 0;
  let located = 0;
  for (let i = 0; i < warmups; i++) {
    JSON.parse(text);
    const { decision } = evaluate(text, file);
    findings = decision.findings.length;
    // The same finding at several places is one distinct finding with several locations.
    located = decision.findings.reduce((sum, e) => sum + (e.locations?.length ?? 1), 0);
  }
  const jsonParse: number[] = [];
  const total: number[] = [];
  const parse: number[] = [];
  const decide: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the order so that neither side always runs on a heap the other just filled.
    const order = i % 2 === 0 ? ['json', 'evaluate'] : ['evaluate', 'json'];
    for (const which of order) {
      gc!();
      const start = performance.now();
      if (which === 'json') {
        JSON.parse(text);
        jsonParse.push(performance.now() - start);
      } else {
        const { parsedMs } = evaluate(text, file);
        const ms = performance.now() - start;
        total.push(ms);
        parse.push(parsedMs);
        decide.push(ms - parsedMs);
      }
    }
  }
  console.log(JSON.stringify({ bytes: Buffer.byteLength(text), findings, located, jsonParse, total, parse, decide }));
}

/** getrusage's ru_maxrss: the highest resident set size the process has had, in bytes. */
function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Restarts the kernel's peak-RSS count (VmHWM, which ru_maxrss reads) from the current RSS, so a
 * later maxRss() is the peak of what ran since. Linux only; false where it cannot.
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function memoryCase(file: string, work: string): void {
  gc!();
  const before = process.memoryUsage();
  const text = readFileSync(file, 'utf8');
  // The process's peak so far (start-up, reading the file), then the peak of parse + decide
  // alone, measured from the RSS once the text is held.
  const peakBeforeWork = maxRss();
  const rssAfterRead = process.memoryUsage.rss();
  const peakWasReset = resetPeakRss();
  const result: unknown = work === 'evaluate' ? evaluate(text, file).decision : JSON.parse(text);
  const peakDuringWork = maxRss();
  gc!();
  const after = process.memoryUsage();
  const kept = work === 'evaluate' ? (result as Decision).findings.length : Object.keys(result as object).length;
  console.log(
    JSON.stringify({
      bytes: Buffer.byteLength(text),
      rssBefore: before.rss,
      rssAfterRead,
      // The whole process's peak, as before the reset.
      peakRss: Math.max(peakBeforeWork, peakDuringWork),
      // Without a reset this is the lifetime peak again, and the "after read" figure is left out.
      peakRssDuringWork: peakWasReset ? peakDuringWork : undefined,
      heapBefore: before.heapUsed,
      heapRetained: after.heapUsed,
      kept,
    }),
  );
}

const [mode, file, a, b] = process.argv.slice(2);
if (mode === 'time' && file) timeCase(file, Number(a ?? 2), Number(b ?? 5));
else if (mode === 'memory' && file && (a === 'evaluate' || a === 'json-parse')) memoryCase(file, a);
else throw new Error(`usage: report-evaluation-child.js time <file> <warmups> <runs> | memory <file> evaluate|json-parse`);
