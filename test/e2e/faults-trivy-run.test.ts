// Fault injection at the Trivy run. Real Trivy cannot be made to crash, overrun its timeout
// or write a broken report, so `trivy-path` points at test/replay/trivy-replay.mjs, which
// answers `--version` like Trivy 0.74.0 and replays one failure (CSG_REPLAY_MODE). The DB
// download failure uses the real Trivy against a closed port. Each is `error` with its
// classified reason; nothing is pushed; no secret is printed.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { expectOutcome, fixtureContext, gateInputs, cleanUpRuns, runTracked, uniqueRepository } from '../support/fault-run.js';
import { closedPort } from '../support/fault-servers.js';
import { REPO_ROOT } from '../support/run-action.js';

const REPLAY = join(REPO_ROOT, 'test', 'replay', 'trivy-replay.mjs');

let env: TestEnv;
let scratch: string;

beforeAll(async () => {
  env = loadTestEnv();
  // Git keeps the executable bit, but a copy of the tree (an archive, a CI cache) may not.
  await chmod(REPLAY, 0o755);
  scratch = await mkdtemp(join(tmpdir(), 'csg-trivy-faults-'));
});

afterEach(() => cleanUpRuns());

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface ReplayCall {
  mode: string;
  args: string[];
}

async function replayCalls(log: string): Promise<ReplayCall[]> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ReplayCall);
}

describe('Trivy run faults (replayed)', () => {
  it.each<{ mode: string; reason: string; timeout?: string; says: RegExp[] }>([
    {
      mode: 'crash',
      reason: 'scan-error',
      // The panic is the only evidence; it must reach the log.
      says: [/filesystem scan of .* exited with code 2: Trivy failed/, /::error title=tool output \(scan-error\)::.*panic: runtime error: invalid memory address or nil pointer dereference/],
    },
    { mode: 'signal', reason: 'scan-error', says: [/filesystem scan of .* was ended by SIGKILL: Trivy failed/] },
    {
      mode: 'deadline',
      reason: 'timeout',
      timeout: '1s',
      says: [/filesystem scan of .* exited with code 1: the scan did not finish in time/, /Raise the 'timeout' input/, /context deadline exceeded/],
    },
    { mode: 'invalid-json', reason: 'scan-error', says: [/Trivy report .*trivy-fs-1\.json: the report is not valid JSON/] },
    { mode: 'truncated-json', reason: 'scan-error', says: [/Trivy report .*trivy-fs-1\.json: the report is not valid JSON \(truncated\?\)/] },
  ])('Trivy $mode → error, $reason', async ({ mode, reason, timeout, says }) => {
    const repository = uniqueRepository(`trivy-${mode}`);
    const log = join(scratch, `${mode}.jsonl`);
    const run = await runTracked({
      inputs: {
        ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`),
        'trivy-path': REPLAY,
        ...(timeout !== undefined && { timeout }),
      },
      env: { CSG_REPLAY_MODE: mode, CSG_REPLAY_LOG: log },
    });

    await expectOutcome(env, run, { verdict: 'error', reason, repository });
    for (const pattern of says) expect(run.stdout).toMatch(pattern);
    expect(run.stdout).toContain('Trivy 0.74.0: using trivy-path');
    // The failure came from the context scan and the gate never decided. The image scan starts
    // as soon as the build ends, beside the context scan, so it may have started (and been stopped).
    const calls = await replayCalls(log);
    expect(calls.slice(0, 2).map((c) => c.args[0])).toEqual(['--version', 'fs']);
    expect(calls.slice(2).map((c) => c.args[0])).toEqual(calls.length > 2 ? ['image'] : []);
    if (timeout !== undefined) expect(calls[1]!.args.join(' ')).toContain(`--timeout ${timeout}`);
    expect(run.stdout).not.toMatch(/decision: /);
  });

  // GitHub shows at most 10 error annotations per step, in the order they are printed
  // (actions/toolkit docs/problem-matchers.md, "Limitations"). Printing each line of Trivy's
  // output as its own ::error:: before the verdict pushes the verdict out of the annotations.
  it('a crash with a long Go stack trace keeps the verdict among the 10 error annotations GitHub shows', async () => {
    const repository = uniqueRepository('trivy-crash-annotations');
    const run = await runTracked({
      inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`), 'trivy-path': REPLAY },
      env: { CSG_REPLAY_MODE: 'crash' },
    });

    await expectOutcome(env, run, { verdict: 'error', reason: 'scan-error', repository });
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(annotations.slice(0, 10).filter((line) => line.includes('verdict error (scan-error)')), annotations.join('\n')).toHaveLength(1);
    // The evidence is still in the log.
    expect(run.stdout).toContain('goroutine 19 [select]:');
  });

  it('Trivy that ignores its --timeout is stopped by the kill timer → error, timeout', async () => {
    const repository = uniqueRepository('trivy-hang');
    const started = Date.now();
    const run = await runTracked({
      inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`), 'trivy-path': REPLAY, timeout: '1s' },
      env: { CSG_REPLAY_MODE: 'hang' },
    });
    const seconds = (Date.now() - started) / 1000;

    await expectOutcome(env, run, { verdict: 'error', reason: 'timeout', repository });
    expect(run.stdout).toMatch(/filesystem scan of .* was stopped after \d+s: the scan did not finish in time/);
    // 1 s of --timeout plus the kill margin (30 s), not the 10-minute default.
    expect(seconds).toBeLessThan(60);
  });
});

describe('Trivy DB download fault (real Trivy)', () => {
  it('the DB repository refuses connections → error, db-download, without waiting for retries', async () => {
    const repository = uniqueRepository('db-download');
    const port = await closedPort();
    const emptyCache = await mkdtemp(join(scratch, 'empty-cache-'));
    const started = Date.now();
    const run = await runTracked({
      inputs: {
        ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`),
        'skip-db-update': 'false',
        'db-repository': `127.0.0.1:${port}/trivy-db:2`,
        'trivy-cache-dir': emptyCache,
      },
    });
    const seconds = (Date.now() - started) / 1000;

    await expectOutcome(env, run, { verdict: 'error', reason: 'db-download', repository });
    expect(run.stdout).toContain(`could not be downloaded from any repository: 127.0.0.1:${port}/trivy-db:2 (1 try)`);
    expect(run.stdout).toContain('connect: connection refused');
    expect(run.stdout).not.toMatch(/retrying in/);
    // Refused connections are not retried (10 s / 30 s pauses would be pointless).
    expect(seconds).toBeLessThan(15);
    expect(run.outputs['image-id']).toBe('');
  });
});
