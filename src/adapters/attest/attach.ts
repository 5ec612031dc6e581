import {
  attachmentManifest,
  attachmentTag,
  COSIGN_BUNDLE_ANNOTATION,
  COSIGN_CERTIFICATE_ANNOTATION,
  COSIGN_CHAIN_ANNOTATION,
  COSIGN_SIGNATURE_ANNOTATION,
  CYCLONEDX_JSON_MEDIA_TYPE,
  DSSE_ENVELOPE_MEDIA_TYPE,
  layersToKeep,
  PREDICATE_TYPE_ANNOTATION,
  type AttachmentLayer,
  type AttachmentManifest,
  type Descriptor,
  sha256Digest,
} from '../../domain/attest/cosign-layout.js';
import type { InTotoStatement } from '../../domain/attest/in-toto.js';
import {
  bundleReferrer,
  OCI_INDEX_MEDIA_TYPE,
  parseReferrersTagIndex,
  referrersTag,
  sbomReferrer,
  withReferrers,
  type ReferrerManifest,
} from '../../domain/attest/referrers-layout.js';
import type { AttestationSigner, SignedAttestation } from './signer.js';

/**
 * The registry operations attaching needs, on one repository. The pipeline wires the
 * registry client the push uses; the manifest bytes are uploaded exactly as built.
 */
export interface AttachmentRegistry {
  /**
   * The manifest bytes under `reference`, or undefined when there is none (404). Optional:
   * without it an existing `.att` of other tools is replaced rather than extended.
   */
  getManifest?(repository: string, reference: string): Promise<Buffer | undefined>;
  /**
   * The referrers of `digest` (`GET /v2/<repo>/referrers/<digest>`), or undefined when the
   * registry has no referrers API. Optional: without it attachments use cosign's tags.
   */
  referrers?(repository: string, digest: string): Promise<Descriptor[] | undefined>;
  /** Uploads one blob (skipped when the registry has it). */
  putBlob(repository: string, bytes: Buffer, mediaType: string): Promise<{ digest: string }>;
  /** PUTs the manifest; resolves with the digest the registry reports. */
  putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<{ digest: string }>;
}

export type AttachmentStorage = 'referrers' | 'referrers-tag' | 'tags';

export interface AttachRequest {
  repository: string;
  /** The pushed manifest digest every statement is about. */
  subjectDigest: string;
  statements: InTotoStatement<unknown>[];
  /** CycloneDX JSON of the same image, or undefined to attach none. */
  sbom: Buffer | undefined;
  /** The subject manifest's media type and size, when known; otherwise read from the registry. */
  subjectDescriptor?: Descriptor;
  /** For the referrers' `created` annotation. */
  now?: Date;
}

export interface AttachResult {
  /** predicate type → digest of the manifest that holds it (the `.att` manifest, or its own referrer). */
  attestations: Record<string, string>;
  /** digest of the `.sbom` manifest, when one was attached. */
  sbom: string | undefined;
  signed: SignedAttestation[];
  /**
   * `referrers`: OCI 1.1 referrers of the subject (the registry's API); `referrers-tag`: the
   * same referrers, listed in the `sha256-<hex>` index of the referrers tag schema that
   * another tool started; `tags`: cosign's `sha256-<hex>.att`/`.sbom` tags.
   */
  storage: AttachmentStorage;
}

function attestationLayer(predicateType: string, signed: SignedAttestation): AttachmentLayer {
  const annotations: Record<string, string> = { [COSIGN_SIGNATURE_ANNOTATION]: '', [PREDICATE_TYPE_ANNOTATION]: predicateType };
  if (signed.certificate) {
    annotations[COSIGN_CERTIFICATE_ANNOTATION] = signed.certificate.leaf;
    annotations[COSIGN_CHAIN_ANNOTATION] = signed.certificate.chain;
  }
  if (signed.rekorBundle !== undefined) annotations[COSIGN_BUNDLE_ANNOTATION] = JSON.stringify(signed.rekorBundle);
  return { mediaType: DSSE_ENVELOPE_MEDIA_TYPE, bytes: signed.envelopeBytes ?? Buffer.from(JSON.stringify(signed.envelope)), annotations };
}

async function uploadBlobs(registry: AttachmentRegistry, repository: string, blobs: readonly { digest: string; bytes: Buffer; mediaType: string }[]): Promise<void> {
  await Promise.all(
    blobs.map(async (blob) => {
      const stored = await registry.putBlob(repository, blob.bytes, blob.mediaType);
      if (stored.digest !== blob.digest) throw new Error(`the registry stored a blob as ${stored.digest}, not ${blob.digest}`);
    }),
  );
}

async function upload(registry: AttachmentRegistry, repository: string, manifest: AttachmentManifest | ReferrerManifest): Promise<string> {
  // Blobs first, then the manifest: a registry refuses a manifest whose blobs it lacks.
  await uploadBlobs(registry, repository, manifest.blobs);
  // A referrer is pushed by its own digest: it never takes a tag.
  const reference = 'tag' in manifest ? manifest.tag : manifest.digest;
  const { digest } = await registry.putManifest(repository, reference, manifest.bytes, manifest.mediaType);
  if (digest !== manifest.digest) {
    throw new Error(`the registry stored the attachment manifest ${reference} as ${digest}, not ${manifest.digest}`);
  }
  return digest;
}

/** The subject as a referrer names it: media type and size from the manifest the registry serves. */
async function subjectDescriptor(registry: AttachmentRegistry, request: AttachRequest): Promise<Descriptor | undefined> {
  if (request.subjectDescriptor) return request.subjectDescriptor;
  const bytes = await registry.getManifest?.(request.repository, request.subjectDigest);
  if (!bytes) return undefined;
  if (sha256Digest(bytes) !== request.subjectDigest) throw new Error(`the registry served other bytes for ${request.subjectDigest}`);
  const { mediaType } = JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown };
  if (typeof mediaType !== 'string') throw new Error(`the manifest ${request.subjectDigest} names no mediaType`);
  return { mediaType, digest: request.subjectDigest, size: bytes.length };
}

/**
 * cosign's tag layout (registries without the referrers API): all statements as layers of
 * one `sha256-<hex>.att` manifest — keeping the layers other tools put there — and the SBOM
 * under `sha256-<hex>.sbom`.
 */
async function attachUnderTags(
  registry: AttachmentRegistry,
  request: AttachRequest,
  signed: SignedAttestation[],
  existing: Buffer | undefined,
): Promise<Omit<AttachResult, 'signed' | 'storage'>> {
  const predicateTypes = request.statements.map((s) => s.predicateType);
  const layers = request.statements.map((s, i) => attestationLayer(s.predicateType, signed[i]!));
  const attachAtt = async (): Promise<string> => {
    const att = attachmentManifest(request.subjectDigest, 'att', layers, layersToKeep(existing, predicateTypes));
    return upload(registry, request.repository, att);
  };
  // `cosign download sbom` reads one layer: this SBOM replaces any earlier one.
  const sbomBytes = request.sbom;
  const attachSbom = async (): Promise<string | undefined> =>
    sbomBytes ? upload(registry, request.repository, attachmentManifest(request.subjectDigest, 'sbom', [{ mediaType: CYCLONEDX_JSON_MEDIA_TYPE, bytes: sbomBytes }])) : undefined;
  const [attDigest, sbomDigest] = await Promise.all([attachAtt(), attachSbom()]);
  return { attestations: Object.fromEntries(predicateTypes.map((t) => [t, attDigest])), sbom: sbomDigest };
}

/**
 * OCI 1.1 referrers: each statement its own Sigstore bundle referrer of the subject. Other
 * tools' referrers are separate manifests and stay untouched. The SBOM becomes a referrer and
 * also keeps its `.sbom` tag, which is the only place `cosign download sbom` looks.
 */
async function attachAsReferrers(
  registry: AttachmentRegistry,
  request: AttachRequest,
  signed: SignedAttestation[],
  subject: Descriptor,
): Promise<Omit<AttachResult, 'signed' | 'storage'> & { referrers: ReferrerManifest[] }> {
  const now = request.now ?? new Date();
  const referrers = request.statements.map((statement, i) => {
    const bundle = signed[i]!.bundle;
    if (bundle === undefined) throw new Error(`the ${signed[i]!.envelope.payloadType} signature came without a Sigstore bundle`);
    return bundleReferrer(subject, statement.predicateType, Buffer.from(JSON.stringify(bundle)), now);
  });
  const sbomBytes = request.sbom;
  const sbom = sbomBytes ? sbomReferrer(subject, sbomBytes, now) : undefined;
  const [digests, sbomDigest] = await Promise.all([
    Promise.all(referrers.map((referrer) => upload(registry, request.repository, referrer))),
    sbomBytes
      ? Promise.all([
          upload(registry, request.repository, attachmentManifest(request.subjectDigest, 'sbom', [{ mediaType: CYCLONEDX_JSON_MEDIA_TYPE, bytes: sbomBytes }])),
          upload(registry, request.repository, sbom!),
        ]).then(([tagged]) => tagged)
      : undefined,
  ]);
  return {
    attestations: Object.fromEntries(request.statements.map((s, i) => [s.predicateType, digests[i]!])),
    sbom: sbomDigest,
    referrers: sbom ? [...referrers, sbom] : referrers,
  };
}

type Storage =
  | { kind: 'referrers'; subject: Descriptor }
  | { kind: 'referrers-tag'; subject: Descriptor; index: NonNullable<ReturnType<typeof parseReferrersTagIndex>> }
  /** `existing`: the `.att` manifest already there, whose other attestations are kept. */
  | { kind: 'tags'; existing: Buffer | undefined };

/**
 * Referrers where the registry serves the API. Without it, cosign's tags — unless the
 * referrers tag schema's `sha256-<hex>` index already exists for the digest (cosign v3's
 * default `attest` writes it): cosign then reads only the bundles listed there, so the gate's
 * join them. Asked after the subject was pushed: a registry may answer 404 for a repository
 * it does not know yet.
 */
async function chooseStorage(registry: AttachmentRegistry, request: AttachRequest): Promise<Storage> {
  // Three independent reads at once: a run on a registry without the API needs all of them.
  const [listed, tagIndex, att] = await Promise.all([
    registry.referrers?.(request.repository, request.subjectDigest),
    registry.getManifest?.(request.repository, referrersTag(request.subjectDigest)),
    registry.getManifest?.(request.repository, attachmentTag(request.subjectDigest, 'att')),
  ]);
  const index = listed ? undefined : parseReferrersTagIndex(tagIndex);
  if (listed || index) {
    const subject = await subjectDescriptor(registry, request);
    if (subject && listed) return { kind: 'referrers', subject };
    if (subject && index) return { kind: 'referrers-tag', subject, index };
  }
  return { kind: 'tags', existing: att };
}

/**
 * Signs every statement, then stores them next to the subject digest: as OCI 1.1 referrers
 * where the registry serves the referrers API, otherwise under cosign's tags.
 * Nothing about target tags happens here: the caller creates them only after this returns.
 */
export async function attachAttestations(registry: AttachmentRegistry, signer: AttestationSigner, request: AttachRequest): Promise<AttachResult> {
  const [signed, storage] = await Promise.all([
    Promise.all(request.statements.map((statement) => signer.sign(Buffer.from(JSON.stringify(statement))))),
    chooseStorage(registry, request),
  ]);
  if (storage.kind === 'tags') return { ...(await attachUnderTags(registry, request, signed, storage.existing)), signed, storage: 'tags' };
  const { referrers, ...attached } = await attachAsReferrers(registry, request, signed, storage.subject);
  if (storage.kind === 'referrers-tag') {
    // Read again just before writing: the window in which another writer's entry could be lost stays small.
    const latest = parseReferrersTagIndex(await registry.getManifest?.(request.repository, referrersTag(request.subjectDigest))) ?? storage.index;
    const index = withReferrers(latest, referrers);
    const { digest } = await registry.putManifest(request.repository, referrersTag(request.subjectDigest), index.bytes, OCI_INDEX_MEDIA_TYPE);
    if (digest !== index.digest) throw new Error(`the registry stored the referrers index ${referrersTag(request.subjectDigest)} as ${digest}, not ${index.digest}`);
  }
  return { ...attached, signed, storage: storage.kind };
}
