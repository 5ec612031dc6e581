// Cold start: how long the bundled action takes to print its first line, next to a bare
// `node -e 0`. The action is given an input that fails at once (no image name and no
// GITHUB_REPOSITORY), so the time is loading the bundle, not doing work.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measurement, median, round, SkipCase, type BenchCase } from './harness.js';

interface Timing {
  ms: number;
  firstLine: string;
}

/** Milliseconds from spawn to the first complete stdout line, or to exit when `untilExit`. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv, untilExit: boolean): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let buffered = '';
    let firstLine: Timing | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (firstLine || untilExit) return;
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) firstLine = { ms: performance.now() - started, firstLine: buffered.slice(0, newline) };
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const exited = performance.now() - started;
      if (untilExit) resolve({ ms: exited, firstLine: '' });
      else if (firstLine) resolve(firstLine);
      else reject(new Error(`${args.join(' ')} printed no line on stdout`));
    });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export const coldStart: BenchCase = {
  id: 'cold-start',
  title: 'Cold start (dist/index.js to its first log line)',
  method:
    'Spawns `node dist/index.js` with a runner-like environment (RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY in a temp dir) and no image name, so it fails on its inputs at once; time from spawn to the first complete line on stdout. ' +
    'Reference: `node -e 0` from spawn to exit. Warm-up runs, then the median of alternating runs; reported as the delta of the medians and their ratio.',
  async run({ quick, repoRoot, log }) {
    const bundle = path.join(repoRoot, 'dist', 'index.js');
    if (!existsSync(bundle)) throw new SkipCase('dist/index.js does not exist: run `npm run bundle` first');
    const notes: string[] = [];
    if (statSync(bundle).mtimeMs < newestMtime(path.join(repoRoot, 'src'))) {
      notes.push('dist/index.js is older than the newest file in src/: the bundle measured may not match the source (run `npm run bundle`).');
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'csg-bench-cold-'));
    try {
      const output = path.join(dir, 'output');
      const summary = path.join(dir, 'summary');
      writeFileSync(output, '');
      writeFileSync(summary, '');
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        RUNNER_TEMP: dir,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_WORKSPACE: dir,
        GITHUB_ACTIONS: 'true',
      };
      const warmups = quick ? 2 : 3;
      const runs = quick ? 7 : 21;
      log(`  ${warmups} warm-up, ${runs} runs each`);
      for (let i = 0; i < warmups; i++) {
        await timeProcess(['-e', '0'], env, true);
        await timeProcess([bundle], env, false);
      }
      const bare: number[] = [];
      const action: number[] = [];
      let firstLine = '';
      for (let i = 0; i < runs; i++) {
        bare.push((await timeProcess(['-e', '0'], env, true)).ms);
        const timing = await timeProcess([bundle], env, false);
        action.push(timing.ms);
        firstLine = timing.firstLine;
      }
      const bareMs = median(bare);
      const actionMs = median(action);
      notes.push(`First line the action printed: ${JSON.stringify(firstLine.slice(0, 160))}`);
      notes.push(`dist/index.js is ${(statSync(bundle).size / 2 ** 20).toFixed(2)} MiB.`);
      const detail = { nodeMinusE0Ms: round(bareMs, 1), actionFirstLineMs: round(actionMs, 1), runs };
      return {
        measurements: [
          measurement('first log line − bare node', round(actionMs - bareMs, 0), 'ms', { kind: 'delta-ms', limit: 150, description: 'under +150 ms over bare node' }, detail),
          measurement('first log line ÷ bare node', round(actionMs / bareMs), 'ratio', undefined, detail),
        ],
        notes,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
