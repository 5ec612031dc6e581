// attest: keyless to its network boundary: the real sigstore-js client against loopback
// stand-ins for the OIDC token endpoint, Fulcio and Rekor (test/support/sigstore-standins.ts),
// and the bundle it produces checked by @sigstore/verify against the root generated here.
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeylessSigner } from '../../src/adapters/attest/keyless-signer.js';
import { GateError } from '../../src/domain/gate-error.js';
import { ISSUER, startSigstoreStandins, WORKFLOW_IDENTITY, type SigstoreStandins } from '../support/sigstore-standins.js';

let services: SigstoreStandins;
let other: SigstoreStandins;

beforeAll(async () => {
  services = await startSigstoreStandins();
  other = await startSigstoreStandins();
});
afterAll(async () => {
  await services?.close();
  await other?.close();
});

const STATEMENT = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'x', digest: { sha256: 'd'.repeat(64) } }], predicateType: 'https://example.com/p', predicate: { verdict: 'pass' } }));

function signer(s: SigstoreStandins, masked: string[] = []) {
  return createKeylessSigner({
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: s.oidcUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: s.requestToken },
    fulcioUrl: s.fulcioUrl,
    rekorUrl: s.rekorUrl,
    timeoutMs: 10_000,
    onSecret: (value) => masked.push(value),
  });
}

function verifyBundle(bundle: unknown, root: unknown) {
  const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(root)), { ctlogThreshold: 0, tlogThreshold: 1, timestampThreshold: 1 });
  return verifier.verify(toSignedEntity(bundleFromJSON(bundle)), { subjectAlternativeName: WORKFLOW_IDENTITY, extensions: { issuer: ISSUER } });
}

describe('keyless signing through sigstore-js', () => {
  it('gets a token, a certificate and a log entry, and the bundle verifies against the trusted root', async () => {
    const masked: string[] = [];
    const signed = await signer(services, masked).sign(STATEMENT);
    expect(services.requests.map((r) => r.service)).toEqual(['oidc', 'fulcio', 'rekor']);
    expect(services.requests[0]!.path).toContain('audience=sigstore');
    // The OIDC token is masked as soon as it is known.
    expect(masked).toEqual(services.issuedTokens.slice(-1));

    const identity = verifyBundle(signed.bundle, services.trustedRoot);
    expect(identity.identity?.subjectAlternativeName).toBe(WORKFLOW_IDENTITY);
    expect(Buffer.from(signed.envelope.payload, 'base64')).toEqual(STATEMENT);

    // The same signature in cosign's legacy annotations: certificate, chain, Rekor bundle.
    expect(signed.certificate?.leaf).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // A v0.3 bundle carries the leaf only; verifiers take the CA from their trusted root.
    expect(signed.certificate?.chain).toBe('');
    expect(signed.rekorBundle).toMatchObject({ SignedEntryTimestamp: expect.any(String), Payload: { logIndex: 0, integratedTime: expect.any(Number), logID: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('a bundle does not verify against another root, nor with a changed payload or another identity', async () => {
    const signed = await signer(services).sign(STATEMENT);
    expect(() => verifyBundle(signed.bundle, other.trustedRoot)).toThrow();
    const bundle = structuredClone(signed.bundle) as { dsseEnvelope: { payload: string } };
    const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
    payload[payload.indexOf('pass')] = 'P'.charCodeAt(0);
    bundle.dsseEnvelope.payload = payload.toString('base64');
    expect(() => verifyBundle(bundle, services.trustedRoot)).toThrow();
    const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(services.trustedRoot)), { ctlogThreshold: 0 });
    expect(() => verifier.verify(toSignedEntity(bundleFromJSON(signed.bundle)), { subjectAlternativeName: 'https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main' })).toThrow();
  });

  it('a refused certificate is an attest-error that quotes neither the OIDC token nor the request token', async () => {
    services.refuseNextCertificate();
    let caught: unknown;
    try {
      await signer(services).sign(STATEMENT);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GateError);
    expect((caught as GateError).reason).toBe('attest-error');
    const text = `${(caught as GateError).message} ${(caught as GateError).remedy ?? ''}`;
    for (const secret of [services.requestToken, ...services.issuedTokens]) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it('without the request token the OIDC endpoint refuses and nothing is signed', async () => {
    const s = createKeylessSigner({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: services.oidcUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' }, fulcioUrl: services.fulcioUrl, rekorUrl: services.rekorUrl, timeoutMs: 5_000 });
    await expect(s.sign(STATEMENT)).rejects.toMatchObject({ reason: 'attest-error' });
  });
});

describe('keyless attestations on the registry, verified by cosign with the generated trusted root', () => {
  it('cosign verify-attestation accepts the workflow identity and refuses another', async () => {
    const { randomBytes } = await import('node:crypto');
    const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { loadTestEnv } = await import('../env/test-env.js');
    const { runCosign } = await import('../env/cosign.js');
    const { testRegistry } = await import('../support/oci-test-registry.js');
    const { attachAttestations } = await import('../../src/adapters/attest/attach.js');
    const { statementAbout } = await import('../../src/domain/attest/in-toto.js');
    const { GATE_VERDICT_PREDICATE_TYPE } = await import('../../src/domain/attest/predicate-types.js');

    const env = loadTestEnv();
    const registry = testRegistry(env.registry, env.registryUser, env.registryPassword);
    const repository = `csg-i15/keyless-${randomBytes(6).toString('hex')}`;
    const work = mkdtempSync(path.join(tmpdir(), 'csg-i15-keyless-'));
    const dockerConfig = path.join(work, 'docker');
    mkdirSync(dockerConfig);
    writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [env.registry]: { auth: Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64') } } }));
    writeFileSync(path.join(work, 'trusted-root.json'), JSON.stringify(services.trustedRoot));
    const digest = await registry.pushImageByDigest(repository, 'keyless subject');
    try {
      await attachAttestations(registry, signer(services), {
        repository,
        subjectDigest: digest,
        statements: [statementAbout({ repository: `${env.registry}/${repository}`, digest }, GATE_VERDICT_PREDICATE_TYPE, { verdict: 'pass' })],
        sbom: undefined,
      });
      const verify = (identity: string) =>
        runCosign(
          ['verify-attestation', '--trusted-root', path.join(work, 'trusted-root.json'), '--certificate-identity', identity, '--certificate-oidc-issuer', ISSUER, '--insecure-ignore-sct', '--type', GATE_VERDICT_PREDICATE_TYPE, '--allow-http-registry', '--allow-insecure-registry', `${env.registry}/${repository}@${digest}`],
          { dockerConfig, cwd: work },
        );
      const ok = verify(WORKFLOW_IDENTITY);
      expect(ok.status, ok.stderr).toBe(0);
      const statement = JSON.parse(Buffer.from((JSON.parse(ok.stdout.trim().split('\n')[0]!) as { payload: string }).payload, 'base64').toString()) as { predicate: unknown };
      expect(statement.predicate).toEqual({ verdict: 'pass' });
      const wrong = verify('https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main');
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toMatch(/expected identities/i);
    } finally {
      await registry.deleteManifest(repository, digest).catch(() => undefined);
      rmSync(work, { recursive: true, force: true });
    }
  });
});
