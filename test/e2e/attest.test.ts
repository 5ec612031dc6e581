// attest through the bundle: the gate signs and attaches the SBOM and attestations to the
// digest it pushed, before any tag exists, and the real cosign verifies them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachmentTag } from '../../src/domain/attest/cosign-layout.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE, OPENVEX_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { secretLines } from '../../src/inputs.js';
import { runCosign } from '../env/cosign.js';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { cleanUpRuns, expectOutcome, fixtureContext, gateInputs, runSecrets, runTracked, uniqueRepository } from '../support/fault-run.js';
import { startFront, type RegistryFront } from '../integration/registry-helpers.js';
import { visibleText } from '../support/visible-output.js';

const KEY_PASSWORD = 'csg-attest-key-password-canary';
let env: TestEnv;
let work: string;
let dockerConfig: string;
let key: string;
const fronts: RegistryFront[] = [];

beforeAll(() => {
  env = loadTestEnv();
  work = mkdtempSync(path.join(tmpdir(), 'csg-e2e-attest-'));
  dockerConfig = path.join(work, 'docker');
  mkdirSync(dockerConfig);
  writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [env.registry]: { auth: Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64') } } }));
  const generated = runCosign(['generate-key-pair'], { dockerConfig, cwd: work, env: { COSIGN_PASSWORD: KEY_PASSWORD } });
  expect(generated.status, generated.stderr).toBe(0);
  key = readFileSync(path.join(work, 'cosign.key'), 'utf8');
});
afterEach(() => cleanUpRuns());
afterAll(async () => {
  for (const front of fronts) await front.close();
  rmSync(work, { recursive: true, force: true });
});

/** Every secret of the run, the signing key line by line and its password included. */
const secrets = (): string[] => [...runSecrets(env), KEY_PASSWORD, ...secretLines(key).slice(1)];

function cosign(args: string[]) {
  return runCosign([...args, '--allow-http-registry', '--allow-insecure-registry'], { dockerConfig, cwd: work });
}

describe('attest: key through the bundle', () => {
  it('a pass attaches SBOM, vuln and verdict attestations that cosign verifies for the pushed digest', async () => {
    const repository = uniqueRepository('attest');
    const image = `${env.registry}/${repository}`;
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), image), tags: 'v1', attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD } });
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', secrets: secrets() });
    const digest = run.outputs.digest!;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const attestations = JSON.parse(run.outputs.attestations!) as Record<string, string>;
    expect(Object.keys(attestations).sort()).toEqual([COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE].sort());
    expect((await registryTags(env, repository)).sort()).toEqual([attachmentTag(digest, 'att'), attachmentTag(digest, 'sbom'), 'v1'].sort());

    const pub = path.join(work, 'cosign.pub');
    const verdict = cosign(['verify-attestation', '--key', pub, '--insecure-ignore-tlog', '--type', GATE_VERDICT_PREDICATE_TYPE, `${image}@${digest}`]);
    expect(verdict.status, verdict.stderr).toBe(0);
    const statement = JSON.parse(Buffer.from((JSON.parse(verdict.stdout.trim().split('\n')[0]!) as { payload: string }).payload, 'base64').toString()) as {
      predicate: { verdict: string; image: { digest: string; id: string }; scanner: { version: string; db: { updatedAt: string | null } } };
    };
    expect(statement.predicate.verdict).toBe('pass');
    expect(statement.predicate.image.digest).toBe(digest);
    expect(statement.predicate.image.id).toBe(run.outputs['image-id']);
    expect(statement.predicate.scanner.version).toBe(env.trivyVersion);
    expect(statement.predicate.scanner.db.updatedAt).toMatch(/^\d{4}-/);

    const vuln = cosign(['verify-attestation', '--key', pub, '--insecure-ignore-tlog', '--type', 'vuln', `${image}@${digest}`]);
    expect(vuln.status, vuln.stderr).toBe(0);

    const sbom = cosign(['download', 'sbom', `${image}@${digest}`]);
    expect(sbom.status, sbom.stderr).toBe(0);
    expect(JSON.parse(sbom.stdout)).toEqual(JSON.parse(readFileSync(run.outputs.sbom!, 'utf8')));
    expect((JSON.parse(sbom.stdout) as { bomFormat: string }).bomFormat).toBe('CycloneDX');
  });

  it('the policy file\'s exceptions are attached as a signed OpenVEX statement about the pushed digest', async () => {
    const repository = uniqueRepository('attest-vex');
    const image = `${env.registry}/${repository}`;
    const context = fixtureContext(env, 'vulnerable');
    // The CRITICAL minimist is excepted, so the vulnerable fixture passes and its exception becomes VEX.
    writeFileSync(path.join(context, 'policy.yml'), 'exceptions:\n  - id: CVE-2021-44906\n    reason: minimist only parses our own fixed arguments\n    expires: 2099-01-01\n');
    const run = await runTracked({
      inputs: { ...gateInputs(env, context, image), 'fail-on': 'CRITICAL', 'policy-file': path.join(context, 'policy.yml'), tags: 'v1', attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD },
    });
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', secrets: secrets() });
    const digest = run.outputs.digest!;
    expect(Object.keys(JSON.parse(run.outputs.attestations!) as Record<string, string>)).toContain(OPENVEX_PREDICATE_TYPE);
    const verified = cosign(['verify-attestation', '--key', path.join(work, 'cosign.pub'), '--insecure-ignore-tlog', '--type', OPENVEX_PREDICATE_TYPE, `${image}@${digest}`]);
    expect(verified.status, verified.stderr).toBe(0);
    const statement = JSON.parse(Buffer.from((JSON.parse(verified.stdout.trim().split('\n')[0]!) as { payload: string }).payload, 'base64').toString()) as {
      subject: { digest: { sha256: string } }[];
      predicate: { statements: { vulnerability: { name: string }; status: string; products: { '@id': string }[] }[] };
    };
    expect(statement.subject[0]!.digest.sha256).toBe(digest.replace('sha256:', ''));
    expect(statement.predicate.statements.map((s) => [s.vulnerability.name, s.status])).toEqual([['CVE-2021-44906', 'not_affected']]);
    expect(JSON.stringify(statement.predicate.statements[0]!.products)).toContain(digest.replace('sha256:', ''));
  });

  it('a failed gate attaches nothing and creates no tag', async () => {
    const repository = uniqueRepository('attest-fail');
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'vulnerable'), `${env.registry}/${repository}`), attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD } });
    await expectOutcome(env, run, { verdict: 'fail', reason: 'vulnerable', repository, secrets: secrets() });
    expect(await registryTags(env, repository)).toEqual([]);
    expect(run.outputs.attestations).toBe('{}');
    expect(run.outputs.sbom).toBe('');
  });

  it('when the registry refuses the attestation, the run is attest-error and no target tag exists', async () => {
    const front = await startFront(env.registry, { fail: (request) => request.method === 'PUT' && /\/manifests\/sha256-[0-9a-f]{64}\.att$/.test(request.url) });
    fronts.push(front);
    const repository = uniqueRepository('attest-refused');
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${front.address}/${repository}`), 'registry-username': env.registryUser, attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD } });
    expect(run.outputs.verdict, run.stdout).toBe('error');
    expect(run.outputs.reason).toBe('attest-error');
    expect(run.exitCode).not.toBe(0);
    expect((await registryTags(env, repository)).filter((t) => !t.startsWith('sha256-'))).toEqual([]);
    expect(visibleText(run)).toMatch(/attest/);
    for (const secret of secrets()) expect(visibleText(run).toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it('attest: auto without id-token: write passes, attaches nothing and says why', async () => {
    const repository = uniqueRepository('attest-auto');
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`), tags: 'v1' } });
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed' });
    expect(run.stdout).toContain('id-token: write');
    expect(run.outputs.attestations).toBe('{}');
    expect(await registryTags(env, repository)).toEqual(['v1']);
  });

  it('a wrong key password is an input error before anything is built', async () => {
    const repository = uniqueRepository('attest-badkey');
    const run = await runTracked({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${env.registry}/${repository}`), attest: 'key', 'attest-key': key, 'attest-key-password': 'wrong' } });
    expect(run.outputs.verdict).toBe('error');
    expect(run.outputs.reason).toBe('input-error');
    expect(run.stdout).not.toMatch(/Build /);
    expect(await registryTags(env, repository)).toEqual([]);
    expect(visibleText(run)).toContain("input 'attest-key-password'");
    for (const secret of [...secretLines(key).slice(1), KEY_PASSWORD]) expect(visibleText(run).toLowerCase()).not.toContain(secret.toLowerCase());
  });
});
