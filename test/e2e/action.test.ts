// The committed bundle, started as the runner starts it, against the real test environment:
// Docker engine, authenticated registry, real Trivy with the fixture DB.
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, cp, mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { REPO_ROOT, runAction, type ActionRun } from '../support/run-action.js';
import { visibleText } from '../support/visible-output.js';

let env: TestEnv;

beforeAll(() => {
  env = loadTestEnv();
});

/** A temp copy of a fixture image context with the host's busybox-static in it. */
async function fixtureContext(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `csg-e2e-${name}-`));
  const context = join(dir, name);
  await cp(join(REPO_ROOT, 'fixtures', name === 'example-app' ? 'example-app' : `images/${name}`), context, { recursive: true });
  await copyFile(env.busybox, join(context, 'busybox'));
  return context;
}

function uniqueRepository(label: string): string {
  return `e2e/${label}-${randomBytes(4).toString('hex')}`;
}

function baseInputs(context: string, image: string): Record<string, string> {
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
    'github-token': '',
  };
}

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

function expectNoSecretIn(run: ActionRun): void {
  const everything = visibleText(run);
  expect(everything).not.toContain(env.registryPassword);
}

describe('the bundled action, end to end', () => {
  it('passes a clean image and pushes it under the lowercased name, with the digest the registry serves', async () => {
    const context = await fixtureContext('example-app');
    const repository = uniqueRepository('clean');
    const mixedCase = `${env.registry}/${repository.replace('e2e/', 'E2E/').replace('clean', 'Clean')}`;
    const run = await runAction({ inputs: { ...baseInputs(context, mixedCase), tags: 'v1-test' } });

    expect(run.outputs.verdict, run.stdout).toBe('pass');
    expect(run.outputs.reason).toBe('passed');
    expect(run.exitCode).toBe(0);
    expect(run.outputs.image).toBe(`${env.registry}/${repository}`);
    expect(run.outputs.tags).toBe(`${env.registry}/${repository}:v1-test`);
    const served = await manifestDigest(repository, 'v1-test');
    expect(served).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs.digest).toBe(served);
    expect(JSON.parse(run.outputs.counts!)).toMatchObject({ CRITICAL: 0, HIGH: 0 });
    expect(run.summary).toContain('pass');
    expectNoSecretIn(run);
  });

  it('fails an image carrying a CRITICAL package, exits non-zero, and pushes nothing', async () => {
    const context = await fixtureContext('vulnerable');
    const repository = uniqueRepository('vulnerable');
    const run = await runAction({ inputs: baseInputs(context, `${env.registry}/${repository}`) });

    expect(run.outputs.verdict, run.stdout).toBe('fail');
    expect(run.outputs.reason).toBe('vulnerable');
    expect(run.exitCode).not.toBe(0);
    expect(JSON.parse(run.outputs.counts!).CRITICAL).toBeGreaterThan(0);
    expect(run.outputs.digest).toBe('');
    expect(await registryTags(env, repository)).toEqual([]);
    expectNoSecretIn(run);
  });

  it('fails an image carrying a secret, and pushes nothing', async () => {
    const context = await fixtureContext('secret');
    const repository = uniqueRepository('secret');
    const run = await runAction({ inputs: baseInputs(context, `${env.registry}/${repository}`) });

    expect(run.outputs.verdict, run.stdout).toBe('fail');
    expect(run.outputs.reason).toBe('vulnerable');
    expect(run.exitCode).not.toBe(0);
    expect(await registryTags(env, repository)).toEqual([]);
    expectNoSecretIn(run);
  });

  it('is an error, not a pass, when Trivy cannot scan (no vulnerability DB), and pushes nothing', async () => {
    const context = await fixtureContext('clean');
    const repository = uniqueRepository('nodb');
    const emptyCache = await mkdtemp(join(tmpdir(), 'csg-empty-cache-'));
    await mkdir(join(emptyCache, 'db'), { recursive: true });
    const run = await runAction({ inputs: { ...baseInputs(context, `${env.registry}/${repository}`), 'trivy-cache-dir': emptyCache } });

    expect(run.outputs.verdict, run.stdout).toBe('error');
    expect(run.outputs.reason).toBe('scan-error');
    expect(run.exitCode).not.toBe(0);
    expect(await registryTags(env, repository)).toEqual([]);
    expectNoSecretIn(run);
  });

  it('never prints the registry password, even when the registry rejects it', async () => {
    const context = await fixtureContext('clean');
    const repository = uniqueRepository('badauth');
    const wrong = `csg-wrong-${randomBytes(12).toString('hex')}`;
    const run = await runAction({ inputs: { ...baseInputs(context, `${env.registry}/${repository}`), 'registry-password': wrong } });

    expect(run.outputs.verdict, run.stdout).toBe('error');
    expect(run.outputs.reason).toBe('registry-auth');
    expect(run.exitCode).not.toBe(0);
    const everything = visibleText(run);
    expect(everything).not.toContain(wrong);
    expect(`${run.stdout}`).toContain(`::add-mask::${wrong}`);
    expect(everything).toContain(env.registry);
  });

  it('rejects a bad input with input-error naming the input, before building anything', async () => {
    const run = await runAction({ inputs: { image: 'ghcr.io/acme/app', 'fail-on': 'SEVERE', 'github-token': '' } });
    expect(run.outputs.verdict).toBe('error');
    expect(run.outputs.reason).toBe('input-error');
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toContain("input 'fail-on'");
  });
});
