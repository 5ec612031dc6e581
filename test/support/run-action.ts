import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const BUNDLE = join(REPO_ROOT, 'dist', 'index.js');

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workDir: string;
}

export interface ActionRunOptions {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  event?: { name: string; payload: unknown; ref?: string; sha?: string };
  repository?: string;
  timeoutMs?: number;
  /** A RUNNER_TEMP shared with other runs (default: one of this run's own). */
  runnerTemp?: string;
}

/**
 * Start the committed bundle the way the runner does: INPUT_* variables, GITHUB_* context,
 * and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files it writes to.
 */
export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const workDir = await mkdtemp(join(tmpdir(), 'csg-run-'));
  const runnerTemp = options.runnerTemp ?? join(workDir, 'runner-temp');
  const toolCache = join(workDir, 'tool-cache');
  await mkdir(runnerTemp, { recursive: true });
  await mkdir(toolCache, { recursive: true });
  const outputFile = join(workDir, 'github-output');
  const summaryFile = join(workDir, 'step-summary');
  const eventFile = join(workDir, 'event.json');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const event = options.event ?? { name: 'push', payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } } };
  await writeFile(eventFile, JSON.stringify(event.payload));

  // On a runner the build context lies in the checkout (GITHUB_WORKSPACE), and the gate refuses
  // one that does not; a fixture context copied to a temp directory is its own checkout.
  const context = options.inputs.context;
  const workspace = context !== undefined && isAbsolute(context) && relative(REPO_ROOT, context).startsWith('..') ? context : REPO_ROOT;

  const inputEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.inputs)) {
    inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }

  // A clean environment: nothing from the developer's shell leaks in (tokens, DOCKER_*).
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: options.repository ?? 'acme/app',
    GITHUB_REPOSITORY_OWNER: (options.repository ?? 'acme/app').split('/')[0]!,
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: event.sha ?? '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: event.ref ?? 'refs/heads/main',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9/unreachable',
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: '1',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: toolCache,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...inputEnv,
    ...options.env,
  };

  const child = spawn(process.execPath, [BUNDLE], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timeoutMs = options.timeoutMs ?? 240_000;
  const exitCode = await new Promise<number>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`action did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise(code ?? -1);
    });
  });
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    workDir,
  };
}

/** GITHUB_OUTPUT uses `name<<DELIMITER\nvalue\nDELIMITER` blocks (and plain `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      outputs[name!] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}
