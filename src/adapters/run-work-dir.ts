import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A directory only this run knows and can write: reports and the verified Trivy live here.
 *
 * RUNNER_TEMP may be shared with other jobs (self-hosted runners), so a fixed path there could
 * be read, pre-created or swapped by another run. mkdtemp gives an unguessable name, creates it
 * exclusively and with mode 0700. It is made directly in RUNNER_TEMP: a shared parent directory
 * below it could be replaced by anyone who can write RUNNER_TEMP.
 */
export function createRunWorkDir(runnerTemp: string): string {
  mkdirSync(runnerTemp, { recursive: true });
  return mkdtempSync(join(runnerTemp, 'container-security-gate-run-'));
}
