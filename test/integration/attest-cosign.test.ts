// The attach step against the real registry, checked by the real verifier: cosign v3 reads
// what the gate attached to a manifest pushed by digest, and refuses it when anything is off.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachAttestations } from '../../src/adapters/attest/attach.js';
import { createKeySigner } from '../../src/adapters/attest/key-signer.js';
import { writeCycloneDxSbom } from '../../src/adapters/attest/sbom.js';
import { sha256OfFile } from '../../src/adapters/trivy/verified-binary.js';
import { attachmentTag } from '../../src/domain/attest/cosign-layout.js';
import { statementAbout } from '../../src/domain/attest/in-toto.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { gateVerdictPredicate, runContextFrom } from '../../src/domain/attest/verdict-predicate.js';
import { cosignVulnPredicate } from '../../src/domain/attest/vuln-predicate.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { parseTrivyReport } from '../../src/domain/trivy-report.js';
import { runCosign } from '../env/cosign.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { testRegistry, type TestRegistry } from '../support/oci-test-registry.js';
import { facts, policy, report, vuln } from '../unit/policy-fixtures.js';

const RUN_ID = randomBytes(6).toString('hex');
const REPOSITORY = `csg-i15/attest-${RUN_ID}`;
const NOW = new Date();

let env: TestEnv;
let registry: TestRegistry;
let work: string;
let dockerConfig: string;
let subject: string;
let other: string;
let publicKey: string;
let sbomBytes: Buffer;
const image = (digest: string): string => `${env.registry}/${REPOSITORY}@${digest}`;
const OFFLINE = ['--insecure-ignore-tlog', '--allow-http-registry', '--allow-insecure-registry'];

function cosign(args: string[], extraEnv: Record<string, string> = {}) {
  return runCosign(args, { dockerConfig, cwd: work, env: extraEnv });
}

function verifyAttestation(digest: string, type: string, key = path.join(work, 'cosign.pub')) {
  return cosign(['verify-attestation', '--key', key, '--type', type, ...OFFLINE, image(digest)]);
}

/** The in-toto statements of cosign's output (one JSON envelope per line). */
function statementsOf(stdout: string): { predicateType: string; subject: { digest: { sha256: string } }[]; predicate: Record<string, unknown> }[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(Buffer.from((JSON.parse(line) as { payload: string }).payload, 'base64').toString()) as never);
}

beforeAll(async () => {
  env = loadTestEnv();
  registry = testRegistry(env.registry, env.registryUser, env.registryPassword);
  work = mkdtempSync(path.join(tmpdir(), 'csg-i15-attest-'));
  dockerConfig = path.join(work, 'docker');
  rmSync(dockerConfig, { recursive: true, force: true });
  const auth = Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64');
  (await import('node:fs')).mkdirSync(dockerConfig, { recursive: true });
  writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [env.registry]: { auth } } }), { mode: 0o600 });

  // The gate's key mode with cosign's own encrypted key format.
  const generated = cosign(['generate-key-pair'], { COSIGN_PASSWORD: 'i15-key-password' });
  expect(generated.status, generated.stderr).toBe(0);
  publicKey = readFileSync(path.join(work, 'cosign.pub'), 'utf8');

  subject = await registry.pushImageByDigest(REPOSITORY, `subject ${RUN_ID}`);
  other = await registry.pushImageByDigest(REPOSITORY, `other ${RUN_ID}`);

  const scanned = report({ os: [vuln({ id: 'CVE-2024-1111', severity: 'LOW', pkg: 'busybox' })] });
  const decision = evaluateGate({ policy: policy(), image: scanned, imageFacts: facts(), now: NOW });
  expect(decision.verdict).toBe('pass');
  const scanner = { trivyVersion: env.trivyVersion, dbUpdatedAt: '2026-11-30T06:00:00Z', dbVersion: 2, scanners: ['vuln' as const] };
  const about = { repository: `${env.registry}/${REPOSITORY}`, digest: subject };
  // A real Trivy report of the fixture, so trivy convert has packages to list.
  const { spawnSync } = await import('node:child_process');
  const reportFile = path.join(work, 'fixture-report.json');
  const scan = spawnSync(env.trivyPath, ['fs', '--cache-dir', env.trivyCacheDir, '--skip-db-update', '--skip-java-db-update', '--offline-scan', '--skip-version-check', '--disable-telemetry', '--quiet', '--scanners', 'vuln', '--format', 'json', '--output', reportFile, path.resolve('fixtures/images/vulnerable/app')], { encoding: 'utf8' });
  expect(scan.status, scan.stderr).toBe(0);
  sbomBytes = await writeCycloneDxSbom({ trivyPath: env.trivyPath, trivySha256: await sha256OfFile(env.trivyPath), report: parseTrivyReport(readFileSync(reportFile, 'utf8'), reportFile), outputFile: path.join(work, 'sbom.cdx.json'), timeoutSeconds: 60 });

  const result = await attachAttestations(registry, createKeySigner(readFileSync(path.join(work, 'cosign.key'), 'utf8'), 'i15-key-password'), {
    repository: REPOSITORY,
    subjectDigest: subject,
    statements: [
      statementAbout(about, COSIGN_VULN_PREDICATE_TYPE, cosignVulnPredicate({ report: scanned, scanner, scanStartedOn: NOW, scanFinishedOn: NOW, actionVersion: '0.1.0', run: runContextFrom({}), runId: undefined })),
      statementAbout(about, GATE_VERDICT_PREDICATE_TYPE, gateVerdictPredicate({ decision, baseline: 'none', image: { id: `sha256:${'a'.repeat(64)}`, digest: subject }, scanner, actionVersion: '0.1.0', run: runContextFrom({}), now: NOW })),
    ],
    sbom: sbomBytes,
  });
  expect(Object.keys(result.attestations).sort()).toEqual([COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE].sort());
}, 240_000);

afterAll(async () => {
  if (registry) for (const digest of [subject, other]) if (digest) await registry.deleteManifest(REPOSITORY, digest).catch(() => undefined);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('cosign v3 verifies what the gate attached (key mode, registry without referrers API)', () => {
  it('verify-attestation --type vuln returns the vulnerability result for this digest', () => {
    const run = verifyAttestation(subject, 'vuln');
    expect(run.status, run.stderr).toBe(0);
    const vulnStatements = statementsOf(run.stdout).filter((s) => s.predicateType === COSIGN_VULN_PREDICATE_TYPE);
    expect(vulnStatements).toHaveLength(1);
    expect(vulnStatements[0]!.subject[0]!.digest.sha256).toBe(subject.slice('sha256:'.length));
    expect(JSON.stringify(vulnStatements[0]!.predicate)).toContain('CVE-2024-1111');
  });

  it('verify-attestation --type <gate predicate> returns the verdict', () => {
    const run = verifyAttestation(subject, GATE_VERDICT_PREDICATE_TYPE);
    expect(run.status, run.stderr).toBe(0);
    const verdicts = statementsOf(run.stdout).filter((s) => s.predicateType === GATE_VERDICT_PREDICATE_TYPE);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.predicate).toMatchObject({ verdict: 'pass', reason: 'passed', image: { digest: subject }, scanner: { name: 'trivy', version: env.trivyVersion } });
  });

  it('download sbom returns the CycloneDX document that was attached', () => {
    const run = cosign(['download', 'sbom', '--allow-http-registry', '--allow-insecure-registry', image(subject)]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('application/vnd.cyclonedx+json');
    const bom = JSON.parse(run.stdout) as { bomFormat: string; specVersion: string; components?: { name: string }[] };
    expect(bom).toEqual(JSON.parse(sbomBytes.toString()));
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.components?.map((c) => c.name)).toContain('minimist');
  });

  it('tree lists the attestations and the SBOM', () => {
    const run = cosign(['tree', '--allow-http-registry', '--allow-insecure-registry', image(subject)]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(attachmentTag(subject, 'att'));
    expect(run.stdout).toContain(attachmentTag(subject, 'sbom'));
  });

  it('refuses the wrong key', () => {
    const wrong = path.join(work, 'wrong.pub');
    writeFileSync(wrong, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }));
    const run = verifyAttestation(subject, GATE_VERDICT_PREDICATE_TYPE, wrong);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('accepted signatures do not match threshold');
    expect(publicKey).not.toBe(readFileSync(wrong, 'utf8'));
  });

  it('refuses the attestations copied onto another digest', async () => {
    const att = (await registry.getManifest(REPOSITORY, attachmentTag(subject, 'att')))!;
    await registry.putManifest(REPOSITORY, attachmentTag(other, 'att'), att, 'application/vnd.oci.image.manifest.v1+json');
    for (const type of ['vuln', GATE_VERDICT_PREDICATE_TYPE]) {
      const run = verifyAttestation(other, type);
      expect(run.status, `${type}: ${run.stdout}`).not.toBe(0);
      expect(run.stderr).toContain('no matching subject digest found');
    }
  });

  it('refuses an attestation changed by one byte', async () => {
    const att = JSON.parse((await registry.getManifest(REPOSITORY, attachmentTag(subject, 'att')))!.toString()) as { layers: { digest: string; mediaType: string; size: number; annotations?: Record<string, string> }[] };
    const verdictLayer = att.layers.find((l) => l.annotations?.predicateType === GATE_VERDICT_PREDICATE_TYPE)!;
    const envelope = JSON.parse((await registry.getBlob(REPOSITORY, verdictLayer.digest)).toString()) as { payload: string };
    const payload = Buffer.from(envelope.payload, 'base64');
    const at = payload.indexOf('"pass"') + 1;
    payload[at] = 'P'.charCodeAt(0); // "pass" → "Pass": one byte
    const tampered = Buffer.from(JSON.stringify({ ...envelope, payload: payload.toString('base64') }));
    const stored = await registry.putBlob(REPOSITORY, tampered, verdictLayer.mediaType);
    const manifest = Buffer.from(JSON.stringify({ ...att, layers: [{ ...verdictLayer, digest: stored.digest, size: tampered.length }] }));
    try {
      await registry.putManifest(REPOSITORY, attachmentTag(subject, 'att'), manifest, 'application/vnd.oci.image.manifest.v1+json');
      const run = verifyAttestation(subject, GATE_VERDICT_PREDICATE_TYPE);
      expect(run.status, run.stdout).not.toBe(0);
      expect(run.stderr).toContain('accepted signatures do not match threshold');
    } finally {
      // Put the untampered manifest back for the check below.
      await registry.putManifest(REPOSITORY, attachmentTag(subject, 'att'), Buffer.from(JSON.stringify(att)), 'application/vnd.oci.image.manifest.v1+json');
    }
    const again = verifyAttestation(subject, GATE_VERDICT_PREDICATE_TYPE);
    expect(again.status, again.stderr).toBe(0);
  });
});
