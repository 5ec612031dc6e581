import { createHash } from 'node:crypto';
import { sha256Hex } from './in-toto.js';

/*
 * How cosign finds what hangs off an image on a registry without the OCI 1.1 referrers API
 * (distribution 2.8, and cosign's own default lookup when no Sigstore bundle is a referrer):
 * a tag derived from the subject digest, `sha256-<hex>.att` for attestations and
 * `sha256-<hex>.sbom` for an SBOM, naming an OCI image manifest whose layers are the attached
 * things. Attestation layers are DSSE envelopes (`application/vnd.dsse.envelope.v1+json`)
 * annotated with their `predicateType` and an empty `dev.cosignproject.cosign/signature`
 * (the signature is inside the envelope); keyless ones also carry the Fulcio certificate, its
 * chain and the Rekor bundle as annotations. `cosign verify-attestation` reads every layer,
 * checks the envelope's signature and that the statement's subject is the image digest.
 */

export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG_MEDIA_TYPE = 'application/vnd.oci.image.config.v1+json';
export const DSSE_ENVELOPE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
export const CYCLONEDX_JSON_MEDIA_TYPE = 'application/vnd.cyclonedx+json';

export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
export const COSIGN_CHAIN_ANNOTATION = 'dev.sigstore.cosign/chain';
export const COSIGN_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';
export const PREDICATE_TYPE_ANNOTATION = 'predicateType';

export type AttachmentKind = 'att' | 'sbom';

/** `sha256:<hex>` → `sha256-<hex>.att`: the tag cosign looks up for that digest. */
export function attachmentTag(subjectDigest: string, kind: AttachmentKind): string {
  return `sha256-${sha256Hex(subjectDigest)}.${kind}`;
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface Blob {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

/** A manifest ready to upload: its blobs first, then the manifest under the attachment tag. */
export interface AttachmentManifest {
  tag: string;
  mediaType: typeof OCI_MANIFEST_MEDIA_TYPE;
  bytes: Buffer;
  digest: string;
  blobs: Blob[];
  layers: Descriptor[];
}

export interface AttachmentLayer {
  mediaType: string;
  bytes: Buffer;
  annotations?: Record<string, string>;
}

function describe(layer: AttachmentLayer): { descriptor: Descriptor; blob: Blob } {
  const digest = sha256Digest(layer.bytes);
  const descriptor: Descriptor = { mediaType: layer.mediaType, digest, size: layer.bytes.length };
  if (layer.annotations && Object.keys(layer.annotations).length > 0) descriptor.annotations = { ...layer.annotations };
  return { descriptor, blob: { digest, mediaType: layer.mediaType, bytes: layer.bytes } };
}

/**
 * The manifest for `layers` under `<digest>.<kind>`. `kept` are layers of an existing
 * attachment manifest to carry over (other tools' attestations on the same digest): they
 * stay first, in their order. The config is the minimal image config cosign writes for its
 * static images (rootfs diff_ids = the layer digests; layers are not compressed).
 */
export function attachmentManifest(subjectDigest: string, kind: AttachmentKind, layers: AttachmentLayer[], kept: Descriptor[] = []): AttachmentManifest {
  const described = layers.map(describe);
  const all = [...kept, ...described.map((d) => d.descriptor)];
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      os: '',
      config: {},
      rootfs: { type: 'layers', diff_ids: all.map((l) => l.digest) },
    }),
  );
  const configDigest = sha256Digest(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_MEDIA_TYPE,
      config: { mediaType: OCI_CONFIG_MEDIA_TYPE, size: config.length, digest: configDigest },
      layers: all,
    }),
  );
  return {
    tag: attachmentTag(subjectDigest, kind),
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    bytes: manifest,
    digest: sha256Digest(manifest),
    blobs: [...described.map((d) => d.blob), { digest: configDigest, mediaType: OCI_CONFIG_MEDIA_TYPE, bytes: config }],
    layers: all,
  };
}

/**
 * The layers of an existing `.att` manifest that this run does not replace: attestations of
 * other predicate types (another tool's SLSA provenance) survive; ours are replaced, like
 * `cosign attest --replace`. Unparseable manifests keep nothing (fail towards our own).
 */
export function layersToKeep(existingManifest: Buffer | undefined, replacedPredicateTypes: readonly string[]): Descriptor[] {
  if (!existingManifest) return [];
  let parsed: { layers?: unknown };
  try {
    parsed = JSON.parse(existingManifest.toString('utf8')) as { layers?: unknown };
  } catch {
    return [];
  }
  if (!Array.isArray(parsed.layers)) return [];
  const replaced = new Set(replacedPredicateTypes);
  return (parsed.layers as Descriptor[]).filter(
    (l) =>
      l && typeof l.digest === 'string' && typeof l.mediaType === 'string' && typeof l.size === 'number' &&
      !replaced.has(l.annotations?.[PREDICATE_TYPE_ANNOTATION] ?? ''),
  );
}
