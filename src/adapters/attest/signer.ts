import type { DsseEnvelope } from '../../domain/attest/dsse.js';

/** What a signed attestation becomes on the registry: the envelope and, keyless, its proof of identity. */
export interface SignedAttestation {
  envelope: DsseEnvelope;
  /**
   * The envelope exactly as the transparency log hashed it (keyless): cosign matches the
   * layer's bytes against the log entry's envelope hash, so they are stored unchanged.
   */
  envelopeBytes?: Buffer;
  /** Keyless: the Fulcio leaf certificate (PEM) and the rest of its chain (PEM, may be empty). */
  certificate?: { leaf: string; chain: string };
  /** Keyless: Rekor's promise of inclusion, in the shape cosign reads from the `dev.sigstore.cosign/bundle` annotation. */
  rekorBundle?: unknown;
  /**
   * The whole Sigstore bundle v0.3 (JSON form), for verifiers that read bundles (OCI 1.1
   * referrers): keyless from sigstore-js, key-signed with the key's hint as cosign writes it.
   */
  bundle?: unknown;
}

/** Signs in-toto statements as DSSE envelopes (payloadType application/vnd.in-toto+json). */
export interface AttestationSigner {
  readonly mode: 'key' | 'keyless';
  sign(statement: Buffer): Promise<SignedAttestation>;
}
