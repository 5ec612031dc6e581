// Shared set-up of the fault-injection runs: unique repositories, build contexts, the inputs
// every run carries (with secret canaries), and the assertions every fault case makes.
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { copyFixtureContext, registryTags, type FixtureImage, type TestEnv } from '../env/test-env.js';
import { runAction, type ActionRun, type ActionRunOptions } from './run-action.js';
import { BUILD_SECRET_CANARY, GITHUB_TOKEN_CANARY, expectNoSecretsVisible, sarifText } from './visible-output.js';

export const BUILD_SECRET_ID = 'csg_canary';

/** `e2e/<label>-<random>`: every test pushes (or must not push) to its own repository. */
export function uniqueRepository(label: string): string {
  return `e2e/${label}-${randomBytes(4).toString('hex')}`;
}

const cleanups: (() => void)[] = [];

/** A temp copy of a fixture image with busybox; removed by `cleanUpRuns`. */
export function fixtureContext(env: TestEnv, name: FixtureImage, dockerfile?: string): string {
  const { dir, cleanup } = copyFixtureContext(env, name);
  cleanups.push(cleanup);
  if (dockerfile !== undefined) writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

/** `runAction`, with the run's work directory (outputs, SARIF, tool cache) removed by `cleanUpRuns`. */
export async function runTracked(options: ActionRunOptions): Promise<ActionRun> {
  const run = await runAction(options);
  cleanups.push(() => rmSync(run.workDir, { recursive: true, force: true }));
  return run;
}

/** Removes the contexts and run directories of the test; call it in afterEach. */
export function cleanUpRuns(): void {
  for (const cleanup of cleanups.splice(0)) cleanup();
}

/**
 * Inputs of a gate run against the test environment: real Trivy offline with the fixture
 * DB, the authenticated registry, and canaries for the GitHub token and a build secret.
 * No issue or PR comment (the GitHub API is unreachable unless a test sets GITHUB_API_URL).
 */
export function gateInputs(env: TestEnv, context: string, image: string): Record<string, string> {
  return {
    image,
    context,
    push: 'true',
    network: 'none',
    'registry-username': env.registryUser,
    'registry-password': env.registryPassword,
    'trivy-path': env.trivyPath,
    'trivy-cache-dir': env.trivyCacheDir,
    'skip-db-update': 'true',
    // The fixture DB's UpdatedAt is a fixed date: its age says nothing, so no age warning.
    'max-db-age': 'off',
    'github-token': GITHUB_TOKEN_CANARY,
    'create-issue': 'false',
    'pr-comment': 'false',
    'build-secrets': `${BUILD_SECRET_ID}=${BUILD_SECRET_CANARY}`,
  };
}

/** The secrets every run is given; none may be visible. */
export function runSecrets(env: TestEnv): string[] {
  return [env.registryPassword, GITHUB_TOKEN_CANARY, BUILD_SECRET_CANARY];
}

/**
 * What every fault case asserts: the verdict and reason, a non-zero exit for fail/error, no
 * tag in the real registry for `repository` unless the gate passed, and no secret visible.
 */
export async function expectOutcome(
  env: TestEnv,
  run: ActionRun,
  expected: { verdict: 'pass' | 'fail' | 'error'; reason: string; repository?: string; secrets?: readonly string[] },
): Promise<void> {
  const why = `${run.stdout}\n${run.stderr}`;
  expect(run.outputs.verdict, why).toBe(expected.verdict);
  expect(run.outputs.reason, why).toBe(expected.reason);
  if (expected.verdict === 'pass') expect(run.exitCode, why).toBe(0);
  else expect(run.exitCode, why).not.toBe(0);
  if (expected.repository !== undefined && expected.verdict !== 'pass') {
    expect(await registryTags(env, expected.repository)).toEqual([]);
    expect(run.outputs.digest ?? '').toBe('');
  }
  // The SARIF file is part of what is checked for secrets, so it must be there.
  expect(await sarifText(run), 'no SARIF file was written').toMatch(/"version": "2\.1\.0"/);
  await expectNoSecretsVisible(run, expected.secrets ?? runSecrets(env));
}
