import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/findings.js';
import { collectFindings } from '../../src/domain/policy/collect-findings.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { exceptionEnd, exceptionMatches, isExceptionActive, pathMatches } from '../../src/domain/policy/exceptions.js';
import { exception, goldenReport, misconfig, policy, policyFile, report, vuln } from './policy-fixtures.js';

const [osFinding] = collectFindings(report({ os: [vuln({ id: 'CVE-2024-1', severity: 'HIGH', pkg: 'openssl', version: '3.0.1' })] }), 'image') as [Finding];
const [npmFinding] = collectFindings(
  report({ npm: [vuln({ id: 'GHSA-aaaa', severity: 'HIGH', pkg: 'lodash', pkgPath: 'app/node_modules/lodash/package.json' })] }),
  'image',
) as [Finding];
const [v058Misconfig] = collectFindings(goldenReport('v0.58.1/dockerfile.json.golden'), 'filesystem') as [Finding];
const [v074Misconfig] = collectFindings(goldenReport('dockerfile.json.golden'), 'filesystem') as [Finding];

describe('exception matching', () => {
  it.each<[string, Parameters<typeof exception>[0], Finding, boolean]>([
    ['same id', { id: 'CVE-2024-1' }, osFinding, true],
    ['id is case-insensitive', { id: 'cve-2024-1' }, osFinding, true],
    ['other id', { id: 'CVE-2024-2' }, osFinding, false],
    ['id and package', { id: 'CVE-2024-1', package: 'openssl' }, osFinding, true],
    ['id and other package', { id: 'CVE-2024-1', package: 'libssl3' }, osFinding, false],
    ['path glob on package path', { id: 'GHSA-aaaa', path: 'app/node_modules/**' }, npmFinding, true],
    ['path exact target', { id: 'GHSA-aaaa', path: 'app/package-lock.json' }, npmFinding, true],
    ['path with leading slash', { id: 'GHSA-aaaa', path: '/app/package-lock.json' }, npmFinding, true],
    ['path elsewhere', { id: 'GHSA-aaaa', path: 'srv/**' }, npmFinding, false],
    ['single star stays in a segment', { id: 'GHSA-aaaa', path: 'app/*/package.json' }, npmFinding, false],
    ['DS002 matches Trivy 0.58 DS002', { id: 'DS002' }, v058Misconfig, true],
    ['DS002 matches Trivy 0.74 DS-0002', { id: 'DS002' }, v074Misconfig, true],
    ['AVD-DS-0002 matches Trivy 0.74 DS-0002', { id: 'AVD-DS-0002' }, v074Misconfig, true],
    ['DS-0002 matches Trivy 0.58 AVD alias', { id: 'DS-0002' }, v058Misconfig, true],
    ['DS0021 does not match DS002', { id: 'DS0021' }, v074Misconfig, false],
    ['check spelling does not apply to vulnerabilities', { id: 'CVE-2024-0001' }, osFinding, false],
  ])('%s', (_, spec, finding, expected) => {
    expect(exceptionMatches(exception(spec), finding)).toBe(expected);
  });

  it.each([
    ['usr/lib/**', 'usr/lib/a/b.so', true],
    ['usr/lib/**', 'usr/lib', false],
    ['usr/**/b.so', 'usr/b.so', true],
    ['usr/**/b.so', 'usr/x/y/b.so', true],
    ['usr/*.so', 'usr/a.so', true],
    ['usr/*.so', 'usr/x/a.so', false],
    ['a.b', 'axb', false],
    ['(x)', '(x)', true],
  ])('pathMatches(%s, %s) = %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });
});

describe('exception expiry (UTC, inclusive)', () => {
  it.each([
    ['2025-12-31T00:00:00.000Z', true],
    ['2025-12-31T23:59:59.999Z', true],
    ['2026-01-01T00:00:00.000Z', false],
    ['2025-12-30T12:00:00.000Z', true],
    // 23:30 in New York on the 31st is already 1 January UTC.
    ['2026-01-01T04:30:00.000Z', false],
  ])('expires 2025-12-31, now %s → active %s', (now, active) => {
    expect(isExceptionActive(exception({ id: 'X', expires: '2025-12-31' }), new Date(now))).toBe(active);
  });

  const day = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('applies at every instant up to and including its expiry day and at none after (property)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), (expires, offset) => {
        const dayStart = Date.parse(`${expires}T00:00:00Z`);
        const now = new Date(dayStart + offset);
        const expected = now.getTime() < dayStart + 86_400_000;
        expect(isExceptionActive(exception({ id: 'X', expires }), now)).toBe(expected);
        expect(exceptionEnd({ expires })).toBe(dayStart + 86_400_000);
      }),
      { numRuns: 2000 },
    );
  });

  it('through the gate: the excepted finding blocks again the day after expiry, and the expiry is listed (property)', () => {
    const image = report({ os: [vuln({ id: 'CVE-2024-1', severity: 'CRITICAL', fixed: '3.0.2' })] });
    fc.assert(
      fc.property(day, fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }), (expires, offset) => {
        const now = new Date(Date.parse(`${expires}T00:00:00Z`) + offset);
        const decision = evaluateGate({ policy: policy(), image, policyFile: policyFile([exception({ id: 'CVE-2024-1', expires })]), now });
        const active = offset < 86_400_000;
        expect(decision.verdict).toBe(active ? 'pass' : 'fail');
        expect(decision.findings[0]?.status).toBe(active ? 'excepted' : 'blocking');
        expect(decision.exceptions.expired.map((e) => e.id)).toEqual(active ? [] : ['CVE-2024-1']);
        expect(decision.exceptions.used.map((u) => u.exception.id)).toEqual(active ? ['CVE-2024-1'] : []);
      }),
      { numRuns: 300 },
    );
  });
});

describe('exceptions in the decision', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const image = report({
    os: [vuln({ id: 'CVE-1', severity: 'HIGH', fixed: '2' }), vuln({ id: 'CVE-1', severity: 'HIGH', pkg: 'libssl', fixed: '2' })],
    misconfigs: [misconfig({ id: 'DS-0002', severity: 'HIGH' })],
  });

  it('records used (with counts), unused and expired exceptions, and which exception covered each finding', () => {
    const file = policyFile([
      exception({ id: 'CVE-1', expires: '2025-06-01', line: 2 }),
      exception({ id: 'DS002', expires: '2025-12-31', line: 6 }),
      exception({ id: 'CVE-9', expires: '2025-12-31', line: 10 }),
      exception({ id: 'CVE-8', expires: '2025-05-31', line: 14 }),
    ]);
    const decision = evaluateGate({ policy: policy(), image, policyFile: file, now });
    expect(decision.verdict).toBe('pass');
    expect(decision.exceptions.fileName).toBe('.github/container-gate.yml');
    expect(decision.exceptions.used.map((u) => [u.exception.id, u.findings])).toEqual([
      ['CVE-1', 2],
      ['DS002', 1],
    ]);
    expect(decision.exceptions.unused.map((e) => e.id)).toEqual(['CVE-9']);
    expect(decision.exceptions.expired.map((e) => e.id)).toEqual(['CVE-8']);
    expect(decision.findings.map((f) => [f.finding.id, f.status, f.exception?.id])).toEqual([
      ['CVE-1', 'excepted', 'CVE-1'],
      ['CVE-1', 'excepted', 'CVE-1'],
      ['DS-0002', 'excepted', 'DS002'],
    ]);
    expect(decision.findings.every((f) => !f.reportAsIssue)).toBe(true);
    expect(decision.reasons).toContainEqual({
      level: 'warn',
      rule: 'exception-expired',
      message: 'exception CVE-8 (.github/container-gate.yml line 14) expired on 2025-05-31 and no longer applies',
    });
  });

  it('an exception narrowed to a package leaves the same CVE in another package blocking', () => {
    const decision = evaluateGate({ policy: policy(), image, policyFile: policyFile([exception({ id: 'CVE-1', package: 'libssl' })]), now });
    expect(decision.verdict).toBe('fail');
    expect(decision.findings.filter((f) => f.blocking).map((f) => [f.finding.id, f.finding.packageName])).toEqual([
      ['CVE-1', 'openssl'],
      ['DS-0002', undefined],
    ]);
    expect(decision.findings.find((f) => f.finding.packageName === 'libssl')?.status).toBe('excepted');
  });
});
