// The committed bundle, started as the runner starts it, against the real test environment:
// Docker engine, authenticated registry, real Trivy with the fixture DB. These are the
// foundation's promises; test/e2e/faults-*.test.ts covers every way a boundary can fail.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { cleanUpRuns, expectOutcome, fixtureContext, gateInputs, runTracked, uniqueRepository } from '../support/fault-run.js';
import { visibleText } from '../support/visible-output.js';

let env: TestEnv;

beforeAll(() => {
  env = loadTestEnv();
});

afterEach(() => cleanUpRuns());

async function manifestDigest(repository: string, tag: string): Promise<string | undefined> {
  const response = await fetch(`http://${env.registry}/v2/${repository}/manifests/${tag}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`,
      accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  if (response.status === 404) return undefined;
  expect(response.status).toBe(200);
  return `sha256:${createHash('sha256').update(Buffer.from(await response.arrayBuffer())).digest('hex')}`;
}

describe('the bundled action, end to end', () => {
  it('passes a clean image and pushes it under the lowercased name, with the digest the registry serves', async () => {
    const repository = uniqueRepository('clean');
    const mixedCase = `${env.registry}/${repository.replace('e2e/', 'E2E/').replace('clean', 'Clean')}`;
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'example-app'), mixedCase), tags: 'v1-test' } });

    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed' });
    expect(run.outputs.image).toBe(`${env.registry}/${repository}`);
    expect(run.outputs.tags).toBe(`${env.registry}/${repository}:v1-test`);
    const served = await manifestDigest(repository, 'v1-test');
    expect(served).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs.digest).toBe(served);
    expect(JSON.parse(run.outputs.counts!)).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 });
    expect(run.summary).toContain('Container security gate: pass');
  });

  it('fails an image carrying a CRITICAL package, exits non-zero, and pushes nothing', async () => {
    const repository = uniqueRepository('vulnerable');
    const run = await runTracked({ inputs: gateInputs(env, fixtureContext(env, 'vulnerable'), `${env.registry}/${repository}`) });

    await expectOutcome(env, run, { verdict: 'fail', reason: 'vulnerable', repository });
    expect(JSON.parse(run.outputs.counts!).CRITICAL).toBeGreaterThan(0);
    expect(run.summary).toContain('CVE-2021-44906');
    // The HTML report is written beside the SARIF and named by its output (test/browser opens such pages).
    expect(run.outputs['html-report']).toBe(join(dirname(run.outputs.sarif!), 'report.html'));
    const html = await readFile(run.outputs['html-report']!, 'utf8');
    expect(html).toContain('verdict=fail · reason=vulnerable');
    expect(html).toContain('CVE-2021-44906');
    expect(html).toMatch(/<dt>Vulnerability DB<\/dt><dd>\d{4}-\d{2}-\d{2}T/);
    expect(html.toLowerCase()).not.toContain(env.registryPassword.toLowerCase());
  });

  it('fails an image carrying a secret, and pushes nothing', async () => {
    const repository = uniqueRepository('secret');
    const run = await runTracked({ inputs: gateInputs(env, fixtureContext(env, 'secret'), `${env.registry}/${repository}`) });

    await expectOutcome(env, run, { verdict: 'fail', reason: 'vulnerable', repository });
    expect(run.summary).toContain('github-pat');
  });

  it('is an error, not a pass, when Trivy cannot scan (no vulnerability DB), and pushes nothing', async () => {
    const repository = uniqueRepository('nodb');
    const emptyCache = await mkdtemp(join(tmpdir(), 'csg-empty-cache-'));
    await mkdir(join(emptyCache, 'db'), { recursive: true });
    const run = await runTracked({
      inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`), 'trivy-cache-dir': emptyCache },
    });

    await expectOutcome(env, run, { verdict: 'error', reason: 'scan-error', repository });
  });

  it('never prints the registry password, even when the registry rejects it', async () => {
    const repository = uniqueRepository('badauth');
    const wrong = `csg-wrong-${randomBytes(12).toString('hex')}`;
    const run = await runTracked({
      inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`), 'registry-password': wrong },
    });

    await expectOutcome(env, run, { verdict: 'error', reason: 'registry-auth', repository, secrets: [wrong] });
    expect(visibleText(run)).toContain(env.registry);
    expect(run.stdout).toContain(`::add-mask::${wrong}`);
  });

  it('rejects a bad input with input-error naming the input, before building anything', async () => {
    const run = await runTracked({ inputs: { image: 'ghcr.io/acme/app', 'fail-on': 'SEVERE', 'github-token': '' } });
    expect(run.outputs.verdict).toBe('error');
    expect(run.outputs.reason).toBe('input-error');
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toContain("input 'fail-on'");
    expect(run.stdout).not.toContain('::group::Build');
  });
});
