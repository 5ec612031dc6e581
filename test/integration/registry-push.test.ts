import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder } from '../../src/adapters/docker/image-builder.js';
import { createDockerImagePusher, type RegistryAuth } from '../../src/adapters/docker/image-pusher.js';
import { GateError } from '../../src/domain/gate-error.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { busyboxContext, engineFor, recordingLog, removeImage } from './docker-helpers.js';
import { startFront, type RegistryFront } from './registry-helpers.js';

const RUN_ID = randomBytes(6).toString('hex');
const REPOSITORY = `csg-test/push-${RUN_ID}`;

let env: TestEnv;
let engine: DockerEngine;
let imageId: string;
let otherImageId: string;
const fronts: RegistryFront[] = [];
const pushedDigests = new Set<string>();

/** Sleeps that return at once and are recorded, so retries are fast and visible. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

function auth(registry = env.registry, password = env.registryPassword): RegistryAuth {
  return { username: env.registryUser, password, serveraddress: registry };
}

async function registryManifest(registry: string, reference: string): Promise<{ bytes: Buffer; headerDigest: string | null; json: { config?: { digest?: string } } }> {
  const response = await fetch(`http://${registry}/v2/${REPOSITORY}/manifests/${reference}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`,
      accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { bytes, headerDigest: response.headers.get('docker-content-digest'), json: JSON.parse(bytes.toString()) as { config?: { digest?: string } } };
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
  const ctx = busyboxContext(env, { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\n' });
  try {
    const images = createDockerImageBuilder(engine);
    const base = { context: ctx.dir, dockerfile: 'Dockerfile', buildArgs: {}, buildSecrets: [], target: undefined, noCache: false, network: 'none' as const };
    imageId = (await images.buildImage({ ...base, labels: { 'test.run': RUN_ID } }, recordingLog())).imageId;
    otherImageId = (await images.buildImage({ ...base, labels: { 'test.run': `${RUN_ID}-other` } }, recordingLog())).imageId;
  } finally {
    ctx.cleanup();
  }
});

afterAll(async () => {
  for (const front of fronts) await front.close();
  const authorization = `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`;
  for (const digest of pushedDigests) {
    await fetch(`http://${env.registry}/v2/${REPOSITORY}/manifests/${digest}`, { method: 'DELETE', headers: { authorization } }).catch(() => undefined);
  }
  for (const id of [imageId, otherImageId]) if (id) await removeImage(engine.docker, id);
});

describe('push to an authenticated registry', () => {
  it('pushes every tag of the scanned image and returns the verified manifest digest', async () => {
    const log = recordingLog();
    const targets = [`${env.registry}/${REPOSITORY}:v1`, `${env.registry}/${REPOSITORY}:latest`];
    const result = await createDockerImagePusher(engine).pushImage({ imageId, targets, auth: auth() }, log);
    result.pushed.forEach((p) => pushedDigests.add(p.digest));

    expect(result.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.pushed.map((p) => p.reference)).toEqual(targets);
    expect(result.pushed.every((p) => p.digest === result.digest)).toBe(true);

    // Checked independently of the adapter: bytes, header and config all agree.
    for (const tag of ['v1', 'latest']) {
      const manifest = await registryManifest(env.registry, tag);
      expect(sha256(manifest.bytes)).toBe(result.digest);
      expect(manifest.headerDigest).toBe(result.digest);
      expect(manifest.json.config?.digest).toBe(imageId);
    }
    const inspect = (await engine.docker.getImage(imageId).inspect()) as { RepoDigests?: string[] };
    expect(inspect.RepoDigests).toContain(`${env.registry}/${REPOSITORY}@${result.digest}`);
    expect(log.all()).toContain(`verified ${targets[0]}@${result.digest}`);
    expect(log.all()).not.toContain(env.registryPassword);
  });

  it('explains a wrong password as registry-auth without revealing it', async () => {
    const wrong = `wrong-password-${randomBytes(8).toString('hex')}`;
    const log = recordingLog();
    const { sleep, delays } = recordingSleep();
    const failure = await createDockerImagePusher(engine, { sleep })
      .pushImage({ imageId, targets: [`${env.registry}/${REPOSITORY}:denied`], auth: auth(env.registry, wrong) }, log)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GateError);
    const error = failure as GateError;
    expect(error.reason).toBe('registry-auth');
    expect(error.message).toContain(`registry ${env.registry} refused push access to ${REPOSITORY} for user '${env.registryUser}'`);
    expect(error.message).toMatch(/unauthorized|authentication required/);
    expect(error.remedy).toMatch(/push \(write\) access/);
    const everything = [error.message, error.remedy, ...error.details, log.all(), JSON.stringify(error)].join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(Buffer.from(wrong).toString('base64'));
    // One retry (the engine reports a failed registry ping as "unauthorized"), then the verdict.
    expect(delays).toHaveLength(1);
  });

  it('retries when the registry fails the first request with 500', async () => {
    const front = await startFront(env.registry, { fail: (_request, n) => n === 1 });
    fronts.push(front);
    const { sleep, delays } = recordingSleep();
    const log = recordingLog();
    const result = await createDockerImagePusher(engine, { sleep }).pushImage({ imageId, targets: [`${front.address}/${REPOSITORY}:retry-ping`], auth: auth(front.address) }, log);
    pushedDigests.add(result.digest);
    expect(delays).toHaveLength(1);
    expect(log.warnings.join('\n')).toMatch(/attempt 1/);
    expect((await registryManifest(env.registry, 'retry-ping')).json.config?.digest).toBe(imageId);
  });

  it('retries a 500 on the manifest upload and then succeeds', async () => {
    let failed = 0;
    const front = await startFront(env.registry, {
      fail: (request) => request.method === 'PUT' && request.url.includes('/manifests/') && failed++ === 0,
    });
    fronts.push(front);
    const { sleep, delays } = recordingSleep();
    const log = recordingLog();
    const result = await createDockerImagePusher(engine, { sleep, retryDelaysMs: [10, 20, 40] }).pushImage(
      { imageId, targets: [`${front.address}/${REPOSITORY}:retry-manifest`], auth: auth(front.address) },
      log,
    );
    pushedDigests.add(result.digest);
    expect(delays).toEqual([10]);
    expect(log.warnings.join('\n')).toMatch(/500/);
    expect(front.requests.filter((r) => r.method === 'PUT' && r.url.includes('/manifests/'))).toHaveLength(2);
  });

  it('gives up with push-error when the registry keeps failing', async () => {
    const front = await startFront(env.registry, { fail: (request) => request.method === 'PUT' && request.url.includes('/manifests/') });
    fronts.push(front);
    const { sleep, delays } = recordingSleep();
    const failure = await createDockerImagePusher(engine, { sleep, retryDelaysMs: [10, 20, 40] })
      .pushImage({ imageId, targets: [`${front.address}/${REPOSITORY}:always-500`], auth: auth(front.address) }, recordingLog())
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toMatch(/always-500.*500/);
    expect(delays).toEqual([10, 20, 40]);
  });

  it('refuses to report a digest when the registry serves another image for the tag', async () => {
    const decoy = await createDockerImagePusher(engine).pushImage({ imageId: otherImageId, targets: [`${env.registry}/${REPOSITORY}:decoy`], auth: auth() }, recordingLog());
    pushedDigests.add(decoy.digest);
    const front = await startFront(env.registry, {
      rewrite: (request) => (request.method === 'GET' && request.url.endsWith('/manifests/swapped') ? request.url.replace(/swapped$/, 'decoy') : undefined),
    });
    fronts.push(front);
    const failure = await createDockerImagePusher(engine)
      .pushImage({ imageId, targets: [`${front.address}/${REPOSITORY}:swapped`], auth: auth(front.address) }, recordingLog())
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toMatch(/the engine reported digest .* but the registry serves|not the scanned image/);
  });

  it.each<[string, () => { imageId: string; targets: string[] }, string, RegExp]>([
    ['a target on another registry than the credentials', () => ({ imageId, targets: [`ghcr.io/acme/app:v1`] }), 'input-error', /credentials are for/],
    ['a target without a tag', () => ({ imageId, targets: [`${env.registry}/${REPOSITORY}`] }), 'input-error', /needs a tag/],
    ['an image the engine does not have', () => ({ imageId: `sha256:${'e'.repeat(64)}`, targets: [`${env.registry}/${REPOSITORY}:missing`] }), 'push-error', /could not tag/],
  ])('rejects %s', async (_name, make, reason, message) => {
    const failure = await createDockerImagePusher(engine)
      .pushImage({ ...make(), auth: auth() }, recordingLog())
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe(reason);
    expect((failure as GateError).message).toMatch(message);
  });
});
