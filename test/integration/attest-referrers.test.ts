// The attach step against a real registry with the OCI 1.1 referrers API (go-containerregistry's,
// on loopback, Basic auth), through the registry client live runs use, checked by the real
// cosign v3: every attestation is a Sigstore bundle referrer of the pushed digest, cosign
// verifies them, and refuses them when anything is off.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachAttestations, type AttachResult } from '../../src/adapters/attest/attach.js';
import { attachmentRegistry } from '../../src/adapters/attest/attachment-registry.js';
import { createKeySigner } from '../../src/adapters/attest/key-signer.js';
import { createKeylessSigner } from '../../src/adapters/attest/keyless-signer.js';
import { createRegistryClient } from '../../src/adapters/registry/registry-client.js';
import { attachmentTag } from '../../src/domain/attest/cosign-layout.js';
import { statementAbout } from '../../src/domain/attest/in-toto.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { BUNDLE_PREDICATE_TYPE_ANNOTATION, SIGSTORE_BUNDLE_V03_MEDIA_TYPE } from '../../src/domain/attest/referrers-layout.js';
import { gateVerdictPredicate, runContextFrom } from '../../src/domain/attest/verdict-predicate.js';
import { cosignVulnPredicate } from '../../src/domain/attest/vuln-predicate.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { runCosign } from '../env/cosign.js';
import { startReferrersRegistry, type ReferrersRegistry } from '../env/referrers-registry.js';
import { testRegistry, type TestRegistry } from '../support/oci-test-registry.js';
import { ISSUER, startSigstoreStandins, WORKFLOW_IDENTITY } from '../support/sigstore-standins.js';
import { facts, policy, report, vuln } from '../unit/policy-fixtures.js';

const RUN_ID = randomBytes(6).toString('hex');
const REPOSITORY = `csg-j15/attest-referrers-${RUN_ID}`;
const USER = 'csg-j15';
const PASSWORD = `csg-j15-referrers-canary-${RUN_ID}`;
const NOW = new Date();
const SBOM = Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', name: 'minimist', version: '1.2.5' }] }));

interface ReferrerManifestJson {
  artifactType?: string;
  config: { mediaType: string; digest: string };
  layers: { mediaType: string; digest: string; size: number }[];
  subject?: { mediaType: string; digest: string; size: number };
  annotations?: Record<string, string>;
}

let server: ReferrersRegistry;
let registry: TestRegistry;
let work: string;
let dockerConfig: string;
let subject: string;
let attached: AttachResult;
const image = (digest: string): string => `${server.address}/${REPOSITORY}@${digest}`;
const OFFLINE = ['--insecure-ignore-tlog', '--allow-http-registry', '--allow-insecure-registry'];

function cosign(args: string[], extraEnv: Record<string, string> = {}) {
  return runCosign(args, { dockerConfig, cwd: work, env: extraEnv });
}

function verifyAttestation(digest: string, type: string, key = path.join(work, 'cosign.pub')) {
  return cosign(['verify-attestation', '--key', key, '--type', type, ...OFFLINE, image(digest)]);
}

function statementsOf(stdout: string): { predicateType: string; subject: { digest: { sha256: string } }[]; predicate: Record<string, unknown> }[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(Buffer.from((JSON.parse(line) as { payload: string }).payload, 'base64').toString()) as never);
}

const manifestJson = async (digest: string): Promise<ReferrerManifestJson> => JSON.parse((await registry.getManifest(REPOSITORY, digest))!.toString()) as ReferrerManifestJson;

/** Attaches the gate's two statements about `digest` as live runs do (the live registry client reads). */
async function attachAbout(digest: string): Promise<AttachResult> {
  const scanned = report({ os: [vuln({ id: 'CVE-2024-1111', severity: 'LOW', pkg: 'busybox' })] });
  const decision = evaluateGate({ policy: policy(), image: scanned, imageFacts: facts(), now: NOW });
  const scanner = { trivyVersion: '0.74.0', dbUpdatedAt: '2026-11-30T06:00:00Z', dbVersion: 2, scanners: ['vuln' as const] };
  const about = { repository: `${server.address}/${REPOSITORY}`, digest };
  const live = attachmentRegistry(registry, { registry: server.address, credentials: { username: USER, password: PASSWORD } }, createRegistryClient());
  return attachAttestations(live, createKeySigner(readFileSync(path.join(work, 'cosign.key'), 'utf8'), 'j15-key-password'), {
    repository: REPOSITORY,
    subjectDigest: digest,
    statements: [
      statementAbout(about, COSIGN_VULN_PREDICATE_TYPE, cosignVulnPredicate({ report: scanned, scanner, scanStartedOn: NOW, scanFinishedOn: NOW, actionVersion: '0.1.0', run: runContextFrom({}), runId: undefined })),
      statementAbout(about, GATE_VERDICT_PREDICATE_TYPE, gateVerdictPredicate({ decision, baseline: 'none', image: { id: `sha256:${'a'.repeat(64)}`, digest }, scanner, actionVersion: '0.1.0', run: runContextFrom({}), now: NOW })),
    ],
    sbom: SBOM,
  });
}

beforeAll(async () => {
  server = await startReferrersRegistry({ username: USER, password: PASSWORD });
  registry = testRegistry(server.address, USER, PASSWORD);
  work = mkdtempSync(path.join(tmpdir(), 'csg-j15-referrers-'));
  dockerConfig = path.join(work, 'docker');
  mkdirSync(dockerConfig);
  writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [server.address]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } }), { mode: 0o600 });
  const generated = cosign(['generate-key-pair'], { COSIGN_PASSWORD: 'j15-key-password' });
  expect(generated.status, generated.stderr).toBe(0);

  subject = await registry.pushImageByDigest(REPOSITORY, `subject ${RUN_ID}`);
  attached = await attachAbout(subject);
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a registry with the OCI 1.1 referrers API: attestations are Sigstore bundle referrers', () => {
  it('the referrers list names each attestation and the SBOM, each with the pushed digest as subject', async () => {
    expect(attached.storage).toBe('referrers');
    const listed = (await registry.referrers(REPOSITORY, subject))!;
    const attestationDigests = [attached.attestations[COSIGN_VULN_PREDICATE_TYPE]!, attached.attestations[GATE_VERDICT_PREDICATE_TYPE]!];
    expect(new Set(attestationDigests).size).toBe(2);
    expect(listed.map((d) => d.digest)).toEqual(expect.arrayContaining(attestationDigests));
    expect(listed).toHaveLength(3); // two bundles and the SBOM
    for (const [predicateType, digest] of Object.entries(attached.attestations)) {
      const manifest = await manifestJson(digest);
      expect(manifest.subject?.digest).toBe(subject);
      expect(manifest.artifactType).toBe(SIGSTORE_BUNDLE_V03_MEDIA_TYPE);
      expect(manifest.annotations?.[BUNDLE_PREDICATE_TYPE_ANNOTATION]).toBe(predicateType);
      expect(manifest.layers.map((l) => l.mediaType)).toEqual([SIGSTORE_BUNDLE_V03_MEDIA_TYPE]);
    }
    const sbom = listed.find((d) => !attestationDigests.includes(d.digest))!;
    const sbomManifest = await manifestJson(sbom.digest);
    expect(sbomManifest.subject?.digest).toBe(subject);
    expect(sbomManifest.artifactType).toBe('application/vnd.cyclonedx+json');
    expect(await registry.getBlob(REPOSITORY, sbomManifest.layers[0]!.digest)).toEqual(SBOM);
    // No `.att` tag: on these registries the bundles are the attestations cosign reads.
    expect(await registry.tags(REPOSITORY)).toEqual([attachmentTag(subject, 'sbom')]);
  });

  it('cosign verify-attestation --type vuln and --type <gate predicate> verify them for the digest', () => {
    const vulnRun = verifyAttestation(subject, 'vuln');
    expect(vulnRun.status, vulnRun.stderr).toBe(0);
    const vulnStatements = statementsOf(vulnRun.stdout).filter((s) => s.predicateType === COSIGN_VULN_PREDICATE_TYPE);
    expect(vulnStatements).toHaveLength(1);
    expect(JSON.stringify(vulnStatements[0]!.predicate)).toContain('CVE-2024-1111');

    const verdictRun = verifyAttestation(subject, GATE_VERDICT_PREDICATE_TYPE);
    expect(verdictRun.status, verdictRun.stderr).toBe(0);
    const verdicts = statementsOf(verdictRun.stdout).filter((s) => s.predicateType === GATE_VERDICT_PREDICATE_TYPE);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.subject[0]!.digest.sha256).toBe(subject.slice('sha256:'.length));
    expect(verdicts[0]!.predicate).toMatchObject({ verdict: 'pass', image: { digest: subject } });
  });

  it('cosign tree shows the bundles as OCI referrers, download attestation returns a bundle, and download sbom still finds the SBOM', () => {
    const tree = cosign(['tree', '--experimental-oci11', '--allow-http-registry', '--allow-insecure-registry', image(subject)]);
    expect(tree.status, tree.stderr).toBe(0);
    expect(tree.stdout).toContain(`${GATE_VERDICT_PREDICATE_TYPE} artifacts via OCI referrer`);
    expect(tree.stdout).toContain(`${COSIGN_VULN_PREDICATE_TYPE} artifacts via OCI referrer`);
    const sbom = cosign(['download', 'sbom', '--allow-http-registry', '--allow-insecure-registry', image(subject)]);
    expect(sbom.status, sbom.stderr).toBe(0);
    expect(JSON.parse(sbom.stdout)).toEqual(JSON.parse(SBOM.toString()));
    // README's command for the signed bundle itself.
    const bundle = cosign(['download', 'attestation', '--predicate-type', GATE_VERDICT_PREDICATE_TYPE, '--allow-http-registry', '--allow-insecure-registry', image(subject)]);
    expect(bundle.status, bundle.stderr).toBe(0);
    expect((JSON.parse(bundle.stdout.trim().split('\n')[0]!) as { mediaType: string }).mediaType).toBe(SIGSTORE_BUNDLE_V03_MEDIA_TYPE);
  });

  it('refuses the wrong key', () => {
    const wrong = path.join(work, 'wrong.pub');
    writeFileSync(wrong, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }));
    for (const type of ['vuln', GATE_VERDICT_PREDICATE_TYPE]) {
      const run = verifyAttestation(subject, type, wrong);
      expect(run.status, run.stdout).not.toBe(0);
      expect(run.stderr).toMatch(/no matching attestations/);
    }
  });

  it('refuses the bundles copied onto another digest', async () => {
    const other = await registry.pushImageByDigest(REPOSITORY, `other ${RUN_ID}`);
    const otherDescriptor = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: other, size: (await registry.getManifest(REPOSITORY, other))!.length };
    for (const digest of Object.values(attached.attestations)) {
      const copy = Buffer.from(JSON.stringify({ ...(await manifestJson(digest)), subject: otherDescriptor }));
      await registry.putManifest(REPOSITORY, `sha256:${(await import('node:crypto')).createHash('sha256').update(copy).digest('hex')}`, copy, 'application/vnd.oci.image.manifest.v1+json');
    }
    expect((await registry.referrers(REPOSITORY, other))!).toHaveLength(2);
    for (const type of ['vuln', GATE_VERDICT_PREDICATE_TYPE]) {
      const run = verifyAttestation(other, type);
      expect(run.status, `${type}: ${run.stdout}`).not.toBe(0);
      expect(run.stderr).toMatch(/no matching attestations/);
    }
  });

  it('refuses a bundle changed by one byte', async () => {
    const tamperedSubject = await registry.pushImageByDigest(REPOSITORY, `tampered ${RUN_ID}`);
    const fresh = await attachAbout(tamperedSubject);
    const verdictDigest = fresh.attestations[GATE_VERDICT_PREDICATE_TYPE]!;
    const manifest = await manifestJson(verdictDigest);
    const bundle = JSON.parse((await registry.getBlob(REPOSITORY, manifest.layers[0]!.digest)).toString()) as { dsseEnvelope: { payload: string } };
    const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
    const at = payload.indexOf('"pass"') + 1;
    payload[at] = 'P'.charCodeAt(0); // "pass" → "Pass": one byte
    const tampered = Buffer.from(JSON.stringify({ ...bundle, dsseEnvelope: { ...bundle.dsseEnvelope, payload: payload.toString('base64') } }));
    const stored = await registry.putBlob(REPOSITORY, tampered, SIGSTORE_BUNDLE_V03_MEDIA_TYPE);
    const replaced = Buffer.from(JSON.stringify({ ...manifest, layers: [{ ...manifest.layers[0]!, digest: stored.digest, size: tampered.length }] }));
    const { createHash } = await import('node:crypto');
    await registry.putManifest(REPOSITORY, `sha256:${createHash('sha256').update(replaced).digest('hex')}`, replaced, 'application/vnd.oci.image.manifest.v1+json');
    // The untampered verdict referrer goes, so only the tampered one could answer for the verdict.
    await registry.deleteManifest(REPOSITORY, verdictDigest);
    const run = verifyAttestation(tamperedSubject, GATE_VERDICT_PREDICATE_TYPE);
    expect(run.status, run.stdout).not.toBe(0);
    // The untouched vuln bundle still verifies: the failure is the tampered one's.
    const vulnRun = verifyAttestation(tamperedSubject, 'vuln');
    expect(vulnRun.status, vulnRun.stderr).toBe(0);
  });
});

describe('keyless on a registry with the referrers API', () => {
  it("the sigstore-js bundle is the referrer; cosign verifies it with the generated trusted root and the workflow identity, and refuses another", async () => {
    const services = await startSigstoreStandins();
    try {
      writeFileSync(path.join(work, 'trusted-root.json'), JSON.stringify(services.trustedRoot));
      const digest = await registry.pushImageByDigest(REPOSITORY, `keyless ${RUN_ID}`);
      const signer = createKeylessSigner({
        env: { ACTIONS_ID_TOKEN_REQUEST_URL: services.oidcUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: services.requestToken },
        fulcioUrl: services.fulcioUrl,
        rekorUrl: services.rekorUrl,
        timeoutMs: 10_000,
      });
      const live = attachmentRegistry(registry, { registry: server.address, credentials: { username: USER, password: PASSWORD } }, createRegistryClient());
      const result = await attachAttestations(live, signer, {
        repository: REPOSITORY,
        subjectDigest: digest,
        statements: [statementAbout({ repository: `${server.address}/${REPOSITORY}`, digest }, GATE_VERDICT_PREDICATE_TYPE, { verdict: 'pass' })],
        sbom: undefined,
      });
      expect(result.storage).toBe('referrers');
      const verifyKeyless = (identity: string) =>
        cosign(['verify-attestation', '--trusted-root', path.join(work, 'trusted-root.json'), '--certificate-identity', identity, '--certificate-oidc-issuer', ISSUER, '--insecure-ignore-sct', '--type', GATE_VERDICT_PREDICATE_TYPE, '--allow-http-registry', '--allow-insecure-registry', image(digest)]);
      const ok = verifyKeyless(WORKFLOW_IDENTITY);
      expect(ok.status, ok.stderr).toBe(0);
      expect(statementsOf(ok.stdout)[0]!.predicate).toEqual({ verdict: 'pass' });
      const wrong = verifyKeyless('https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main');
      expect(wrong.status).not.toBe(0);
    } finally {
      await services.close();
    }
  });
});
