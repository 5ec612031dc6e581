import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GateError } from '../../domain/gate-error.js';
import type { VerifiedExport } from '../docker/image-export.js';
import type { Descriptor, LineLog, RegistryPort } from '../../pipeline.js';
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
 */

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface ImagePublisherOptions {
  /** Registry host as in references: `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  credentials: RegistryCredentials;
  /** The engine's export of exactly `imageId`, verified, written under `workDir`. */
  exportImage(imageId: string, workDir: string): Promise<VerifiedExport>;
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

  return {
    async publishManifest(imageId, repository) {
      const workDir = await mkdtemp(join(options.tempRoot, 'csg-push-'));
      try {
        const image = await options.exportImage(imageId, workDir);
        if (image.configDigest !== imageId) throw new GateError('push-error', `the export of ${imageId} has config ${image.configDigest}; nothing was pushed`);
        log.info(`exported ${imageId} from the engine by ID: config and ${image.layers.length} layer(s) match the scanned image`);
        let present = 0;
        for (const layer of image.layers) {
          const path = layer.path;
          if ((await ensureBlob(repository, { digest: layer.digest, size: layer.size, open: () => createReadStream(path) }, 'layer')) === 'present') present++;
        }
        const config: Descriptor = { mediaType: OCI_CONFIG, digest: image.configDigest, size: image.config.length };
        if ((await ensureBlob(repository, { digest: config.digest, size: config.size, open: () => image.config }, 'config')) === 'present') present++;
        if (present > 0) log.info(`${present} of ${image.layers.length + 1} blobs were already in ${options.registry}/${repository}`);
        const bytes = imageManifest(config, image.layers.map((l) => ({ mediaType: OCI_LAYER_GZIP, digest: l.digest, size: l.size })));
        // By digest: the registry holds the manifest, and no tag names it yet.
        const manifest = await putManifest(repository, sha256(bytes), bytes, OCI_MANIFEST);
        return { ...manifest, configDigest: config.digest, compressedSize: config.size + image.layers.reduce((sum, l) => sum + l.size, 0) };
      } finally {
        await rm(workDir, { recursive: true, force: true });
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
