import { createPublicKey, generateKeyPairSync, randomBytes, scryptSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { createKeySigner, loadSigningKey, publicKeyPem } from '../../src/adapters/attest/key-signer.js';
import { resolveAttestMode } from '../../src/domain/attest/attest-mode.js';
import { attachmentManifest, attachmentTag, layersToKeep, PREDICATE_TYPE_ANNOTATION } from '../../src/domain/attest/cosign-layout.js';
import { envelopePayload, preAuthEncoding } from '../../src/domain/attest/dsse.js';
import { IN_TOTO_STATEMENT_V1, statementAbout } from '../../src/domain/attest/in-toto.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { gateVerdictPredicate, runContextFrom } from '../../src/domain/attest/verdict-predicate.js';
import { cosignVulnPredicate } from '../../src/domain/attest/vuln-predicate.js';
import { GateError } from '../../src/domain/gate-error.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { exception, facts, policy, report, secret, vuln } from './policy-fixtures.js';

const SCHEMA = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../schemas/gate-verdict-v1.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateVerdict = ajv.compile(SCHEMA);

const DIGEST = `sha256:${'d'.repeat(64)}`;
const IMAGE_ID = `sha256:${'a'.repeat(64)}`;
const NOW = new Date('2026-11-30T12:00:00Z');
const SCANNER = { trivyVersion: '0.74.0', dbUpdatedAt: '2026-11-30T06:00:00Z', dbVersion: 2, scanners: ['vuln', 'secret'] as const };
const RUN = runContextFrom({ GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1', GITHUB_SHA: 'f'.repeat(40), GITHUB_REF: 'refs/heads/main' });

function passedDecision() {
  const image = report({
    os: [vuln({ id: 'CVE-2024-0001', severity: 'MEDIUM' }), vuln({ id: 'CVE-2024-0002', severity: 'CRITICAL', pkg: 'zlib' })],
  });
  return evaluateGate({
    policy: policy(),
    image,
    imageFacts: facts(),
    policyFile: { fileName: '.github/container-gate.yml', exceptions: [exception({ id: 'CVE-2024-0002', reason: 'not reachable: zlib is unused', expires: '2027-01-31' })] },
    now: NOW,
  });
}

describe('gate verdict predicate', () => {
  it('records what was decided, and validates against schemas/gate-verdict-v1.schema.json', () => {
    const decision = passedDecision();
    expect(decision.verdict).toBe('pass');
    const predicate = gateVerdictPredicate({ decision, baseline: 'registry', image: { id: IMAGE_ID, digest: DIGEST }, scanner: { ...SCANNER, scanners: [...SCANNER.scanners] }, actionVersion: '0.1.0', run: RUN, now: NOW });
    expect(validateVerdict(predicate), JSON.stringify(validateVerdict.errors)).toBe(true);
    expect(predicate).toMatchObject({
      verdict: 'pass',
      reason: 'passed',
      image: { id: IMAGE_ID, digest: DIGEST },
      policy: { failOn: ['CRITICAL', 'HIGH'], compareOn: { baseline: 'registry', blockOnIncrease: true }, exceptions: [{ id: 'CVE-2024-0002', reason: 'not reachable: zlib is unused', expires: '2027-01-31', findings: 1 }] },
      counts: { total: { CRITICAL: 1, MEDIUM: 1, HIGH: 0 } },
      scanner: { name: 'trivy', version: '0.74.0', db: { updatedAt: '2026-11-30T06:00:00Z', version: 2 } },
      run: { url: 'https://github.com/acme/app/actions/runs/42/attempts/1' },
    });
  });

  it('the schema rejects what the gate never attests (a fail verdict, a missing field, an unknown field)', () => {
    const predicate = gateVerdictPredicate({ decision: passedDecision(), baseline: 'none', image: { id: IMAGE_ID, digest: DIGEST }, scanner: { ...SCANNER, scanners: ['vuln'] }, actionVersion: '0.1.0', run: runContextFrom({}), now: NOW });
    expect(validateVerdict(predicate)).toBe(true);
    expect(validateVerdict({ ...predicate, verdict: 'fail' })).toBe(false);
    const { policy: _policy, ...withoutPolicy } = predicate;
    expect(validateVerdict(withoutPolicy)).toBe(false);
    expect(validateVerdict({ ...predicate, extra: 1 })).toBe(false);
  });

  it('refuses to describe a gate that did not pass', () => {
    const decision = evaluateGate({ policy: policy(), image: report({ os: [vuln({ id: 'CVE-1', severity: 'CRITICAL' })] }), imageFacts: facts(), now: NOW });
    expect(decision.verdict).toBe('fail');
    expect(() => gateVerdictPredicate({ decision, baseline: 'none', image: { id: IMAGE_ID, digest: DIGEST }, scanner: { ...SCANNER, scanners: ['vuln'] }, actionVersion: '0.1.0', run: RUN, now: NOW })).toThrow(/only a passed gate/);
  });
});

describe('cosign vuln predicate', () => {
  it("has cosign's CosignVulnPredicate fields, with Trivy's report as the result and no secret text", () => {
    const scanned = report({ os: [vuln({ id: 'CVE-2024-0001', severity: 'LOW' })], secrets: [secret({ rule: 'aws-access-key-id', severity: 'CRITICAL', match: 'AKIA****CANARY-LINE' })] });
    const predicate = cosignVulnPredicate({ report: scanned, scanner: { ...SCANNER, scanners: ['vuln'] }, scanStartedOn: NOW, scanFinishedOn: NOW, actionVersion: '0.1.0', run: RUN, runId: '42' });
    expect(Object.keys(predicate).sort()).toEqual(['invocation', 'metadata', 'scanner']);
    expect(Object.keys(predicate.invocation).sort()).toEqual(['builder.id', 'event_id', 'parameters', 'uri']);
    expect(predicate.scanner).toMatchObject({ uri: 'pkg:github/aquasecurity/trivy@v0.74.0', version: '0.74.0', db: { version: '2026-11-30T06:00:00Z' } });
    expect(predicate.metadata).toEqual({ scanStartedOn: '2026-11-30T12:00:00.000Z', scanFinishedOn: '2026-11-30T12:00:00.000Z' });
    const text = JSON.stringify(predicate.scanner.result);
    expect(text).toContain('CVE-2024-0001');
    expect(text).toContain('aws-access-key-id');
    expect(text).not.toContain('CANARY-LINE');
  });
});

describe('in-toto statement, DSSE and cosign layout', () => {
  it('names the pushed digest as the only subject', () => {
    const statement = statementAbout({ repository: '127.0.0.1:5000/acme/app', digest: DIGEST }, COSIGN_VULN_PREDICATE_TYPE, {});
    expect(statement).toEqual({ _type: IN_TOTO_STATEMENT_V1, subject: [{ name: '127.0.0.1:5000/acme/app', digest: { sha256: 'd'.repeat(64) } }], predicateType: COSIGN_VULN_PREDICATE_TYPE, predicate: {} });
    expect(() => statementAbout({ repository: 'x', digest: 'sha256:abc' }, 't', {})).toThrow();
  });

  it('encodes PAE as the DSSE protocol defines it (byte lengths, not characters)', () => {
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
    expect(preAuthEncoding('t', Buffer.from('é')).toString()).toBe('DSSEv1 1 t 2 é');
  });

  it("uses cosign's tags and media types, and keeps other tools' attestations", () => {
    expect(attachmentTag(DIGEST, 'att')).toBe(`sha256-${'d'.repeat(64)}.att`);
    expect(attachmentTag(DIGEST, 'sbom')).toBe(`sha256-${'d'.repeat(64)}.sbom`);
    const first = attachmentManifest(DIGEST, 'att', [
      { mediaType: 'application/vnd.dsse.envelope.v1+json', bytes: Buffer.from('a'), annotations: { [PREDICATE_TYPE_ANNOTATION]: 'https://slsa.dev/provenance/v1' } },
      { mediaType: 'application/vnd.dsse.envelope.v1+json', bytes: Buffer.from('b'), annotations: { [PREDICATE_TYPE_ANNOTATION]: GATE_VERDICT_PREDICATE_TYPE } },
    ]);
    const manifest = JSON.parse(first.bytes.toString()) as { mediaType: string; config: { mediaType: string }; layers: unknown[] };
    expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
    const kept = layersToKeep(first.bytes, [GATE_VERDICT_PREDICATE_TYPE]);
    expect(kept.map((l) => l.annotations?.[PREDICATE_TYPE_ANNOTATION])).toEqual(['https://slsa.dev/provenance/v1']);
    expect(layersToKeep(Buffer.from('not json'), [])).toEqual([]);
  });
});

/** cosign generate-key-pair's format, written here the way go-securesystemslib does (tests only). */
function cosignEncryptedKey(pkcs8Der: Buffer, password: string, params = { N: 32768, r: 8, p: 1 }): string {
  const salt = randomBytes(32);
  const nonce = randomBytes(24);
  const key = scryptSync(password, salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 });
  const body = {
    kdf: { name: 'scrypt', params, salt: salt.toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: Buffer.from(nacl.secretbox(pkcs8Der, nonce, key)).toString('base64'),
  };
  const b64 = Buffer.from(JSON.stringify(body)).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${b64}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`;
}

describe('key signer', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });

  it.each([
    ['PKCS#8 PEM', pkcs8, ''],
    ['cosign encrypted key', cosignEncryptedKey(der, 'correct horse'), 'correct horse'],
  ])('signs the PAE of the statement with a %s', async (_name, pem, password) => {
    const signer = createKeySigner(pem, password);
    const statement = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
    const { envelope } = await signer.sign(statement);
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    expect(envelopePayload(envelope)).toEqual(statement);
    const pub = createPublicKey(publicKeyPem(loadSigningKey(pem, password)));
    expect(verify('sha256', preAuthEncoding(envelope.payloadType, statement), pub, Buffer.from(envelope.signatures[0]!.sig, 'base64'))).toBe(true);
    // The signature covers the PAE, not the bare payload.
    expect(verify('sha256', statement, pub, Buffer.from(envelope.signatures[0]!.sig, 'base64'))).toBe(false);
  });

  it.each([
    ['a wrong password', () => loadSigningKey(cosignEncryptedKey(der, 'right'), 'wrong'), /attest-key-password/],
    ['scrypt parameters cosign never writes', () => loadSigningKey(cosignEncryptedKey(der, 'pw', { N: 1024, r: 8, p: 1 }), 'pw'), /scrypt parameters/],
    ['an RSA key', () => loadSigningKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), ''), /ECDSA P-256/],
    ['a P-384 key', () => loadSigningKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), ''), /ECDSA P-256/],
    ['text that is no key', () => loadSigningKey('not a key', ''), /not a PEM private key/],
  ])('refuses %s with an input error that never quotes the key', (_name, load, message) => {
    let caught: unknown;
    try {
      load();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GateError);
    expect((caught as GateError).reason).toBe('input-error');
    expect((caught as GateError).message).toMatch(message);
    expect((caught as GateError).message).not.toContain(pkcs8.split('\n')[1]!);
  });
});

describe('attest mode', () => {
  it.each([
    ['auto', true, 'keyless', false],
    ['auto', false, 'off', true],
    ['key', false, 'key', false],
    ['keyless', true, 'keyless', false],
    ['off', true, 'off', false],
  ] as const)('%s with OIDC token %s → %s (notice: %s)', (requested, oidc, mode, notice) => {
    const resolved = resolveAttestMode(requested, oidc);
    expect(resolved.mode).toBe(mode);
    expect(resolved.notice !== undefined).toBe(notice);
  });
});
