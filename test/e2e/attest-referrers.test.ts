// attest through the bundle where the registry serves the OCI 1.1 referrers API: the gate stores
// each attestation as a Sigstore bundle referrer of the pushed digest, and the real cosign
// verifies them. And where it does not (distribution 2.8), an attestation another tool put
// in cosign's `.att` manifest survives the gate's run.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachmentTag, PREDICATE_TYPE_ANNOTATION } from '../../src/domain/attest/cosign-layout.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { BUNDLE_PREDICATE_TYPE_ANNOTATION, SIGSTORE_BUNDLE_V03_MEDIA_TYPE } from '../../src/domain/attest/referrers-layout.js';
import { secretLines } from '../../src/inputs.js';
import { runCosign } from '../env/cosign.js';
import { startReferrersRegistry, type ReferrersRegistry } from '../env/referrers-registry.js';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { cleanUpRuns, expectOutcome, fixtureContext, gateInputs, runSecrets, runTracked } from '../support/fault-run.js';
import { testRegistry, type TestRegistry } from '../support/oci-test-registry.js';
import { startFront } from '../integration/registry-helpers.js';

const KEY_PASSWORD = 'csg-j15-attest-key-password-canary';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const PROVENANCE = 'https://slsa.dev/provenance/v1';
let env: TestEnv;
let server: ReferrersRegistry;
let referrersRegistry: TestRegistry;
let work: string;
let dockerConfig: string;
let key: string;
let pub: string;

interface ManifestJson {
  artifactType?: string;
  layers: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[];
  subject?: { mediaType: string; digest: string; size: number };
  annotations?: Record<string, string>;
}

beforeAll(async () => {
  env = loadTestEnv();
  // The same credentials as the shared registry: the run's secret checks cover them.
  server = await startReferrersRegistry({ username: env.registryUser, password: env.registryPassword });
  referrersRegistry = testRegistry(server.address, env.registryUser, env.registryPassword);
  work = mkdtempSync(path.join(tmpdir(), 'csg-e2e-j15-referrers-'));
  dockerConfig = path.join(work, 'docker');
  mkdirSync(dockerConfig);
  const auth = Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64');
  writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [env.registry]: { auth }, [server.address]: { auth } } }), { mode: 0o600 });
  const generated = runCosign(['generate-key-pair'], { dockerConfig, cwd: work, env: { COSIGN_PASSWORD: KEY_PASSWORD } });
  expect(generated.status, generated.stderr).toBe(0);
  key = readFileSync(path.join(work, 'cosign.key'), 'utf8');
  pub = path.join(work, 'cosign.pub');
});
afterEach(() => cleanUpRuns());
afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const secrets = (): string[] => [...runSecrets(env), KEY_PASSWORD, ...secretLines(key).slice(1)];
const uniqueRepository = (label: string): string => `csg-j15/${label}-${createHash('sha256').update(`${Date.now()}${Math.random()}`).digest('hex').slice(0, 8)}`;

function cosign(args: string[], extraEnv: Record<string, string> = {}) {
  return runCosign([...args, '--allow-http-registry', '--allow-insecure-registry'], { dockerConfig, cwd: work, env: extraEnv });
}
const verify = (reference: string, type: string, withKey = pub) => cosign(['verify-attestation', '--key', withKey, '--insecure-ignore-tlog', '--type', type, reference]);
const payloadOf = (stdout: string): { subject: { digest: { sha256: string } }[]; predicate: Record<string, unknown> } =>
  JSON.parse(Buffer.from((JSON.parse(stdout.trim().split('\n')[0]!) as { payload: string }).payload, 'base64').toString()) as never;
const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('attest: key through the bundle to a registry with the referrers API', () => {
  it('each attestation is a bundle referrer of the pushed digest; cosign verifies them and refuses copies, tampering and the wrong key', async () => {
    const repository = uniqueRepository('referrers');
    const image = `${server.address}/${repository}`;
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), image), tags: 'v1', attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD } });
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', secrets: secrets() });
    expect(run.stdout).toContain('as OCI 1.1 referrers');
    const digest = run.outputs.digest!;
    const attestations = JSON.parse(run.outputs.attestations!) as Record<string, string>;
    expect(Object.keys(attestations).sort()).toEqual([COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE].sort());

    // The referrers API names both attestations (and the SBOM), each about the pushed digest.
    const listed = (await referrersRegistry.referrers(repository, digest))!.map((d) => d.digest);
    expect(listed).toEqual(expect.arrayContaining(Object.values(attestations)));
    expect(listed).toHaveLength(3);
    for (const [predicateType, referrer] of Object.entries(attestations)) {
      const manifest = JSON.parse((await referrersRegistry.getManifest(repository, referrer))!.toString()) as ManifestJson;
      expect(manifest.subject?.digest).toBe(digest);
      expect(manifest.artifactType).toBe(SIGSTORE_BUNDLE_V03_MEDIA_TYPE);
      expect(manifest.annotations?.[BUNDLE_PREDICATE_TYPE_ANNOTATION]).toBe(predicateType);
    }
    // Tags: the target and cosign's SBOM tag only; no `.att`.
    expect((await referrersRegistry.tags(repository)).sort()).toEqual([attachmentTag(digest, 'sbom'), 'v1'].sort());

    const reference = `${image}@${digest}`;
    const vuln = verify(reference, 'vuln');
    expect(vuln.status, vuln.stderr).toBe(0);
    expect(payloadOf(vuln.stdout).subject[0]!.digest.sha256).toBe(digest.slice('sha256:'.length));
    const verdict = verify(reference, GATE_VERDICT_PREDICATE_TYPE);
    expect(verdict.status, verdict.stderr).toBe(0);
    expect(payloadOf(verdict.stdout).predicate).toMatchObject({ verdict: 'pass', image: { digest, id: run.outputs['image-id'] } });
    const sbom = cosign(['download', 'sbom', reference]);
    expect(sbom.status, sbom.stderr).toBe(0);
    expect(JSON.parse(sbom.stdout)).toEqual(JSON.parse(readFileSync(run.outputs.sbom!, 'utf8')));

    // The wrong key.
    const wrong = path.join(work, 'wrong.pub');
    writeFileSync(wrong, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }));
    expect(verify(reference, GATE_VERDICT_PREDICATE_TYPE, wrong).status).not.toBe(0);

    // The referrers copied onto another digest.
    const other = await referrersRegistry.pushImageByDigest(repository, `other ${digest}`);
    const otherSubject = { mediaType: OCI_MANIFEST, digest: other, size: (await referrersRegistry.getManifest(repository, other))!.length };
    for (const referrer of Object.values(attestations)) {
      const copy = Buffer.from(JSON.stringify({ ...(JSON.parse((await referrersRegistry.getManifest(repository, referrer))!.toString()) as ManifestJson), subject: otherSubject }));
      await referrersRegistry.putManifest(repository, digestOf(copy), copy, OCI_MANIFEST);
    }
    expect((await referrersRegistry.referrers(repository, other))!).toHaveLength(2);
    for (const type of ['vuln', GATE_VERDICT_PREDICATE_TYPE]) expect(verify(`${image}@${other}`, type).status, type).not.toBe(0);

    // One byte of the verdict changed: the tampered bundle takes the place of the signed one.
    const verdictManifest = JSON.parse((await referrersRegistry.getManifest(repository, attestations[GATE_VERDICT_PREDICATE_TYPE]!))!.toString()) as ManifestJson;
    const bundle = JSON.parse((await referrersRegistry.getBlob(repository, verdictManifest.layers[0]!.digest)).toString()) as { dsseEnvelope: { payload: string } };
    const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
    payload[payload.indexOf('"pass"') + 1] = 'P'.charCodeAt(0);
    const tampered = Buffer.from(JSON.stringify({ ...bundle, dsseEnvelope: { ...bundle.dsseEnvelope, payload: payload.toString('base64') } }));
    await referrersRegistry.putBlob(repository, tampered, SIGSTORE_BUNDLE_V03_MEDIA_TYPE);
    const replaced = Buffer.from(JSON.stringify({ ...verdictManifest, layers: [{ ...verdictManifest.layers[0]!, digest: digestOf(tampered), size: tampered.length }] }));
    await referrersRegistry.putManifest(repository, digestOf(replaced), replaced, OCI_MANIFEST);
    await referrersRegistry.deleteManifest(repository, attestations[GATE_VERDICT_PREDICATE_TYPE]!);
    expect(verify(reference, GATE_VERDICT_PREDICATE_TYPE).status).not.toBe(0);
    // The untouched vuln bundle still verifies: the refusal is the tampered one's.
    expect(verify(reference, 'vuln').status).toBe(0);
  });
});

describe('attest: key through the bundle to a registry without the referrers API', () => {
  it("keeps the attestation another tool put in the .att manifest; cosign verifies it and the gate's", async () => {
    const repository = uniqueRepository('keep');
    writeFileSync(path.join(work, 'provenance.json'), JSON.stringify({ builder: { id: `https://example.com/builder/${repository}` } }));
    // Another tool (the real cosign attest, in cosign's tag layout) attests the digest the gate
    // pushed, at the moment the gate is about to read the digest's `.att` manifest.
    let attested: ReturnType<typeof cosign> | undefined;
    const front = await startFront(env.registry, {
      before: async (request) => {
        const match = new RegExp(`^/v2/${repository}/manifests/sha256-([0-9a-f]{64})\\.att$`).exec(request.url);
        if (request.method !== 'GET' || !match || attested) return;
        attested = cosign(
          ['attest', '--key', 'cosign.key', '--type', PROVENANCE, '--predicate', 'provenance.json', '--new-bundle-format=false', '--use-signing-config=false', '--tlog-upload=false', '-y', `${env.registry}/${repository}@sha256:${match[1]}`],
          { COSIGN_PASSWORD: KEY_PASSWORD },
        );
      },
    });
    try {
      const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${front.address}/${repository}`), tags: 'v1', attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD } });
      await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', secrets: secrets() });
      expect(attested?.status, attested?.stderr).toBe(0);
      expect(run.stdout).toContain('(the registry has no referrers API)');
      const digest = run.outputs.digest!;
      const reference = `${env.registry}/${repository}@${digest}`;
      const registry = testRegistry(env.registry, env.registryUser, env.registryPassword);
      const att = JSON.parse((await registry.getManifest(repository, attachmentTag(digest, 'att')))!.toString()) as ManifestJson;
      expect(att.layers.map((l) => l.annotations?.[PREDICATE_TYPE_ANNOTATION])).toEqual([PROVENANCE, COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE]);
      for (const type of [PROVENANCE, 'vuln', GATE_VERDICT_PREDICATE_TYPE]) {
        const verified = verify(reference, type);
        expect(verified.status, `${type}: ${verified.stderr}`).toBe(0);
      }
      expect(JSON.stringify(payloadOf(verify(reference, PROVENANCE).stdout).predicate)).toContain(`https://example.com/builder/${repository}`);
      expect((await registryTags(env, repository)).sort()).toEqual([attachmentTag(digest, 'att'), attachmentTag(digest, 'sbom'), 'v1'].sort());
    } finally {
      await front.close();
    }
  });
});
