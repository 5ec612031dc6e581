// Child process for the whole-action case: what the action does once Trivy has written the
// image report, in one fresh Node process per measurement. Prints one JSON line.
//
//   node --expose-gc whole-action-child.js time   <report.json> <work-dir> <warm-ups> <runs>
//   node --expose-gc whole-action-child.js memory <report.json> <work-dir> whole|json-parse
//
// "Whole": parseTrivyReport → evaluateGate → publishReports (job summary, SARIF, HTML report, audit
// log, and the security issue of a push to the default branch, handed to an in-memory GitHub) →
// actionOutputs → core.setOutput, as main.ts runs them. A github-token is set, as in every real run
// (its default is the workflow's token): the reports redact it, and that redaction is part of the cost.
import * as core from '@actions/core';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GitHubReporter } from '../src/adapters/github/reporter.js';
import type { ImageFacts } from '../src/domain/image-facts.js';
import { evaluateGate } from '../src/domain/policy/evaluate-gate.js';
import type { Decision } from '../src/domain/policy/decision.js';
import { parseTrivyReport, type TrivyReport } from '../src/domain/trivy-report.js';
import { readInputs } from '../src/inputs.js';
import { actionOutputs } from '../src/outputs.js';
import type { RunResult } from '../src/pipeline.js';
import { planRun, policyFromInputs } from '../src/plan.js';
import { publishReports } from '../src/publish-reports.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const [mode, file, work, a, b, htmlReport = 'true'] = process.argv.slice(2);
if (!mode || !file || !work) throw new Error('usage: whole-action-child.js time|memory <report.json> <work-dir> …');

const summaryFile = path.join(work, 'step-summary.md');
const outputFile = path.join(work, 'github-output');
process.env.GITHUB_STEP_SUMMARY = summaryFile;
process.env.GITHUB_OUTPUT = outputFile;
process.env.GITHUB_WORKSPACE = work;
// @actions/core prints notices and warnings to stdout; keep the one JSON line the parent reads last.
const values: Record<string, string> = {
  image: 'ghcr.io/acme/app',
  context: work,
  push: 'false',
  'sarif-file': path.join(work, 'gate.sarif'),
  'audit-log': path.join(work, 'audit.jsonl'),
  'create-issue': 'true',
  'pr-comment': 'true',
  // Not a real token: nothing here talks to GitHub (the reporter below stays in memory).
  'github-token': 'ghs_BenchCanaryToken0123456789abcdefABCDEF',
  'html-report': htmlReport,
};
/** GitHub as seen by publishReports: takes what it is given, as the API would, and keeps nothing. */
const reporter: GitHubReporter = {
  upsertPullRequestComment: () => Promise.resolve({ outcome: 'updated', warnings: [] }),
  syncSecurityIssue: ({ content }) => Promise.resolve({ outcome: content.body.length > 0 ? 'appended' : 'unchanged', closedDuplicates: [], warnings: [] }),
  syncWeeklySummary: () => Promise.resolve({ outcome: 'updated', closedDuplicates: [], warnings: [] }),
};
const inputs = readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: work, env: {} });
const event = { eventName: 'push', ref: 'refs/heads/main', sha: '0123456789abcdef0123456789abcdef01234567', defaultBranch: 'main', repository: 'acme/app', serverUrl: 'https://github.com' };
writeFileSync(path.join(work, 'Dockerfile'), 'FROM scratch\n');
const plan = planRun(inputs, event, { workspace: work, now: new Date('2025-06-01T12:00:00Z') });
const imageFacts: ImageFacts = {
  id: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
  user: 'app',
  healthcheck: { test: ['CMD', 'node', 'healthcheck.js'] },
  env: ['PATH=/usr/local/bin:/usr/bin:/bin'],
  labels: {},
  sizeBytes: 187_654_321,
  history: [],
};

/** As runGate: the text is read, parsed and dropped; the report lives on in the RunResult. */
function decide(read: () => string): RunResult {
  const image: TrivyReport = parseTrivyReport(read(), file!);
  const decision: Decision = evaluateGate({ policy: policyFromInputs(inputs), image, imageFacts, now: new Date('2025-06-01T12:00:00Z') });
  return { decision, imageId: imageFacts.id, trivyVersion: '0.74.0', pushed: undefined, reports: { filesystem: undefined, image } };
}

async function whole(read: () => string): Promise<number> {
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  let result = decide(read);
  // As main.ts does before publishing.
  result = { ...result, reports: { filesystem: undefined, image: undefined } };
  const { decision } = result;
  const { sarif: sarifPath, htmlReport: htmlReportPath } = await publishReports({ inputs, event, plan, result, env: { GITHUB_WORKSPACE: work, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_RUN_ID: '1' }, reporter });
  const outputs = actionOutputs({ decision, plan, result, sarifPath, htmlReportPath });
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  return decision.findings.length + Object.keys(outputs).length;
}

async function timeCase(warmups: number, runs: number): Promise<void> {
  const text = readFileSync(file!, 'utf8');
  for (let i = 0; i < warmups; i++) {
    JSON.parse(text);
    await whole(() => text);
  }
  const jsonParse: number[] = [];
  const total: number[] = [];
  // CPU time of the whole process (main thread, GC helpers, libuv's file writes): on a machine
  // shared with other work, wall time also counts the time other processes held the cores.
  const jsonParseCpu: number[] = [];
  const totalCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['json', 'whole'] : ['whole', 'json'];
    for (const which of order) {
      gc!();
      const start = performance.now();
      const cpu = process.cpuUsage();
      if (which === 'json') {
        JSON.parse(text);
        jsonParse.push(performance.now() - start);
        jsonParseCpu.push(cpuMs(process.cpuUsage(cpu)));
      } else {
        await whole(() => text);
        total.push(performance.now() - start);
        totalCpu.push(cpuMs(process.cpuUsage(cpu)));
      }
    }
  }
  process.stdout.write(`\n${JSON.stringify({ bytes: Buffer.byteLength(text), jsonParse, total, jsonParseCpu, totalCpu })}\n`);
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

async function memoryCase(workload: string): Promise<void> {
  gc!();
  const before = process.memoryUsage.rss();
  const read = (): string => readFileSync(file!, 'utf8');
  const kept = workload === 'whole' ? await whole(read) : Object.keys(JSON.parse(read()) as object).length;
  process.stdout.write(`\n${JSON.stringify({ bytes: statSync(file!).size, rssBefore: before, peakRss: maxRss(), kept })}\n`);
}

if (mode === 'time') await timeCase(Number(a ?? 1), Number(b ?? 3));
else if (mode === 'memory' && (a === 'whole' || a === 'json-parse')) await memoryCase(a);
else throw new Error('usage: whole-action-child.js time <file> <work> <warmups> <runs> [html-report: true|false] | memory <file> <work> whole|json-parse');
