// The whole gate (the committed bundle, real Trivy, real engine and registry) pushing while a
// neighbour on the same engine keeps pointing the target `name:tag` at an unscanned image.
// The run must pass, and the registry must serve the scanned image's config under the
// target tag at every moment (a watcher polls it throughout) and afterwards.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDockerImageBuilder } from '../../src/adapters/docker/image-builder.js';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { busyboxContext, engineFor, recordingLog, removeImage } from '../integration/docker-helpers.js';
import { cleanUpRuns, expectOutcome, fixtureContext, gateInputs, runTracked, uniqueRepository } from '../support/fault-run.js';
import { startRetagRacer } from '../support/retag-racer.js';

let env: TestEnv;
let engine: DockerEngine;
let unscanned: string;
const targets: string[] = [];

const authorization = (): string => `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`;

async function servedConfig(repository: string, tag: string): Promise<string | undefined> {
  const response = await fetch(`http://${env.registry}/v2/${repository}/manifests/${tag}`, {
    headers: { authorization: authorization(), accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
  });
  // 500: distribution's filesystem driver read the tag's link while it was being written (serves nothing).
  if (response.status === 404 || response.status === 500) {
    await response.body?.cancel();
    return undefined;
  }
  expect(response.status).toBe(200);
  return ((await response.json()) as { config?: { digest?: string } }).config?.digest ?? '(no config)';
}

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
  const ctx = busyboxContext(env, { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY unscanned.txt /\n', 'unscanned.txt': randomBytes(8).toString('hex') });
  try {
    unscanned = (
      await createDockerImageBuilder(engine).buildImage(
        { context: ctx.dir, dockerfile: 'Dockerfile', buildArgs: {}, buildSecrets: [], target: undefined, labels: {}, noCache: false, network: 'none' },
        recordingLog(),
      )
    ).imageId;
  } finally {
    ctx.cleanup();
  }
});

afterEach(() => cleanUpRuns());

afterAll(async () => {
  for (const target of targets) await engine.docker.getImage(target).remove({ noprune: true }).catch(() => undefined);
  if (unscanned) await removeImage(engine.docker, unscanned);
});

describe('push while the target tag is retagged on the shared engine', () => {
  it('passes, and the target tag only ever serves the scanned image', { timeout: 180_000 }, async () => {
    const repository = uniqueRepository('push-race');
    const target = `${env.registry}/${repository}:e2e`;
    targets.push(target);
    const racer = startRetagRacer(env.dockerHost, target, [unscanned]);
    const seen = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const config = await servedConfig(repository, 'e2e');
        if (config !== undefined) seen.add(config);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    let run;
    try {
      run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`), tags: 'e2e' } });
    } finally {
      watching = false;
      await watcher;
      await racer.stop();
    }
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed' });
    const scanned = run.outputs['image-id']!;
    expect(scanned).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(racer.retags()).toBeGreaterThan(0);
    expect(((await engine.docker.getImage(target).inspect()) as { Id: string }).Id).toBe(unscanned);
    expect([...seen]).toEqual([scanned]);
    expect(await servedConfig(repository, 'e2e')).toBe(scanned);
    // The log gives the registry (compressed) size next to the uncompressed one.
    expect(run.stdout).toMatch(/published 127\.0\.0\.1:\d+\/e2e\/push-race-[0-9a-f]+@sha256:[0-9a-f]{64}: [\d.]+ (KiB|MiB) in the registry \(compressed\), [\d.]+ (KiB|MiB) uncompressed/);
  });
});
