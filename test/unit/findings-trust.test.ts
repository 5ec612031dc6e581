// Nothing dropped, everything counted once, settings that weaken the gate say so: the decision
// and its renderings on real Trivy reports (the goldens) and on the shapes Trivy writes.
import { describe, expect, it } from 'vitest';
import { apiFailureOf, describeApiFailure } from '../../src/adapters/github/api-failure.js';
import { auditRecord } from '../../src/domain/audit-log.js';
import { canonicalCheckId, mergeByIdentity, normalisePackageName } from '../../src/domain/finding-identity.js';
import type { Finding } from '../../src/domain/findings.js';
import { collectFindings } from '../../src/domain/policy/collect-findings.js';
import type { Decision } from '../../src/domain/policy/decision.js';
import { evaluateGate, failOnGaps, type GateInput } from '../../src/domain/policy/evaluate-gate.js';
import type { GatePolicy } from '../../src/domain/policy/gate-policy.js';
import { renderSarif } from '../../src/domain/render/sarif.js';
import { renderSecurityIssue } from '../../src/domain/render/security-issue.js';
import { renderSummary } from '../../src/domain/render/summary.js';
import type { Severity } from '../../src/domain/severity.js';
import { parseIgnoreFile } from '../../src/domain/trivy-ignore-file.js';
import { parseTrivyReport, type TrivyReport } from '../../src/domain/trivy-report.js';
import { unfixedReason } from '../../src/domain/vulnerability-status.js';
import { parseDbAge } from '../../src/input-values.js';
import { readInputs, type InputName } from '../../src/inputs.js';
import { runGate, type PipelinePorts } from '../../src/pipeline.js';
import { planRun } from '../../src/plan.js';
import { goldenJson, goldenReport } from '../support/golden-reports.js';
import { CONTEXT } from '../support/render-fixtures.js';
import { facts, report } from './policy-fixtures.js';

const now = new Date('2026-11-30T12:00:00Z');
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

function decide(input: Partial<GateInput>, policy: Partial<GatePolicy> = {}): Decision {
  return evaluateGate({ now, ...input, policy: { ...POLICY, ...policy } });
}

/** A golden with changes applied to its JSON, parsed as Trivy's output would be. */
function edited(name: string, change: (json: Record<string, unknown>) => void): TrivyReport {
  const json = goldenJson(name);
  change(json);
  return parseTrivyReport(JSON.stringify(json), name);
}

describe('unfixed findings are named, with the vendor status in words', () => {
  it('debian-buster: with ignore-unfixed the affected LOW without a fix is named in the summary and the issue, not silent', () => {
    const decision = decide({ image: goldenReport('debian-buster.json.golden') }, { ignoreUnfixed: true, failOn: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] });
    const unfixed = decision.findings.filter((e) => e.status === 'unfixed-ignored').map((e) => e.finding.id);
    expect(unfixed).toEqual(['CVE-2019-18276']);
    expect(decision.totals.unfixedIgnored).toBe(1);
    expect(decision.summary).toContain('1 unfixed, not gated');
    const summary = renderSummary(decision, CONTEXT);
    expect(summary).toContain('### Unfixed, not gated (1)');
    expect(summary).toMatch(/CVE-2019-18276.*affected, no fix yet/);
    const issue = renderSecurityIssue(decision, CONTEXT);
    expect(issue.body).toContain('Unfixed, not gated (1)');
    expect(auditRecord(decision, { time: now, image: 'x' }).unfixedIgnored).toEqual([
      { kind: 'vulnerability', id: 'CVE-2019-18276', severity: 'LOW', scope: 'image', package: 'bash', version: '5.0-4' },
    ]);
  });

  it('an unfixed CRITICAL at an issue-on severity keeps the security issue open, named', () => {
    const image = edited('debian-buster.json.golden', (json) => {
      const results = json.Results as { Vulnerabilities?: { Severity: string; VulnerabilityID: string; Status?: string }[] }[];
      for (const v of results.flatMap((r) => r.Vulnerabilities ?? [])) if (v.VulnerabilityID === 'CVE-2019-18276') Object.assign(v, { Severity: 'CRITICAL', Status: 'will_not_fix' });
      for (const r of results) r.Vulnerabilities = (r.Vulnerabilities ?? []).filter((v) => v.VulnerabilityID === 'CVE-2019-18276');
    });
    const decision = decide({ image }, { ignoreUnfixed: true });
    expect(decision.verdict).toBe('pass');
    const issue = renderSecurityIssue(decision, CONTEXT);
    expect(issue.action).toBe('open');
    expect(issue.body).toContain("won't fix (vendor decision)");
  });

  it.each<[string, { fixedVersion?: string; status?: string }, string | undefined]>([
    ['will_not_fix', { status: 'will_not_fix' }, "won't fix (vendor decision)"],
    ['fix_deferred', { status: 'fix_deferred' }, 'fix deferred by the vendor'],
    ['end_of_life', { status: 'end_of_life' }, 'no fix: the release is end of life'],
    ['affected', { status: 'affected' }, 'affected, no fix yet'],
    ['no status', {}, 'no fix yet'],
    ['a new status', { status: 'pending_review' }, 'no fix yet (vendor status: pending_review)'],
    ['a fixed version, whatever the status', { fixedVersion: '1.2', status: 'will_not_fix' }, undefined],
  ])('%s', (_name, finding, words) => {
    expect(unfixedReason(finding)).toBe(words);
  });
});

describe('settings that weaken the gate say so', () => {
  it.each<[Severity[], string[]]>([
    [['CRITICAL', 'HIGH'], []],
    [['LOW', 'MEDIUM'], ['CRITICAL', 'HIGH']],
    [['UNKNOWN'], ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']],
    [['CRITICAL', 'LOW'], ['HIGH', 'MEDIUM']],
    [[], []],
  ])('fail-on %j leaves out %j', (failOn, gaps) => {
    expect(failOnGaps(failOn)).toEqual(gaps);
  });

  it('fail-on LOW,MEDIUM on alpine-310: the CRITICALs pass, with a warning in the decision, the log and the summary', async () => {
    const decision = decide({ image: goldenReport('alpine-310.json.golden') }, { failOn: ['LOW', 'MEDIUM'] });
    const warning = decision.reasons.find((r) => r.rule === 'fail-on-gap');
    expect(warning).toEqual({ level: 'warn', rule: 'fail-on-gap', message: 'fail-on LOW,MEDIUM leaves out CRITICAL, HIGH: findings of those severities will not fail the gate' });
    expect(renderSummary(decision, CONTEXT)).toContain('fail-on LOW,MEDIUM leaves out CRITICAL, HIGH');
  });

  it('the summary names the scanners that ran and those that did not', () => {
    const summary = renderSummary(decide({ image: goldenReport('alpine-310.json.golden') }), { ...CONTEXT, scanners: ['vuln', 'secret'] });
    expect(summary).toContain('Scanners run: `vuln`, `secret`; not run: `misconfig`, `license`.');
  });

  describe('vulnerability DB age', () => {
    it.each<[string, { seconds: number; mode: 'warn' | 'fail' } | undefined]>([
      ['', { seconds: 7 * 86_400, mode: 'warn' }],
      ['7d', { seconds: 7 * 86_400, mode: 'warn' }],
      ['36h,fail', { seconds: 36 * 3600, mode: 'fail' }],
      ['2, warn', { seconds: 2 * 86_400, mode: 'warn' }],
      ['off', undefined],
    ])('max-db-age %j', (raw, expected) => {
      expect(parseDbAge(raw)).toEqual(expected);
    });

    it.each(['7w', '0d', 'fail', '7d,block'])('max-db-age %j is an input error naming the input', (raw) => {
      expect(() => parseDbAge(raw)).toThrow(/input 'max-db-age'/);
    });

    it.each<[string, 'warn' | 'fail', string, Decision['verdict']]>([
      ['a fresh DB', 'fail', '2026-11-29T06:00:00Z', 'pass'],
      ['a stale DB, warn', 'warn', '2026-11-01T00:00:00Z', 'pass'],
      ['a stale DB, fail', 'fail', '2026-11-01T00:00:00Z', 'fail'],
    ])('%s', (_name, mode, updatedAt, verdict) => {
      const decision = decide({ image: goldenReport('alpine-39-skip.json.golden'), database: { updatedAt } }, { maxDbAge: { seconds: 7 * 86_400, mode } });
      expect(decision.verdict).toBe(verdict);
      expect(decision.database).toEqual({ updatedAt: new Date(updatedAt).toISOString(), ageDays: Math.floor((now.getTime() - Date.parse(updatedAt)) / 86_400_000) });
      const reason = decision.reasons.find((r) => r.rule === 'db-age');
      if (verdict === 'pass' && mode === 'fail') expect(reason).toBeUndefined();
      else expect(reason).toMatchObject({ level: mode, message: expect.stringContaining('older than max-db-age 7 days') });
      if (verdict === 'fail') expect(decision.reason).toBe('policy');
      expect(renderSummary(decision, CONTEXT)).toContain(`Vulnerability DB: updated ${new Date(updatedAt).toISOString()}`);
    });
  });
});

describe('compare-on (default: the issue-on severities) on a real report', () => {
  // npm.json.golden has one MEDIUM (jquery CVE-2019-11358); the baseline is the same report without it.
  const current = goldenReport('npm.json.golden');
  const baseline = edited('npm.json.golden', (json) => {
    for (const r of json.Results as { Vulnerabilities?: unknown[] }[]) r.Vulnerabilities = [];
  });

  it('a new MEDIUM counts by default: regressed, and it blocks under block-on-increase', () => {
    const decision = decide({ filesystem: current, baseline });
    expect(decision.baseline).toMatchObject({ verdict: 'regressed', newCount: 1, fixedCount: 0 });
    expect(decision.verdict).toBe('fail');
    expect(decision.reason).toBe('regressed');
  });

  it('compare-on CRITICAL,HIGH does not count it: unchanged, pass', () => {
    const decision = decide({ filesystem: current, baseline }, { compareOn: ['CRITICAL', 'HIGH'] });
    expect(decision.baseline).toMatchObject({ verdict: 'unchanged', newCount: 0 });
    expect(decision.verdict).toBe('pass');
  });

  it('the fixed side counts compare-on too', () => {
    const decision = decide({ filesystem: baseline, baseline: current });
    expect(decision.baseline).toMatchObject({ verdict: 'improved', fixedCount: 1 });
  });
});

describe('misconfiguration checks without metadata (ID and Title N/A)', () => {
  // The shape Trivy 0.50 writes for custom checks without metadata (integration/testdata/dockerfile-custom-policies.json.golden).
  const noMetadata = (namespace: string, message: string) => ({
    Type: 'Dockerfile Security Check',
    ID: 'N/A',
    Title: 'N/A',
    Message: message,
    Namespace: namespace,
    Query: `data.${namespace}.deny`,
    Severity: 'UNKNOWN',
    Status: 'FAIL',
    Layer: {},
    CauseMetadata: { Provider: 'Dockerfile', Service: 'general', Code: { Lines: null } },
  });
  const custom = parseTrivyReport(
    JSON.stringify({
      SchemaVersion: 2,
      ArtifactName: 'testdata/fixtures/repo/custom-policy',
      ArtifactType: 'repository',
      Results: [{ Target: 'Dockerfile', Class: 'config', Type: 'dockerfile', Misconfigurations: [noMetadata('user.bar', 'something bad: bar'), noMetadata('user.foo', 'something bad: foo')] }],
    }),
    'custom-policies',
  );

  it('are two findings, titled by their message, with distinct keys, SARIF rules and fingerprints', () => {
    const findings = collectFindings(custom, 'filesystem');
    expect(findings.map((f) => [f.id, f.title, f.namespace])).toEqual([
      ['N/A', 'something bad: bar', 'user.bar'],
      ['N/A', 'something bad: foo', 'user.foo'],
    ]);
    expect(new Set(findings.map((f) => f.key)).size).toBe(2);
    const decision = decide({ filesystem: custom });
    expect(decision.findings).toHaveLength(2);
    const sarif = renderSarif(decision, { contextPath: '.', imageName: 'x', toolVersion: '0' });
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id).sort()).toEqual(['user.bar', 'user.foo']);
    const fingerprints = sarif.runs[0]!.results.map((r) => Object.values(r.partialFingerprints)[0]);
    expect(new Set(fingerprints).size).toBe(2);
  });
});

describe('finding identity across scopes', () => {
  it.each<[string, string, string]>([
    ['pypi', 'Werkzeug', 'werkzeug'],
    ['pypi', 'zope.interface', 'zope-interface'],
    ['pypi', 'Flask__SQLAlchemy', 'flask-sqlalchemy'],
    ['npm', 'JSONStream', 'jsonstream'],
    ['crates', 'serde_json', 'serde-json'],
    ['nuget', 'Newtonsoft.Json', 'newtonsoft.json'],
    ['go', 'github.com/BurntSushi/toml', 'github.com/BurntSushi/toml'],
    ['maven', 'org.Apache:Commons', 'org.Apache:Commons'],
    ['os:debian', 'libSSL3', 'libSSL3'],
  ])('%s %s → %s', (ecosystem, name, expected) => {
    expect(normalisePackageName(ecosystem, name)).toBe(expected);
  });

  it('check IDs of all Trivy eras are one check', () => {
    expect(new Set(['DS002', 'DS-0002', 'AVD-DS-0002'].map(canonicalCheckId)).size).toBe(1);
  });

  it('groups a lockfile package with the installed one, but not two Go modules differing in case', () => {
    const finding = (scope: 'filesystem' | 'image', type: string, pkg: string): Finding => ({
      kind: 'vulnerability',
      id: 'CVE-1',
      aliases: [],
      severity: 'HIGH',
      scope,
      target: 't',
      targetClass: 'lang-pkgs',
      targetType: type,
      packageName: pkg,
      installedVersion: '1.0',
      title: 't',
      key: `${scope}${type}${pkg}`,
    });
    const merged = mergeByIdentity(
      [finding('filesystem', 'pip', 'Werkzeug'), finding('image', 'python-pkg', 'werkzeug'), finding('filesystem', 'gomod', 'github.com/A/b'), finding('image', 'gobinary', 'github.com/a/b')],
      (f) => f,
      (group) => ({ ...group[0]!, key: group.map((f) => f.key).join(' + ') }),
    );
    expect(merged.map((f) => f.key)).toEqual(['filesystempipWerkzeug + imagepython-pkgwerkzeug', 'filesystemgomodgithub.com/A/b', 'imagegobinarygithub.com/a/b']);
  });
});

describe('the DB is prepared only for the vuln scanner', () => {
  function run(scanners: string) {
    const given = readInputs((name: InputName) => ({ scanners, 'registry-password': 'pw' })[name as string] ?? '', { repository: 'acme/app', actor: 'o', runnerTemp: '/tmp/rt', env: {} });
    const event = { eventName: 'push', ref: 'refs/heads/main', sha: '0123456789abcdef0123456789abcdef01234567', defaultBranch: 'main', repository: 'acme/app', serverUrl: 'https://github.com' };
    const calls: string[] = [];
    const ports: PipelinePorts = {
      installTrivy: async () => ({ path: '/bin/trivy', version: '0.74.0' }),
      openScanner: () => ({
        prepareDatabase: async () => (calls.push('db'), { updatedAt: '2026-11-29T00:00:00Z' }),
        scanFilesystem: async () => report({ kind: 'filesystem' }),
        scanImage: async () => report(),
        scanPublished: async () => undefined,
      }),
      engine: {
        build: async () => ({ imageId: 'sha256:' + 'b'.repeat(64), scanReference: 'x' }),
        inspect: async (id) => facts({ id }),
      },
      registry: {
        publishManifest: async (imageId) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:' + 'c'.repeat(64), size: 400, configDigest: imageId, compressedSize: 1234 }),
        putBlob: () => Promise.reject(new Error('not used')),
        putManifest: () => Promise.reject(new Error('not used')),
        tag: async (repository, _digest, tags) => tags.map((t) => `ghcr.io/${repository}:${t}`),
      },
      checkInputFiles: async () => undefined,
      readOptionalFile: async () => undefined,
      now: () => now,
      log: { info: (l) => calls.push(`info ${l}`), warning: (l) => calls.push(`warning ${l}`), group: (_t, body) => body() },
    };
    return runGate(given, planRun(given, event, { workspace: '/work', now }), ports).then((result) => ({ result, calls }));
  }

  it.each(['secret', 'misconfig', 'license', 'secret,misconfig,license'])('scanners: %s → no DB', async (scanners) => {
    const { result, calls } = await run(scanners);
    expect(calls).not.toContain('db');
    expect(calls).toContainEqual(expect.stringContaining('Trivy DB: not needed'));
    expect(result.decision.verdict).toBe('pass');
    expect(result.decision.database).toBeUndefined();
  });

  it('scanners: vuln,secret → the DB, and its date reaches the decision', async () => {
    const { result, calls } = await run('vuln,secret');
    expect(calls).toContain('db');
    expect(result.database).toEqual({ updatedAt: '2026-11-29T00:00:00Z' });
    expect(result.decision.database).toEqual({ updatedAt: '2026-11-29T00:00:00.000Z', ageDays: 1 });
  });
});

describe('GitHub API connection errors', () => {
  it('a request that got no response is unreachable, with the address, not "500"', () => {
    // The shape @octokit/request throws when fetch fails: status 500 invented, no response.
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { status: 500, request: { url: 'http://127.0.0.1:9/api/v3/repos/acme/app/issues?state=open' } });
    expect(apiFailureOf(error)).toMatchObject({ status: undefined, unreachable: 'http://127.0.0.1:9' });
    const text = describeApiFailure(error, 'update the security issue', 'issues: write', 3);
    expect(text).toBe(
      "could not update the security issue: the GitHub API at http://127.0.0.1:9 is unreachable (connect ECONNREFUSED 127.0.0.1:9) after 3 attempts; check GITHUB_API_URL and the runner's network. The verdict is not affected.",
    );
  });

  it('a real 500 from GitHub stays a 500', () => {
    const error = Object.assign(new Error('Server Error'), { status: 500, request: { url: 'https://api.github.com/x' }, response: { headers: {}, data: { message: 'Server Error' } } });
    expect(describeApiFailure(error, 'x', 'issues: write', 3)).toContain('GitHub API error 500 after 3 attempts');
  });
});

describe('ignore file entries without an expiry', () => {
  it.each<[string, string, [string, number, string | undefined][]]>([
    ['.trivyignore', '# comment\nCVE-1\n\nCVE-2 exp:2030-01-01\nAVD-DS-0002 some words\n', [['CVE-1', 2, undefined], ['CVE-2', 4, '2030-01-01'], ['AVD-DS-0002', 5, undefined]]],
    ['.trivyignore.yaml', 'vulnerabilities:\n  - id: CVE-1\n    statement: s\nmisconfigurations:\n  - id: DS002\n    expired_at: 2030-01-01\nsecrets:\n  - id: github-pat\n', [['CVE-1', 2, undefined], ['DS002', 5, '2030-01-01'], ['github-pat', 8, undefined]]],
    ['.trivyignore.yaml', ': not yaml [', []],
  ])('%s', (name, text, expected) => {
    expect(parseIgnoreFile(text, name).map((e) => [e.id, e.line, e.expires])).toEqual(expected);
  });
});
