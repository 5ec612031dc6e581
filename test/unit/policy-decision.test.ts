import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { emptyDecisionCounts, errorDecision } from '../../src/domain/policy/decision.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { facts, policy, report, vuln } from './policy-fixtures.js';

const now = new Date('2025-06-01T12:00:00Z');

describe('errorDecision', () => {
  it('renders an error through the same object: verdict error, the error reason, message and remedy', () => {
    const error = new GateError('db-download', 'could not download the vulnerability DB', {
      remedy: 'set skip-db-update: true with a cached DB',
      details: ['FATAL: unauthorized'],
    });
    expect(errorDecision(error, {}, now)).toEqual({
      verdict: 'error',
      reason: 'db-download',
      summary: 'error (db-download): could not download the vulnerability DB',
      reasons: [],
      error: { reason: 'db-download', message: 'could not download the vulnerability DB', remedy: 'set skip-db-update: true with a cached DB', details: ['FATAL: unauthorized'] },
      policy: undefined,
      evaluatedAt: '2025-06-01T12:00:00.000Z',
      scanned: { filesystem: false, image: false, imageFacts: false },
      findings: [],
      counts: emptyDecisionCounts(),
      totals: { findings: 0, blocking: 0, reportedAsIssue: 0, excepted: 0, unfixedIgnored: 0, suppressed: 0 },
      exceptions: { fileName: undefined, used: [], unused: [], expired: [] },
      baseline: undefined,
      hardening: [],
      suppressed: [],
      database: undefined,
    });
  });

  it('keeps what was learnt before the failure (a passed gate whose push failed)', () => {
    const passed = evaluateGate({ policy: policy(), image: report({ os: [vuln({ id: 'CVE-1', severity: 'MEDIUM' })] }), imageFacts: facts(), now });
    expect(passed.verdict).toBe('pass');
    const decision = errorDecision(new GateError('push-error', 'push denied'), passed, new Date('2025-06-01T12:05:00Z'));
    expect(decision).toMatchObject({ verdict: 'error', reason: 'push-error', findings: passed.findings, counts: passed.counts, policy: passed.policy, hardening: passed.hardening });
    expect(decision.evaluatedAt).toBe(passed.evaluatedAt);
    expect(decision.error?.remedy).toBeUndefined();
  });
});
