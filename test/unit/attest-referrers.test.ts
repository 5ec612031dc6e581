import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attachAttestations, type AttachmentRegistry } from '../../src/adapters/attest/attach.js';
import { createKeySigner } from '../../src/adapters/attest/key-signer.js';
import { attachmentTag } from '../../src/domain/attest/cosign-layout.js';
import { preAuthEncoding } from '../../src/domain/attest/dsse.js';
import { IN_TOTO_PAYLOAD_TYPE, statementAbout } from '../../src/domain/attest/in-toto.js';
import {
  bundleReferrer,
  BUNDLE_PREDICATE_TYPE_ANNOTATION,
  OCI_INDEX_MEDIA_TYPE,
  parseReferrersIndex,
  parseReferrersTagIndex,
  referrersTag,
  SIGSTORE_BUNDLE_V03_MEDIA_TYPE,
  withReferrers,
} from '../../src/domain/attest/referrers-layout.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const SUBJECT_BYTES = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: {}, layers: [] }));
const SUBJECT = sha256(SUBJECT_BYTES);
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** An in-memory registry; `referrersApi` says whether it serves GET /referrers/. */
function memoryRegistry(referrersApi: boolean) {
  const manifests = new Map<string, Buffer>([[SUBJECT, SUBJECT_BYTES]]);
  const puts: string[] = [];
  const registry: Required<AttachmentRegistry> = {
    async getManifest(_repository, reference) {
      return manifests.get(reference);
    },
    async referrers(_repository, digest) {
      if (!referrersApi) return undefined;
      return [...manifests.entries()]
        .filter(([reference, bytes]) => reference.startsWith('sha256:') && (JSON.parse(bytes.toString()) as { subject?: { digest: string } }).subject?.digest === digest)
        .map(([reference, bytes]) => ({ mediaType: OCI_MANIFEST, digest: reference, size: bytes.length }));
    },
    async putBlob(_repository, bytes) {
      puts.push(`blob ${sha256(bytes)}`);
      return { digest: sha256(bytes) };
    },
    async putManifest(_repository, reference, bytes) {
      puts.push(`manifest ${reference}`);
      manifests.set(reference, bytes);
      if (reference.startsWith('sha256-') || !reference.startsWith('sha256:')) manifests.set(sha256(bytes), bytes);
      return { digest: sha256(bytes) };
    },
  };
  return { registry, manifests, puts };
}

const statements = [
  statementAbout({ repository: 'registry.example/acme/app', digest: SUBJECT }, 'https://cosign.sigstore.dev/attestation/vuln/v1', { scanner: {} }),
  statementAbout({ repository: 'registry.example/acme/app', digest: SUBJECT }, 'https://example.com/gate/v1', { verdict: 'pass' }),
];
const request = { repository: 'acme/app', subjectDigest: SUBJECT, statements, sbom: Buffer.from('{"bomFormat":"CycloneDX"}'), now: new Date('2026-11-30T12:00:00.123Z') };

describe('referrers layout', () => {
  it.each([
    ['an OCI index', OCI_INDEX_MEDIA_TYPE, '{"schemaVersion":2,"manifests":[]}', []],
    ['an OCI index with a charset', `${OCI_INDEX_MEDIA_TYPE}; charset=utf-8`, '{"manifests":[{"digest":"sha256:1"}]}', [{ digest: 'sha256:1' }]],
    ['distribution 2.8: 404 page not found', 'text/plain; charset=utf-8', '404 page not found', undefined],
    ['a JSON error', 'application/json', '{"errors":[]}', undefined],
    ['an index whose manifests are no list', OCI_INDEX_MEDIA_TYPE, '{"manifests":{}}', undefined],
    ['not JSON', OCI_INDEX_MEDIA_TYPE, '<html>', undefined],
  ])('parseReferrersIndex: %s', (_what, contentType, body, expected) => {
    expect(parseReferrersIndex(contentType, Buffer.from(body))?.manifests).toEqual(expected);
  });

  it('a bundle referrer names its subject, one bundle layer, the empty config and the predicate type; created is whole seconds', () => {
    const subject = { mediaType: OCI_MANIFEST, digest: SUBJECT, size: SUBJECT_BYTES.length };
    const referrer = bundleReferrer(subject, 'https://example.com/gate/v1', Buffer.from('{}'), new Date('2026-11-30T12:00:00.123Z'));
    const manifest = JSON.parse(referrer.bytes.toString()) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      mediaType: OCI_MANIFEST,
      artifactType: SIGSTORE_BUNDLE_V03_MEDIA_TYPE,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(Buffer.from('{}')), size: 2 },
      layers: [{ mediaType: SIGSTORE_BUNDLE_V03_MEDIA_TYPE, digest: sha256(Buffer.from('{}')), size: 2 }],
      subject,
      annotations: { [BUNDLE_PREDICATE_TYPE_ANNOTATION]: 'https://example.com/gate/v1', 'dev.sigstore.bundle.content': 'dsse-envelope', 'org.opencontainers.image.created': '2026-11-30T12:00:00Z' },
    });
    expect(referrer.digest).toBe(sha256(referrer.bytes));
  });

  it('the referrers tag index keeps what was listed, in order, and adds each referrer once', () => {
    const existing = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE, manifests: [{ mediaType: OCI_MANIFEST, digest: 'sha256:other', size: 1 }] }));
    const index = parseReferrersTagIndex(existing)!;
    const referrer = bundleReferrer({ mediaType: OCI_MANIFEST, digest: SUBJECT, size: 1 }, 'https://example.com/gate/v1', Buffer.from('{}'), new Date());
    const once = withReferrers(index, [referrer]);
    const twice = withReferrers(parseReferrersTagIndex(once.bytes)!, [referrer]);
    const listed = (JSON.parse(twice.bytes.toString()) as { manifests: { digest: string; artifactType?: string }[] }).manifests;
    expect(listed.map((m) => m.digest)).toEqual(['sha256:other', referrer.digest]);
    expect(listed[1]!.artifactType).toBe(SIGSTORE_BUNDLE_V03_MEDIA_TYPE);
    expect(referrersTag(SUBJECT)).toBe(SUBJECT.replace('sha256:', 'sha256-'));
    expect(parseReferrersTagIndex(Buffer.from(JSON.stringify({ mediaType: OCI_MANIFEST, layers: [] })))).toBeUndefined();
    expect(parseReferrersTagIndex(undefined)).toBeUndefined();
  });

  it("the key signer's bundle carries cosign's key hint and an envelope the key verifies", async () => {
    const signed = await createKeySigner(PEM, '').sign(Buffer.from('{"a":1}'));
    const bundle = signed.bundle as { mediaType: string; verificationMaterial: { publicKey: { hint: string } }; dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string; keyid?: string }[] } };
    expect(bundle.mediaType).toBe(SIGSTORE_BUNDLE_V03_MEDIA_TYPE);
    const spki = createPublicKey(keys.privateKey).export({ format: 'der', type: 'spki' });
    expect(bundle.verificationMaterial.publicKey.hint).toBe(createHash('sha256').update(spki).digest('base64'));
    expect(bundle.dsseEnvelope.signatures[0]).not.toHaveProperty('keyid');
    const pae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, Buffer.from(bundle.dsseEnvelope.payload, 'base64'));
    expect(verify('sha256', pae, keys.publicKey, Buffer.from(bundle.dsseEnvelope.signatures[0]!.sig, 'base64'))).toBe(true);
  });
});

describe('attachAttestations picks where attestations live', () => {
  it('referrers API: one bundle referrer per statement (own digest each), an SBOM referrer and the .sbom tag; no .att', async () => {
    const { registry, manifests, puts } = memoryRegistry(true);
    const result = await attachAttestations(registry, createKeySigner(PEM, ''), request);
    expect(result.storage).toBe('referrers');
    expect(new Set(Object.values(result.attestations)).size).toBe(2);
    expect(manifests.has(attachmentTag(SUBJECT, 'att'))).toBe(false);
    expect(manifests.has(attachmentTag(SUBJECT, 'sbom'))).toBe(true);
    expect((await registry.referrers('acme/app', SUBJECT))!).toHaveLength(3);
    for (const [predicateType, digest] of Object.entries(result.attestations)) {
      expect(puts).toContain(`manifest ${digest}`);
      const manifest = JSON.parse(manifests.get(digest)!.toString()) as { subject: { digest: string; size: number; mediaType: string }; annotations: Record<string, string> };
      expect(manifest.subject).toEqual({ mediaType: OCI_MANIFEST, digest: SUBJECT, size: SUBJECT_BYTES.length });
      expect(manifest.annotations[BUNDLE_PREDICATE_TYPE_ANNOTATION]).toBe(predicateType);
    }
  });

  it('no referrers API: the cosign tag layout, as before', async () => {
    const { registry, manifests } = memoryRegistry(false);
    const result = await attachAttestations(registry, createKeySigner(PEM, ''), request);
    expect(result.storage).toBe('tags');
    expect(new Set(Object.values(result.attestations))).toEqual(new Set([sha256(manifests.get(attachmentTag(SUBJECT, 'att'))!)]));
    expect(manifests.has(referrersTag(SUBJECT))).toBe(false);
  });

  it('no referrers API but a referrers tag index exists: the bundles are appended to it', async () => {
    const { registry, manifests } = memoryRegistry(false);
    const theirs = { mediaType: OCI_MANIFEST, digest: `sha256:${'c'.repeat(64)}`, size: 10 };
    manifests.set(referrersTag(SUBJECT), Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE, manifests: [theirs] })));
    const result = await attachAttestations(registry, createKeySigner(PEM, ''), request);
    expect(result.storage).toBe('referrers-tag');
    const index = JSON.parse(manifests.get(referrersTag(SUBJECT))!.toString()) as { manifests: { digest: string }[] };
    expect(index.manifests[0]).toEqual(theirs);
    expect(index.manifests.map((m) => m.digest)).toEqual(expect.arrayContaining(Object.values(result.attestations)));
    expect(index.manifests).toHaveLength(4); // theirs, two bundles, the SBOM
    expect(manifests.has(attachmentTag(SUBJECT, 'att'))).toBe(false);
  });

  it('a subject the registry serves with other bytes is refused', async () => {
    const { registry, manifests } = memoryRegistry(true);
    manifests.set(SUBJECT, Buffer.from('{"mediaType":"x"}'));
    await expect(attachAttestations(registry, createKeySigner(PEM, ''), request)).rejects.toThrow(/other bytes/);
  });
});
