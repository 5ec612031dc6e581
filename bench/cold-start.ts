// Cold start: how long the bundled action takes to print its first line, and to finish a run
// that fails fast on a bad input, next to a bare `node -e 0`. dist/index.js prints its first
// line before it loads the rest of the bundle, so the first line says little about how much
// the action loads before it can check its inputs; the time to exit does.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measurement, median, round, SkipCase, type BenchCase } from './harness.js';

interface Timing {
  /** Spawn to the first complete stdout line (undefined if none). */
  firstLineMs: number | undefined;
  firstLine: string;
  /** Spawn to exit (all stdio closed). */
  exitMs: number;
  code: number | null;
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let buffered = '';
    let firstLine: { ms: number; text: string } | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (firstLine) return;
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) firstLine = { ms: performance.now() - started, text: buffered.slice(0, newline) };
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ firstLineMs: firstLine?.ms, firstLine: firstLine?.text ?? '', exitMs: performance.now() - started, code });
    });
  });
}

/** CPU time (user + system, ms) of this process's finished children; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // Fields 16 and 17 of stat(5) (cutime, cstime), in clock ticks of 10 ms on Linux.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const TARGET_MS = 150;

export const coldStart: BenchCase = {
  id: 'cold-start',
  title: 'Cold start (dist/index.js: first log line, and exit on an input error)',
  method:
    'Spawns `node dist/index.js` with a runner-like environment (RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY in a temp dir, GITHUB_REPOSITORY=acme/app) and the input `fail-on: SEVERE`, which the action rejects as an input error. ' +
    'Two figures from the same runs: spawn to the first complete line on stdout (what a user sees first; dist/index.js prints it before loading the rest of the bundle), and spawn to exit (everything the action loads before it can check its inputs, plus reporting the error and setting its outputs). ' +
    'Each run is checked: exit code 1 and `reason` input-error in GITHUB_OUTPUT. ' +
    `Reference for both: \`node -e 0\` from spawn to exit; target for both: under +${TARGET_MS} ms. Warm-up runs, then the median of alternating runs; delta of the medians. Child CPU time (user + system) per run is shown as well: on a busy machine it varies less than wall time.`,
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
        GITHUB_REPOSITORY: 'acme/app',
        'INPUT_FAIL-ON': 'SEVERE',
      };
      const runAction = async (): Promise<Timing & { cpuMs: number | undefined }> => {
        writeFileSync(output, '');
        const cpuBefore = childrenCpuMs();
        const timing = await timeProcess([bundle], env);
        const cpuAfter = childrenCpuMs();
        const outputs = readFileSync(output, 'utf8');
        if (timing.firstLineMs === undefined) throw new Error('dist/index.js printed no line on stdout');
        if (timing.code !== 1 || !/^reason<<(\S+)\ninput-error\n\1$/m.test(outputs)) {
          throw new Error(`dist/index.js did not fail on the input error as expected (exit code ${timing.code}; GITHUB_OUTPUT: ${JSON.stringify(outputs.slice(0, 200))})`);
        }
        return { ...timing, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
      };
      const runBare = async (): Promise<Timing & { cpuMs: number | undefined }> => {
        const cpuBefore = childrenCpuMs();
        const timing = await timeProcess(['-e', '0'], env);
        const cpuAfter = childrenCpuMs();
        return { ...timing, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
      };

      const warmups = quick ? 2 : 3;
      const runs = quick ? 7 : 21;
      log(`  ${warmups} warm-up, ${runs} runs each`);
      for (let i = 0; i < warmups; i++) {
        await runBare();
        await runAction();
      }
      const bare: number[] = [];
      const firstLine: number[] = [];
      const exit: number[] = [];
      let bareCpu = 0;
      let actionCpu = 0;
      let cpuKnown = true;
      let text = '';
      for (let i = 0; i < runs; i++) {
        const pair = i % 2 === 0 ? [runBare, runAction] : [runAction, runBare];
        for (const step of pair) {
          const timing = await step();
          if (timing.cpuMs === undefined) cpuKnown = false;
          if (step === runBare) {
            bare.push(timing.exitMs);
            bareCpu += timing.cpuMs ?? 0;
          } else {
            firstLine.push(timing.firstLineMs!);
            exit.push(timing.exitMs);
            actionCpu += timing.cpuMs ?? 0;
            text = timing.firstLine;
          }
        }
      }
      const bareMs = median(bare);
      const firstLineMs = median(firstLine);
      const exitMs = median(exit);
      notes.push(`First line the action printed: ${JSON.stringify(text.slice(0, 160))}`);
      notes.push(`dist/index.js is ${(statSync(bundle).size / 2 ** 10).toFixed(1)} KiB; the bundle is ${(bundleBytes(path.dirname(bundle)) / 2 ** 20).toFixed(2)} MiB of .js files in all.`);
      const cpu: Record<string, number> = cpuKnown ? { nodeMinusE0CpuMs: round(bareCpu / runs, 0), actionCpuMs: round(actionCpu / runs, 0) } : {};
      const target = (what: string) => ({ kind: 'delta-ms' as const, limit: TARGET_MS, description: `${what} under +${TARGET_MS} ms over bare node` });
      return {
        measurements: [
          measurement('first log line − bare node', round(firstLineMs - bareMs, 0), 'ms', target('first line'), {
            nodeMinusE0Ms: round(bareMs, 1),
            actionFirstLineMs: round(firstLineMs, 1),
            ratio: round(firstLineMs / bareMs),
            runs,
          }),
          measurement('exit on an input error − bare node', round(exitMs - bareMs, 0), 'ms', target('exit'), {
            nodeMinusE0Ms: round(bareMs, 1),
            actionExitMs: round(exitMs, 1),
            ratio: round(exitMs / bareMs),
            ...cpu,
            runs,
          }),
        ],
        notes,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function bundleBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
}
