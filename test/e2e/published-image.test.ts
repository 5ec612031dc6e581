// The two features that scan what is already published, straight from the registry:
// `baseline: registry` (compare with the published tag) and `mode: summary` (the weekly issue).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEEKLY_SUMMARY_MARKER, hasMarker } from '../../src/domain/render/markers.js';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { cleanUpRuns, expectOutcome, fixtureContext, gateInputs, runTracked, uniqueRepository } from '../support/fault-run.js';
import { startGitHubTestServer } from '../support/openapi-server.js';
import { GITHUB_TOKEN_CANARY } from '../support/visible-output.js';

let env: TestEnv;

beforeAll(() => {
  env = loadTestEnv();
});

afterEach(() => cleanUpRuns());

/** Publishes the clean fixture as `<image>:latest` through the action itself. */
async function publishClean(image: string): Promise<void> {
  const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), image), tags: 'latest' } });
  await expectOutcome(env, run, { verdict: 'pass', reason: 'passed' });
}

describe('the published image', () => {
  it('baseline: registry compares with the published tag: more vulnerabilities are a regression, and nothing is pushed', async () => {
    const repository = uniqueRepository('baseline');
    const image = `${env.registry}/${repository}`;
    await publishClean(image);

    const run = await runTracked({
      inputs: {
        ...gateInputs(env, fixtureContext(env, 'vulnerable'), image),
        tags: 'candidate',
        baseline: 'registry',
      },
    });
    expect(run.outputs['baseline-verdict'], run.stdout).toBe('regressed');
    expect(Number(run.outputs['new-vulnerabilities'])).toBeGreaterThan(0);
    expect(run.outputs['fixed-vulnerabilities']).toBe('0');
    expect(run.outputs.verdict).toBe('fail');
    // The CRITICAL finding blocks on its own too, and `vulnerable` outranks `regressed`.
    expect(run.outputs.reason).toBe('vulnerable');
    expect(run.summary).toMatch(/regressed/i);
    expect(run.exitCode).not.toBe(0);
    expect(await registryTags(env, repository)).toEqual(['latest']);
  });

  it('baseline: registry gives `improved` and pass when an update removes vulnerabilities (the auto-merge condition)', async () => {
    const repository = uniqueRepository('baseline-improved');
    const image = `${env.registry}/${repository}`;
    // Publish a vulnerable image on purpose (fail-on: none), as an old release would be.
    const old = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'vulnerable'), image), tags: 'latest', 'fail-on': 'none' } });
    await expectOutcome(env, old, { verdict: 'pass', reason: 'passed' });

    const update = await runTracked({
      inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), image), baseline: 'registry', push: 'false' },
      event: { name: 'pull_request', ref: 'refs/pull/7/merge', payload: { number: 7, pull_request: { number: 7, head: { sha: 'feedc0de0123456789abcdef0123456789abcdef' } }, repository: { default_branch: 'main' } } },
    });
    await expectOutcome(env, update, { verdict: 'pass', reason: 'passed' });
    expect(update.outputs['baseline-verdict']).toBe('improved');
    expect(Number(update.outputs['fixed-vulnerabilities'])).toBeGreaterThan(0);
    expect(update.outputs['new-vulnerabilities']).toBe('0');
    expect(await registryTags(env, repository)).toEqual(['latest']);
  });

  it('baseline: registry with an unpublished tag has nothing to compare with and still gates', async () => {
    const image = `${env.registry}/${uniqueRepository('baseline-none')}`;
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), image), baseline: 'registry' } });
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed' });
    expect(run.stdout).toContain('is not published yet');
    expect(run.outputs['baseline-verdict']).toBe('');
  });

  it('mode: summary scans the published image from the registry and keeps one weekly summary issue', async () => {
    const image = `${env.registry}/${uniqueRepository('summary')}`;
    await publishClean(image);
    const github = await startGitHubTestServer({ owner: 'acme', repo: 'app', token: GITHUB_TOKEN_CANARY });
    try {
      const summaryRun = () =>
        runTracked({
          inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), image), mode: 'summary', push: 'auto' },
          env: { GITHUB_API_URL: github.url },
          event: { name: 'schedule', payload: { schedule: '0 6 * * 1' }, ref: 'refs/heads/main' },
        });
      const first = await summaryRun();
      expect(first.outputs.verdict, first.stdout).toBe('pass');
      expect(first.exitCode).toBe(0);
      expect(first.stdout).toContain('Scan published image');
      expect(first.stdout).not.toContain('::group::Build');
      const second = await summaryRun();
      expect(second.outputs.verdict, second.stdout).toBe('pass');

      const summaries = github.openIssues().filter((issue) => hasMarker(issue.body, WEEKLY_SUMMARY_MARKER));
      expect(summaries).toHaveLength(1);
      expect(summaries[0]!.body).toContain(image);
      expect(summaries[0]!.body).toContain('```mermaid');
      expect(github.takeViolations()).toEqual([]);
    } finally {
      await github.close();
    }
  });

  it('mode: summary of an image that was never published is an error, not a pass', async () => {
    const image = `${env.registry}/${uniqueRepository('summary-missing')}`;
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), image), mode: 'summary' } });
    await expectOutcome(env, run, { verdict: 'error', reason: 'image-not-found' });
  });
});
