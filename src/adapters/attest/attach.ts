import {
  attachmentManifest,
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
} from '../../domain/attest/cosign-layout.js';
import type { InTotoStatement } from '../../domain/attest/in-toto.js';
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
  /** Uploads one blob (skipped when the registry has it). */
  putBlob(repository: string, bytes: Buffer, mediaType: string): Promise<{ digest: string }>;
  /** PUTs the manifest; resolves with the digest the registry reports. */
  putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<{ digest: string }>;
}

export interface AttachRequest {
  repository: string;
  /** The pushed manifest digest every statement is about. */
  subjectDigest: string;
  statements: InTotoStatement<unknown>[];
  /** CycloneDX JSON of the same image, or undefined to attach none. */
  sbom: Buffer | undefined;
}

export interface AttachResult {
  /** predicate type → digest of the `.att` manifest that holds it. */
  attestations: Record<string, string>;
  /** digest of the `.sbom` manifest, when one was attached. */
  sbom: string | undefined;
  signed: SignedAttestation[];
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

async function upload(registry: AttachmentRegistry, repository: string, manifest: AttachmentManifest): Promise<string> {
  // Blobs first, then the manifest: a registry refuses a manifest whose blobs it lacks.
  await Promise.all(
    manifest.blobs.map(async (blob) => {
      const stored = await registry.putBlob(repository, blob.bytes, blob.mediaType);
      if (stored.digest !== blob.digest) throw new Error(`the registry stored a blob as ${stored.digest}, not ${blob.digest}`);
    }),
  );
  const { digest } = await registry.putManifest(repository, manifest.tag, manifest.bytes, manifest.mediaType);
  if (digest !== manifest.digest) {
    throw new Error(`the registry stored the attachment manifest ${manifest.tag} as ${digest}, not ${manifest.digest}`);
  }
  return digest;
}

/**
 * Signs every statement, then stores them under cosign's tags next to the subject digest.
 * Nothing about target tags happens here: the caller creates them only after this returns.
 */
export async function attachAttestations(registry: AttachmentRegistry, signer: AttestationSigner, request: AttachRequest): Promise<AttachResult> {
  const signed = await Promise.all(request.statements.map((statement) => signer.sign(Buffer.from(JSON.stringify(statement)))));

  const predicateTypes = request.statements.map((s) => s.predicateType);
  const layers = request.statements.map((s, i) => attestationLayer(s.predicateType, signed[i]!));
  const attachAtt = async (): Promise<string> => {
    const existing = await registry.getManifest?.(request.repository, attachmentManifest(request.subjectDigest, 'att', []).tag);
    const att = attachmentManifest(request.subjectDigest, 'att', layers, layersToKeep(existing, predicateTypes));
    return upload(registry, request.repository, att);
  };
  // `cosign download sbom` reads one layer: this SBOM replaces any earlier one.
  const sbomBytes = request.sbom;
  const attachSbom = async (): Promise<string | undefined> =>
    sbomBytes ? upload(registry, request.repository, attachmentManifest(request.subjectDigest, 'sbom', [{ mediaType: CYCLONEDX_JSON_MEDIA_TYPE, bytes: sbomBytes }])) : undefined;
  const [attDigest, sbomDigest] = await Promise.all([attachAtt(), attachSbom()]);
  return { attestations: Object.fromEntries(predicateTypes.map((t) => [t, attDigest])), sbom: sbomDigest, signed };
}
