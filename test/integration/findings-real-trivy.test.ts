import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrivyScanner } from '../../src/adapters/trivy/scanner.js';
import { auditRecord } from '../../src/domain/audit-log.js';
import { evaluateGate, type GateInput } from '../../src/domain/policy/evaluate-gate.js';
import type { GatePolicy } from '../../src/domain/policy/gate-policy.js';
import { renderPullRequestComment } from '../../src/domain/render/pull-request-comment.js';
import { renderSarif } from '../../src/domain/render/sarif.js';
import { renderSecurityIssue } from '../../src/domain/render/security-issue.js';
import { renderSummary } from '../../src/domain/render/summary.js';
import { parseIgnoreFile } from '../../src/domain/trivy-ignore-file.js';
import type { TrivyReport } from '../../src/domain/trivy-report.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { CONTEXT } from '../support/render-fixtures.js';

/*
 * What the gate makes of real Trivy v0.74.0 output (fixture DB, local engine): license
 * findings, findings an ignore file suppressed, and one problem found in both the build
 * context and the image. Each goes through the decision and every renderer.
 */

const execFileAsync = promisify(execFile);
const env: TestEnv = loadTestEnv();
const root = mkdtempSync(path.join(tmpdir(), 'csg-i14-findings-'));
const builtTags: string[] = [];
const now = new Date('2026-11-30T12:00:00Z');

afterAll(() => {
  for (const tag of builtTags) {
    try {
      execFileSync(env.dockerCli, ['rmi', '-f', tag], { env: { ...process.env, DOCKER_HOST: env.dockerHost }, stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
  rmSync(root, { recursive: true, force: true });
});

const POLICY: GatePolicy = {
  failOn: ['CRITICAL', 'HIGH'],
  issueOn: ['CRITICAL', 'HIGH', 'MEDIUM'],
  unknownSeverity: 'HIGH',
  ignoreUnfixed: false,
  blockOnIncrease: true,
  requireNonRoot: 'off',
  requireHealthcheck: 'off',
  maxImageSizeBytes: undefined,
  configSecrets: 'fail',
};

function dir(name: string, files: Record<string, string>): string {
  const at = path.join(root, `${name}-${randomBytes(3).toString('hex')}`);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(at, file)), { recursive: true });
    writeFileSync(path.join(at, file), content);
  }
  return at;
}

function scanner(scanners: ('vuln' | 'secret' | 'misconfig' | 'license')[], ignoreFile?: string) {
  const cacheDir = path.join(root, `cache-${randomBytes(3).toString('hex')}`);
  cpSync(path.join(env.trivyCacheDir, 'db'), path.join(cacheDir, 'db'), { recursive: true });
  return createTrivyScanner({
    trivyPath: env.trivyPath,
    cacheDir,
    timeoutSeconds: 120,
    scanners,
    dbRepositories: ['127.0.0.1:1/nothing:2'],
    skipDbUpdate: true,
    ignoreFile,
    workDir: path.join(root, `work-${randomBytes(3).toString('hex')}`),
    log: { info: () => undefined, warning: () => undefined },
    dockerHost: env.dockerHost,
  });
}

function decide(input: Partial<GateInput> & { filesystem?: TrivyReport; image?: TrivyReport }) {
  return evaluateGate({ policy: POLICY, now, ...input });
}

function allRenderings(decision: ReturnType<typeof decide>) {
  const issue = renderSecurityIssue(decision, CONTEXT);
  return {
    summary: renderSummary(decision, CONTEXT),
    comment: renderPullRequestComment(decision, CONTEXT).body,
    issue: `${issue.body}\n${issue.scanComment}`,
    sarif: renderSarif(decision, { contextPath: '.', imageName: CONTEXT.image, toolVersion: '0.0.0' }),
    audit: auditRecord(decision, { time: now, image: CONTEXT.image }),
  };
}

const LOCKFILE_WITH_GPL = {
  'package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'gpl-lib': '1.0.0', 'mit-lib': '2.0.0' } }),
  'package-lock.json': JSON.stringify({
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { 'gpl-lib': '1.0.0', 'mit-lib': '2.0.0' } },
      'node_modules/gpl-lib': { version: '1.0.0', license: 'GPL-3.0-only' },
      'node_modules/mit-lib': { version: '2.0.0', license: 'MIT' },
    },
  }),
};

describe('licenses (scanners: license)', () => {
  it('a restricted GPL-3.0-only dependency is a HIGH license finding that fails the gate, named everywhere', async () => {
    const report = await scanner(['vuln', 'license']).scanFilesystem(dir('license', LOCKFILE_WITH_GPL));
    const decision = decide({ filesystem: report });

    const licenses = decision.findings.filter((e) => e.finding.kind === 'license');
    expect(licenses.map((e) => [e.finding.id, e.finding.severity, e.finding.category, e.finding.packageName, e.status])).toEqual([
      ['GPL-3.0-only', 'HIGH', 'restricted', 'gpl-lib', 'blocking'],
      ['MIT', 'LOW', 'notice', 'mit-lib', 'below-threshold'],
    ]);
    expect(licenses[0]!.finding).toMatchObject({ filePath: 'package-lock.json', confidence: 1 });
    // The license is the only problem: it alone fails the gate, and nothing is pushed.
    expect(decision).toMatchObject({ verdict: 'fail', reason: 'vulnerable' });
    expect(decision.counts.total.HIGH).toBe(1);

    const out = allRenderings(decision);
    for (const markdown of [out.summary, out.comment, out.issue]) {
      expect(markdown).toContain('GPL-3.0-only');
      expect(markdown).toContain('restricted');
      expect(markdown).toContain('gpl-lib');
    }
    const result = out.sarif.runs[0]!.results.find((r) => r.ruleId === 'gpl-lib:GPL-3.0-only');
    expect(result).toMatchObject({ level: 'error', properties: { status: 'blocking' } });
    expect(out.sarif.runs[0]!.tool.driver.rules[result!.ruleIndex]!.properties['security-severity']).toBe('8.0');
    expect(out.audit).toMatchObject({ verdict: 'fail', blocking: 1 });
  });

  it('a policy-file exception names the license and the package', async () => {
    const report = await scanner(['license']).scanFilesystem(dir('license-excepted', LOCKFILE_WITH_GPL));
    const exception = { id: 'GPL-3.0-only', package: 'gpl-lib', path: undefined, reason: 'dual-licensed to us', expires: '2099-01-01', index: 0, line: 2 };
    const decision = decide({ filesystem: report, policyFile: { fileName: '.github/container-gate.yml', exceptions: [exception] } });
    expect(decision.verdict).toBe('pass');
    expect(decision.findings.find((e) => e.finding.id === 'GPL-3.0-only')).toMatchObject({ status: 'excepted', exception });
  });

  it('without the license scanner no license finding appears (the scanners input decides)', async () => {
    const report = await scanner(['vuln']).scanFilesystem(dir('no-license', LOCKFILE_WITH_GPL));
    expect(decide({ filesystem: report }).findings.filter((e) => e.finding.kind === 'license')).toEqual([]);
  });
});

const LODASH_LOCK = {
  'package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } }),
  'package-lock.json': JSON.stringify({
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } }, 'node_modules/lodash': { version: '4.17.20' } },
  }),
};

describe('findings suppressed by an ignore file (--show-suppressed)', () => {
  it.each([
    ['.trivyignore', 'CVE-2021-23337\nCVE-2020-28500 exp:2099-01-01\n', undefined],
    [
      '.trivyignore.yaml',
      'vulnerabilities:\n  - id: CVE-2021-23337\n    statement: only used at build time\n  - id: CVE-2020-28500\n    expired_at: 2099-01-01\n    statement: ReDoS needs untrusted input\n',
      'only used at build time',
    ],
  ])('%s: each suppressed finding is listed with its source and statement; an entry without expiry warns', async (name, content, statement) => {
    const context = dir('ignored', { ...LODASH_LOCK, [name]: content });
    const ignoreFile = path.join(context, name);
    const report = await scanner(['vuln'], ignoreFile).scanFilesystem(context);
    const decision = decide({ filesystem: report, ignoreFile: { path: name, entries: parseIgnoreFile(content, name) } });

    // Trivy took both out of the report: the gate passes, but says so.
    expect(decision.findings.filter((e) => e.finding.kind === 'vulnerability')).toEqual([]);
    expect(decision.verdict).toBe('pass');
    expect(decision.suppressed.map((s) => [s.finding.id, s.finding.severity, s.suppression.type, s.suppression.source, s.suppression.status]).sort()).toEqual([
      ['CVE-2020-28500', 'MEDIUM', 'ignore-file', name, 'ignored'],
      ['CVE-2021-23337', 'HIGH', 'ignore-file', name, 'ignored'],
    ]);
    expect(decision.suppressed.find((s) => s.finding.id === 'CVE-2021-23337')!.suppression.statement).toBe(statement);
    expect(decision.totals.suppressed).toBe(2);
    const line = name.endsWith('.yaml') ? 2 : 1;
    expect(decision.reasons).toContainEqual({ level: 'warn', rule: 'ignore-file-expiry', message: expect.stringContaining(`${name}: 1 entry never expires (CVE-2021-23337 (line ${line}))`) });

    const out = allRenderings(decision);
    for (const markdown of [out.summary, out.issue]) {
      expect(markdown).toContain('Suppressed outside the policy file (2)');
      expect(markdown).toContain('CVE-2021-23337');
      expect(markdown).toContain(`ignore file ${name}`);
      if (statement) expect(markdown).toContain(statement);
    }
    expect(out.comment).toContain('2 findings were suppressed outside the policy file');
    expect(out.audit.suppressed.map((s) => [s.id, s.type, s.source, s.statement]).sort()).toEqual([
      ['CVE-2020-28500', 'ignore-file', name, name.endsWith('.yaml') ? 'ReDoS needs untrusted input' : null],
      ['CVE-2021-23337', 'ignore-file', name, statement ?? null],
    ]);
    const suppressedResults = out.sarif.runs[0]!.results.filter((r) => r.suppressions !== undefined);
    expect(suppressedResults.map((r) => r.ruleId).sort()).toEqual(['CVE-2020-28500', 'CVE-2021-23337']);
  });
});

/** A FROM-scratch image holding busybox and an installed `requests` (its dist-info), like pip leaves it. */
function buildPythonImage(): { tag: string; id: string } {
  const context = dir('py-image', {
    'Dockerfile': 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY site-packages/ /usr/local/lib/python3.11/site-packages/\nCOPY app/ /app/\nUSER 1000\n',
    'site-packages/requests-2.31.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nSummary: Python HTTP for Humans.\nLicense: Apache 2.0\n',
    'app/requirements.txt': 'Requests==2.31.0\n',
  });
  copyFileSync(env.busybox, path.join(context, 'busybox'));
  chmodSync(path.join(context, 'busybox'), 0o755);
  const tag = `csg-i14/dedup:${randomBytes(6).toString('hex')}`;
  const iidFile = path.join(root, `${randomBytes(4).toString('hex')}.iid`);
  execFileSync(env.dockerCli, ['build', '--network', 'none', '-t', tag, '--iidfile', iidFile, context], {
    env: { ...process.env, DOCKER_BUILDKIT: '1', DOCKER_HOST: env.dockerHost },
    stdio: 'pipe',
  });
  builtTags.push(tag);
  return { tag, id: readFileSync(iidFile, 'utf8').trim() };
}

describe('one problem found in the build context and in the image', () => {
  it('requirements.txt `Requests` and the installed `requests` are one finding with two locations (PEP 503)', async () => {
    const context = dir('py-context', { 'requirements.txt': 'Requests==2.31.0\n' });
    const image = buildPythonImage();
    const trivy = scanner(['vuln']);
    const [filesystem, imageReport] = await Promise.all([trivy.scanFilesystem(context), trivy.scanImage({ ref: image.tag, id: image.id })]);
    const perScan = (r: TrivyReport) => r.Results.flatMap((x) => x.Vulnerabilities.map((v) => `${x.Type}:${v.PkgName}@${v.InstalledVersion} ${v.VulnerabilityID}`));
    // Both scans really found it, each under its own ecosystem type and spelling.
    expect(perScan(filesystem)).toEqual(['pip:Requests@2.31.0 CVE-2024-35195']);
    expect(perScan(imageReport)).toContain('python-pkg:requests@2.31.0 CVE-2024-35195');

    const decision = decide({ filesystem, image: imageReport });
    const cve = decision.findings.filter((e) => e.finding.id === 'CVE-2024-35195');
    expect(cve).toHaveLength(1);
    expect(cve[0]!.locations.map((f) => [f.scope, f.targetType]).sort()).toEqual([
      ['filesystem', 'pip'],
      ['image', 'python-pkg'],
    ]);
    // Per-scan rows keep each location; the headline and the `counts` output count it once.
    expect(decision.counts.filesystem.MEDIUM).toBe(1);
    expect(decision.counts.image.MEDIUM).toBeGreaterThanOrEqual(1);
    expect(decision.counts.total.MEDIUM).toBe(decision.counts.image.MEDIUM);
    expect(decision.summary).toMatch(/^pass: \d+ findings?,/);
    expect(decision.totals.findings).toBe(decision.findings.filter((e) => e.status !== 'not-failed').length);

    const out = allRenderings(decision);
    expect(out.summary).toContain('**Distinct findings**');
    const results = out.sarif.runs[0]!.results.filter((r) => r.ruleId === 'CVE-2024-35195');
    expect(results).toHaveLength(1);
    expect(results[0]!.locations).toHaveLength(2);
    expect(results[0]!.properties.alsoFoundIn).toBeDefined();
    const fingerprints = out.sarif.runs[0]!.results.map((r) => Object.values(r.partialFingerprints)[0]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('the same Dockerfile check in the context and in its copy in the image is one finding', async () => {
    const dockerfile = 'FROM scratch\nCOPY . /app/\n';
    const context = dir('df-context', { Dockerfile: dockerfile, 'hello.txt': 'hi\n' });
    const tag = `csg-i14/dockerfile:${randomBytes(6).toString('hex')}`;
    const iidFile = path.join(root, `${randomBytes(4).toString('hex')}.iid`);
    execFileSync(env.dockerCli, ['build', '--network', 'none', '-t', tag, '--iidfile', iidFile, context], {
      env: { ...process.env, DOCKER_BUILDKIT: '1', DOCKER_HOST: env.dockerHost },
      stdio: 'pipe',
    });
    builtTags.push(tag);
    const trivy = scanner(['misconfig']);
    const filesystem = await trivy.scanFilesystem(context);
    const image = await trivy.scanImage({ ref: tag, id: readFileSync(iidFile, 'utf8').trim() });
    const failed = (r: TrivyReport) => r.Results.flatMap((x) => x.Misconfigurations.filter((m) => m.Status === 'FAIL').map((m) => `${x.Target} ${m.ID}`));
    const inContext = failed(filesystem);
    const inImage = failed(image);
    expect(inContext.length).toBeGreaterThan(0);
    expect(inImage.length).toBe(inContext.length);
    expect(inImage[0]).toMatch(/^app\/Dockerfile /);

    const decision = decide({ filesystem, image });
    const merged = decision.findings.filter((e) => e.finding.kind === 'misconfiguration' && e.status !== 'not-failed');
    expect(merged).toHaveLength(inContext.length);
    for (const e of merged) expect(e.locations.map((f) => `${f.scope} ${f.target}`).sort()).toEqual(['filesystem Dockerfile', 'image app/Dockerfile']);
  });
});

describe('SARIF security-severity is Trivy’s own', () => {
  // Goldens whose SeveritySource is a vendor (redhat, debian, ghsa), not nvd.
  it.each(['centos-7-ignore-unfixed.json.golden', 'debian-buster.json.golden', 'npm.json.golden', 'pip.json.golden'])(
    '%s: every rule scores as `trivy convert --format sarif` scores it',
    async (name) => {
      const golden = path.resolve(import.meta.dirname, '../../../shared/trivy-reports', name);
      const output = path.join(root, `${name}.sarif`);
      await execFileAsync(env.trivyPath, ['convert', '--format', 'sarif', '--output', output, golden]);
      const trivy = JSON.parse(readFileSync(output, 'utf8')) as { runs: { tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } } }[] };
      const expected = Object.fromEntries(trivy.runs[0]!.tool.driver.rules.map((r) => [r.id, r.properties['security-severity']]));
      expect(Object.keys(expected).length).toBeGreaterThan(0);

      const { collectFindings } = await import('../../src/domain/policy/collect-findings.js');
      const { parseTrivyReport } = await import('../../src/domain/trivy-report.js');
      const report = parseTrivyReport(readFileSync(golden, 'utf8'), name);
      const ours = renderSarif(collectFindings(report, 'image'), { contextPath: '.', imageName: 'x', toolVersion: '0' });
      const actual = Object.fromEntries(ours.runs[0]!.tool.driver.rules.filter((r) => r.id in expected).map((r) => [r.id, r.properties['security-severity']]));
      expect(actual).toEqual(expected);
    },
  );
});
