// Loopback stand-ins for the three services keyless signing talks to, written from their
// published API descriptions, with keys and a trusted root generated per test run:
// - GitHub's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL): GET ?audience= with
//   `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN` → {"value": "<JWT>"};
// - Fulcio v2 (fulcio.proto, POST /api/v2/signingCert): checks the JWT and the proof of
//   possession (the subject claim signed by the requested key), issues a short-lived leaf with
//   the workflow identity as SAN URI and the issuer extensions (1.3.6.1.4.1.57264.1.1 / .1.8);
//   answers signedCertificateEmbeddedSct.chain.certificates (PEM, leaf first);
// - Rekor v1 (openapi.yaml, POST /api/v1/log/entries, kind dsse 0.0.1): stores the canonical
//   entry body and answers the LogEntry map {uuid: {body, integratedTime, logID, logIndex,
//   verification: {signedEntryTimestamp, inclusionProof{checkpoint, hashes, logIndex, rootHash, treeSize}}}}.
// @peculiar/x509 (certificates for the test CA) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, webcrypto, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

export const ISSUER = 'https://token.actions.githubusercontent.com';
export const WORKFLOW_IDENTITY = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';

export interface SigstoreStandins {
  oidcUrl: string;
  fulcioUrl: string;
  rekorUrl: string;
  /** The bearer the runner hands the job (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string;
  /** Every OIDC token handed out, to check none leaks. */
  issuedTokens: string[];
  /** TrustedRoot (protobuf-specs JSON) trusting exactly this Fulcio CA and Rekor key. */
  trustedRoot: unknown;
  requests: { service: string; path: string }[];
  /** Make Fulcio refuse the next certificate request (HTTP 401 from the stand-in). */
  refuseNextCertificate(): void;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 13, message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startSigstoreStandins(): Promise<SigstoreStandins> {
  const requests: SigstoreStandins['requests'] = [];
  const issuedTokens: string[] = [];
  const requestToken = `csg-oidc-request-canary-${Date.now()}`;
  let refuseNext = false;

  // The OIDC issuer's key signs JWTs (ES256); Fulcio trusts it.
  const issuerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rekorKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rekorSpki = rekorKeys.publicKey.export({ format: 'der', type: 'spki' });
  const logId = createHash('sha256').update(rekorSpki).digest();
  const caKeys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=csg-test-fulcio, O=csg-test',
    notBefore,
    notAfter: new Date(Date.now() + 24 * 60 * 60 * 1000),
    keys: caKeys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });

  const oidc = await listen(async (req, res) => {
    requests.push({ service: 'oidc', path: req.url ?? '' });
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization !== `Bearer ${requestToken}`) return json(res, 401, { message: 'bad request token' });
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }));
    const claims = b64url(
      JSON.stringify({ iss: ISSUER, aud: url.searchParams.get('audience'), sub: 'repo:acme/app:ref:refs/heads/main', job_workflow_ref: WORKFLOW_IDENTITY.slice('https://github.com/'.length), iat: now, exp: now + 300 }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key: issuerKeys.privateKey, dsaEncoding: 'ieee-p1363' });
    const token = `${header}.${claims}.${b64url(signature)}`;
    issuedTokens.push(token);
    json(res, 200, { value: token });
  });

  const fulcio = await listen(async (req, res) => {
    requests.push({ service: 'fulcio', path: req.url ?? '' });
    if (req.method !== 'POST' || req.url !== '/api/v2/signingCert') return json(res, 404, { code: 5, message: 'not found' });
    const body = JSON.parse(await readBody(req)) as {
      credentials: { oidcIdentityToken: string };
      publicKeyRequest: { publicKey: { algorithm: string; content: string }; proofOfPossession: string };
    };
    if (refuseNext) {
      refuseNext = false;
      return json(res, 401, { code: 16, message: 'The OIDC token was refused by the stand-in' });
    }
    const [h, c, s] = body.credentials.oidcIdentityToken.split('.');
    const tokenOk = verify('sha256', Buffer.from(`${h}.${c}`), { key: issuerKeys.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s!, 'base64url'));
    const claims = JSON.parse(Buffer.from(c!, 'base64url').toString()) as { aud: string; sub: string; exp: number };
    if (!tokenOk || claims.aud !== 'sigstore' || claims.exp < Date.now() / 1000) return json(res, 401, { code: 16, message: 'invalid token' });
    const requested: KeyObject = createPublicKey(body.publicKeyRequest.publicKey.content);
    if (!verify('sha256', Buffer.from(claims.sub), requested, Buffer.from(body.publicKeyRequest.proofOfPossession, 'base64'))) {
      return json(res, 400, { code: 3, message: 'proof of possession failed' });
    }
    const publicKey = await webcrypto.subtle.importKey('spki', requested.export({ format: 'der', type: 'spki' }), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: Date.now().toString(16),
      subject: '',
      issuer: caCert.subject,
      notBefore: new Date(Date.now() - 1000),
      notAfter: new Date(Date.now() + 10 * 60 * 1000),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.3']),
        new x509.SubjectAlternativeNameExtension([{ type: 'url', value: WORKFLOW_IDENTITY }], true),
        new x509.Extension('1.3.6.1.4.1.57264.1.1', false, Buffer.from(ISSUER)),
        // v2 issuer: a DER UTF8String.
        new x509.Extension('1.3.6.1.4.1.57264.1.8', false, Buffer.concat([Buffer.from([0x0c, ISSUER.length]), Buffer.from(ISSUER)])),
      ],
    });
    json(res, 201, { signedCertificateEmbeddedSct: { chain: { certificates: [leaf.toString('pem'), caCert.toString('pem')] } } });
  });

  const rekor = await listen(async (req, res) => {
    requests.push({ service: 'rekor', path: req.url ?? '' });
    if (req.method !== 'POST' || req.url !== '/api/v1/log/entries') return json(res, 404, { code: 404, message: 'not found' });
    const proposed = JSON.parse(await readBody(req)) as { apiVersion: string; kind: string; spec: { proposedContent: { envelope: string; verifiers: string[] } } };
    if (proposed.kind !== 'dsse' || proposed.apiVersion !== '0.0.1') return json(res, 400, { code: 400, message: `unsupported ${proposed.kind}/${proposed.apiVersion}` });
    const envelopeText = proposed.spec.proposedContent.envelope;
    const envelope = JSON.parse(envelopeText) as { payload: string; signatures: { sig: string }[] };
    const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
    const entry = {
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: sha(envelopeText) },
        payloadHash: { algorithm: 'sha256', value: sha(Buffer.from(envelope.payload, 'base64')) },
        signatures: envelope.signatures.map((s, i) => ({ signature: s.sig, verifier: proposed.spec.proposedContent.verifiers[i] ?? proposed.spec.proposedContent.verifiers[0] })),
      },
    };
    const body = Buffer.from(canonicalJson(entry)).toString('base64');
    const integratedTime = Math.floor(Date.now() / 1000);
    // A log of one entry per request: index 0 of a tree of size 1, root = leaf hash.
    const rootHash = createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(body, 'base64')])).digest();
    const set = sign('sha256', Buffer.from(canonicalJson({ body, integratedTime, logIndex: 0, logID: logId.toString('hex') })), rekorKeys.privateKey);
    // Rekor v1's checkpoint origin is `<host> - <numeric tree ID>`: verifiers tell v1 from v2 by it.
    const note = `127.0.0.1 - 1193050959916656506\n1\n${rootHash.toString('base64')}\n`;
    const noteSignature = sign('sha256', Buffer.from(note), rekorKeys.privateKey);
    const checkpoint = `${note}\n\u2014 127.0.0.1 ${Buffer.concat([logId.subarray(0, 4), noteSignature]).toString('base64')}\n`;
    const uuid = createHash('sha256').update(Buffer.from(body, 'base64')).digest('hex');
    res.writeHead(201, { 'content-type': 'application/json', location: `/api/v1/log/entries/${uuid}` });
    res.end(
      JSON.stringify({
        [uuid]: {
          body,
          integratedTime,
          logID: logId.toString('hex'),
          logIndex: 0,
          verification: {
            signedEntryTimestamp: set.toString('base64'),
            inclusionProof: { checkpoint, hashes: [], logIndex: 0, rootHash: rootHash.toString('hex'), treeSize: 1 },
          },
        },
      }),
    );
  });

  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: rekor.url,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: rekorSpki.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: notBefore.toISOString() } },
        logId: { keyId: logId.toString('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'csg-test', commonName: 'csg-test-fulcio' },
        uri: fulcio.url,
        certChain: { certificates: [{ rawBytes: Buffer.from(caCert.rawData).toString('base64') }] },
        validFor: { start: notBefore.toISOString() },
      },
    ],
    ctlogs: [],
    timestampAuthorities: [],
  };

  return {
    oidcUrl: `${oidc.url}/token`,
    fulcioUrl: fulcio.url,
    rekorUrl: rekor.url,
    requestToken,
    issuedTokens,
    trustedRoot,
    requests,
    refuseNextCertificate: () => void (refuseNext = true),
    async close() {
      for (const server of [oidc.server, fulcio.server, rekor.server]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
