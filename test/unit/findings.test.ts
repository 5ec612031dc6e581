import { describe, expect, it } from 'vitest';
import { findingKey, type Finding } from '../../src/domain/findings.js';
import { collectFindings } from '../../src/domain/policy/collect-findings.js';
import { goldenReport, goldenReportFiles, goldenText, report, secret, vuln } from './policy-fixtures.js';

function rawCounts(text: string): { vulnerability: number; secret: number; misconfiguration: number } {
  const raw = JSON.parse(text) as { Results?: Record<string, unknown[] | null>[] };
  const counts = { vulnerability: 0, secret: 0, misconfiguration: 0 };
  for (const r of raw.Results ?? []) {
    counts.vulnerability += r.Vulnerabilities?.length ?? 0;
    counts.secret += r.Secrets?.length ?? 0;
    counts.misconfiguration += r.Misconfigurations?.length ?? 0;
  }
  return counts;
}

describe('collectFindings on real Trivy reports', () => {
  it.each(goldenReportFiles())('%s: one finding per vulnerability, secret and misconfiguration', (file) => {
    const findings = collectFindings(goldenReport(file), 'image');
    const expected = rawCounts(goldenText(file));
    expect({
      vulnerability: findings.filter((f) => f.kind === 'vulnerability').length,
      secret: findings.filter((f) => f.kind === 'secret').length,
      misconfiguration: findings.filter((f) => f.kind === 'misconfiguration').length,
    }).toEqual(expected);
    for (const f of findings) {
      expect(f.scope).toBe('image');
      expect(f.key).toBe(findingKey(f));
      expect(f.title.length).toBeGreaterThan(0);
    }
  });

  it('alpine-310: OS package vulnerabilities carry package, versions, status and URL', () => {
    const findings = collectFindings(goldenReport('alpine-310.json.golden'), 'image');
    const first = findings.find((f) => f.id === 'CVE-2019-1549' && f.packageName === 'libcrypto1.1');
    expect(first).toMatchObject({
      kind: 'vulnerability',
      severity: 'MEDIUM',
      targetClass: 'os-pkgs',
      targetType: 'alpine',
      installedVersion: '1.1.1c-r0',
      fixedVersion: '1.1.1d-r0',
      status: 'fixed',
      title: 'openssl: information disclosure in fork()',
      url: 'https://avd.aquasec.com/nvd/cve-2019-1549',
    });
  });

  it('debian-buster: an unfixed vulnerability has no fixedVersion and status affected', () => {
    const findings = collectFindings(goldenReport('debian-buster.json.golden'), 'image');
    const unfixed = findings.find((f) => f.id === 'CVE-2019-18276');
    expect(unfixed?.fixedVersion).toBeUndefined();
    expect(unfixed?.status).toBe('affected');
  });

  it('secrets: rule, lines and category are kept; the matched line is not carried anywhere', () => {
    const text = goldenText('secrets.json.golden');
    const matches = (JSON.parse(text) as { Results: { Secrets: { Match: string }[] }[] }).Results.flatMap((r) => r.Secrets.map((s) => s.Match));
    expect(matches.length).toBe(2);
    const findings = collectFindings(goldenReport('secrets.json.golden'), 'filesystem');
    expect(findings.map((f) => [f.id, f.severity, f.startLine, f.endLine, f.category, f.target])).toEqual([
      ['aws-access-key-id', 'CRITICAL', 3, 3, 'AWS', 'deploy.sh'],
      ['mysecret', 'HIGH', 7, 7, 'Custom', 'deploy.sh'],
    ]);
    const serialised = JSON.stringify(findings);
    for (const match of matches) expect(serialised).not.toContain(match);
    expect(serialised).not.toContain('Match');
    expect(serialised).not.toContain('****');
  });

  it('a secret whose masked line still holds sensitive text never carries it', () => {
    const findings = collectFindings(
      report({ secrets: [secret({ rule: 'github-pat', severity: 'CRITICAL', match: 'curl -u admin:hunter2 ghp_********' })] }),
      'image',
    );
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });

  it.each([
    ['dockerfile.json.golden', 'DS-0002', []],
    ['v0.58.1/dockerfile.json.golden', 'DS002', ['AVD-DS-0002']],
  ])('%s: misconfiguration id %s with aliases %j and status FAIL', (file, id, aliases) => {
    const [finding] = collectFindings(goldenReport(file), 'filesystem');
    expect(finding).toMatchObject({ kind: 'misconfiguration', id, aliases, status: 'FAIL', severity: 'HIGH', target: 'Dockerfile' });
  });

  it('the two schema eras give the same vulnerability identities for the same image', () => {
    const keys = (file: string) => collectFindings(goldenReport(file), 'image').map((f) => f.key).sort();
    expect(keys('v0.58.1/alpine-310.json.golden')).toEqual(keys('alpine-310.json.golden'));
  });
});

describe('finding identity', () => {
  const os = [vuln({ id: 'CVE-1', severity: 'HIGH', pkg: 'musl', version: '1.2.3' })];
  const npm = [vuln({ id: 'GHSA-1', severity: 'HIGH', pkg: 'lodash', version: '4.17.20', pkgPath: 'app/node_modules/lodash' })];

  it('does not depend on the image reference in the OS result target', () => {
    const a = collectFindings(report({ reference: 'ghcr.io/acme/app:pr-7', os, npm }), 'image');
    const b = collectFindings(report({ reference: 'ghcr.io/acme/app:latest', os, npm }), 'image');
    expect(a.map((f) => f.target)).not.toEqual(b.map((f) => f.target));
    expect(a.map((f) => f.key)).toEqual(b.map((f) => f.key));
  });

  const base: Finding = collectFindings(report({ npm }), 'image')[0]!;
  it.each<[string, Partial<Finding>]>([
    ['id', { id: 'GHSA-2' }],
    ['package', { packageName: 'underscore' }],
    ['installed version', { installedVersion: '4.17.21' }],
    ['package path', { packagePath: 'other/node_modules/lodash' }],
    ['result type', { targetType: 'yarn' }],
    ['kind', { kind: 'secret' }],
  ])('changes with the %s', (_, change) => {
    expect(findingKey({ ...base, ...change })).not.toBe(base.key);
  });

  it.each<[string, Partial<Finding>]>([
    ['severity', { severity: 'LOW' }],
    ['fixed version', { fixedVersion: '9.9.9' }],
    ['title', { title: 'other' }],
    ['scope', { scope: 'filesystem' }],
  ])('does not change with the %s', (_, change) => {
    expect(findingKey({ ...base, ...change })).toBe(base.key);
  });

  it('two secrets of one rule in one file stay distinct by line', () => {
    const findings = collectFindings(
      report({ secrets: [secret({ rule: 'github-pat', severity: 'CRITICAL', line: 1 }), secret({ rule: 'github-pat', severity: 'CRITICAL', line: 9 })] }),
      'image',
    );
    expect(new Set(findings.map((f) => f.key)).size).toBe(2);
  });
});
