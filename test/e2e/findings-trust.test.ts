// The bundle, started as the runner starts it: scanners that need no vulnerability DB run on
// an offline runner without one, and the summary and outputs say what ran and with what DB.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { cleanUpRuns, expectOutcome, fixtureContext, gateInputs, runTracked, uniqueRepository } from '../support/fault-run.js';

let env: TestEnv;

beforeAll(() => {
  env = loadTestEnv();
});

afterEach(() => cleanUpRuns());

describe('scanners that need no vulnerability DB', () => {
  it('scanners: secret on an offline runner with no DB: no download attempted, the secret is judged', async () => {
    const repository = uniqueRepository('i14-secret-only');
    const emptyCache = await mkdtemp(join(tmpdir(), 'csg-i14-no-db-'));
    const run = await runTracked({
      inputs: {
        ...gateInputs(env, fixtureContext(env, 'secret'), `${env.registry}/${repository}`),
        scanners: 'secret',
        'trivy-cache-dir': emptyCache,
        // Offline: the DB could only come from an unreachable repository; it must not be asked.
        'skip-db-update': 'false',
        'db-repository': '127.0.0.1:1/nothing/trivy-db:2',
      },
    });

    await expectOutcome(env, run, { verdict: 'fail', reason: 'vulnerable', repository });
    expect(run.stdout).toContain('Trivy DB: not needed, the vulnerability scanner is not among the scanners (secret)');
    expect(run.stdout).not.toContain('--download-db-only');
    expect(run.summary).toContain('github-pat');
    expect(run.summary).toContain('Scanners run: `secret`; not run: `vuln`, `misconfig`, `license`.');
    expect(run.outputs['db-updated-at']).toBe('');
  });

  it('with the vuln scanner the DB date is an output and in the summary; a stale DB warns under max-db-age', async () => {
    const repository = uniqueRepository('i14-db-age');
    // Files the gate reads and writes must lie in the workspace (the checkout holding the context).
    const context = fixtureContext(env, 'vulnerable');
    const ignoreDir = join(context, 'ci');
    await mkdir(ignoreDir);
    const auditLog = join(ignoreDir, 'audit.jsonl');
    const ignoreFile = join(ignoreDir, '.trivyignore');
    await writeFile(ignoreFile, 'CVE-2021-44906\n');
    const run = await runTracked({
      inputs: {
        ...gateInputs(env, context, `${env.registry}/${repository}`),
        'max-db-age': '7d',
        'ignore-file': ignoreFile,
        'audit-log': auditLog,
      },
    });

    // The fixture DB says UpdatedAt 2026-01-01: older than 7 days, a warning (not a failure).
    const metadata = JSON.parse(await readFile(join(env.trivyCacheDir, 'db', 'metadata.json'), 'utf8')) as { UpdatedAt: string };
    expect(run.outputs['db-updated-at']).toBe(new Date(metadata.UpdatedAt).toISOString());
    expect(run.summary).toContain(`Vulnerability DB: updated ${new Date(metadata.UpdatedAt).toISOString()}`);
    expect(run.stdout).toMatch(/::warning::the vulnerability DB was built .* older than max-db-age 7 days/);
    // The CRITICAL the ignore file took out is not gated, but named with its source.
    expect(run.stdout).toMatch(/::warning::ignore file .*\.trivyignore: 1 entry never expires \(CVE-2021-44906 \(line 1\)\)/);
    expect(run.summary).toContain('Suppressed outside the policy file');
    expect(run.summary).toContain('CVE-2021-44906');
    const record = JSON.parse((await readFile(auditLog, 'utf8')).trim()) as { suppressed: { id: string; type: string }[]; dbUpdatedAt: string };
    expect(record.suppressed).toContainEqual(expect.objectContaining({ id: 'CVE-2021-44906', type: 'ignore-file' }));
    expect(record.dbUpdatedAt).toBe(new Date(metadata.UpdatedAt).toISOString());
    expect(['pass', 'fail']).toContain(run.outputs.verdict);
  });
});
