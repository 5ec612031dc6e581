// A local run under act (README "Local runs"): ACT=true, no cache service (no ACTIONS_CACHE_URL,
// ACTIONS_RESULTS_URL or ACTIONS_RUNTIME_TOKEN) and no GitHub token. The gate must still decide,
// and say what it skipped instead of failing.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { expectOutcome, fixtureContext, gateInputs, cleanUpRuns, runTracked, uniqueRepository } from '../support/fault-run.js';
import { closedPort } from '../support/fault-servers.js';
import { BUILD_SECRET_CANARY } from '../support/visible-output.js';

let env: TestEnv;
let cacheDir: string | undefined;

beforeAll(() => {
  env = loadTestEnv();
});

afterEach(() => {
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  cacheDir = undefined;
  cleanUpRuns();
});

describe('local runs (act)', () => {
  it('without cache service or token: passes offline with a fresh DB in trivy-cache-dir, and says what it skipped', async () => {
    // skip-db-update stays false, as in a workflow run under act. The cache dir holds a DB whose
    // NextUpdate is in the future (a previous run's download), so Trivy keeps it; the DB
    // repository is a closed port, so any download attempt would fail the run with db-download.
    cacheDir = mkdtempSync(join(tmpdir(), 'csg-act-cache-'));
    cpSync(join(env.trivyCacheDir, 'db'), join(cacheDir, 'db'), { recursive: true, dereference: true });
    const metadataBefore = readFileSync(join(cacheDir, 'db', 'metadata.json'), 'utf8');
    const dbRepository = `127.0.0.1:${await closedPort()}/trivy-db:2`;
    const repository = uniqueRepository('act');

    const run = await runTracked({
      inputs: {
        ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`),
        'github-token': '',
        'create-issue': 'true',
        'pr-comment': 'true',
        'skip-db-update': 'false',
        'trivy-cache-dir': cacheDir,
        'db-repository': dbRepository,
        tags: 'act',
      },
      env: { ACT: 'true' },
    });

    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', secrets: [env.registryPassword, BUILD_SECRET_CANARY] });
    expect(await registryTags(env, repository)).toEqual(['act']);
    // What was skipped, said once each, without a warning or an error.
    expect(run.stdout).toContain('::notice::Trivy DB cache: no cache service on this runner (act, GHES without cache); the DB will be downloaded');
    expect(run.stdout).toContain('::notice::Trivy DB cache: no cache service on this runner (act, GHES without cache); the DB is not saved');
    expect(run.stdout).toContain('::notice::Skipped the security issue (no github-token). The verdict is not affected.');
    expect(run.stdout).not.toMatch(/^::(warning|error)/m);
    // Trivy was asked for the DB (the closed port would have failed any download) and kept the
    // one it had: the metadata of the download is unchanged.
    expect(run.stdout).toContain(`Trivy DB: the DB in ${cacheDir} is current; nothing downloaded`);
    expect(readFileSync(join(cacheDir, 'db', 'metadata.json'), 'utf8')).toBe(metadataBefore);
    expect(run.summary).toMatch(/pass/);
  });
});
