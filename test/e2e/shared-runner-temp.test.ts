// Two gate runs at once on one RUNNER_TEMP (a self-hosted runner with several jobs): each run
// works in its own unguessable 0700 directory, so neither can read the other's reports, and
// each verdict is about its own context and image.
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { cleanUpRuns, fixtureContext, gateInputs, runTracked, uniqueRepository } from '../support/fault-run.js';

let env: TestEnv;
let sharedTemp: string;

beforeAll(async () => {
  env = loadTestEnv();
  sharedTemp = await mkdtemp(join(tmpdir(), 'csg-i13b-shared-temp-'));
});

afterAll(async () => {
  cleanUpRuns();
  await rm(sharedTemp, { recursive: true, force: true });
});

describe('two runs sharing RUNNER_TEMP', () => {
  it('each decides on its own reports: the clean one passes and pushes, the vulnerable one fails', async () => {
    const clean = { repository: uniqueRepository('i13b-shared-clean'), context: fixtureContext(env, 'clean') };
    const vulnerable = { repository: uniqueRepository('i13b-shared-vulnerable'), context: fixtureContext(env, 'vulnerable') };
    const start = (run: typeof clean, sarif: string) =>
      runTracked({
        inputs: { ...gateInputs(env, run.context, `${env.registry}/${run.repository}`), 'sarif-file': join(sharedTemp, sarif) },
        runnerTemp: sharedTemp,
      });
    const [passed, failed] = await Promise.all([start(clean, 'clean.sarif'), start(vulnerable, 'vulnerable.sarif')]);

    expect(passed.outputs.verdict, passed.stdout).toBe('pass');
    expect(await registryTags(env, clean.repository)).toContain('latest');
    expect(failed.outputs.verdict, failed.stdout).toBe('fail');
    expect(failed.outputs.reason).toBe('vulnerable');
    expect(await registryTags(env, vulnerable.repository)).toEqual([]);
    // The vulnerable context's finding is in its own run only.
    expect(failed.summary).toContain('CVE-2021-44906');
    expect(passed.summary).not.toContain('CVE-2021-44906');

    // One private, unguessable work directory per run, readable by this user only.
    const runDirs = readdirSync(sharedTemp).filter((name) => name.startsWith('container-security-gate-run-'));
    expect(runDirs).toHaveLength(2);
    for (const dir of runDirs) {
      expect(dir).toMatch(/^container-security-gate-run-[A-Za-z0-9]{6}$/);
      expect(statSync(join(sharedTemp, dir)).mode & 0o077).toBe(0);
    }
  });
});
