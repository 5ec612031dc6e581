// A complete, offline Sigstore world for tests: a Fulcio-like CA, a leaf certificate carrying
// a GitHub Actions workflow identity (SAN URI + the OIDC-issuer extensions Fulcio writes) and an
// embedded SCT from a certificate-transparency log (RFC 6962 precertificate signature), a
// Rekor-like transparency log key with a signed entry timestamp and a checkpointed inclusion
// proof, a trusted_root.json naming the CA and the log, and bundles (v0.3, message signature,
// hashedrekord 0.0.1) as cosign writes them for a blob. Certificates come from the openssl CLI;
// signatures from node:crypto. Nothing here is copied from sigstore-js: it follows the formats
// (Sigstore protobuf specs, RFC 6962, the transparency-dev checkpoint format).
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const LOG_URL = 'https://rekor.csg-test.example';
const LOG_ORIGIN = 'rekor.csg-test.example - 1193050959916656506';

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64');
const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** JSON with sorted keys and no whitespace (RFC 8785 for the plain values used here). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The element at `offset` of DER: where its contents start and end. */
function derElement(der: Buffer, offset: number): { start: number; end: number } {
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i]!;
    start += bytes;
  }
  return { start, end: start + length };
}

/** Certificate ::= SEQUENCE { tbsCertificate, ... }: the TBS with its own header. */
function tbsCertificate(certificate: Buffer): Buffer {
  const outer = derElement(certificate, 0);
  return certificate.subarray(outer.start, derElement(certificate, outer.start).end);
}

function derOctetString(contents: Buffer): Buffer {
  const length = contents.length < 0x80 ? Buffer.from([contents.length]) : contents.length < 0x100 ? Buffer.from([0x81, contents.length]) : Buffer.from([0x82, contents.length >> 8, contents.length & 0xff]);
  return Buffer.concat([Buffer.from([0x04]), length, contents]);
}

const uint = (value: number | bigint, bytes: number): Buffer => {
  const out = Buffer.alloc(bytes);
  let v = BigInt(value);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};

/** RFC 6962 §3.2–3.3: one v1 SCT for a precertificate entry, TLS-encoded as a SignedCertificateTimestampList. */
function signedCertificateTimestampList(tbs: Buffer, issuerKeyHash: Buffer, logId: Buffer, logKey: KeyObject): Buffer {
  const timestamp = uint(Date.now() - 1000, 8);
  const signed = Buffer.concat([Buffer.from([0, 0]), timestamp, uint(1, 2), issuerKeyHash, uint(tbs.length, 3), tbs, uint(0, 2)]);
  const signature = sign('sha256', signed, logKey);
  const sct = Buffer.concat([Buffer.from([0]), logId, timestamp, uint(0, 2), Buffer.from([4, 3]), uint(signature.length, 2), signature]);
  const entry = Buffer.concat([uint(sct.length, 2), sct]);
  return Buffer.concat([uint(entry.length, 2), entry]);
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export interface SigningCertificate {
  certDer: Buffer;
  certPem: string;
  key: KeyObject;
}

export interface SigstoreWorld {
  trustedRoot: unknown;
  /** A leaf certificate for `identity`, issued by this world's CA (with an SCT unless `sct: false`). */
  issueCertificate(identity: string, options?: { sct?: boolean }): SigningCertificate;
  /** A bundle for `artifact`, signed with `certificate`, logged in this world's transparency log. */
  bundle(artifact: Buffer, certificate: SigningCertificate): string;
  dispose(): void;
}

/** A fresh CA and transparency log; `name` keeps two worlds apart (for a foreign-CA test). */
export function createSigstoreWorld(name = 'csg-test'): SigstoreWorld {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-sigstore-'));
  openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key');
  openssl(dir, 'req', '-x509', '-new', '-key', 'ca.key', '-subj', `/O=${name}/CN=${name}-fulcio`, '-days', '3650', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash');
  const caDer = Buffer.from(new X509Certificate(readFileSync(path.join(dir, 'ca.pem'))).raw);

  const caSpki = new X509Certificate(readFileSync(path.join(dir, 'ca.pem'))).publicKey.export({ type: 'spki', format: 'der' });
  const ct = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctSpki = ct.publicKey.export({ type: 'spki', format: 'der' });
  const ctLogId = sha256(ctSpki);
  const log = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const logSpki = log.publicKey.export({ type: 'spki', format: 'der' });
  const logId = sha256(logSpki);
  const start = new Date(Date.now() - 86_400_000).toISOString();

  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: LOG_URL, hashAlgorithm: 'SHA2_256', publicKey: { rawBytes: b64(logSpki), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } }, logId: { keyId: b64(logId) } }],
    certificateAuthorities: [{ subject: { organization: name, commonName: `${name}-fulcio` }, uri: 'https://fulcio.csg-test.example', certChain: { certificates: [{ rawBytes: b64(caDer) }] }, validFor: { start } }],
    ctlogs: [{ baseUrl: 'https://ctfe.csg-test.example/test', hashAlgorithm: 'SHA2_256', publicKey: { rawBytes: b64(ctSpki), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } }, logId: { keyId: b64(ctLogId) } }],
    timestampAuthorities: [],
  };

  let serial = 0;
  let logIndex = 41;
  return {
    trustedRoot,
    issueCertificate(identity, options = {}) {
      serial += 1;
      const stem = `leaf-${serial}`;
      openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${stem}.key`);
      openssl(dir, 'req', '-new', '-key', `${stem}.key`, '-subj', '/CN=sigstore', '-out', `${stem}.csr`);
      const extensions = [
        'basicConstraints=critical,CA:false',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=codeSigning',
        `subjectAltName=critical,URI:${identity}`,
        'subjectKeyIdentifier=hash',
        'authorityKeyIdentifier=keyid',
        // Fulcio's OIDC issuer: v1 holds the raw string, v2 a DER UTF8String.
        `1.3.6.1.4.1.57264.1.1=DER:${Buffer.from(GITHUB_ISSUER).toString('hex')}`,
        `1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:${GITHUB_ISSUER}`,
      ];
      const issue = (ext: string[], out: string) => {
        writeFileSync(path.join(dir, `${stem}.ext`), `${ext.join('\n')}\n`);
        openssl(dir, 'x509', '-req', '-in', `${stem}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(1000 + serial), '-days', '2', '-extfile', `${stem}.ext`, '-out', out);
        return new X509Certificate(readFileSync(path.join(dir, out)));
      };
      // As Fulcio does: the CT log signs the precertificate (the TBS without the SCT list), then
      // the certificate is issued with the SCT list added as the last extension. Both are signed
      // within the same second so that their validity (and so their TBS) agree; retried if not.
      if (options.sct === false) issue(extensions, `${stem}.pem`);
      for (let attempt = 0; options.sct !== false; attempt++) {
        const pre = issue(extensions, `${stem}.pre.pem`);
        const sctList = signedCertificateTimestampList(tbsCertificate(Buffer.from(pre.raw)), sha256(caSpki), ctLogId, ct.privateKey);
        const octets = derOctetString(sctList);
        const final = issue([...extensions, `1.3.6.1.4.1.11129.2.4.2=DER:${octets.toString('hex')}`], `${stem}.pem`);
        if (final.validFrom === pre.validFrom || attempt === 4) break;
      }
      const certPem = readFileSync(path.join(dir, `${stem}.pem`), 'utf8');
      return { certPem, certDer: Buffer.from(new X509Certificate(certPem).raw), key: createPrivateKey(readFileSync(path.join(dir, `${stem}.key`))) };
    },
    bundle(artifact, certificate) {
      const digest = sha256(artifact);
      const signature = sign('sha256', artifact, certificate.key);
      const body = Buffer.from(
        canonical({
          apiVersion: '0.0.1',
          kind: 'hashedrekord',
          spec: {
            data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
            signature: { content: b64(signature), publicKey: { content: b64(certificate.certPem) } },
          },
        }),
      );
      logIndex += 1;
      // Within the certificate's validity, as Rekor's time is for a real signature.
      const integratedTime = Math.floor(Date.now() / 1000);
      const set = sign('sha256', Buffer.from(canonical({ body: b64(body), integratedTime, logID: logId.toString('hex'), logIndex })), log.privateKey);
      // A one-entry tree: the root is the leaf hash and the proof has no hashes (RFC 6962).
      const rootHash = sha256(Buffer.from([0]), body);
      const note = `${LOG_ORIGIN}\n1\n${b64(rootHash)}\n`;
      const noteSignature = Buffer.concat([logId.subarray(0, 4), sign('sha256', Buffer.from(note), log.privateKey)]);
      const envelope = `${note}\n\u2014 ${new URL(LOG_URL).host} ${b64(noteSignature)}\n`;
      return JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial: {
          certificate: { rawBytes: b64(certificate.certDer) },
          tlogEntries: [
            {
              logIndex: String(logIndex),
              logId: { keyId: b64(logId) },
              kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
              integratedTime: String(integratedTime),
              inclusionPromise: { signedEntryTimestamp: b64(set) },
              inclusionProof: { logIndex: '0', rootHash: b64(rootHash), treeSize: '1', hashes: [], checkpoint: { envelope } },
              canonicalizedBody: b64(body),
            },
          ],
        },
        messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: b64(digest) }, signature: b64(signature) },
      });
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
