import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder } from '../../src/adapters/docker/image-builder.js';
import { exportImage } from '../../src/adapters/docker/image-export.js';
import { createImagePublisher } from '../../src/adapters/registry/image-publisher.js';
import { isLoopbackHost, registryBaseUrl } from '../../src/adapters/registry/registry-address.js';
import { permissionHint, redactSecrets } from '../../src/adapters/registry/registry-auth-error.js';
import { createRegistryClient } from '../../src/adapters/registry/registry-client.js';
import { parseWwwAuthenticate } from '../../src/adapters/registry/www-authenticate.js';
import { GateError } from '../../src/domain/gate-error.js';
import { planPush, registryOfServerAddress } from '../../src/domain/push-plan.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { busyboxContext, engineFor, recordingLog, removeImage } from './docker-helpers.js';
import { startFront, startTokenFront, type RegistryFront } from './registry-helpers.js';

const RUN_ID = randomBytes(6).toString('hex');
const REPOSITORY = `csg-test/client-${RUN_ID}`;
const TAG = 'v1';

let env: TestEnv;
let engine: DockerEngine;
let imageId: string;
let digest: string;
const fronts: RegistryFront[] = [];

function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
  const ctx = busyboxContext(env, { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\n' });
  try {
    imageId = (
      await createDockerImageBuilder(engine).buildImage(
        { context: ctx.dir, dockerfile: 'Dockerfile', buildArgs: {}, buildSecrets: [], target: undefined, labels: { 'test.run': RUN_ID }, noCache: false, network: 'none' },
        recordingLog(),
      )
    ).imageId;
  } finally {
    ctx.cleanup();
  }
  const tempRoot = tmpdir();
  const publisher = createImagePublisher({
    registry: env.registry,
    credentials: { username: env.registryUser, password: env.registryPassword },
    exportImage: (id, workDir) => exportImage(engine, id, workDir),
    tempRoot,
    log: recordingLog(),
  });
  digest = (await publisher.publishManifest(imageId, REPOSITORY)).digest;
  await publisher.tag(REPOSITORY, digest, [TAG]);
});

afterAll(async () => {
  for (const front of fronts) await front.close();
  const authorization = `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`;
  await fetch(`http://${env.registry}/v2/${REPOSITORY}/manifests/${digest}`, { method: 'DELETE', headers: { authorization } }).catch(() => undefined);
  if (imageId) await removeImage(engine.docker, imageId);
});

const credentials = (): { username: string; password: string } => ({ username: env.registryUser, password: env.registryPassword });

describe('registry client against the real registry', () => {
  it('reads a manifest with Basic auth and reports its digest and config', async () => {
    const manifest = await createRegistryClient().getManifest({ registry: env.registry, repository: REPOSITORY, reference: TAG, credentials: credentials() });
    expect(manifest.digest).toBe(`sha256:${createHash('sha256').update(manifest.bytes).digest('hex')}`);
    expect(manifest.digest).toBe(digest);
    expect(manifest.headerDigest).toBe(digest);
    expect(manifest.configDigest).toBe(imageId);
    expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
  });

  it('follows the Bearer token flow (GHCR style) and sends the password only to the token service', async () => {
    const front = await startTokenFront({ upstream: env.registry, username: env.registryUser, password: env.registryPassword });
    fronts.push(front);
    const manifest = await createRegistryClient().getManifest({ registry: front.address, repository: REPOSITORY, reference: TAG, credentials: credentials() });
    expect(manifest.digest).toBe(digest);
    expect(front.tokenRequests).toHaveLength(1);
    expect(front.tokenRequests[0]!.searchParams.get('service')).toBe('csg-test-front');
    expect(front.tokenRequests[0]!.searchParams.get('scope')).toBe(`repository:${REPOSITORY}:pull`);
    const registryCalls = front.requests.filter((r) => r.url.startsWith('/v2/'));
    expect(registryCalls.some((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
    expect(registryCalls.every((r) => !r.authorization?.startsWith('Basic '))).toBe(true);
  });

  it('reports rejected credentials at the token service as registry-auth', async () => {
    const front = await startTokenFront({ upstream: env.registry, username: env.registryUser, password: env.registryPassword });
    fronts.push(front);
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const failure = await createRegistryClient()
      .getManifest({ registry: front.address, repository: REPOSITORY, reference: TAG, credentials: { username: env.registryUser, password: wrong } })
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('registry-auth');
    expect((failure as GateError).message).toContain(`registry ${front.address} refused pull access to ${REPOSITORY}`);
    expect(JSON.stringify([(failure as GateError).message, (failure as GateError).remedy])).not.toContain(wrong);
  });

  it('refuses to send credentials to a token realm over plain HTTP on a non-loopback host', async () => {
    const front = await startTokenFront({ upstream: env.registry, username: env.registryUser, password: env.registryPassword, realm: () => 'http://192.0.2.1/token' });
    fronts.push(front);
    const started = Date.now();
    const failure = await createRegistryClient()
      .getManifest({ registry: front.address, repository: REPOSITORY, reference: TAG, credentials: credentials() })
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('registry-auth');
    expect((failure as GateError).message).toMatch(/neither HTTPS nor a loopback address/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a 500 and then reads the manifest', async () => {
    const front = await startFront(env.registry, { fail: (_request, n) => n === 1 });
    fronts.push(front);
    const { sleep, delays } = recordingSleep();
    const manifest = await createRegistryClient({ sleep }).getManifest({ registry: front.address, repository: REPOSITORY, reference: TAG, credentials: credentials() });
    expect(manifest.digest).toBe(digest);
    expect(delays).toEqual([1000]);
  });

  it('gives up after the retries with push-error', async () => {
    const front = await startFront(env.registry, { fail: () => true });
    fronts.push(front);
    const { sleep, delays } = recordingSleep();
    const failure = await createRegistryClient({ sleep, retryDelaysMs: [5, 10] })
      .getManifest({ registry: front.address, repository: REPOSITORY, reference: TAG, credentials: credentials() })
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toMatch(/HTTP 500/);
    expect(delays).toEqual([5, 10]);
    expect(front.requests).toHaveLength(3);
  });

  it('reports a missing tag as push-error', async () => {
    const failure = await createRegistryClient()
      .getManifest({ registry: env.registry, repository: REPOSITORY, reference: 'no-such-tag', credentials: credentials() })
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toMatch(/no manifest/);
  });
});

describe('registry addressing and auth helpers', () => {
  it.each([
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['127.1.2.3', 'http://127.1.2.3'],
    ['localhost:5000', 'http://localhost:5000'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['ghcr.io', 'https://ghcr.io'],
    ['10.0.0.1:5000', 'https://10.0.0.1:5000'],
    ['docker.io', 'https://registry-1.docker.io'],
  ])('%s → %s', (registry, url) => {
    expect(registryBaseUrl(registry)).toBe(url);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['128.0.0.1', 'example.com', '::2', '0.0.0.0'].some(isLoopbackHost)).toBe(false);
  });

  it.each([
    ['Basic realm="registry"', [{ scheme: 'basic', params: { realm: 'registry' } }]],
    [
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/app:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:acme/app:pull' } }],
    ],
    [
      'Bearer realm="https://auth.example/token", scope="repository:a/b:pull,push", Basic realm="x \\"quoted\\""',
      [
        { scheme: 'bearer', params: { realm: 'https://auth.example/token', scope: 'repository:a/b:pull,push' } },
        { scheme: 'basic', params: { realm: 'x "quoted"' } },
      ],
    ],
    ['', []],
  ])('parses WWW-Authenticate %j', (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });

  it('names the GHCR permission and redacts secrets in every common encoding', () => {
    expect(permissionHint('ghcr.io', 'acme/app', 'push')).toMatch(/packages: write/);
    const secret = 's3cr3t/+=value';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')}`;
    expect(redactSecrets(text, [secret])).toBe('a *** b *** c ***');
  });

  it.each([
    ['https://ghcr.io/', 'ghcr.io'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
  ])('serveraddress %s means registry %s', (serveraddress, registry) => {
    expect(registryOfServerAddress(serveraddress)).toBe(registry);
  });

  it('plans a push: deduplicated targets on the credentials registry', () => {
    const id = `sha256:${'a'.repeat(64)}`;
    const plan = planPush(id, ['ghcr.io/acme/app:v1', 'ghcr.io/acme/app:v1', 'GHCR.io/acme/app:latest'], 'https://ghcr.io');
    expect(plan.targets.map((t) => t.reference)).toEqual(['ghcr.io/acme/app:v1', 'ghcr.io/acme/app:latest']);
    expect(() => planPush('abc', ['ghcr.io/acme/app:v1'], 'ghcr.io')).toThrow(/not a full image ID/);
    expect(() => planPush(id, ['ghcr.io/acme/app@sha256:' + 'b'.repeat(64)], 'ghcr.io')).toThrow(/needs a tag/);
  });
});
