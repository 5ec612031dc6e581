import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { baselineScope, compareFindings } from '../../src/domain/policy/baseline.js';
import { collectFindings } from '../../src/domain/policy/collect-findings.js';
import type { Decision } from '../../src/domain/policy/decision.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { SEVERITIES, type Severity } from '../../src/domain/severity.js';
import { exception, facts, goldenReport, goldenReportFiles, policy, policyFile, report, vuln, type ReportSpec } from './policy-fixtures.js';

const now = new Date('2025-06-01T12:00:00Z');
const H1 = vuln({ id: 'CVE-H1', severity: 'HIGH', pkg: 'openssl', fixed: '9' });
const H2 = vuln({ id: 'CVE-H2', severity: 'HIGH', pkg: 'musl', fixed: '9' });
const H3 = vuln({ id: 'CVE-H3', severity: 'HIGH', pkg: 'zlib', fixed: '9' });
const C1 = vuln({ id: 'CVE-C1', severity: 'CRITICAL', pkg: 'busybox', fixed: '9' });
const M1 = vuln({ id: 'CVE-M1', severity: 'MEDIUM', pkg: 'zlib', fixed: '9' });

function compare(current: ReportSpec, published: ReportSpec, overrides: Parameters<typeof policy>[0] = {}, extra = {}): Decision {
  return evaluateGate({
    policy: policy(overrides),
    image: report({ reference: 'ghcr.io/acme/app:pr-7', ...current }),
    baseline: report({ reference: 'ghcr.io/acme/app:latest', ...published }),
    imageFacts: facts(),
    now,
    ...extra,
  });
}

function brief(decision: Decision) {
  const b = decision.baseline!;
  return {
    verdict: decision.verdict,
    reason: decision.reason,
    baseline: b.verdict,
    counts: [b.baselineCount, b.currentCount],
    new: b.newVulnerabilities.map((f) => f.id),
    fixed: b.fixedVulnerabilities.map((f) => f.id),
  };
}

describe('baseline rules (table)', () => {
  it.each<[string, ReportSpec, ReportSpec, Parameters<typeof policy>[0], ReturnType<typeof brief>]>([
    ['same findings under another tag: unchanged, known HIGHs tolerated', { os: [H1, H2] }, { os: [H1, H2] }, {}, { verdict: 'pass', reason: 'passed', baseline: 'unchanged', counts: [2, 2], new: [], fixed: [] }],
    ['a new HIGH raises the count: regressed', { os: [H1, H2] }, { os: [H1] }, {}, { verdict: 'fail', reason: 'regressed', baseline: 'regressed', counts: [1, 2], new: ['CVE-H2'], fixed: [] }],
    ['a new HIGH without block-on-increase: warn only', { os: [H1, H2] }, { os: [H1] }, { blockOnIncrease: false }, { verdict: 'pass', reason: 'passed', baseline: 'regressed', counts: [1, 2], new: ['CVE-H2'], fixed: [] }],
    ['a fixed HIGH: improved', { os: [H1] }, { os: [H1, H2] }, {}, { verdict: 'pass', reason: 'passed', baseline: 'improved', counts: [2, 1], new: [], fixed: ['CVE-H2'] }],
    ['one HIGH swapped for another: count unchanged', { os: [H1, H3] }, { os: [H1, H2] }, {}, { verdict: 'pass', reason: 'passed', baseline: 'unchanged', counts: [2, 2], new: ['CVE-H3'], fixed: ['CVE-H2'] }],
    ['a CRITICAL present blocks even if the baseline had it', { os: [C1] }, { os: [C1] }, {}, { verdict: 'fail', reason: 'vulnerable', baseline: 'unchanged', counts: [1, 1], new: [], fixed: [] }],
    ['a CRITICAL present blocks even when the count fell', { os: [C1] }, { os: [C1, H1, H2] }, {}, { verdict: 'fail', reason: 'vulnerable', baseline: 'improved', counts: [3, 1], new: [], fixed: ['CVE-H1', 'CVE-H2'] }],
    // compare-on defaults to the issue-on severities (MEDIUM and above), as the seed pipelines count.
    ['a new MEDIUM below fail-on is counted (compare-on = issue-on) and blocks on increase', { os: [H1, M1] }, { os: [H1] }, {}, { verdict: 'fail', reason: 'regressed', baseline: 'regressed', counts: [1, 2], new: ['CVE-M1'], fixed: [] }],
    ['compare-on CRITICAL,HIGH leaves the new MEDIUM out', { os: [H1, M1] }, { os: [H1] }, { compareOn: ['CRITICAL', 'HIGH'] }, { verdict: 'pass', reason: 'passed', baseline: 'unchanged', counts: [1, 1], new: [], fixed: [] }],
    ['a fixed MEDIUM is counted as fixed: improved', { os: [H1] }, { os: [H1, M1] }, {}, { verdict: 'pass', reason: 'passed', baseline: 'improved', counts: [2, 1], new: [], fixed: ['CVE-M1'] }],
    ['issue-on HIGH with no compare-on: the new MEDIUM is not counted', { os: [H1, M1] }, { os: [H1] }, { issueOn: ['CRITICAL', 'HIGH'] }, { verdict: 'pass', reason: 'passed', baseline: 'unchanged', counts: [1, 1], new: [], fixed: [] }],
    ['compare-on LOW: a CRITICAL still blocks when the count fell', { os: [C1] }, { os: [C1, H1] }, { compareOn: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] }, { verdict: 'fail', reason: 'vulnerable', baseline: 'improved', counts: [2, 1], new: [], fixed: ['CVE-H1'] }],
    ['an upgrade that keeps the CVE is new + fixed, count unchanged', { os: [vuln({ id: 'CVE-H1', severity: 'HIGH', pkg: 'openssl', version: '1.1', fixed: '9' })] }, { os: [H1] }, {}, { verdict: 'pass', reason: 'passed', baseline: 'unchanged', counts: [1, 1], new: ['CVE-H1'], fixed: ['CVE-H1'] }],
    ['unfixed vulnerabilities are not counted with ignore-unfixed', { os: [H1, vuln({ id: 'CVE-U', severity: 'HIGH', status: 'affected' })] }, { os: [H1] }, { ignoreUnfixed: true }, { verdict: 'pass', reason: 'passed', baseline: 'unchanged', counts: [1, 1], new: [], fixed: [] }],
    ['an empty baseline (first publish) with HIGHs: regressed', { os: [H1] }, {}, {}, { verdict: 'fail', reason: 'regressed', baseline: 'regressed', counts: [0, 1], new: ['CVE-H1'], fixed: [] }],
  ])('%s', (_, current, published, overrides, expected) => {
    expect(brief(compare(current, published, overrides))).toEqual(expected);
  });

  it('marks each compared finding new or unchanged; new ones block under block-on-increase', () => {
    const decision = compare({ os: [H1, H2, M1] }, { os: [H1] }, { compareOn: ['CRITICAL', 'HIGH'] });
    expect(decision.findings.map((f) => [f.finding.id, f.status, f.blockingRule, f.baseline])).toEqual([
      ['CVE-H2', 'blocking', 'block-on-increase', 'new'],
      ['CVE-H1', 'counted', undefined, 'unchanged'],
      ['CVE-M1', 'reported', undefined, undefined],
    ]);
    expect(decision.baseline).toMatchObject({ scope: 'image', blocking: true, newCount: 1, fixedCount: 0, unchangedCount: 1 });
    expect(decision.reasons[0]).toEqual({ level: 'fail', rule: 'block-on-increase', message: '1 finding new while the compared count rose (1 HIGH)' });
    expect(decision.reasons[1]).toEqual({ level: 'fail', rule: 'baseline', message: 'compared vulnerabilities rose from 1 to 2 (1 new, 0 fixed)' });
  });

  it('with the default compare-on a new MEDIUM is marked new and blocks on increase', () => {
    const decision = compare({ os: [H1, M1] }, { os: [H1] });
    expect(decision.findings.map((f) => [f.finding.id, f.status, f.blockingRule, f.baseline])).toEqual([
      ['CVE-M1', 'blocking', 'block-on-increase', 'new'],
      ['CVE-H1', 'counted', undefined, 'unchanged'],
    ]);
  });

  it('an exception removes the finding from both counts', () => {
    const decision = compare({ os: [H1, H2] }, { os: [H1] }, {}, { policyFile: policyFile([exception({ id: 'CVE-H2' })]) });
    expect(brief(decision)).toMatchObject({ verdict: 'pass', baseline: 'unchanged', counts: [1, 1] });
  });

  it('secrets and the build context still gate by fail-on with an image baseline', () => {
    const decision = evaluateGate({
      policy: policy(),
      filesystem: report({ kind: 'filesystem', npm: [H2] }),
      image: report({ os: [H1] }),
      baseline: report({ os: [H1] }),
      imageFacts: facts(),
      now,
    });
    expect(decision.reason).toBe('vulnerable');
    expect(decision.findings.filter((f) => f.blocking).map((f) => [f.finding.scope, f.finding.id, f.blockingRule])).toEqual([['filesystem', 'CVE-H2', 'fail-on']]);
  });

  it('a filesystem baseline is compared with the context scan', () => {
    const decision = evaluateGate({
      policy: policy(),
      filesystem: report({ kind: 'filesystem', npm: [H1, H2] }),
      image: report({ os: [] }),
      baseline: report({ kind: 'filesystem', npm: [H1] }),
      imageFacts: facts(),
      now,
    });
    expect(decision.baseline).toMatchObject({ scope: 'filesystem', verdict: 'regressed', newCount: 1 });
  });

  it('a baseline of a kind this run did not scan is an input error', () => {
    expect(() => evaluateGate({ policy: policy(), filesystem: report({ kind: 'filesystem' }), baseline: report({ os: [H1] }), now })).toThrow(GateError);
  });

  it('no baseline, no comparison', () => {
    expect(evaluateGate({ policy: policy(), image: report({ os: [H1] }), now }).baseline).toBeUndefined();
  });
});

describe('comparing a report with itself gives no new and no fixed findings', () => {
  it.each(goldenReportFiles())('%s', (file) => {
    const r = goldenReport(file);
    const scope = baselineScope(r);
    const delta = compareFindings(collectFindings(r, scope), collectFindings(r, scope));
    expect([delta.added, delta.removed]).toEqual([[], []]);
    const decision = evaluateGate({
      policy: policy({ failOn: [...SEVERITIES] }),
      [scope]: r,
      baseline: r,
      now,
    });
    expect(decision.baseline).toMatchObject({ verdict: 'unchanged', newCount: 0, fixedCount: 0 });
  });

  it('across schema eras: the 0.58 report of alpine-310 is the same as the 0.74 one', () => {
    const decision = evaluateGate({
      policy: policy({ failOn: [...SEVERITIES] }),
      image: goldenReport('alpine-310.json.golden'),
      baseline: goldenReport('v0.58.1/alpine-310.json.golden'),
      now,
    });
    expect(decision.baseline).toMatchObject({ verdict: 'unchanged', newCount: 0, fixedCount: 0, currentCount: 4 });
  });

  it('for any report, under any tag and any policy (property)', () => {
    const severity = fc.constantFrom<Severity>(...SEVERITIES);
    const anyVuln = fc
      .record({
        id: fc.constantFrom('CVE-1', 'CVE-2', 'CVE-3'),
        severity,
        pkg: fc.constantFrom('openssl', 'musl'),
        version: fc.constantFrom('1.0', '1.1'),
        fixed: fc.option(fc.constant('2.0'), { nil: undefined }),
        pkgPath: fc.option(fc.constantFrom('app/node_modules/a', 'srv/b'), { nil: undefined }),
      })
      .map(vuln);
    fc.assert(
      fc.property(
        fc.array(anyVuln, { maxLength: 8 }),
        fc.array(anyVuln, { maxLength: 4 }),
        fc.subarray([...SEVERITIES]),
        fc.boolean(),
        (os, npm, failOn, ignoreUnfixed) => {
          const decision = evaluateGate({
            policy: policy({ failOn, ignoreUnfixed }),
            image: report({ reference: 'ghcr.io/acme/app:pr-9', os, npm }),
            baseline: report({ reference: 'ghcr.io/acme/app:latest', os, npm }),
            now,
          });
          expect(decision.baseline).toMatchObject({ verdict: 'unchanged', newCount: 0, fixedCount: 0 });
          expect(decision.findings.some((f) => f.blockingRule === 'block-on-increase')).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
