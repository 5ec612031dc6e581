// VEX out and in with real Trivy. Out: the action writes the policy file's exceptions as OpenVEX
// about the pushed digest; Trivy, given that document, suppresses exactly the excepted
// vulnerabilities of that image and nothing else. In: a VEX document given to the action
// suppresses findings, and each is listed as suppressed with its statement and document.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRIVY_OFFLINE_FLAGS, loadTestEnv, type TestEnv } from '../env/test-env.js';
import { cleanUpRuns, expectOutcome, fixtureContext, gateInputs, runTracked, uniqueRepository } from '../support/fault-run.js';
import { openVexProblems } from '../support/openvex-schema.js';

const run = promisify(execFile);
let env: TestEnv;
let dir: string;

beforeAll(() => {
  env = loadTestEnv();
  dir = mkdtempSync(join(tmpdir(), 'csg-i16-vex-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => cleanUpRuns());

interface ScanResult {
  vulnerabilities: string[];
  suppressed: { id: string; status: string; statement: string; source: string }[];
}

/** Real Trivy on the pushed image, straight from the registry, optionally with --vex. */
async function trivyScan(reference: string, vex?: string): Promise<ScanResult> {
  const output = join(dir, `report-${Math.random().toString(16).slice(2)}.json`);
  const args = ['image', '--image-src', 'remote', '--scanners', 'vuln', '--format', 'json', '--output', output, '--cache-dir', env.trivyCacheDir, ...TRIVY_OFFLINE_FLAGS];
  if (vex) args.push('--vex', vex, '--show-suppressed');
  await run(env.trivyPath, [...args, reference], { env: { ...process.env, TRIVY_USERNAME: env.registryUser, TRIVY_PASSWORD: env.registryPassword }, maxBuffer: 1 << 24 });
  const report = JSON.parse(readFileSync(output, 'utf8')) as {
    Results?: { Vulnerabilities?: { VulnerabilityID: string; PkgName: string }[]; ExperimentalModifiedFindings?: { Status: string; Statement: string; Source: string; Finding: { VulnerabilityID: string; PkgName: string } }[] }[];
  };
  const results = report.Results ?? [];
  return {
    vulnerabilities: results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => `${v.VulnerabilityID} ${v.PkgName}`)).sort(),
    suppressed: results
      .flatMap((r) => (r.ExperimentalModifiedFindings ?? []).map((m) => ({ id: `${m.Finding.VulnerabilityID} ${m.Finding.PkgName}`, status: m.Status, statement: m.Statement, source: m.Source })))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const POLICY = [
  'exceptions:',
  '  - id: CVE-2021-44906',
  '    reason: minimist only parses our own fixed arguments',
  '    expires: 2099-01-01',
  '  - id: CVE-2020-28500',
  '    package: lodash',
  '    reason: toNumber is never given user input',
  '    justification: vulnerable_code_not_in_execute_path',
  '    expires: 2099-01-01',
  '  - id: CVE-2020-28500',
  '    package: not-installed',
  '    reason: matches nothing, so it is left out of the VEX document',
  '    expires: 2099-01-01',
].join('\n');

describe('VEX', () => {
  it('out: the exceptions become valid OpenVEX about the pushed digest, and real Trivy suppresses exactly the excepted vulnerabilities', async () => {
    const repository = uniqueRepository('i16-vex-out');
    // Inside the workspace (here the fixture context): the gate reads no policy file from elsewhere.
    const context = fixtureContext(env, 'vulnerable');
    const policy = join(context, 'policy.yml');
    writeFileSync(policy, `${POLICY}\n`);
    const result = await runTracked({ inputs: { ...gateInputs(env, context, `${env.registry}/${repository}`), 'fail-on': 'CRITICAL', 'policy-file': policy, tags: 'v1' } });
    await expectOutcome(env, result, { verdict: 'pass', reason: 'passed' });
    const digest = result.outputs.digest!;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.outputs.vex).toMatch(/openvex\.json$/);
    const document = JSON.parse(readFileSync(result.outputs.vex!, 'utf8')) as { statements: { products: { '@id': string }[] }[] };
    expect(openVexProblems(document)).toEqual([]);
    expect(document.statements).toHaveLength(2);
    expect(document.statements[0]!.products[0]!['@id']).toBe(`pkg:oci/${repository.split('/').at(-1)}@${encodeURIComponent(digest)}?repository_url=${encodeURIComponent(`${env.registry}/${repository}`)}`);
    expect(result.stdout).toMatch(/VEX: exception CVE-2020-28500 \(line 10\) is not in the VEX document/);

    const reference = `${env.registry}/${repository}@${digest}`;
    const without = await trivyScan(reference);
    const withVex = await trivyScan(reference, result.outputs.vex);
    const excepted = ['CVE-2020-28500 lodash', 'CVE-2021-44906 minimist'];
    expect(without.vulnerabilities).toEqual(expect.arrayContaining([...excepted, 'CVE-2021-23337 lodash', 'CVE-2024-47764 cookie']));
    expect(withVex.suppressed.map((s) => s.id)).toEqual(excepted);
    expect(withVex.vulnerabilities).toEqual(without.vulnerabilities.filter((v) => !excepted.includes(v)));
    expect(withVex.suppressed[0]).toMatchObject({ status: 'not_affected', statement: 'vulnerable_code_not_in_execute_path' });
  });

  it('in: findings a VEX document suppresses are listed as suppressed with statement and document, not gated', async () => {
    const repository = uniqueRepository('i16-vex-in');
    // Inside the workspace: the gate copies it (checked) into the run's directory for Trivy.
    const context = fixtureContext(env, 'vulnerable');
    const vex = join(context, 'triage.openvex.json');
    writeFileSync(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex/triage-1',
        author: 'acme security',
        timestamp: '2026-11-01T00:00:00Z',
        version: 1,
        statements: [
          { vulnerability: { name: 'CVE-2021-44906' }, products: [{ '@id': 'pkg:npm/minimist@1.2.5' }], status: 'not_affected', justification: 'vulnerable_code_not_present' },
        ],
      }),
    );
    const result = await runTracked({ inputs: { ...gateInputs(env, context, `${env.registry}/${repository}`), 'fail-on': 'CRITICAL', vex, push: 'false' } });
    // minimist was the only CRITICAL: suppressed by the VEX statement, the gate passes…
    await expectOutcome(env, result, { verdict: 'pass', reason: 'passed' });
    expect(result.stdout).toMatch(/--vex \S*triage\.openvex\.json/);
    // …and the suppression is in plain sight: statement, justification and document.
    const lines = result.summary.replace(/\\_/g, '_').split('\n');
    const row = lines.find((l) => l.includes('CVE-2021-44906') && l.includes('| image ') && l.includes('(not_affected)'));
    expect(row, result.summary).toBeDefined();
    expect(row).toContain('vulnerable_code_not_present');
    expect(row).toContain('triage.openvex.json');
    expect(result.summary).toMatch(/### Suppressed outside the policy file \(2\) — not gated/);
  });
});
