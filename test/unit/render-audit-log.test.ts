import { describe, expect, test } from 'vitest';
import { auditLine } from '../../src/domain/audit-log.js';
import { CONTEXT, LEAKED_VALUE, scenarios } from '../support/render-fixtures.js';

const decisions = scenarios();

describe('auditLine', () => {
  test.each(Object.keys(decisions))('%s → one JSON line', (name) => {
    const line = auditLine(decisions[name]!, { time: new Date('2026-11-22T10:00:01Z'), image: CONTEXT.image, digest: CONTEXT.digest });
    expect(line).not.toContain('\n');
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['time', 'image', 'digest', 'verdict', 'reason', 'counts', 'blocking', 'distinctFindings', 'dbUpdatedAt', 'unfixedIgnored', 'suppressed', 'exceptions', 'findings']);
    expect(record).toMatchObject({ time: '2026-11-22T10:00:01.000Z', image: 'ghcr.io/acme/app', digest: CONTEXT.digest, verdict: decisions[name]!.verdict, reason: decisions[name]!.reason });
    expect(line).not.toContain(LEAKED_VALUE);
  });

  test('counts and exceptions used and expired', () => {
    const record = JSON.parse(auditLine(decisions.excepted!, { time: '2026-11-22T10:00:00Z', image: 'ghcr.io/acme/app' }));
    expect(record.digest).toBeNull();
    expect(record.counts.image).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 0, UNKNOWN: 0 });
    expect(record.blocking).toBe(1);
    expect(record.exceptions).toEqual({
      used: [{ id: 'CVE-2024-0001', package: 'openssl', path: null, expires: '2030-01-01', findings: 1 }],
      expired: [{ id: 'CVE-2024-0005', package: null, path: null, expires: '2026-01-01' }],
    });
  });

  test('each distinct finding as ID, severity and a fingerprint of where (no package names or paths), and the run link', () => {
    const record = JSON.parse(auditLine(decisions.vulnerable!, { time: '2026-11-22T10:00:00Z', image: 'ghcr.io/acme/app', runUrl: CONTEXT.runUrl }));
    expect(record.run).toBe(CONTEXT.runUrl);
    expect(record.findings).toHaveLength(decisions.vulnerable!.findings.length);
    for (const f of record.findings as string[]) expect(f).toMatch(/^\S+ (CRITICAL|HIGH|MEDIUM|LOW|UNKNOWN) [0-9a-f]{12}$/);
    expect((record.findings as string[]).filter((f) => f.startsWith('CVE-2021-44906 CRITICAL '))).toHaveLength(1);
    expect(JSON.stringify(record.findings)).not.toContain('minimist');
    const again = JSON.parse(auditLine(decisions.vulnerable!, { time: '2026-11-29T10:00:00Z', image: 'ghcr.io/acme/app' }));
    expect(again.findings).toEqual(record.findings);
  });
});
