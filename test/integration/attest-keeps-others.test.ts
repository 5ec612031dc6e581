// On a registry without the referrers API (distribution 2.8) all attestations of a digest
// share one `sha256-<hex>.att` manifest. Another tool may have put its own there first — here
// the real `cosign attest` (cosign's tag layout) — and the gate must keep it: it reads the
// existing manifest through the registry client live runs use, keeps the layers of predicate
// types it does not write, and appends its own. The real cosign then verifies both.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachAttestations, type AttachResult } from '../../src/adapters/attest/attach.js';
import { attachmentRegistry } from '../../src/adapters/attest/attachment-registry.js';
import { createKeySigner } from '../../src/adapters/attest/key-signer.js';
import { createRegistryClient } from '../../src/adapters/registry/registry-client.js';
import { attachmentTag, PREDICATE_TYPE_ANNOTATION } from '../../src/domain/attest/cosign-layout.js';
import { statementAbout } from '../../src/domain/attest/in-toto.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { gateVerdictPredicate, runContextFrom } from '../../src/domain/attest/verdict-predicate.js';
import { cosignVulnPredicate } from '../../src/domain/attest/vuln-predicate.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { runCosign } from '../env/cosign.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { testRegistry, type TestRegistry } from '../support/oci-test-registry.js';
import { facts, policy, report, vuln } from '../unit/policy-fixtures.js';

const RUN_ID = randomBytes(6).toString('hex');
const REPOSITORY = `csg-j15/attest-keep-${RUN_ID}`;
const PROVENANCE = 'https://slsa.dev/provenance/v1';
const NOW = new Date();

let env: TestEnv;
let registry: TestRegistry;
let work: string;
let dockerConfig: string;
let subject: string;
const firstSubject = (): string => subject;
const created: string[] = [];
const image = (digest: string): string => `${env.registry}/${REPOSITORY}@${digest}`;
const OFFLINE = ['--insecure-ignore-tlog', '--allow-http-registry', '--allow-insecure-registry'];

function cosign(args: string[], extraEnv: Record<string, string> = {}) {
  return runCosign(args, { dockerConfig, cwd: work, env: extraEnv });
}

const verifyAttestation = (type: string) => cosign(['verify-attestation', '--key', path.join(work, 'cosign.pub'), '--type', type, ...OFFLINE, image(subject)]);

async function attLayers(): Promise<{ digest: string; annotations?: Record<string, string> }[]> {
  return (JSON.parse((await registry.getManifest(REPOSITORY, attachmentTag(subject, 'att')))!.toString()) as { layers: { digest: string; annotations?: Record<string, string> }[] }).layers;
}

async function gateAttaches(subject = firstSubject()): Promise<AttachResult> {
  const scanned = report({ os: [vuln({ id: 'CVE-2024-1111', severity: 'LOW', pkg: 'busybox' })] });
  const decision = evaluateGate({ policy: policy(), image: scanned, imageFacts: facts(), now: NOW });
  const scanner = { trivyVersion: env.trivyVersion, dbUpdatedAt: '2026-11-30T06:00:00Z', dbVersion: 2, scanners: ['vuln' as const] };
  const about = { repository: `${env.registry}/${REPOSITORY}`, digest: subject };
  const live = attachmentRegistry(registry, { registry: env.registry, credentials: { username: env.registryUser, password: env.registryPassword } }, createRegistryClient());
  const result = await attachAttestations(live, createKeySigner(readFileSync(path.join(work, 'cosign.key'), 'utf8'), 'j15-key-password'), {
    repository: REPOSITORY,
    subjectDigest: subject,
    statements: [
      statementAbout(about, COSIGN_VULN_PREDICATE_TYPE, cosignVulnPredicate({ report: scanned, scanner, scanStartedOn: NOW, scanFinishedOn: NOW, actionVersion: '0.1.0', run: runContextFrom({}), runId: undefined })),
      statementAbout(about, GATE_VERDICT_PREDICATE_TYPE, gateVerdictPredicate({ decision, baseline: 'none', image: { id: `sha256:${'a'.repeat(64)}`, digest: subject }, scanner, actionVersion: '0.1.0', run: runContextFrom({}), now: NOW })),
    ],
    sbom: undefined,
  });
  created.push(...Object.values(result.attestations));
  return result;
}

beforeAll(async () => {
  env = loadTestEnv();
  registry = testRegistry(env.registry, env.registryUser, env.registryPassword);
  work = mkdtempSync(path.join(tmpdir(), 'csg-j15-keep-'));
  dockerConfig = path.join(work, 'docker');
  mkdirSync(dockerConfig);
  writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [env.registry]: { auth: Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64') } } }), { mode: 0o600 });
  const generated = cosign(['generate-key-pair'], { COSIGN_PASSWORD: 'j15-key-password' });
  expect(generated.status, generated.stderr).toBe(0);
  subject = await registry.pushImageByDigest(REPOSITORY, `subject ${RUN_ID}`);
  created.push(subject);

  // Another tool's attestation first, in cosign's tag layout (a SLSA provenance statement).
  writeFileSync(path.join(work, 'provenance.json'), JSON.stringify({ buildDefinition: { buildType: 'https://example.com/build/v1' }, runDetails: { builder: { id: `https://example.com/builder/${RUN_ID}` } } }));
  const attested = cosign(
    ['attest', '--key', 'cosign.key', '--type', PROVENANCE, '--predicate', 'provenance.json', '--new-bundle-format=false', '--use-signing-config=false', '--tlog-upload=false', '--allow-http-registry', '--allow-insecure-registry', '-y', image(subject)],
    { COSIGN_PASSWORD: 'j15-key-password' },
  );
  expect(attested.status, attested.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  if (registry) for (const digest of created) await registry.deleteManifest(REPOSITORY, digest).catch(() => undefined);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the gate keeps other tools' attestations in cosign's .att manifest", () => {
  it('appends its attestations after the layer cosign attest wrote, and cosign verifies all three', async () => {
    const before = await attLayers();
    expect(before.map((l) => l.annotations?.[PREDICATE_TYPE_ANNOTATION])).toEqual([PROVENANCE]);

    const result = await gateAttaches();
    expect(result.storage).toBe('tags');
    const after = await attLayers();
    expect(after[0]).toEqual(before[0]);
    expect(after.map((l) => l.annotations?.[PREDICATE_TYPE_ANNOTATION])).toEqual([PROVENANCE, COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE]);

    for (const type of [PROVENANCE, 'vuln', GATE_VERDICT_PREDICATE_TYPE]) {
      const run = verifyAttestation(type);
      expect(run.status, `${type}: ${run.stderr}`).toBe(0);
    }
    const provenance = verifyAttestation(PROVENANCE);
    expect(Buffer.from((JSON.parse(provenance.stdout.trim().split('\n')[0]!) as { payload: string }).payload, 'base64').toString()).toContain(`https://example.com/builder/${RUN_ID}`);
  });

  it('a second run replaces its own attestations and still keeps the other tool\'s', async () => {
    await gateAttaches();
    const layers = await attLayers();
    expect(layers.map((l) => l.annotations?.[PREDICATE_TYPE_ANNOTATION])).toEqual([PROVENANCE, COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE]);
    const run = verifyAttestation(PROVENANCE);
    expect(run.status, run.stderr).toBe(0);
  });
});

describe('the referrers tag schema another tool started (cosign v3 attest on a registry without the referrers API)', () => {
  it("the gate's bundles join the sha256-<hex> index, and cosign verifies the other tool's and the gate's", async () => {
    const second = await registry.pushImageByDigest(REPOSITORY, `second ${RUN_ID}`);
    created.push(second);
    // cosign v3's default: a Sigstore bundle referrer, listed in the `sha256-<hex>` index tag.
    const attested = cosign(
      ['attest', '--key', 'cosign.key', '--type', PROVENANCE, '--predicate', 'provenance.json', '--use-signing-config=false', '--tlog-upload=false', '--allow-http-registry', '--allow-insecure-registry', '-y', image(second)],
      { COSIGN_PASSWORD: 'j15-key-password' },
    );
    expect(attested.status, attested.stderr).toBe(0);
    const indexTag = second.replace(':', '-');
    const before = JSON.parse((await registry.getManifest(REPOSITORY, indexTag))!.toString()) as { manifests: { digest: string }[] };
    expect(before.manifests).toHaveLength(1);

    const result = await gateAttaches(second);
    expect(result.storage).toBe('referrers-tag');
    const after = JSON.parse((await registry.getManifest(REPOSITORY, indexTag))!.toString()) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
    expect(after.manifests[0]).toEqual(before.manifests[0]);
    expect(after.manifests.map((m) => m.digest)).toEqual([before.manifests[0]!.digest, ...Object.values(result.attestations)]);
    expect(after.manifests.slice(1).map((m) => m.annotations?.['dev.sigstore.bundle.predicateType'])).toEqual([COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE]);
    // No `.att`: cosign v3 would not read it once bundles are listed for the digest.
    expect(await registry.tags(REPOSITORY)).not.toContain(attachmentTag(second, 'att'));
    for (const type of [PROVENANCE, 'vuln', GATE_VERDICT_PREDICATE_TYPE]) {
      const run = cosign(['verify-attestation', '--key', path.join(work, 'cosign.pub'), '--type', type, ...OFFLINE, image(second)]);
      expect(run.status, `${type}: ${run.stderr}`).toBe(0);
    }
  });
});
