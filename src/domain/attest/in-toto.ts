/**
 * in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md):
 * what every attestation the gate signs says, about exactly one subject, the pushed manifest digest.
 */
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** DSSE payloadType of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface InTotoSubject {
  /** The repository the manifest lives in, e.g. `ghcr.io/acme/app` (no tag, no digest). */
  name: string;
  digest: { sha256: string };
}

export interface InTotoStatement<P> {
  _type: typeof IN_TOTO_STATEMENT_V1;
  subject: InTotoSubject[];
  predicateType: string;
  predicate: P;
}

const SHA256_DIGEST = /^sha256:([0-9a-f]{64})$/;

/** `sha256:<hex>` → its hex; anything else is a programming error upstream (digests come from the registry). */
export function sha256Hex(digest: string): string {
  const match = SHA256_DIGEST.exec(digest);
  if (!match) throw new Error(`not a sha256 digest: ${digest}`);
  return match[1]!;
}

export function statementAbout<P>(subject: { repository: string; digest: string }, predicateType: string, predicate: P): InTotoStatement<P> {
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ name: subject.repository, digest: { sha256: sha256Hex(subject.digest) } }],
    predicateType,
    predicate,
  };
}
