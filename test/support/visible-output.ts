// What a person or a later workflow step can see of one bundled run, and the checks that
// no secret reached it. Shared by the end-to-end tests.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ActionRun } from './run-action.js';

/** Canaries for the GitHub token and a build secret; like the registry password, they must never be seen. */
export const GITHUB_TOKEN_CANARY = `ghs_csgTokenCanary${randomBytes(10).toString('hex')}`;
export const BUILD_SECRET_CANARY = `csg-build-secret-canary-${randomBytes(10).toString('hex')}`;

/** Where the action writes SARIF by default: `${RUNNER_TEMP}/container-security-gate.sarif`. */
export function defaultSarifPath(run: ActionRun): string {
  return join(run.workDir, 'runner-temp', 'container-security-gate.sarif');
}

/** The SARIF file the run wrote ('' when it wrote none). */
export async function sarifText(run: ActionRun): Promise<string> {
  const path = run.outputs.sarif || defaultSarifPath(run);
  return readFile(path, 'utf8').catch(() => '');
}

/**
 * Everything a person or a later step could see. `::add-mask::` lines are how the action asks
 * the runner to mask a value; the runner consumes them, so they are not part of the log.
 */
export function visibleText(run: ActionRun): string {
  const log = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => !line.startsWith('::add-mask::'));
  return [...log, run.summary, JSON.stringify(run.outputs)].join('\n');
}

/** No secret in stdout, stderr, the job summary, the step outputs or the SARIF file. */
export async function expectNoSecretsVisible(run: ActionRun, secrets: readonly string[]): Promise<void> {
  const everything = `${visibleText(run)}\n${await sarifText(run)}`;
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(everything, 'a secret reached the visible output').not.toContain(secret);
  }
}

/** The `::warning::` lines of the run (workflow commands on stdout), without the prefix. */
export function warnings(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning'))
    .map((line) => line.replace(/^::warning[^:]*::/, ''));
}
