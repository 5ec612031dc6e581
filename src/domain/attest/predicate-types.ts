/**
 * The predicate types the gate attaches. The verdict type is ours and stable: a new
 * incompatible shape gets a new URI (…/verdict/v2); schemas/gate-verdict-v1.schema.json is its
 * schema. The other two are the formats existing verifiers already read.
 */
export const GATE_VERDICT_PREDICATE_TYPE = 'https://github.com/acme/container-security-gate/attestations/verdict/v1';
/** cosign's vulnerability scan predicate (`cosign verify-attestation --type vuln`, Kyverno). */
export const COSIGN_VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';
/** OpenVEX statements about the image (`cosign verify-attestation --type openvex`). */
export const OPENVEX_PREDICATE_TYPE = 'https://openvex.dev/ns/v0.2.0';
