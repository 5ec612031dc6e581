import { DSSEBundleBuilder, FulcioSigner, RekorWitness, DEFAULT_FULCIO_URL, DEFAULT_REKOR_URL } from '@sigstore/sign';
import { bundleToJSON } from '@sigstore/bundle';
import { IN_TOTO_PAYLOAD_TYPE } from '../../domain/attest/in-toto.js';
import { GateError } from '../../domain/gate-error.js';
import type { AttestationSigner, SignedAttestation } from './signer.js';

/*
 * `attest: keyless`: Sigstore public-good signing with the workflow's OIDC identity
 * (sigstore-js). The job's OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, audience
 * `sigstore`) buys a short-lived Fulcio certificate for an ephemeral key; Rekor records the
 * signature. The resulting Sigstore bundle is unpacked into the annotations cosign reads next
 * to a DSSE layer (certificate, chain, Rekor bundle), so the same `.att` layout serves both modes.
 */

export interface KeylessOptions {
  fulcioUrl?: string;
  rekorUrl?: string;
  timeoutMs?: number;
  /** The runner's environment (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN). */
  env?: Record<string, string | undefined>;
  /** Called with the OIDC token as soon as it is known, to mask it in logs. */
  onSecret?: (value: string) => void;
}

/**
 * The job's OIDC token for audience `sigstore`, as GitHub's runner hands it out. Ours rather
 * than sigstore-js's CIContextProvider so the token is masked before anything can print it
 * (sigstore-js quotes a token it cannot parse in its error message).
 */
function githubOidcProvider(env: Record<string, string | undefined>, secrets: string[], onSecret: (value: string) => void, timeoutMs: number) {
  return {
    async getToken(): Promise<string> {
      const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
      const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      if (!requestUrl || !requestToken) throw new Error('no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN are not set (permissions: id-token: write)');
      const url = new URL(requestUrl);
      url.searchParams.set('audience', 'sigstore');
      const response = await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${requestToken}` }, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`the OIDC token endpoint answered HTTP ${response.status}`);
      const body = (await response.json()) as { value?: unknown };
      if (typeof body.value !== 'string' || body.value === '') throw new Error('the OIDC token endpoint returned no token');
      secrets.push(body.value);
      onSecret(body.value);
      return body.value;
    },
  };
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

interface BundleJson {
  dsseEnvelope?: { payload: string; payloadType: string; signatures: { sig: string; keyid?: string }[] };
  verificationMaterial?: {
    certificate?: { rawBytes: string };
    x509CertificateChain?: { certificates: { rawBytes: string }[] };
    // proto3 JSON leaves out zero values: logIndex 0 is absent.
    tlogEntries?: {
      logIndex?: string;
      logId: { keyId: string };
      integratedTime?: string;
      inclusionPromise?: { signedEntryTimestamp: string };
      canonicalizedBody: string;
    }[];
  };
}

function pem(derBase64: string): string {
  const lines = derBase64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** A Sigstore bundle (JSON form) as the pieces cosign's `.att` layout carries. */
export function fromSigstoreBundle(bundle: unknown): SignedAttestation {
  const json = bundle as BundleJson;
  const envelope = json.dsseEnvelope;
  const material = json.verificationMaterial;
  const certs = material?.certificate ? [material.certificate] : (material?.x509CertificateChain?.certificates ?? []);
  if (!envelope || certs.length === 0) throw new GateError('attest-error', 'Sigstore returned a bundle without a DSSE envelope or certificate');
  const entry = material?.tlogEntries?.[0];
  return {
    envelope: {
      payloadType: envelope.payloadType,
      payload: envelope.payload,
      signatures: envelope.signatures.map((s) => ({ keyid: s.keyid ?? '', sig: s.sig })),
    },
    // sigstore-js logs JSON.stringify(envelopeToJSON(envelope)), the same form bundleToJSON gives.
    envelopeBytes: Buffer.from(JSON.stringify(envelope)),
    certificate: { leaf: pem(certs[0]!.rawBytes), chain: certs.slice(1).map((c) => pem(c.rawBytes)).join('') },
    ...(entry?.inclusionPromise && {
      rekorBundle: {
        SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
        Payload: {
          body: entry.canonicalizedBody,
          integratedTime: Number(entry.integratedTime ?? 0),
          logIndex: Number(entry.logIndex ?? 0),
          logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
        },
      },
    }),
    bundle,
  };
}

export function createKeylessSigner(options: KeylessOptions = {}): AttestationSigner {
  const timeout = options.timeoutMs ?? 30_000;
  const env = options.env ?? process.env;
  const secrets: string[] = [env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''].filter((s) => s !== '');
  const builder = new DSSEBundleBuilder({
    signer: new FulcioSigner({
      identityProvider: githubOidcProvider(env, secrets, options.onSecret ?? (() => undefined), timeout),
      fulcioBaseURL: options.fulcioUrl ?? DEFAULT_FULCIO_URL,
      timeout,
      retry: 2,
    }),
    witnesses: [new RekorWitness({ rekorBaseURL: options.rekorUrl ?? DEFAULT_REKOR_URL, entryType: 'dsse', timeout, retry: 2 })],
  });
  return {
    mode: 'keyless',
    async sign(statement) {
      let bundle;
      try {
        bundle = await builder.create({ data: statement, type: IN_TOTO_PAYLOAD_TYPE });
      } catch (error) {
        const cause = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
        throw new GateError('attest-error', `keyless signing failed: ${redact(cause, secrets)}`, {
          remedy: 'keyless signing needs `permissions: id-token: write` and access to Fulcio and Rekor; use attest: key where they are unreachable',
        });
      }
      return fromSigstoreBundle(bundleToJSON(bundle));
    },
  };
}
