import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { formatJsonPath, parseTrivyReport } from '../../src/domain/trivy-report.js';
import { goldenReportFiles, goldenText } from '../support/golden-reports.js';

function findingsIn(raw: unknown): number {
  const results = (raw as { Results?: Record<string, unknown[] | null>[] }).Results ?? [];
  return results.reduce(
    (n, r) =>
      n + (r.Vulnerabilities?.length ?? 0) + (r.Secrets?.length ?? 0) + (r.Misconfigurations?.length ?? 0),
    0,
  );
}

function parseError(text: string, source = 'report.json'): GateError {
  try {
    parseTrivyReport(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
    return error as GateError;
  }
  throw new Error('expected parseTrivyReport to throw');
}

describe('parseTrivyReport on real Trivy reports', () => {
  const files = goldenReportFiles();

  it('finds both schema eras', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files.some((f) => f.startsWith('v0.58.1'))).toBe(true);
  });

  it.each(files)('%s parses without losing a finding or a field', (file) => {
    const text = goldenText(file);
    const raw: unknown = JSON.parse(text);
    const report = parseTrivyReport(text, file);
    const parsedFindings = report.Results.reduce(
      (n, r) => n + r.Vulnerabilities.length + r.Secrets.length + r.Misconfigurations.length,
      0,
    );
    expect(parsedFindings).toBe(findingsIn(raw));
    // Loose objects: unknown fields pass through (e.g. Vulnerabilities[].CVSS, Metadata.Layers).
    expect(report).toMatchObject(raw as object);
  });

  it('reads the fields the gate decides on', () => {
    const report = parseTrivyReport(goldenText('alpine-310.json.golden'), 'a');
    expect(report.Metadata?.ImageID).toMatch(/^sha256:[0-9a-f]{64}$/);
    const vuln = report.Results[0]?.Vulnerabilities[0];
    expect(vuln).toMatchObject({ VulnerabilityID: 'CVE-2019-1549', PkgName: 'libcrypto1.1', Severity: 'MEDIUM' });
    const secrets = parseTrivyReport(goldenText('secrets.json.golden'), 's');
    expect(secrets.Results[0]?.Secrets[0]).toMatchObject({ RuleID: 'aws-access-key-id', Severity: 'CRITICAL', StartLine: 3 });
  });

  it('treats missing Results and Vulnerabilities as none', () => {
    const report = parseTrivyReport(goldenText('alpine-39-skip.json.golden'), 's');
    expect(report.Results).toEqual([]);
    const noVulns = parseTrivyReport(
      JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 'x', Class: 'os-pkgs', Vulnerabilities: null }] }),
      'n',
    );
    expect(noVulns.Results[0]?.Vulnerabilities).toEqual([]);
    expect(noVulns.Results[0]?.Secrets).toEqual([]);
  });
});

const vuln = { VulnerabilityID: 'CVE-1', PkgName: 'p', InstalledVersion: '1', Severity: 'LOW' };
const misconf = { ID: 'DS-0002', Severity: 'HIGH', Status: 'FAIL' };
const secret = { RuleID: 'r', Category: 'c', Severity: 'HIGH', Title: 't', StartLine: 1, EndLine: 1, Match: 'm' };
const withResult = (result: object) => JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 't', ...result }] });

describe('parseTrivyReport rejects what it cannot trust', () => {
  it.each([
    ['SchemaVersion 3', JSON.stringify({ SchemaVersion: 3, Results: [] }), 'SchemaVersion: expected 2, got 3'],
    ['no SchemaVersion', JSON.stringify({ Results: [] }), 'SchemaVersion: expected 2, got nothing'],
    [
      'unknown severity',
      withResult({ Vulnerabilities: [vuln, { ...vuln, Severity: 'SEVERE' }] }),
      'Results[0].Vulnerabilities[1].Severity',
    ],
    [
      'missing VulnerabilityID',
      withResult({ Vulnerabilities: [{ PkgName: 'p', Severity: 'LOW' }] }),
      'Results[0].Vulnerabilities[0].VulnerabilityID',
    ],
    ['missing PkgName', withResult({ Vulnerabilities: [{ VulnerabilityID: 'x', Severity: 'LOW' }] }), 'Vulnerabilities[0].PkgName'],
    ['missing Target', JSON.stringify({ SchemaVersion: 2, Results: [{ Class: 'x' }] }), 'Results[0].Target'],
    ['secret without RuleID', withResult({ Secrets: [{ ...secret, RuleID: undefined }] }), 'Results[0].Secrets[0].RuleID'],
    ['secret severity lower case', withResult({ Secrets: [{ ...secret, Severity: 'high' }] }), 'Secrets[0].Severity'],
    ['misconfiguration without ID', withResult({ Misconfigurations: [{ ...misconf, ID: undefined }] }), 'Misconfigurations[0].ID'],
    ['misconfiguration with new status', withResult({ Misconfigurations: [{ ...misconf, Status: 'MAYBE' }] }), 'Misconfigurations[0].Status'],
    ['Results not a list', JSON.stringify({ SchemaVersion: 2, Results: {} }), 'Results'],
  ])('%s → scan-error naming %s', (_name, text, expected) => {
    const error = parseError(text, '/tmp/trivy-image.json');
    expect(error.reason).toBe('scan-error');
    expect(error.message).toContain('/tmp/trivy-image.json');
    expect(error.message).toContain(expected);
  });

  it.each([
    ['empty file', '', 'empty'],
    ['whitespace', '  \n', 'empty'],
    ['truncated JSON', '{"SchemaVersion":2,"Results":[{"Target":"x","Vulnerabilities":[{"Vulner', 'not valid JSON'],
    ['a JSON array', '[]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
  ])('%s → scan-error', (_name, text, expected) => {
    const error = parseError(text, 'r.json');
    expect(error.reason).toBe('scan-error');
    expect(error.message).toContain('r.json');
    expect(error.message).toContain(expected);
  });

  it('reports every problem, not just the first, in details', () => {
    const error = parseError(withResult({ Vulnerabilities: [{ ...vuln, Severity: 'SEVERE' }, { ...vuln, PkgName: undefined }] }));
    expect(error.details).toHaveLength(2);
    expect(error.message).toContain('(and 1 more)');
  });

  it('truncating a real report anywhere fails closed', () => {
    const text = goldenText('npm.json.golden');
    for (let cut = 1; cut < text.trimEnd().length; cut += 97) {
      expect(parseError(text.slice(0, cut)).reason).toBe('scan-error');
    }
  });
});

describe('formatJsonPath', () => {
  it.each([
    [[], '(root)'],
    [['SchemaVersion'], 'SchemaVersion'],
    [['Results', 2, 'Vulnerabilities', 0, 'Severity'], 'Results[2].Vulnerabilities[0].Severity'],
  ])('%j → %s', (input, expected) => {
    expect(formatJsonPath(input)).toBe(expected);
  });
});
