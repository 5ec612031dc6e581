import type { RegistryClient, RepositoryLocation } from './registry-client.js';

/*
 * A warm run pushes the same base layers as the run before it. `docker push` skips them with
 * its own diff_id → blob map; the gate takes that map from the registry instead: the
 * manifests already under the run's target tags (and cache sources) in the same repository
 * pair each layer blob with its diff_id through their config. A layer found there, and still
 * in the repository (HEAD), is referenced without being compressed or uploaded again.
 *
 * When the repository also holds the config blob whose digest is the scanned image ID (an
 * unchanged rebuild of a commit gives the same ID), the whole image is there: nothing needs
 * to leave the engine at all. The config comes from the registry and must hash to that ID,
 * so it is byte for byte the scanned image's config.
 *
 * Trust: this relies on the repository's own manifests, i.e. on whoever can push to it, which
 * is already everyone who could replace the tags outright. Pull requests never push, and only
 * gzip layers of single-image manifests are taken; anything unreadable is simply not known.
 */

export interface KnownLayer {
  /** The compressed blob's digest in the repository. */
  digest: string;
  size: number;
}

const GZIP_LAYER_TYPES = new Set(['application/vnd.oci.image.layer.v1.tar+gzip', 'application/vnd.docker.image.rootfs.diff.tar.gzip']);
/** Image configs are a few KiB; a larger blob is not read as one. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

interface ManifestShape {
  layers?: { mediaType?: unknown; digest?: unknown; size?: unknown }[];
}

/** An image config's rootfs.diff_ids as it wrote them, or undefined when the bytes are not a config. */
function diffIdsOf(configBytes: Buffer): unknown[] | undefined {
  try {
    const diffIds = (JSON.parse(configBytes.toString('utf8')) as { rootfs?: { diff_ids?: unknown } }).rootfs?.diff_ids;
    return Array.isArray(diffIds) ? diffIds : undefined;
  } catch {
    return undefined;
  }
}

/** diff_id → blob for each gzip layer of one image manifest and its config; empty when they do not line up. */
export function layersByDiffId(manifestBytes: Buffer, configBytes: Buffer): Map<string, KnownLayer> {
  const known = new Map<string, KnownLayer>();
  let manifest: ManifestShape;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as ManifestShape;
  } catch {
    return known;
  }
  const layers = manifest.layers;
  const diffIds = diffIdsOf(configBytes);
  if (!Array.isArray(layers) || diffIds === undefined || layers.length !== diffIds.length) return known;
  layers.forEach((layer, i) => {
    const diffId = diffIds[i];
    const { mediaType, digest, size } = layer ?? {};
    if (typeof diffId !== 'string' || typeof digest !== 'string' || typeof size !== 'number' || !GZIP_LAYER_TYPES.has(String(mediaType))) return;
    if (!/^sha256:[0-9a-f]{64}$/.test(digest) || !/^sha256:[0-9a-f]{64}$/.test(diffId)) return;
    known.set(diffId, { digest, size });
  });
  return known;
}

/** What the manifests under `references` (tags or digests in `location`) say about layers already there. */
export async function knownLayers(client: RegistryClient, location: RepositoryLocation, references: readonly string[]): Promise<Map<string, KnownLayer>> {
  const known = new Map<string, KnownLayer>();
  const configs = new Set<string>();
  for (const reference of new Set(references)) {
    try {
      const manifest = await client.findManifest({ ...location, reference });
      // Not published yet, or an index (configDigest is only set for an image manifest).
      if (manifest?.configDigest === undefined || configs.has(manifest.configDigest)) continue;
      configs.add(manifest.configDigest);
      const config = await client.getBlob(location, manifest.configDigest, MAX_CONFIG_BYTES);
      for (const [diffId, layer] of layersByDiffId(manifest.bytes, config)) if (!known.has(diffId)) known.set(diffId, layer);
    } catch {
      // Unreadable: an optimisation never fails the push; those layers are compressed and uploaded as usual.
    }
  }
  return known;
}

/** The scanned image as the repository already holds it. */
export interface HeldImage {
  /** The config bytes, which hash to the image ID. */
  config: Buffer;
  layers: KnownLayer[];
}

/** The image when `location` has its config (digest = `imageId`) and a known blob for every diff_id it names; else undefined. */
export async function heldImage(client: RegistryClient, location: RepositoryLocation, imageId: string, known: ReadonlyMap<string, KnownLayer>, onRetry?: (message: string) => void): Promise<HeldImage | undefined> {
  if (known.size === 0 || !(await client.hasBlob(location, imageId, onRetry))) return undefined;
  // getBlob refuses bytes that do not hash to imageId.
  const config = await client.getBlob(location, imageId, MAX_CONFIG_BYTES);
  const diffIds = diffIdsOf(config);
  if (diffIds === undefined || diffIds.length === 0) return undefined;
  const layers: KnownLayer[] = [];
  for (const diffId of diffIds) {
    const layer = typeof diffId === 'string' ? known.get(diffId) : undefined;
    if (layer === undefined || !(await client.hasBlob(location, layer.digest, onRetry))) return undefined;
    layers.push(layer);
  }
  return { config, layers };
}
