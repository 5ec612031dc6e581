import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { GateError } from '../../domain/gate-error.js';
import { compressLayer, type CompressedLayer, type ExportKeep, type VerifiedExport } from '../docker/image-export.js';
import { heldImage, knownLayers, type HeldImage, type KnownLayer } from './known-layers.js';
import type { Descriptor, LineLog, PublishedManifest, RegistryPort } from '../../pipeline.js';
import { createRegistryClient, type BlobUpload, type RegistryClient, type RegistryCredentials, type RepositoryLocation } from './registry-client.js';

/*
 * The gate pushes the scanned image itself instead of asking the engine to push a tag.
 * An engine push reads `name:tag` at push time, and on a shared engine another job can
 * retag it between the gate's check and the push; the registry would then serve an
 * unscanned image under the trusted tag before any check after the push could notice.
 *
 * Here the image comes out of the engine by ID, its config is proven to hash to the
 * scanned ID (and every layer to the config's diff_ids) before the first byte is uploaded,
 * the manifest is PUT by digest, and only then is each target tag PUT with those same
 * manifest bytes. No temporary tag is ever created, so there is nothing to delete
 * afterwards — which matters on GHCR, where deleting a tag means deleting a package
 * version through the GitHub API. A failure before tagging leaves, at most, an untagged
 * manifest (on GHCR: an untagged package version, which GHCR's retention cleans up).
 *
 * Layers the repository already holds under the run's target tags are referenced, not
 * compressed and uploaded again (known-layers.ts says what that trusts); the others are
 * gzipped side by side, one per core, before the first upload.
 */

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface ImagePublisherOptions {
  /** Registry host as in references: `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  credentials: RegistryCredentials;
  /** The engine's export of exactly `imageId`, verified, written under `workDir` (`keep: 'archive'`) or only checked. */
  exportImage(imageId: string, workDir: string, signal?: AbortSignal, keep?: ExportKeep): Promise<VerifiedExport>;
  /**
   * The diff_ids the engine says `imageId` has: when the repository already holds every one,
   * `prepare` only verifies the export instead of writing it out. Absent: always written.
   */
  imageDiffIds?(imageId: string): Promise<readonly string[]>;
  /** Parent of the private, unguessable work directory each publish creates and removes. */
  tempRoot: string;
  log: LineLog;
  client?: RegistryClient;
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Field order fixed: the same image always gives the same manifest bytes, hence digest. */
export function imageManifest(config: Descriptor, layers: readonly Descriptor[]): Buffer {
  const descriptor = (d: Descriptor): Descriptor => ({ mediaType: d.mediaType, digest: d.digest, size: d.size });
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: layers.map(descriptor) }));
}

export function createImagePublisher(options: ImagePublisherOptions): RegistryPort {
  const client = options.client ?? createRegistryClient();
  const { log } = options;
  const location = (repository: string): RepositoryLocation => ({ registry: options.registry, repository, credentials: options.credentials });
  const warn = (message: string): void => log.warning(message);
  /** Manifests this publisher pushed, so tagging re-sends the exact bytes without reading them back. */
  const manifests = new Map<string, { bytes: Buffer; mediaType: string }>();

  const ensureBlob = async (repository: string, blob: BlobUpload, what: string): Promise<'uploaded' | 'present'> => {
    if (await client.hasBlob(location(repository), blob.digest, warn)) return 'present';
    await client.uploadBlob(location(repository), blob, warn);
    log.info(`uploaded ${what} ${blob.digest} (${blob.size} bytes)`);
    return 'uploaded';
  };

  const putManifest = async (repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<Descriptor> => {
    const digest = sha256(bytes);
    const reported = await client.putManifest(location(repository), reference, { bytes, mediaType }, warn);
    if (reported !== digest) {
      throw new GateError('push-error', `registry ${options.registry} stored the manifest for ${repository}:${reference} as ${reported}, not ${digest}`, {
        remedy: 'The registry rewrote the manifest; its tags would not name the verified image. Check the registry.',
      });
    }
    manifests.set(digest, { bytes, mediaType });
    return { mediaType, digest, size: bytes.length };
  };

  /**
   * Each layer as a blob in `repository`: the one it already holds, or its gzip (made once per
   * export, for every repository; from a written export, read again if this one was only verified).
   */
  const layerBlobs = async (repository: string, imageId: string, image: ImageExport, known: ReadonlyMap<string, KnownLayer>) => {
    let reused = 0;
    const { layers } = image.image;
    const blobs = await mapWithLimit(layers, availableParallelism(), async (layer, i): Promise<{ digest: string; size: number; path?: string }> => {
      const held = known.get(layer.diffId);
      if (held && (await client.hasBlob(location(repository), held.digest, warn))) {
        reused++;
        return held;
      }
      return gzipOnce(image.image.archive !== undefined ? image : await exported(imageId, 'archive'), i);
    });
    if (reused > 0) log.info(`${reused} of ${layers.length} layer(s) are already in ${options.registry}/${repository} under the target tags: referenced, not compressed again`);
    return blobs;
  };

  /** By digest: the registry holds the manifest, and no tag names it yet. */
  const putImageManifest = async (repository: string, config: Descriptor, layers: readonly { digest: string; size: number }[]): Promise<PublishedManifest> => {
    const bytes = imageManifest(config, layers.map((l) => ({ mediaType: OCI_LAYER_GZIP, digest: l.digest, size: l.size })));
    const manifest = await putManifest(repository, sha256(bytes), bytes, OCI_MANIFEST);
    return { ...manifest, configDigest: config.digest, compressedSize: config.size + layers.reduce((sum, l) => sum + l.size, 0) };
  };

  /**
   * Exports by image ID and kind, each read once for every repository it goes to; `prepare` may
   * start one early. A written export also serves where a verified one would do.
   */
  const exports = new Map<string, { done: Promise<ImageExport>; stop: AbortController }>();
  let released = false;
  const exported = (imageId: string, keep: ExportKeep): Promise<ImageExport> => {
    let entry = exports.get(`archive ${imageId}`) ?? (keep === 'verify' ? exports.get(`verify ${imageId}`) : undefined);
    if (entry === undefined) {
      const stop = new AbortController();
      if (released) stop.abort();
      const done = (async () => {
        const workDir = await mkdtemp(join(options.tempRoot, 'csg-push-'));
        try {
          return { workDir, image: await options.exportImage(imageId, workDir, stop.signal, keep), gzips: new Map() };
        } catch (error) {
          await rm(workDir, { recursive: true, force: true });
          throw error;
        }
      })();
      done.catch(() => undefined);
      exports.set(`${keep} ${imageId}`, (entry = { done, stop }));
    }
    return entry.done;
  };
  const hasExport = (imageId: string): boolean => exports.has(`archive ${imageId}`) || exports.has(`verify ${imageId}`);
  /** Stops and removes every export of `imageId` (or of every image). */
  const dropExports = async (imageId?: string): Promise<void> => {
    const dropped = [...exports].filter(([key]) => imageId === undefined || key.endsWith(` ${imageId}`));
    for (const [key, entry] of dropped) {
      exports.delete(key);
      entry.stop.abort();
    }
    for (const [, entry] of dropped) {
      const done = await entry.done.catch(() => undefined);
      if (done) await rm(done.workDir, { recursive: true, force: true });
    }
  };

  /** What `repository` already holds of the image: the layers its target tags name, and the whole image when it has every blob. */
  const lookups = new Map<string, Promise<{ known: Map<string, KnownLayer>; held: HeldImage | undefined }>>();
  const lookup = (imageId: string, repository: string, knownFrom: readonly string[]) => {
    const key = `${imageId} ${repository} ${knownFrom.join(',')}`;
    let found = lookups.get(key);
    if (found === undefined) {
      found = (async () => {
        const known = await knownLayers(client, location(repository), knownFrom);
        const held = await heldImage(client, location(repository), imageId, known, warn).catch(() => undefined);
        return { known, held };
      })();
      lookups.set(key, found);
    }
    return found;
  };
  const preparing: Promise<unknown>[] = [];
  /** Per image: prepare's choice of export, settled once that export is under way (or finished). */
  const prepared = new Map<string, Promise<string | undefined>>();

  return {
    prepare(imageId, repository, knownFrom) {
      // The engine is read only when the repository lacks part of the image. When it holds every
      // layer, only the config is needed: the export is verified, not written, and the scan reads
      // the image through the engine (Trivy has those layers analysed already). Otherwise the
      // export is written, the scan reads it, and the layers the repository lacks are gzipped now.
      const archive = lookup(imageId, repository, knownFrom).then(async ({ known, held }) => {
        if (held || released) return undefined;
        const diffIds = await options.imageDiffIds?.(imageId).catch(() => undefined);
        if (diffIds !== undefined && diffIds.length > 0 && diffIds.every((diffId) => known.has(diffId))) {
          preparing.push(exported(imageId, 'verify'));
          return undefined;
        }
        const image = await exported(imageId, 'archive');
        const missing = image.image.layers.map((layer, i) => ({ layer, i })).filter(({ layer }) => !known.has(layer.diffId));
        preparing.push(mapWithLimit(missing, availableParallelism(), ({ i }) => (released ? Promise.resolve(undefined) : gzipOnce(image, i))));
        return image.image.archive;
      });
      preparing.push(archive);
      // A failed export is publishManifest's to report; the scan then reads the image through the engine.
      const chosen = archive.catch(() => undefined);
      prepared.set(imageId, chosen);
      return chosen;
    },

    async release() {
      released = true;
      // What prepare started may add to `preparing` while it is awaited.
      for (let settled = 0; settled < preparing.length; ) {
        const batch = preparing.slice(settled);
        settled = preparing.length;
        await Promise.all(batch.map((p) => p.catch(() => undefined)));
      }
      await dropExports();
    },

    async publishManifest(imageId, repository, knownFrom = []) {
      const { known, held } = await lookup(imageId, repository, knownFrom);
      if (held) {
        // The config blob's digest is the scanned ID: it is that image, byte for byte, and every layer is there already.
        log.info(`${options.registry}/${repository} already holds ${imageId} (its config, which hashes to the scanned ID, and all ${held.layers.length} layer(s)): nothing exported or uploaded`);
        return putImageManifest(repository, { mediaType: OCI_CONFIG, digest: imageId, size: held.config.length }, held.layers);
      }
      await prepared.get(imageId);
      const wasPrepared = hasExport(imageId);
      try {
        const image = await exported(imageId, wasPrepared ? 'verify' : 'archive');
        const { config: configBytes, configDigest, layers } = image.image;
        if (configDigest !== imageId) throw new GateError('push-error', `the export of ${imageId} has config ${configDigest}; nothing was pushed`);
        log.info(`exported ${imageId} from the engine by ID: config and ${layers.length} layer(s) match the scanned image`);
        const blobs = await layerBlobs(repository, imageId, image, known);
        let present = 0;
        for (const blob of blobs) {
          const path = blob.path;
          if (path === undefined) continue;
          if ((await ensureBlob(repository, { digest: blob.digest, size: blob.size, open: () => createReadStream(path) }, 'layer')) === 'present') present++;
        }
        const config: Descriptor = { mediaType: OCI_CONFIG, digest: configDigest, size: configBytes.length };
        if ((await ensureBlob(repository, { digest: config.digest, size: config.size, open: () => configBytes }, 'config')) === 'present') present++;
        if (present > 0) log.info(`${present} of ${layers.length + 1} blobs were already in ${options.registry}/${repository}`);
        return await putImageManifest(repository, config, blobs);
      } finally {
        // A prepared export stays for the other repositories until release(); an unprepared one goes now.
        if (!wasPrepared) await dropExports(imageId);
      }
    },

    async putBlob(repository, bytes, mediaType) {
      const digest = sha256(bytes);
      await ensureBlob(repository, { digest, size: bytes.length, open: () => bytes }, 'blob');
      return { mediaType, digest, size: bytes.length };
    },

    putManifest,

    async tag(repository, digest, tags) {
      let manifest = manifests.get(digest);
      if (manifest === undefined) {
        const fetched = await client.getManifest({ ...location(repository), reference: digest });
        if (fetched.digest !== digest) throw new GateError('push-error', `registry ${options.registry} served ${fetched.digest} when asked for ${repository}@${digest}`);
        manifest = { bytes: fetched.bytes, mediaType: fetched.mediaType };
      }
      const references: string[] = [];
      for (const tag of tags) {
        await putManifest(repository, tag, manifest.bytes, manifest.mediaType);
        const reference = `${options.registry}/${repository}:${tag}`;
        // Read back: the tag serves this digest now (a later writer to the registry is not ours to stop).
        const served = await client.getManifest({ ...location(repository), reference: tag });
        if (served.digest !== digest) {
          throw new GateError('push-error', `after tagging ${reference}: the registry serves ${served.digest}, not ${digest}`, {
            remedy: 'Something else pushed to this tag at the same time. Re-run the job.',
          });
        }
        log.info(`verified ${reference}@${digest}`);
        references.push(reference);
      }
      return references;
    },
  };
}

/** An export in its private work directory, with the gzip of each layer once it is made (by layer index). */
interface ImageExport {
  workDir: string;
  image: VerifiedExport;
  gzips: Map<number, Promise<CompressedLayer>>;
}

/** The gzip of an exported layer, made at most once however many repositories (or prepare) ask for it. */
function gzipOnce(image: ImageExport, index: number): Promise<CompressedLayer> {
  let gzip = image.gzips.get(index);
  if (gzip === undefined) {
    gzip = compressLayer(image.image.archive!, image.image.layers[index]!, join(image.workDir, `layer-${index}.tar.gz`));
    gzip.catch(() => undefined);
    image.gzips.set(index, gzip);
  }
  return gzip;
}

/** `work` over `items`, at most `limit` at a time, results in input order; the first failure rejects. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
