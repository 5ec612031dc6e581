import { GateError } from '../gate-error.js';
import { formatPlatform } from './platform.js';

const INDEX_MEDIA_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/** BuildKit stores provenance/SBOM attestations as `unknown/unknown` manifests with this annotation. */
const REFERENCE_TYPE_ANNOTATION = 'vnd.docker.reference.type';

const PLATFORM = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?$/;

interface IndexEntry {
  digest?: unknown;
  platform?: { os?: unknown; architecture?: unknown; variant?: unknown };
  annotations?: Record<string, unknown>;
}

/**
 * The platforms a published manifest offers: undefined when it is one image (not an index),
 * else each image manifest's `os/arch[/variant]` in index order, without BuildKit's
 * attestation manifests (`unknown/unknown`). An entry that names no platform is an error: a
 * summary must not quietly cover less than what is published.
 */
export function publishedPlatforms(manifest: { mediaType: string; bytes: Buffer }, reference: string): string[] | undefined {
  let parsed: { mediaType?: unknown; manifests?: unknown };
  try {
    parsed = JSON.parse(manifest.bytes.toString('utf8')) as typeof parsed;
  } catch {
    throw new GateError('scan-error', `the registry served a manifest for ${reference} that is not JSON`);
  }
  const mediaType = typeof parsed.mediaType === 'string' ? parsed.mediaType : manifest.mediaType;
  if (!INDEX_MEDIA_TYPES.has(mediaType) && !INDEX_MEDIA_TYPES.has(manifest.mediaType)) return undefined;
  if (!Array.isArray(parsed.manifests)) throw new GateError('scan-error', `the image index ${reference} lists no manifests`);
  const platforms: string[] = [];
  for (const entry of parsed.manifests as IndexEntry[]) {
    const p = entry.platform;
    if (p?.os === 'unknown' && p.architecture === 'unknown') continue;
    if (entry.annotations?.[REFERENCE_TYPE_ANNOTATION] === 'attestation-manifest') continue;
    if (typeof p?.os !== 'string' || typeof p.architecture !== 'string' || p.os === '' || p.architecture === '') {
      throw new GateError('scan-error', `the image index ${reference} names manifest ${String(entry.digest)} without a platform, so it cannot be scanned by platform`, {
        remedy: 'Set platforms to the platforms to summarise, e.g. platforms: linux/amd64,linux/arm64.',
      });
    }
    const name = formatPlatform({ os: p.os, architecture: p.architecture, ...(typeof p.variant === 'string' && { variant: p.variant }) });
    // The registry's text becomes a Trivy argument: only what an os/arch[/variant] can be.
    if (!PLATFORM.test(name)) throw new GateError('scan-error', `the image index ${reference} names a platform that is not os/arch[/variant]: ${JSON.stringify(name.slice(0, 80))}`);
    if (!platforms.includes(name)) platforms.push(name);
  }
  if (platforms.length === 0) throw new GateError('scan-error', `the image index ${reference} names no image for any platform`);
  return platforms;
}
