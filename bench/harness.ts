// The shapes every benchmark case shares, and the small statistics they report with.
// Benchmarks report ratios against a reference measured in the same conditions; they never
// pass or fail a build (a shared 2-core runner is too noisy for absolute limits).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** How a measured ratio compares with the target. */
export interface Target {
  /** `ratio`: measured / reference; `multiple`: e.g. peak memory / file size; `delta-ms`: measured − reference. */
  kind: 'ratio' | 'multiple' | 'delta-ms';
  /** The value must stay at or below this. */
  limit: number;
  description: string;
}

/** One line of a case's result table: a measured figure, and the target it is held against (if any). */
export interface Measurement {
  label: string;
  value: number;
  unit: 'ratio' | '×' | 'ms' | 'MiB' | 'count';
  target?: Target;
  /** value ≤ target.limit; undefined when there is no target. Informational only. */
  withinTarget?: boolean;
  /** The raw figures the value came from, so the ratio can be checked. */
  detail?: Record<string, number | string>;
}

interface CaseRun {
  id: string;
  title: string;
  method: string;
  seconds: number;
  /** 1-minute load average before and after the case: other work on the machine skews ratios. */
  loadAverage: { before: number; after: number };
}

export type CaseResult =
  | (CaseRun & { status: 'measured'; measurements: Measurement[]; notes: string[] })
  | (CaseRun & { status: 'skipped'; reason: string })
  | (CaseRun & { status: 'error'; error: string });

/** A prerequisite is missing: the case is reported as skipped with this reason, not as an error. */
export class SkipCase extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipCase';
  }
}

export interface BenchOptions {
  /** Fewer sizes and runs, for trying the harness out; not for published numbers. */
  quick: boolean;
  repoRoot: string;
  log: (line: string) => void;
}

export interface BenchCase {
  id: string;
  title: string;
  /** How it is measured, in words for the results table. */
  method: string;
  run(options: BenchOptions): Promise<{ measurements: Measurement[]; notes?: string[] }>;
}

export function measurement(label: string, value: number, unit: Measurement['unit'], target?: Target, detail?: Measurement['detail']): Measurement {
  return {
    label,
    value,
    unit,
    ...(target && { target, withinTarget: value <= target.limit }),
    ...(detail && { detail }),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function loadAverage(): number {
  return round(loadavg()[0] ?? 0);
}

let clockTicks: number | undefined;

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): index 0 is field 3, `state`. */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, ms) of this process's children that have ended and been waited for,
 * with everything they waited for in turn: a command's whole process tree, read before and after
 * it runs. Undefined where /proc is not Linux's.
 */
export function endedChildrenCpuMs(): number | undefined {
  const fields = statFields('self');
  if (fields === undefined) return undefined;
  // cutime and cstime: fields 16 and 17.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond();
}

/** CPU time (user + system, ms) of the running processes named `name` (e.g. `dockerd`), on this machine; undefined when none is visible. */
export function processCpuMs(name: string): number | undefined {
  let total: number | undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let comm: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm !== name) continue;
    const fields = statFields(pid);
    // utime and stime: fields 14 and 15.
    if (fields !== undefined) total = (total ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  }
  return total;
}

export function machineDescription(): Record<string, string | number> {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    loadAverage: loadAverage(),
  };
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion; never throws for a non-zero exit (callers decide). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      });
    });
  });
}

/** Like runCommand, but a non-zero exit is an error carrying the command's stderr. */
export async function runCommandOk(
  command: string,
  args: readonly string[],
  options: Parameters<typeof runCommand>[2] = {},
): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}: ${tail}`);
  }
  return result;
}
