import { CYCLONEDX_JSON_MEDIA_TYPE, OCI_MANIFEST_MEDIA_TYPE, sha256Digest, type Blob, type Descriptor } from './cosign-layout.js';
import type { DsseEnvelope } from './dsse.js';

/*
 * How attestations hang off an image on a registry with the OCI 1.1 referrers API
 * (`GET /v2/<name>/referrers/<digest>`): each one is its own OCI image manifest whose
 * `subject` is the image manifest, pushed by digest (no tag). This is the form cosign v3
 * writes with its default (new) bundle format and reads first in `verify-attestation`:
 * `artifactType` application/vnd.dev.sigstore.bundle.v0.3+json, the empty config, exactly
 * one layer holding a Sigstore bundle v0.3 (JSON) whose content is the DSSE envelope, and the
 * predicate type in the `dev.sigstore.bundle.predicateType` annotation (`cosign tree` groups
 * by it). When cosign finds such bundles for a digest it verifies only those, so on these
 * registries every attestation the gate writes is a bundle referrer.
 *
 * The SBOM becomes a referrer too, in the form OCI 1.1 consumers look for (Trivy's
 * `--sbom-sources oci`): artifactType application/vnd.cyclonedx+json, one CycloneDX layer.
 */

export const SIGSTORE_BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
export const OCI_EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
export const OCI_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const BUNDLE_PREDICATE_TYPE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
export const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content';
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';

/** The OCI empty descriptor's content: `{}`. */
const EMPTY_CONFIG = Buffer.from('{}');

/** A referrer manifest ready to upload: its blobs first, then the manifest by its own digest. */
export interface ReferrerManifest {
  mediaType: typeof OCI_MANIFEST_MEDIA_TYPE;
  artifactType: string;
  annotations: Record<string, string>;
  bytes: Buffer;
  digest: string;
  blobs: Blob[];
}

/**
 * The manifest of one artifact about `subject`. The field order is fixed so the same content
 * always makes the same digest; `created` is the only thing that differs between runs.
 */
export function referrerManifest(args: {
  subject: Descriptor;
  artifactType: string;
  layer: { mediaType: string; bytes: Buffer };
  annotations: Record<string, string>;
}): ReferrerManifest {
  const layerDigest = sha256Digest(args.layer.bytes);
  const configDigest = sha256Digest(EMPTY_CONFIG);
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_MEDIA_TYPE,
      artifactType: args.artifactType,
      config: { mediaType: OCI_EMPTY_MEDIA_TYPE, digest: configDigest, size: EMPTY_CONFIG.length },
      layers: [{ mediaType: args.layer.mediaType, digest: layerDigest, size: args.layer.bytes.length }],
      subject: { mediaType: args.subject.mediaType, digest: args.subject.digest, size: args.subject.size },
      annotations: args.annotations,
    }),
  );
  return {
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    artifactType: args.artifactType,
    annotations: args.annotations,
    bytes,
    digest: sha256Digest(bytes),
    blobs: [
      { digest: layerDigest, mediaType: args.layer.mediaType, bytes: args.layer.bytes },
      { digest: configDigest, mediaType: OCI_EMPTY_MEDIA_TYPE, bytes: EMPTY_CONFIG },
    ],
  };
}

/** A signed statement as a Sigstore bundle referrer of `subject`. */
export function bundleReferrer(subject: Descriptor, predicateType: string, bundle: Buffer, created: Date): ReferrerManifest {
  return referrerManifest({
    subject,
    artifactType: SIGSTORE_BUNDLE_V03_MEDIA_TYPE,
    layer: { mediaType: SIGSTORE_BUNDLE_V03_MEDIA_TYPE, bytes: bundle },
    annotations: {
      [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope',
      [BUNDLE_PREDICATE_TYPE_ANNOTATION]: predicateType,
      [CREATED_ANNOTATION]: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  });
}

/** The CycloneDX SBOM as a referrer of `subject`. */
export function sbomReferrer(subject: Descriptor, sbom: Buffer, created: Date): ReferrerManifest {
  return referrerManifest({
    subject,
    artifactType: CYCLONEDX_JSON_MEDIA_TYPE,
    layer: { mediaType: CYCLONEDX_JSON_MEDIA_TYPE, bytes: sbom },
    annotations: { [CREATED_ANNOTATION]: created.toISOString().replace(/\.\d{3}Z$/, 'Z') },
  });
}

/**
 * Sigstore bundle v0.3 (JSON form) for an envelope signed with a plain key, as cosign writes
 * it: the verification material is only a hint naming the key (base64 of the SHA-256 of its
 * SPKI DER); the verifier brings the key itself. No transparency log entry.
 */
export function keySignedBundle(envelope: DsseEnvelope, publicKeyHint: string): unknown {
  return {
    mediaType: SIGSTORE_BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: publicKeyHint } },
    dsseEnvelope: {
      payload: envelope.payload,
      payloadType: envelope.payloadType,
      // proto3 JSON leaves out the empty keyid.
      signatures: envelope.signatures.map((s) => (s.keyid ? { sig: s.sig, keyid: s.keyid } : { sig: s.sig })),
    },
  };
}

/**
 * Whether a referrers answer is the API's (an OCI index): registries without the API answer
 * 404 (distribution 2.8: "404 page not found"), 400, 405 or 406, or some other body.
 */
export function parseReferrersIndex(contentType: string | undefined, bytes: Buffer): { manifests: Descriptor[] } | undefined {
  if ((contentType ?? '').split(';')[0]!.trim() !== OCI_INDEX_MEDIA_TYPE) return undefined;
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { manifests?: unknown };
    if (parsed.manifests !== undefined && parsed.manifests !== null && !Array.isArray(parsed.manifests)) return undefined;
    return { manifests: (parsed.manifests ?? []) as Descriptor[] };
  } catch {
    return undefined;
  }
}

/**
 * The referrers tag schema (OCI distribution spec 1.1, for registries without the API): an
 * OCI index under the tag `sha256-<hex>` listing the referrers of that digest. cosign v3's
 * default `attest` writes it on such registries, and `verify-attestation` then reads only the
 * bundles it lists, so once it exists the gate's attestations must be listed there too.
 */
export function referrersTag(subjectDigest: string): string {
  return subjectDigest.replace(':', '-');
}

/** An existing referrers tag index, or undefined when `bytes` is no OCI index. */
export function parseReferrersTagIndex(bytes: Buffer | undefined): { manifests: Descriptor[]; raw: Record<string, unknown> } | undefined {
  if (!bytes) return undefined;
  try {
    const raw = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    if (raw.mediaType !== OCI_INDEX_MEDIA_TYPE || !Array.isArray(raw.manifests)) return undefined;
    return { manifests: raw.manifests as Descriptor[], raw };
  } catch {
    return undefined;
  }
}

/** The index with `added` appended (what was listed stays, in order; nothing twice). */
export function withReferrers(index: { manifests: Descriptor[]; raw: Record<string, unknown> }, added: readonly ReferrerManifest[]): { bytes: Buffer; digest: string } {
  const listed = new Set(index.manifests.map((d) => d.digest));
  const descriptors = added
    .filter((r) => !listed.has(r.digest))
    .map((r) => ({ mediaType: r.mediaType, digest: r.digest, size: r.bytes.length, artifactType: r.artifactType, annotations: r.annotations }));
  const bytes = Buffer.from(JSON.stringify({ ...index.raw, manifests: [...index.manifests, ...descriptors] }));
  return { bytes, digest: sha256Digest(bytes) };
}
