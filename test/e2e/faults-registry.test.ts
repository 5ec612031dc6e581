// Fault injection at the registry. The image is built and passes the gate; the push (blobs,
// the manifest by digest, then one manifest PUT per tag) goes through a proxy on its own
// loopback port in front of the real registry, which answers 500 or drops the connection. A
// push that did not arrive is `error` / `push-error`, with nothing left under a tag in the
// real registry; a single 500 or dropped upload is retried and the run passes.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { expectOutcome, fixtureContext, gateInputs, cleanUpRuns, runTracked, runSecrets, uniqueRepository } from '../support/fault-run.js';
import { faultAlways, faultFirst, isBlobUpload, isManifestPut, startRegistryProxy, type ProxiedRequest, type ProxyAction, type RegistryProxy } from '../support/fault-servers.js';
import type { ActionRun } from '../support/run-action.js';
import { visibleText } from '../support/visible-output.js';

let env: TestEnv;
let proxy: RegistryProxy | undefined;

beforeAll(() => {
  env = loadTestEnv();
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  cleanUpRuns();
});

/** Builds the clean fixture and pushes it as <proxy>/<repository>:e2e through a proxy that applies `decide`. */
async function pushThroughProxy(label: string, decide: (request: ProxiedRequest) => ProxyAction): Promise<{ run: ActionRun; repository: string }> {
  proxy = await startRegistryProxy(env.registry, decide);
  const repository = uniqueRepository(label);
  const run = await runTracked({
    inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${proxy.address}/${repository}`), tags: 'e2e' },
  });
  return { run, repository };
}

function manifestPuts(): string[] {
  return proxy!.log.filter(isManifestPut).map((r) => r.action);
}

describe('registry faults', () => {
  it('the registry rejects the password (401) → error, registry-auth', async () => {
    const repository = uniqueRepository('registry-401');
    const wrong = `csg-wrong-password-${randomBytes(12).toString('hex')}`;
    const run = await runTracked({
      inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`), 'registry-password': wrong, tags: 'e2e' },
    });

    await expectOutcome(env, run, { verdict: 'error', reason: 'registry-auth', repository, secrets: [...runSecrets(env), wrong] });
    expect(run.stdout).toMatch(new RegExp(`registry ${env.registry.replace(/\./g, '\\.')} refused push access to e2e/registry-401-[0-9a-f]+ for user '${env.registryUser}'`));
    // The gate had decided before the push: the refusal turns that pass into an error.
    expect(run.stdout).toMatch(/decision: pass/);
  });

  it('every manifest PUT answers 500 → error, push-error, after retries; no tag in the registry', async () => {
    const { run, repository } = await pushThroughProxy('registry-500', faultAlways(isManifestPut, { status: 500 }));

    await expectOutcome(env, run, { verdict: 'error', reason: 'push-error', repository });
    expect(run.stdout).toMatch(/pushing manifest 127\.0\.0\.1:\d+\/e2e\/registry-500-[0-9a-f]+@sha256:[0-9a-f]{64} failed: .*HTTP 500/);
    expect(run.stdout).toMatch(/The registry kept failing; re-run the job later/);
    // One try and three retries (1 s, 2 s, 4 s) of the manifest by digest; no tag was ever PUT.
    expect(manifestPuts()).toEqual(['HTTP 500', 'HTTP 500', 'HTTP 500', 'HTTP 500']);
    expect(proxy!.log.filter(isManifestPut).every((r) => /\/manifests\/sha256:[0-9a-f]{64}$/.test(r.path))).toBe(true);
    expect(run.stdout.match(/::warning::pushing manifest .* failed \(attempt \d\)/g)).toHaveLength(3);
  });

  it('the connection is dropped at every manifest PUT → error, push-error; no tag in the registry', async () => {
    const { run, repository } = await pushThroughProxy('registry-reset', faultAlways(isManifestPut, 'reset'));

    await expectOutcome(env, run, { verdict: 'error', reason: 'push-error', repository });
    expect(run.stdout).toMatch(/pushing manifest 127\.0\.0\.1:\d+\/e2e\/registry-reset-[0-9a-f]+@sha256:[0-9a-f]{64} failed: cannot reach/);
    expect(manifestPuts()).toEqual(['reset', 'reset', 'reset', 'reset']);
  });

  it('a connection dropped during a blob upload is retried and the push completes → pass', async () => {
    const { run, repository } = await pushThroughProxy('registry-blob-reset-once', faultFirst(isBlobUpload, 'reset'));

    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', repository });
    expect(proxy!.log.filter((r) => r.action === 'reset')).toHaveLength(1);
    expect(run.stdout).toMatch(/::warning::uploading blob sha256:[0-9a-f]{64} to .* failed \(attempt 1\): .*; retrying in 1s/);
    expect(await registryTags(env, repository)).toEqual(['e2e']);
  });

  it('the connection is dropped at every blob upload → error, push-error, within the retries; no tag in the registry', async () => {
    const started = Date.now();
    const { run, repository } = await pushThroughProxy('registry-blob-reset', faultAlways(isBlobUpload, 'reset'));
    const seconds = (Date.now() - started) / 1000;

    await expectOutcome(env, run, { verdict: 'error', reason: 'push-error', repository });
    expect(run.stdout).toMatch(/uploading blob sha256:[0-9a-f]{64} to .* failed: cannot reach/);
    expect(manifestPuts()).toEqual([]);
    // Our own retries (1 + 2 + 4 s), not the engine's 50 s per layer.
    expect(seconds).toBeLessThan(60);
  });

  it('the first manifest PUT answers 500, the retry succeeds → pass, pushed, digest verified', async () => {
    const { run, repository } = await pushThroughProxy('registry-500-once', faultFirst(isManifestPut, { status: 500 }));

    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', repository });
    // The manifest by digest (refused, retried), then the tag.
    expect(manifestPuts()).toEqual(['HTTP 500', 'forward', 'forward']);
    expect(run.stdout).toMatch(/::warning::pushing manifest .*@sha256:[0-9a-f]{64} failed \(attempt 1\): .*HTTP 500.*; retrying in 1s/);
    expect(await registryTags(env, repository)).toEqual(['e2e']);
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs.tags).toBe(`${proxy!.address}/${repository}:e2e`);
    expect(visibleText(run)).toContain(`verified ${proxy!.address}/${repository}:e2e@${run.outputs.digest}`);
  });
});
