import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import type { Decision } from '../../src/domain/policy/decision.js';
import { evaluateGate, type GateInput } from '../../src/domain/policy/evaluate-gate.js';
import { policyFromInputs } from '../../src/plan.js';
import { SEVERITIES, type Severity } from '../../src/domain/severity.js';
import { readInputs, type InputName } from '../../src/inputs.js';
import { exception, facts, goldenReport, misconfig, policy, policyFile, report, secret, vuln, type ReportSpec } from './policy-fixtures.js';

const now = new Date('2025-06-01T12:00:00Z');

function gate(spec: ReportSpec, overrides: Parameters<typeof policy>[0] = {}, extra: Partial<GateInput> = {}): Decision {
  return evaluateGate({ policy: policy(overrides), image: report(spec), imageFacts: facts(), now, ...extra });
}

function statuses(decision: Decision): string[] {
  return decision.findings.map((f) => `${f.finding.id}:${f.status}${f.blockingRule ? `(${f.blockingRule})` : ''}${f.reportAsIssue ? '+issue' : ''}`);
}

describe('policyFromInputs', () => {
  it('takes the defaults of readInputs', () => {
    const inputs = readInputs((_: InputName) => '', { repository: 'acme/app', actor: 'me', runnerTemp: '/tmp', env: {} });
    expect(policyFromInputs(inputs)).toEqual({
      failOn: ['CRITICAL', 'HIGH'],
      issueOn: ['CRITICAL', 'HIGH', 'MEDIUM'],
      unknownSeverity: 'HIGH',
      ignoreUnfixed: false,
      blockOnIncrease: true,
      compareOn: undefined,
      maxDbAge: { seconds: 7 * 86_400, mode: 'warn' },
      requireNonRoot: 'fail',
      requireHealthcheck: 'warn',
      maxImageSizeBytes: undefined,
      configSecrets: 'fail',
    });
  });
});

describe('severity gates (table)', () => {
  const fixed = { fixed: '9.9.9', status: 'fixed' };
  it.each<[string, ReportSpec, Parameters<typeof policy>[0], Decision['verdict'], Decision['reason'], string[]]>([
    ['no findings pass', { os: [] }, {}, 'pass', 'passed', []],
    ['CRITICAL blocks by default', { os: [vuln({ id: 'C', severity: 'CRITICAL', ...fixed })] }, {}, 'fail', 'vulnerable', ['C:blocking(fail-on)+issue']],
    ['HIGH blocks by default', { os: [vuln({ id: 'H', severity: 'HIGH', ...fixed })] }, {}, 'fail', 'vulnerable', ['H:blocking(fail-on)+issue']],
    ['MEDIUM is reported, not blocking', { os: [vuln({ id: 'M', severity: 'MEDIUM', ...fixed })] }, {}, 'pass', 'passed', ['M:reported+issue']],
    ['LOW is below both thresholds', { os: [vuln({ id: 'L', severity: 'LOW', ...fixed })] }, {}, 'pass', 'passed', ['L:below-threshold']],
    ['fail-on CRITICAL lets HIGH pass, still reported', { os: [vuln({ id: 'H', severity: 'HIGH', ...fixed })] }, { failOn: ['CRITICAL'] }, 'pass', 'passed', ['H:reported+issue']],
    ['fail-on none blocks nothing', { os: [vuln({ id: 'C', severity: 'CRITICAL', ...fixed })] }, { failOn: [] }, 'pass', 'passed', ['C:reported+issue']],
    ['a blocking finding is reported even below issue-on', { os: [vuln({ id: 'L', severity: 'LOW', ...fixed })] }, { failOn: ['LOW'], issueOn: ['CRITICAL'] }, 'fail', 'vulnerable', ['L:blocking(fail-on)+issue']],
    ['issue-on none reports only blocking findings', { os: [vuln({ id: 'M', severity: 'MEDIUM', ...fixed })] }, { issueOn: [] }, 'pass', 'passed', ['M:below-threshold']],
    ['UNKNOWN is gated as HIGH by default', { os: [vuln({ id: 'U', severity: 'UNKNOWN', ...fixed })] }, {}, 'fail', 'vulnerable', ['U:blocking(unknown-severity)+issue']],
    ['UNKNOWN as MEDIUM is reported', { os: [vuln({ id: 'U', severity: 'UNKNOWN', ...fixed })] }, { unknownSeverity: 'MEDIUM' }, 'pass', 'passed', ['U:reported+issue']],
    ['UNKNOWN as LOW is kept, below threshold', { os: [vuln({ id: 'U', severity: 'UNKNOWN', ...fixed })] }, { unknownSeverity: 'LOW' }, 'pass', 'passed', ['U:below-threshold']],
    ['UNKNOWN listed in fail-on blocks whatever it maps to', { os: [vuln({ id: 'U', severity: 'UNKNOWN', ...fixed })] }, { unknownSeverity: 'LOW', failOn: ['CRITICAL', 'UNKNOWN'] }, 'fail', 'vulnerable', ['U:blocking(unknown-severity)+issue']],
    ['unfixed HIGH blocks when ignore-unfixed is off', { os: [vuln({ id: 'H', severity: 'HIGH', status: 'affected' })] }, {}, 'fail', 'vulnerable', ['H:blocking(fail-on)+issue']],
    ['unfixed HIGH (no FixedVersion) is ignored', { os: [vuln({ id: 'H', severity: 'HIGH', status: 'affected' })] }, { ignoreUnfixed: true }, 'pass', 'passed', ['H:unfixed-ignored']],
    // A FixedVersion means a fix exists, whatever the Status says: never "unfixed".
    ['will_not_fix with a FixedVersion is not unfixed: it gates', { os: [vuln({ id: 'H', severity: 'HIGH', fixed: '2.0', status: 'will_not_fix' })] }, { ignoreUnfixed: true }, 'fail', 'vulnerable', ['H:blocking(fail-on)+issue']],
    ['affected with a FixedVersion is not unfixed: it gates', { os: [vuln({ id: 'H', severity: 'HIGH', fixed: '2.0', status: 'affected' })] }, { ignoreUnfixed: true }, 'fail', 'vulnerable', ['H:blocking(fail-on)+issue']],
    ['will_not_fix without a FixedVersion is unfixed', { os: [vuln({ id: 'H', severity: 'HIGH', status: 'will_not_fix' })] }, { ignoreUnfixed: true }, 'pass', 'passed', ['H:unfixed-ignored']],
    ['old report: FixedVersion and no Status counts as fixed', { os: [vuln({ id: 'H', severity: 'HIGH', fixed: '2.0' })] }, { ignoreUnfixed: true }, 'fail', 'vulnerable', ['H:blocking(fail-on)+issue']],
    ['fixed HIGH still blocks with ignore-unfixed', { os: [vuln({ id: 'H', severity: 'HIGH', ...fixed })] }, { ignoreUnfixed: true }, 'fail', 'vulnerable', ['H:blocking(fail-on)+issue']],
    ['a HIGH secret blocks like a vulnerability', { secrets: [secret({ rule: 'github-pat', severity: 'HIGH' })] }, { configSecrets: 'off' }, 'fail', 'vulnerable', ['github-pat:blocking(fail-on)+issue']],
    ['a LOW secret in the image fails config-secrets', { secrets: [secret({ rule: 'r', severity: 'LOW' })] }, {}, 'fail', 'policy', ['r:blocking(config-secrets)+issue']],
    ['a LOW secret with config-secrets warn is below threshold', { secrets: [secret({ rule: 'r', severity: 'LOW' })] }, { configSecrets: 'warn' }, 'pass', 'passed', ['r:below-threshold']],
    ['secrets are not affected by ignore-unfixed', { secrets: [secret({ rule: 'r', severity: 'CRITICAL' })] }, { ignoreUnfixed: true }, 'fail', 'vulnerable', ['r:blocking(fail-on)+issue']],
    ['a FAIL misconfiguration blocks by severity', { misconfigs: [misconfig({ id: 'DS-0002', severity: 'HIGH' })] }, {}, 'fail', 'vulnerable', ['DS-0002:blocking(fail-on)+issue']],
    ['a PASS misconfiguration is not a finding', { misconfigs: [misconfig({ id: 'DS-0002', severity: 'CRITICAL', status: 'PASS' })] }, {}, 'pass', 'passed', ['DS-0002:not-failed']],
    ['an EXCEPTION misconfiguration is not a finding', { misconfigs: [misconfig({ id: 'DS-0002', severity: 'CRITICAL', status: 'EXCEPTION' })] }, {}, 'pass', 'passed', ['DS-0002:not-failed']],
    [
      'blocking first, then by severity',
      { os: [vuln({ id: 'L', severity: 'LOW', ...fixed }), vuln({ id: 'M', severity: 'MEDIUM', ...fixed }), vuln({ id: 'H', severity: 'HIGH', ...fixed }), vuln({ id: 'C', severity: 'CRITICAL', ...fixed })] },
      {},
      'fail',
      'vulnerable',
      ['C:blocking(fail-on)+issue', 'H:blocking(fail-on)+issue', 'M:reported+issue', 'L:below-threshold'],
    ],
  ])('%s', (_, spec, overrides, verdict, reason, expected) => {
    const decision = gate(spec, overrides);
    expect(decision.verdict).toBe(verdict);
    expect(decision.reason).toBe(reason);
    expect(statuses(decision)).toEqual(expected);
    expect(decision.error).toBeUndefined();
  });
});

describe('decision contents', () => {
  it('counts by reported severity per scope and in total; passed checks are not counted', () => {
    const decision = evaluateGate({
      policy: policy(),
      filesystem: report({ kind: 'filesystem', npm: [vuln({ id: 'A', severity: 'HIGH' }), vuln({ id: 'B', severity: 'UNKNOWN' })] }),
      image: report({ os: [vuln({ id: 'C', severity: 'HIGH' })], misconfigs: [misconfig({ id: 'X', severity: 'LOW', status: 'PASS' })] }),
      imageFacts: facts(),
      now,
    });
    expect(decision.counts).toEqual({
      filesystem: { CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0, UNKNOWN: 1 },
      image: { CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
      total: { CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 0, UNKNOWN: 1 },
    });
    expect(decision.totals).toEqual({ findings: 3, blocking: 3, reportedAsIssue: 3, excepted: 0, unfixedIgnored: 0, suppressed: 0 });
    expect(decision.scanned).toEqual({ filesystem: true, image: true, imageFacts: true });
    expect(decision.findings.find((f) => f.finding.id === 'B')?.effectiveSeverity).toBe('HIGH');
    expect(decision.evaluatedAt).toBe('2025-06-01T12:00:00.000Z');
    expect(decision.policy).toEqual(policy());
    expect(decision.summary).toBe('fail (vulnerable): 2 findings at a fail-on severity (2 HIGH); 3 findings, 3 blocking, 3 to report, 0 excepted');
  });

  it('reason precedence: vulnerable over policy; reasons list fail before warn', () => {
    const decision = gate(
      { os: [vuln({ id: 'C', severity: 'CRITICAL' })] },
      {},
      { imageFacts: facts({ user: '', healthcheck: undefined }) },
    );
    expect(decision.reason).toBe('vulnerable');
    expect(decision.reasons.map((r) => [r.level, r.rule])).toEqual([
      ['fail', 'fail-on'],
      ['fail', 'non-root'],
      ['warn', 'healthcheck'],
    ]);
  });

  it('a hardening failure alone fails with reason policy', () => {
    const decision = gate({ os: [] }, {}, { imageFacts: facts({ user: 'root' }) });
    expect([decision.verdict, decision.reason]).toEqual(['fail', 'policy']);
  });

  it('warnings alone pass, and the summary says so', () => {
    const decision = gate({ os: [] }, {}, { imageFacts: facts({ healthcheck: { test: ['NONE'] } }) });
    expect([decision.verdict, decision.reason]).toEqual(['pass', 'passed']);
    expect(decision.summary).toBe('pass: 0 findings, 0 blocking, 0 to report, 0 excepted; 1 warning');
  });

  it('the filesystem scan alone can decide (no image built): image rules are not checked', () => {
    const decision = evaluateGate({ policy: policy(), filesystem: goldenReport('npm.json.golden'), now });
    expect(decision.scanned).toEqual({ filesystem: true, image: false, imageFacts: false });
    expect(decision.hardening.map((h) => [h.rule, h.status])).toEqual([
      ['non-root', 'not-checked'],
      ['healthcheck', 'not-checked'],
      ['image-size', 'off'],
      ['config-secrets', 'not-checked'],
    ]);
  });

  it.each([
    ['nothing scanned', { policy: policy(), now }],
    ['an invalid clock', { policy: policy(), image: report(), now: new Date('x') }],
  ])('%s is an error, never a pass', (_, input) => {
    expect(() => evaluateGate(input)).toThrow(GateError);
  });
});

describe('real Trivy reports through the gate', () => {
  it.each([
    ['alpine-310.json.golden', 'pass', 'passed'],
    ['v0.58.1/alpine-310.json.golden', 'pass', 'passed'],
    ['debian-buster.json.golden', 'fail', 'vulnerable'],
    ['alpine-39-skip.json.golden', 'pass', 'passed'],
    ['sl-micro-rancher5.4.json.golden', 'pass', 'passed'],
  ])('%s → %s (%s)', (file, verdict, reason) => {
    const decision = evaluateGate({ policy: policy(), image: goldenReport(file), imageFacts: facts(), now });
    expect([decision.verdict, decision.reason]).toEqual([verdict, reason]);
  });

  it('alpine-310: the four MEDIUM findings are reported as an issue', () => {
    const decision = evaluateGate({ policy: policy(), image: goldenReport('alpine-310.json.golden'), imageFacts: facts(), now });
    expect(decision.totals).toMatchObject({ findings: 4, blocking: 0, reportedAsIssue: 4 });
    expect(decision.counts.image.MEDIUM).toBe(4);
  });

  it('centos-7 with ignore-unfixed: fixed findings keep gating', () => {
    const image = goldenReport('centos-7-ignore-unfixed.json.golden');
    const decision = evaluateGate({ policy: policy({ failOn: ['MEDIUM'], ignoreUnfixed: true }), image, imageFacts: facts(), now });
    expect(statuses(decision)).toEqual(['CVE-2019-1559:blocking(fail-on)+issue', 'CVE-2018-0734:below-threshold']);
  });

  it('pip in the build context: the HIGH Werkzeug vulnerability blocks', () => {
    const decision = evaluateGate({ policy: policy(), filesystem: goldenReport('pip.json.golden'), now });
    expect(statuses(decision)).toEqual(['CVE-2019-14806:blocking(fail-on)+issue', 'CVE-2020-28724:reported+issue']);
    expect(decision.counts.filesystem.HIGH).toBe(1);
  });

  it('secrets.json: both secrets block (CRITICAL, HIGH) and no matched text reaches the decision', () => {
    const decision = evaluateGate({ policy: policy(), filesystem: goldenReport('secrets.json.golden'), now });
    expect(statuses(decision)).toEqual(['aws-access-key-id:blocking(fail-on)+issue', 'mysecret:blocking(fail-on)+issue']);
    expect(JSON.stringify(decision)).not.toContain('********');
  });

  it('debian-buster: the unfixed LOW is ignored with ignore-unfixed and counted as such', () => {
    const decision = evaluateGate({ policy: policy({ ignoreUnfixed: true }), image: goldenReport('debian-buster.json.golden'), imageFacts: facts(), now });
    expect(decision.findings.find((f) => f.finding.id === 'CVE-2019-18276')?.status).toBe('unfixed-ignored');
    expect(decision.totals.unfixedIgnored).toBeGreaterThan(0);
  });
});

describe('monotonicity (property)', () => {
  const severity = fc.constantFrom<Severity>(...SEVERITIES);
  const anyVuln = fc.record({
    id: fc.constantFrom('CVE-1', 'CVE-2', 'CVE-3', 'GHSA-1'),
    severity,
    pkg: fc.constantFrom('openssl', 'musl', 'zlib'),
    version: fc.constantFrom('1.0', '1.1'),
    fixed: fc.option(fc.constantFrom('2.0'), { nil: undefined }),
    status: fc.option(fc.constantFrom('fixed', 'affected', 'will_not_fix'), { nil: undefined }),
  });
  const anySecret = fc.record({ rule: fc.constantFrom('github-pat', 'aws-access-key-id'), severity, line: fc.integer({ min: 1, max: 3 }) });
  const anyMisconfig = fc.record({ id: fc.constantFrom('DS-0002', 'DS-0026'), severity, status: fc.constantFrom<'PASS' | 'FAIL' | 'EXCEPTION'>('PASS', 'FAIL', 'EXCEPTION') });
  const anySpec = fc.record({
    os: fc.array(anyVuln, { maxLength: 5 }),
    npm: fc.array(anyVuln, { maxLength: 3 }),
    secrets: fc.array(anySecret, { maxLength: 2 }),
    misconfigs: fc.array(anyMisconfig, { maxLength: 2 }),
  });
  const anyPolicy = fc.record({
    failOn: fc.subarray([...SEVERITIES]),
    issueOn: fc.subarray([...SEVERITIES]),
    unknownSeverity: fc.constantFrom('CRITICAL', 'HIGH', 'MEDIUM', 'LOW' as const),
    ignoreUnfixed: fc.boolean(),
    blockOnIncrease: fc.boolean(),
    configSecrets: fc.constantFrom('fail', 'warn', 'off' as const),
  });

  type Spec = { os: Parameters<typeof vuln>[0][]; npm: Parameters<typeof vuln>[0][]; secrets: Parameters<typeof secret>[0][]; misconfigs: Parameters<typeof misconfig>[0][] };
  const build = (s: Spec) =>
    report({ os: s.os.map(vuln), npm: s.npm.map(vuln), secrets: s.secrets.map(secret), misconfigs: s.misconfigs.map(misconfig) });

  it('adding a finding never turns fail into pass (with exceptions and a baseline)', () => {
    const none: Spec = { os: [], npm: [], secrets: [], misconfigs: [] };
    const addition = fc.oneof(
      anyVuln.map((v): Spec => ({ ...none, os: [v] })),
      anyVuln.map((v): Spec => ({ ...none, npm: [v] })),
      anySecret.map((s): Spec => ({ ...none, secrets: [s] })),
      anyMisconfig.map((m): Spec => ({ ...none, misconfigs: [m] })),
    );
    fc.assert(
      fc.property(anySpec, addition, anyPolicy, fc.option(anySpec, { nil: undefined }), fc.boolean(), (spec, add, overrides, baselineSpec, withException) => {
        const more: Spec = {
          os: [...spec.os, ...add.os],
          npm: [...spec.npm, ...add.npm],
          secrets: [...spec.secrets, ...add.secrets],
          misconfigs: [...spec.misconfigs, ...add.misconfigs],
        };
        const common = {
          policy: policy(overrides),
          imageFacts: facts(),
          baseline: baselineSpec ? build(baselineSpec) : undefined,
          policyFile: withException ? policyFile([exception({ id: 'CVE-2' })]) : undefined,
          now,
        };
        const before = evaluateGate({ ...common, image: build(spec) });
        const after = evaluateGate({ ...common, image: build(more) });
        if (before.verdict === 'fail') expect(after.verdict).toBe('fail');
        expect(after.totals.blocking).toBeGreaterThanOrEqual(before.totals.blocking);
      }),
      { numRuns: 1000 },
    );
  });

  it('every finding gets exactly one status and blocking matches the verdict', () => {
    fc.assert(
      fc.property(anySpec, anyPolicy, (spec, overrides) => {
        const decision = evaluateGate({ policy: policy({ ...overrides, requireNonRoot: 'off', requireHealthcheck: 'off' }), image: build(spec), imageFacts: facts(), now });
        const n = spec.os.length + spec.npm.length + spec.secrets.length + spec.misconfigs.length;
        // Every reported location is in exactly one evaluation: merged, never dropped.
        expect(decision.findings.reduce((sum, f) => sum + f.locations.length, 0)).toBe(n);
        for (const f of decision.findings) expect(f.locations[0]).toBe(f.finding);
        expect(decision.verdict === 'fail').toBe(decision.findings.some((f) => f.blocking));
        for (const f of decision.findings) {
          expect(f.blocking).toBe(f.status === 'blocking');
          expect(f.blockingRule !== undefined).toBe(f.blocking);
          if (f.finding.severity !== 'UNKNOWN') expect(f.effectiveSeverity).toBe(f.finding.severity);
        }
      }),
      { numRuns: 500 },
    );
  });
});
