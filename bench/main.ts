// Runs every benchmark case in turn and writes bench/results/latest.json and latest.md.
// A case whose prerequisite is missing is recorded as skipped with the reason; a case that
// breaks is recorded as an error; the others still run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildContext } from './build-context.js';
import { coldStart } from './cold-start.js';
import { htmlReport } from './html-report.js';
import { loadAverage, machineDescription, SkipCase, type BenchCase, type CaseResult } from './harness.js';
import { renderResultsMarkdown, type BenchResults } from './render-results.js';
import { reportEvaluation } from './report-evaluation.js';
import { attestOverhead } from './attest-overhead.js';
import { scanBuildOverlap } from './scan-build-overlap.js';

const CASES: BenchCase[] = [reportEvaluation, coldStart, scanBuildOverlap, buildContext, htmlReport, attestOverhead];

function parseArguments(argv: readonly string[]): { quick: boolean; only: Set<string> | undefined } {
  let quick = false;
  let only: Set<string> | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--only' && argv[i + 1]) only = new Set(argv[++i]!.split(','));
    else if (arg.startsWith('--only=')) only = new Set(arg.slice('--only='.length).split(','));
    else throw new Error(`unknown argument ${arg}; use --quick and --only ${CASES.map((c) => c.id).join(',')}`);
  }
  return { quick, only };
}

async function runCase(benchCase: BenchCase, quick: boolean, repoRoot: string): Promise<CaseResult> {
  const { id, title, method } = benchCase;
  const started = performance.now();
  const before = loadAverage();
  const run = () => ({ id, title, method, seconds: Math.round((performance.now() - started) / 100) / 10, loadAverage: { before, after: loadAverage() } });
  console.log(`▶ ${id}`);
  try {
    const { measurements, notes = [] } = await benchCase.run({ quick, repoRoot, log: (line) => console.log(line) });
    for (const m of measurements) {
      const within = m.withinTarget === undefined ? '' : m.withinTarget ? ' (within target)' : ' (OUTSIDE target)';
      console.log(`  ${m.label}: ${m.value}${m.unit === 'ms' ? ' ms' : m.unit === 'count' || m.unit === 'MiB' ? ` ${m.unit}` : '×'}${within}`);
    }
    return { ...run(), status: 'measured', measurements, notes };
  } catch (error) {
    if (error instanceof SkipCase) {
      console.log(`  skipped: ${error.message}`);
      return { ...run(), status: 'skipped', reason: error.message };
    }
    const message = error instanceof Error ? error.message : String(error);
    console.log(`  error: ${message}`);
    return { ...run(), status: 'error', error: message };
  }
}

async function main(): Promise<void> {
  const { quick, only } = parseArguments(process.argv.slice(2));
  const repoRoot = process.cwd();
  const results: BenchResults = { generatedAt: new Date().toISOString(), machine: machineDescription(), quick, cases: [] };
  for (const benchCase of CASES) {
    if (only && !only.has(benchCase.id)) continue;
    results.cases.push(await runCase(benchCase, quick, repoRoot));
  }
  const dir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, 'latest.md'), renderResultsMarkdown(results));
  console.log(`wrote ${path.join('bench', 'results', 'latest.json')} and latest.md`);
}

await main();
