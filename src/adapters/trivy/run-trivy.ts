import { spawn } from 'node:child_process';
import { GateError } from '../../domain/gate-error.js';
import { requireUnchangedTrivy } from './verified-binary.js';

export interface TrivyRunRequest {
  trivyPath: string;
  /** The SHA-256 recorded when the binary was verified: it is hashed again before it runs. */
  trivySha256?: string | undefined;
  args: readonly string[];
  /** A directory we own: Trivy reads trivy.yaml, .trivyignore and trivy-secret.yaml from its cwd. */
  cwd: string;
  /** Extra variables (e.g. registry credentials); they are never logged. */
  env?: Record<string, string>;
  /** Our own limit, beyond Trivy's --timeout: Trivy does not apply --timeout to DB downloads. */
  killAfterMs: number;
  /** Each output line as it arrives (stderr: Trivy's log; stdout: normally empty with --output). */
  onLine: (line: string) => void;
  /** Aborting stops Trivy (SIGTERM, then SIGKILL): e.g. the context scan when the build failed. */
  signal?: AbortSignal;
}

export interface TrivyRunResult {
  exitCode: number | null;
  signal: string | null;
  /** Set when the kill timer ended the run. */
  killedAfterSeconds: number | undefined;
  stderr: string[];
}

/** SIGTERM starts Trivy's graceful shutdown; SIGKILL follows if that does not end it. */
const KILL_GRACE_MS = 5_000;

/**
 * The environment Trivy runs with: the runner's, minus every TRIVY_* variable (they would
 * silently change severity filters, skip dirs, servers...) and every INPUT_* variable (the
 * action's inputs, tokens and passwords among them: Trivy needs none), plus ours.
 */
export function trivyEnvironment(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !/^(TRIVY_|INPUT_)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs Trivy to completion. Resolves with the exit status; rejects only if it cannot start, or
 * (reason trivy-install) if its bytes are no longer the ones verified.
 */
export async function runTrivy(request: TrivyRunRequest): Promise<TrivyRunResult> {
  if (request.trivySha256 !== undefined) await requireUnchangedTrivy({ path: request.trivyPath, sha256: request.trivySha256 });
  return spawnTrivy(request);
}

function spawnTrivy(request: TrivyRunRequest): Promise<TrivyRunResult> {
  return new Promise((resolve, reject) => {
    const stderr: string[] = [];
    let killedAfterSeconds: number | undefined;
    let forceKill: NodeJS.Timeout | undefined;

    const child = spawn(request.trivyPath, [...request.args], {
      cwd: request.cwd,
      env: trivyEnvironment(process.env, request.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });

    const emit = (stream: 'stdout' | 'stderr', line: string): void => {
      const clean = line.replace(/\r$/, '');
      // Only stderr is evidence for classification; stdout (e.g. usage text) is just logged.
      if (stream === 'stderr') stderr.push(clean);
      if (clean.trim() !== '') request.onLine(clean);
    };
    // One line buffer per stream, so a partial stdout line never splices into stderr.
    const pending = { stdout: '', stderr: '' };
    const reader = (stream: keyof typeof pending) => (chunk: string): void => {
      const lines = (pending[stream] + chunk).split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) emit(stream, line);
    };
    // With --output the report goes to a file; anything on stdout is log material too.
    // setEncoding decodes across chunk boundaries (a split multi-byte character stays whole).
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', reader('stdout'));
    child.stderr.on('data', reader('stderr'));

    const killTimer = setTimeout(() => {
      killedAfterSeconds = Math.round(request.killAfterMs / 1000);
      child.kill('SIGTERM');
      forceKill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, request.killAfterMs);

    const stop = (): void => {
      child.kill('SIGTERM');
      forceKill ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    if (request.signal?.aborted) stop();
    request.signal?.addEventListener('abort', stop, { once: true });

    child.on('error', (error) => {
      request.signal?.removeEventListener('abort', stop);
      clearTimeout(killTimer);
      if (forceKill) clearTimeout(forceKill);
      reject(
        new GateError('scan-error', `could not start Trivy at ${request.trivyPath}: ${error.message}`, {
          cause: error,
          remedy: "Check 'trivy-path', or leave it empty so the action installs Trivy.",
        }),
      );
    });
    child.on('close', (exitCode, signal) => {
      request.signal?.removeEventListener('abort', stop);
      clearTimeout(killTimer);
      if (forceKill) clearTimeout(forceKill);
      if (pending.stdout !== '') emit('stdout', pending.stdout);
      if (pending.stderr !== '') emit('stderr', pending.stderr);
      resolve({ exitCode, signal, killedAfterSeconds, stderr });
    });
  });
}
