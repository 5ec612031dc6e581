// Push by digest against the real engine and registry: the image leaves the engine by ID,
// its config is proven to be the scanned image before any upload, the manifest is PUT by
// digest, and only then are the target tags PUT with those same bytes.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { exportImage, imageDiffIds } from '../../src/adapters/docker/image-export.js';
import { createDockerImageBuilder } from '../../src/adapters/docker/image-builder.js';
import { createImagePublisher, OCI_MANIFEST, type ImagePublisherOptions } from '../../src/adapters/registry/image-publisher.js';
import { createRegistryClient } from '../../src/adapters/registry/registry-client.js';
import { GateError } from '../../src/domain/gate-error.js';
import type { RegistryPort } from '../../src/pipeline.js';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { busyboxContext, engineFor, recordingLog, removeImage } from './docker-helpers.js';
import { startFront, startTokenFront, type RegistryFront } from './registry-helpers.js';

const RUN_ID = randomBytes(6).toString('hex');
const REPOSITORY = `csg-i13a/push-${RUN_ID}`;

let env: TestEnv;
let engine: DockerEngine;
let imageId: string;
let otherImageId: string;
let tempRoot: string;
const fronts: RegistryFront[] = [];
const closers: (() => Promise<void>)[] = [];
const pushedDigests = new Set<string>();

/** Sleeps that return at once and are recorded, so retries are fast and visible. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

function publisher(options: Partial<ImagePublisherOptions> & { sleep?: (ms: number) => Promise<void>; retryDelaysMs?: number[] } = {}): RegistryPort & { log: ReturnType<typeof recordingLog> } {
  const log = recordingLog();
  const { sleep, retryDelaysMs, ...rest } = options;
  const port = createImagePublisher({
    registry: env.registry,
    credentials: { username: env.registryUser, password: env.registryPassword },
    exportImage: (id, workDir) => exportImage(engine, id, workDir),
    tempRoot,
    log,
    client: createRegistryClient({ ...(sleep && { sleep }), ...(retryDelaysMs && { retryDelaysMs }) }),
    ...rest,
  });
  return { ...port, log };
}

async function registryManifest(reference: string, repository = REPOSITORY): Promise<{ bytes: Buffer; headerDigest: string | null; json: { config?: { digest?: string; size?: number }; layers?: { size: number }[] } }> {
  const response = await fetch(`http://${env.registry}/v2/${repository}/manifests/${reference}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`,
      accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { bytes, headerDigest: response.headers.get('docker-content-digest'), json: JSON.parse(bytes.toString()) as { config?: { digest?: string } } };
}

/** The real engine's `docker save` of one image ID. */
async function exportTar(id: string): Promise<Buffer> {
  const stream = (await engine.docker.getImage(id).get()) as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function tarOf(entries: { name: string; content: string | Buffer }[]): Promise<Buffer> {
  const archive = tar.pack();
  for (const entry of entries) archive.entry({ name: entry.name }, Buffer.from(entry.content));
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a tar's files, lets `change` replace contents (or `reshape` the whole set), and packs it again. */
async function repack(archive: Buffer, change: (name: string, content: Buffer) => Buffer, reshape?: (entries: Map<string, Buffer>) => Map<string, Buffer>): Promise<Buffer> {
  let entries = new Map<string, Buffer>();
  const extract = tar.extract();
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === 'file') entries.set(entry.header.name, change(entry.header.name, Buffer.concat(chunks)));
    }
  })();
  extract.end(archive);
  await reading;
  if (reshape) entries = reshape(entries);
  return tarOf([...entries].map(([name, content]) => ({ name, content })));
}

/** An Engine API endpoint on loopback that answers every image export with `body()`. */
async function fakeEngine(body: () => Promise<Buffer>): Promise<DockerEngine> {
  const server = http.createServer((req, res) => {
    if (!/^\/images\/[^/]+\/get$/.test(req.url ?? '')) return void res.writeHead(404).end('{"message":"not here"}');
    body().then((bytes) => res.writeHead(200, { 'content-type': 'application/x-tar' }).end(bytes), (error: Error) => res.writeHead(500).end(JSON.stringify({ message: error.message })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { ...engine, endpoint: { socketPath: undefined, host: '127.0.0.1', port, protocol: 'http', ca: undefined, cert: undefined, key: undefined }, info: { ...engine.info, address: `tcp://127.0.0.1:${port}` } };
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const isUploadStart = (r: { method: string; url: string }): boolean => r.method === 'POST' && r.url.includes('/blobs/uploads/');
const isManifestPut = (r: { method: string; url: string }): boolean => r.method === 'PUT' && r.url.includes('/manifests/');

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
  tempRoot = mkdtempSync(path.join(tmpdir(), 'csg-i13a-push-'));
  const ctx = busyboxContext(env, { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY run.txt /run.txt\n', 'run.txt': RUN_ID });
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
  for (const close of closers) await close();
  const authorization = `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`;
  for (const digest of pushedDigests) {
    await fetch(`http://${env.registry}/v2/${REPOSITORY}/manifests/${digest}`, { method: 'DELETE', headers: { authorization } }).catch(() => undefined);
  }
  for (const id of [imageId, otherImageId]) if (id) await removeImage(engine.docker, id);
  rmSync(tempRoot, { recursive: true, force: true });
});

describe('push by digest to an authenticated registry', () => {
  it('publishes the scanned image by digest, then tags it; every tag serves the scanned config', async () => {
    const port = publisher();
    const published = await port.publishManifest(imageId, REPOSITORY);
    pushedDigests.add(published.digest);
    expect(published).toMatchObject({ mediaType: OCI_MANIFEST, configDigest: imageId });
    // Published by digest only: no tag yet.
    expect(await registryTags(env, REPOSITORY)).toEqual([]);
    const byDigest = await registryManifest(published.digest);
    expect(sha256(byDigest.bytes)).toBe(published.digest);
    expect(published.size).toBe(byDigest.bytes.length);
    expect(published.compressedSize).toBe((byDigest.json.config?.size ?? 0) + (byDigest.json.layers ?? []).reduce((sum, l) => sum + l.size, 0));

    const references = await port.tag(REPOSITORY, published.digest, ['v1', 'latest']);
    expect(references).toEqual([`${env.registry}/${REPOSITORY}:v1`, `${env.registry}/${REPOSITORY}:latest`]);
    // Checked independently of the adapter: bytes, header and config all agree.
    for (const tag of ['v1', 'latest']) {
      const manifest = await registryManifest(tag);
      expect(sha256(manifest.bytes)).toBe(published.digest);
      expect(manifest.headerDigest).toBe(published.digest);
      expect(manifest.json.config?.digest).toBe(imageId);
    }
    expect(port.log.all()).toContain(`verified ${references[0]}@${published.digest}`);
    expect(port.log.all()).not.toContain(env.registryPassword);
    expect(await registryTags(env, REPOSITORY).then((t) => t.sort())).toEqual(['latest', 'v1']);
  });

  it('a second publish of the same image uploads nothing and gives the same digest (deterministic gzip)', async () => {
    const front = await startFront(env.registry, {});
    fronts.push(front);
    const first = await publisher().publishManifest(imageId, REPOSITORY);
    const again = await publisher({ registry: front.address }).publishManifest(imageId, REPOSITORY);
    expect(again.digest).toBe(first.digest);
    expect(front.requests.filter(isUploadStart)).toEqual([]);
    expect(front.requests.filter((r) => r.method === 'HEAD' && r.url.includes('/blobs/')).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an export that is not the scanned image: push-error, nothing uploaded, no tag', async () => {
    const repository = `${REPOSITORY}-mismatch`;
    const front = await startFront(env.registry, {});
    fronts.push(front);
    // An engine that hands over another image's export when asked for the scanned ID.
    const lying = await fakeEngine(async () => exportTar(otherImageId));
    const port = publisher({ registry: front.address, exportImage: (id, workDir) => exportImage(lying, id, workDir) });
    const failure = await port.publishManifest(imageId, repository).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toBe(`the engine's export of ${imageId} has config ${otherImageId}, not the scanned image; nothing was pushed`);
    expect(front.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(await registryTags(env, repository)).toEqual([]);
  });

  it('refuses an export whose layer is not the one the config names: push-error, no tag', async () => {
    const repository = `${REPOSITORY}-tampered`;
    const lying = await fakeEngine(async () => {
      // The scanned image's own export (the config hashes to its ID), with one layer swapped.
      const replacement = await tarOf([{ name: 'bin/evil', content: 'unscanned' }]);
      return repack(await exportTar(imageId), (name, content) => (name.endsWith('/layer.tar') && content.length > 100_000 ? replacement : content));
    });
    const port = publisher({ exportImage: (id, workDir) => exportImage(lying, id, workDir) });
    const failure = await port.publishManifest(imageId, repository).catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toMatch(/has layer 1 with content sha256:[0-9a-f]{64}, but the config names sha256:/);
    expect(await registryTags(env, repository)).toEqual([]);
  });

  it('reads both export layouts: the classic one and the OCI layout newer engines write', async () => {
    // Docker 25+ `docker save`: manifest.json names blobs/sha256/<hex> for the config and layers.
    const oci = await fakeEngine(async () =>
      repack(await exportTar(imageId), (name, content) => content, (entries) => {
        const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as { Config: string; Layers: string[] }[];
        const blob = (name: string): string => `blobs/sha256/${createHash('sha256').update(entries.get(name)!).digest('hex')}`;
        const rewritten = new Map<string, Buffer>();
        for (const name of [manifest[0]!.Config, ...manifest[0]!.Layers]) rewritten.set(blob(name), entries.get(name)!);
        rewritten.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
        rewritten.set('manifest.json', Buffer.from(JSON.stringify([{ Config: blob(manifest[0]!.Config), RepoTags: null, Layers: manifest[0]!.Layers.map(blob) }])));
        return rewritten;
      }),
    );
    const classic = await publisher().publishManifest(imageId, REPOSITORY);
    const fromOci = await publisher({ exportImage: (id, workDir) => exportImage(oci, id, workDir) }).publishManifest(imageId, REPOSITORY);
    expect(fromOci.digest).toBe(classic.digest);
  });

  it('explains a wrong password as registry-auth without revealing it, and creates no tag', async () => {
    const wrong = `wrong-password-${randomBytes(8).toString('hex')}`;
    const repository = `${REPOSITORY}-denied`;
    const port = publisher({ credentials: { username: env.registryUser, password: wrong } });
    const failure = await port.publishManifest(imageId, repository).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GateError);
    const error = failure as GateError;
    expect(error.reason).toBe('registry-auth');
    expect(error.message).toContain(`registry ${env.registry} refused push access to ${repository} for user '${env.registryUser}'`);
    expect(error.remedy).toMatch(/push \(write\) access/);
    const everything = [error.message, error.remedy, ...error.details, port.log.all(), JSON.stringify(error)].join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(Buffer.from(wrong).toString('base64'));
    expect(await registryTags(env, repository)).toEqual([]);
  });

  it('pushes through the Bearer token flow (GHCR style) with a pull,push token; the password goes only to the token service', async () => {
    const front = await startTokenFront({ upstream: env.registry, username: env.registryUser, password: env.registryPassword });
    fronts.push(front);
    const port = publisher({ registry: front.address });
    const published = await port.publishManifest(imageId, REPOSITORY);
    await port.tag(REPOSITORY, published.digest, ['bearer']);
    expect(front.tokenRequests.map((u) => u.searchParams.get('scope'))).toContain(`repository:${REPOSITORY}:pull,push`);
    const registryCalls = front.requests.filter((r) => r.url.startsWith('/v2/'));
    expect(registryCalls.some((r) => r.method === 'PUT' && r.authorization?.startsWith('Bearer '))).toBe(true);
    expect(registryCalls.every((r) => !r.authorization?.startsWith('Basic '))).toBe(true);
    expect((await registryManifest('bearer')).json.config?.digest).toBe(imageId);
  });

  it('retries when the registry fails the first request with 500', async () => {
    const front = await startFront(env.registry, { fail: (_request, n) => n === 1 });
    fronts.push(front);
    const { sleep, delays } = recordingSleep();
    const port = publisher({ registry: front.address, sleep });
    const published = await port.publishManifest(imageId, REPOSITORY);
    await port.tag(REPOSITORY, published.digest, ['retry-first']);
    expect(delays).toEqual([1000]);
    expect(port.log.warnings.join('\n')).toMatch(/failed \(attempt 1\): .*HTTP 500/);
    expect((await registryManifest('retry-first')).json.config?.digest).toBe(imageId);
  });

  it('retries a 500 on the manifest upload and then succeeds', async () => {
    let failed = 0;
    const front = await startFront(env.registry, { fail: (request) => isManifestPut(request) && failed++ === 0 });
    fronts.push(front);
    const { sleep, delays } = recordingSleep();
    const port = publisher({ registry: front.address, sleep, retryDelaysMs: [10, 20, 40] });
    const published = await port.publishManifest(imageId, REPOSITORY);
    await port.tag(REPOSITORY, published.digest, ['retry-manifest']);
    expect(delays).toEqual([10]);
    // By digest (failed, retried), then the tag.
    expect(front.requests.filter(isManifestPut).map((r) => r.url.replace(/.*\/manifests\//, ''))).toEqual([published.digest, published.digest, 'retry-manifest']);
  });

  it('gives up with push-error when the registry keeps failing, and no tag exists', async () => {
    const repository = `${REPOSITORY}-always-500`;
    const front = await startFront(env.registry, { fail: isManifestPut });
    fronts.push(front);
    const { sleep, delays } = recordingSleep();
    const failure = await publisher({ registry: front.address, sleep, retryDelaysMs: [10, 20, 40] })
      .publishManifest(imageId, repository)
      .catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toMatch(/pushing manifest .*@sha256:[0-9a-f]{64} failed: .*HTTP 500/);
    expect((failure as GateError).remedy).toMatch(/re-run the job later/);
    expect(delays).toEqual([10, 20, 40]);
    expect(await registryTags(env, repository)).toEqual([]);
  });

  it('refuses to report a tag when the registry serves another manifest for it', async () => {
    const decoy = publisher();
    const decoyDigest = (await decoy.publishManifest(otherImageId, REPOSITORY)).digest;
    pushedDigests.add(decoyDigest);
    await decoy.tag(REPOSITORY, decoyDigest, ['decoy']);
    const front = await startFront(env.registry, {
      rewrite: (request) => (request.method === 'GET' && request.url.endsWith('/manifests/swapped') ? request.url.replace(/swapped$/, 'decoy') : undefined),
    });
    fronts.push(front);
    const port = publisher({ registry: front.address });
    const published = await port.publishManifest(imageId, REPOSITORY);
    const failure = await port.tag(REPOSITORY, published.digest, ['swapped']).catch((e: unknown) => e);
    expect((failure as GateError).reason).toBe('push-error');
    expect((failure as GateError).message).toMatch(/serves sha256:[0-9a-f]{64}, not sha256:/);
  });

  it('an image the engine does not have is image-not-found, before anything is uploaded', async () => {
    const failure = await publisher()
      .publishManifest(`sha256:${'e'.repeat(64)}`, `${REPOSITORY}-missing`)
      .catch((e: unknown) => e);
      expect((failure as GateError).reason).toBe('image-not-found');
    expect((failure as GateError).message).toMatch(/could not export/);
  });
});

describe('layers the repository already holds', () => {
  /** What another tool pushed under `tag`: the image's own layers, gzipped its own way (level 1), as a Docker v2 manifest. */
  async function pushWithAnotherTool(id: string, repository: string, tag: string): Promise<string[]> {
    const client = createRegistryClient();
    const location = { registry: env.registry, repository, credentials: { username: env.registryUser, password: env.registryPassword } };
    const entries = new Map<string, Buffer>();
    await repack(await exportTar(id), (name, content) => (entries.set(name, content), content));
    const saved = (JSON.parse(entries.get('manifest.json')!.toString()) as { Config: string; Layers: string[] }[])[0]!;
    const config = entries.get(saved.Config)!;
    const layers = saved.Layers.map((name) => gzipSync(entries.get(name)!, { level: 1 }));
    for (const blob of [config, ...layers]) await client.uploadBlob(location, { digest: sha256(blob), size: blob.length, open: () => blob });
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha256(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: sha256(l), size: l.length })),
    }));
    await client.putManifest(location, tag, { bytes: manifest, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
    return layers.map(sha256);
  }

  it('references a layer found under a target tag instead of compressing and uploading it again', async () => {
    const repository = `${REPOSITORY}-known`;
    const theirs = await pushWithAnotherTool(imageId, repository, 'latest');
    const front = await startFront(env.registry, {});
    fronts.push(front);
    // otherImageId has the same layers (only a label differs): every layer is already there.
    const port = publisher({ registry: front.address });
    const published = await port.publishManifest(otherImageId, repository, ['latest']);
    const manifest = await registryManifest(published.digest, repository);
    // Their blobs (level-1 gzip), not the gate's own gzip of the same layers.
    expect((manifest.json.layers as unknown as { digest: string }[]).map((l) => l.digest)).toEqual(theirs);
    expect(manifest.json.config?.digest).toBe(otherImageId);
    // Only the config was uploaded.
    expect(front.requests.filter(isUploadStart)).toHaveLength(1);
    expect(port.log.all()).toContain(`2 of 2 layer(s) are already in ${front.address}/${repository} under the target tags`);
  });

  it('compresses and uploads a layer the tags do not hold, and learns nothing from a tag that is missing', async () => {
    const repository = `${REPOSITORY}-unknown`;
    const front = await startFront(env.registry, {});
    fronts.push(front);
    const port = publisher({ registry: front.address });
    const published = await port.publishManifest(imageId, repository, ['not-pushed-yet']);
    const manifest = await registryManifest(published.digest, repository);
    expect(manifest.json.layers).toHaveLength(2);
    expect(front.requests.filter(isUploadStart)).toHaveLength(3);
    expect(port.log.all()).not.toContain('already in');
  });

  it('prepare writes the export out for a repository that lacks layers, names it by the image ID, and publishes from it', async () => {
    const repository = `${REPOSITORY}-prepared-archive`;
    const keeps: (string | undefined)[] = [];
    const port = publisher({
      exportImage: (id, workDir, signal, keep) => (keeps.push(keep), exportImage(engine, id, workDir, signal, keep)),
      imageDiffIds: (id) => imageDiffIds(engine, id),
    });
    const archive = await port.prepare!(imageId, repository, ['latest']);
    expect(archive && path.basename(archive)).toBe(imageId);
    // The engine's own archive: what `trivy image --input` reads.
    const names: string[] = [];
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => (names.push(header.name), stream.on('end', next).resume()));
    await pipeline(createReadStream(archive!), extract);
    expect(names).toContain('manifest.json');
    expect(names).toContain(`${imageId.slice('sha256:'.length)}.json`);
    const published = await port.publishManifest(imageId, repository, ['latest']);
    expect(published.configDigest).toBe(imageId);
    expect((await registryManifest(published.digest, repository)).json.layers).toHaveLength(2);
    expect(keeps).toEqual(['archive']);
    await port.release!();
    expect(existsSync(archive!)).toBe(false);
  });

  it('prepare only verifies the export when the repository holds every layer: nothing written, the scan reads the engine', async () => {
    const repository = `${REPOSITORY}-prepared-verify`;
    await pushWithAnotherTool(imageId, repository, 'latest');
    const keeps: (string | undefined)[] = [];
    const port = publisher({
      exportImage: (id, workDir, signal, keep) => (keeps.push(keep), exportImage(engine, id, workDir, signal, keep)),
      imageDiffIds: (id) => imageDiffIds(engine, id),
    });
    // otherImageId: the same layers under another config.
    expect(await port.prepare!(otherImageId, repository, ['latest'])).toBeUndefined();
    const published = await port.publishManifest(otherImageId, repository, ['latest']);
    expect(published.configDigest).toBe(otherImageId);
    expect(keeps).toEqual(['verify']);
    const workDirs = readdirSync(tempRoot).filter((n) => n.startsWith('csg-push-'));
    expect(workDirs).toHaveLength(1);
    expect(readdirSync(path.join(tempRoot, workDirs[0]!))).toEqual([]);
    await port.release!();
  });

  it('a verified-only export whose known layer is gone from the repository is read again, written, and that layer uploaded', async () => {
    const repository = `${REPOSITORY}-prepared-gone`;
    const theirs = await pushWithAnotherTool(imageId, repository, 'latest');
    const front = await startFront(env.registry, {
      // The registry lost one of the blobs its manifest names (a garbage collection in between).
      rewrite: (request) => (request.method === 'HEAD' && request.url.endsWith(`/blobs/${theirs[1]}`) ? request.url.replace(theirs[1]!, `sha256:${'0'.repeat(64)}`) : undefined),
    });
    fronts.push(front);
    const keeps: (string | undefined)[] = [];
    const port = publisher({
      registry: front.address,
      exportImage: (id, workDir, signal, keep) => (keeps.push(keep), exportImage(engine, id, workDir, signal, keep)),
      imageDiffIds: (id) => imageDiffIds(engine, id),
    });
    expect(await port.prepare!(otherImageId, repository, ['latest'])).toBeUndefined();
    const published = await port.publishManifest(otherImageId, repository, ['latest']);
    expect(keeps).toEqual(['verify', 'archive']);
    expect(published.configDigest).toBe(otherImageId);
    expect(front.requests.filter(isUploadStart)).toHaveLength(2);
    await port.release!();
    expect(readdirSync(tempRoot).filter((n) => n.startsWith('csg-push-'))).toEqual([]);
  });

  it('a prepared export is read once for every repository and removed by release()', async () => {
    let exports = 0;
    const port = publisher({ exportImage: (id, workDir, signal) => (exports++, exportImage(engine, id, workDir, signal)) });
    port.prepare!(imageId, `${REPOSITORY}-one`, []);
    await port.publishManifest(imageId, `${REPOSITORY}-one`);
    await port.publishManifest(imageId, `${REPOSITORY}-two`);
    expect(exports).toBe(1);
    expect(readdirSync(tempRoot).filter((n) => n.startsWith('csg-push-'))).toHaveLength(1);
    await port.release!();
    expect(readdirSync(tempRoot).filter((n) => n.startsWith('csg-push-'))).toEqual([]);
  });

  it('release() stops and removes an export nobody published (a failed gate)', async () => {
    let exportStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (exportStarted = resolve));
    const port = publisher({ exportImage: (id, workDir, signal) => (exportStarted(), exportImage(engine, id, workDir, signal)) });
    port.prepare!(imageId, `${REPOSITORY}-unpublished`, []);
    // Released while the engine is still streaming the export into its work directory.
    await started;
    expect(readdirSync(tempRoot).filter((n) => n.startsWith('csg-push-'))).toHaveLength(1);
    await port.release!();
    expect(readdirSync(tempRoot).filter((n) => n.startsWith('csg-push-'))).toEqual([]);
  });

  it('an image the repository already holds whole (same ID under a target tag) is not exported at all', async () => {
    const repository = `${REPOSITORY}-held`;
    const first = publisher();
    const pushed = await first.publishManifest(imageId, repository);
    await first.tag(repository, pushed.digest, ['latest']);
    const front = await startFront(env.registry, {});
    fronts.push(front);
    let exports = 0;
    const port = publisher({ registry: front.address, exportImage: (id, workDir, signal) => (exports++, exportImage(engine, id, workDir, signal)) });
    port.prepare!(imageId, repository, ['latest']);
    const again = await port.publishManifest(imageId, repository, ['latest']);
    await port.release!();
    expect(exports).toBe(0);
    expect(again.digest).toBe(pushed.digest);
    expect(front.requests.filter(isUploadStart)).toEqual([]);
    expect(port.log.all()).toContain(`already holds ${imageId}`);
  });

  it('a config blob that does not hash to the image ID is never taken for it: the image is exported', async () => {
    const repository = `${REPOSITORY}-forged-config`;
    const first = publisher();
    await first.tag(repository, (await first.publishManifest(imageId, repository)).digest, ['latest']);
    await first.publishManifest(otherImageId, repository);
    // The registry answers the config GET with another image's config (same layers, another label).
    const front = await startFront(env.registry, {
      rewrite: (request) => (request.method === 'GET' && request.url.endsWith(`/blobs/${imageId}`) ? request.url.replace(imageId, otherImageId) : undefined),
    });
    fronts.push(front);
    let exports = 0;
    const port = publisher({ registry: front.address, exportImage: (id, workDir, signal) => (exports++, exportImage(engine, id, workDir, signal)) });
    const published = await port.publishManifest(imageId, repository, ['latest']);
    expect(exports).toBe(1);
    expect(published.configDigest).toBe(imageId);
    expect(port.log.all()).not.toContain('already holds');
  });
});
