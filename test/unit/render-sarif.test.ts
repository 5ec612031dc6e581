import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { collectFindings } from '../../src/domain/policy/collect-findings.js';
import { renderSarif, securitySeverity, sarifLevel, type SarifLog } from '../../src/domain/render/sarif.js';
import { parseTrivyReport } from '../../src/domain/trivy-report.js';
import { CONTEXT, LEAKED_VALUE, decide, hugeDecision, report, reportsDir, scenarios, vuln } from '../support/render-fixtures.js';

// The official SARIF 2.1.0 schema (draft-04), as shipped in @microsoft/jest-sarif.
const Ajv04 = Ajv04Module as unknown as typeof Ajv04Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const require = createRequire(import.meta.url);
const schemaFile = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');
// unicodeRegExp: false — the schema's `language` pattern has a stray ']' that only non-unicode RegExps accept.
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);

function schemaErrors(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const options = { contextPath: 'services/api', imageName: CONTEXT.image, imageDigest: CONTEXT.digest, toolVersion: '0.1.0', trivyVersion: '0.74.0' };

function golden(name: string) {
  return parseTrivyReport(readFileSync(path.join(reportsDir, name), 'utf8'), name);
}

/** GitHub's code scanning buckets for security-severity. */
function bucket(score: string): string {
  const n = Number(score);
  return n >= 9 ? 'critical' : n >= 7 ? 'high' : n >= 4 ? 'medium' : n > 0 ? 'low' : 'none';
}

describe('renderSarif', () => {
  test('the schema really rejects invalid SARIF (the check below can fail)', () => {
    expect(schemaErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
    const log = renderSarif(scenarios().vulnerable!, options);
    expect(schemaErrors({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0]!.results[0], level: 'fatal' }] }] })).not.toEqual([]);
  });

  test.each(Object.entries(scenarios()))('%s decision → valid SARIF 2.1.0', (_, decision) => {
    const log = renderSarif(decision, options);
    expect(schemaErrors(log)).toEqual([]);
    expect(JSON.parse(JSON.stringify(log))).toEqual(log);
    expect(log.runs[0]!.results).toHaveLength(decision.findings.filter((f) => f.status !== 'not-failed').length);
  });

  test.each(['alpine-310.json.golden', 'debian-buster.json.golden', 'npm.json.golden', 'secrets.json.golden', 'dockerfile.json.golden', 'v0.58.1/dockerfile.json.golden'])(
    'findings of the real Trivy report %s → valid SARIF',
    (name) => {
      for (const scope of ['image', 'filesystem'] as const) {
        const log = renderSarif(collectFindings(golden(name), scope), options);
        expect(schemaErrors(log)).toEqual([]);
        expect(log.runs[0]!.results.length).toBeGreaterThan(0);
      }
    },
  );

  test.each([
    ['alpine-310.json.golden', 'alpine-310.sarif.golden'],
    ['v0.58.1/alpine-310.json.golden', 'v0.58.1/alpine-310.sarif.golden'],
  ])('agrees with Trivy’s own SARIF for %s: rules, names, levels, CVSS security-severity, results', (json, sarif) => {
    const ours = renderSarif(collectFindings(golden(json), 'image'), options).runs[0]!;
    const theirs = (JSON.parse(readFileSync(path.join(reportsDir, sarif), 'utf8')) as SarifLog).runs[0]!;
    const summarise = (rules: SarifLog['runs'][0]['tool']['driver']['rules']) =>
      rules.map((r) => [r.id, r.name, r.defaultConfiguration.level, r.properties['security-severity'], r.properties.tags.join('/')]).sort();
    expect(summarise(ours.tool.driver.rules)).toEqual(summarise(theirs.tool.driver.rules));
    const results = (run: SarifLog['runs'][0]) => run.results.map((r) => `${r.ruleId} ${r.level} ${r.message.text.split('\n')[0]}`).sort();
    expect(results(ours)).toEqual(results(theirs));
    // Same message layout as Trivy's.
    expect(ours.results.map((r) => r.message.text).sort()).toEqual(theirs.results.map((r) => r.message.text).sort());
  });

  test.each([
    ['CRITICAL', 'error', '9.5', 'critical'],
    ['HIGH', 'error', '8.0', 'high'],
    ['MEDIUM', 'warning', '5.5', 'medium'],
    ['LOW', 'note', '2.0', 'low'],
    ['UNKNOWN', 'note', '0.0', 'none'],
  ] as const)('severity %s → level %s, security-severity %s (%s)', (severity, level, score, github) => {
    expect(sarifLevel(severity)).toBe(level);
    expect(securitySeverity(severity)).toBe(score);
    expect(bucket(score)).toBe(github);
  });

  test('with a decision, UNKNOWN takes the severity the policy judged it as', () => {
    const log = renderSarif(scenarios().vulnerable!, options);
    const rule = log.runs[0]!.tool.driver.rules.find((r) => r.id === 'CVE-2024-0003')!;
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rule.properties['security-severity']).toBe('8.0');
  });

  test('one rule per finding ID, carrying the highest severity', () => {
    const decision = decide({
      filesystem: report({ kind: 'filesystem', npm: [vuln('CVE-1', 'LOW', 'a')] }),
      image: report({ kind: 'image', os: [vuln('CVE-1', 'HIGH', 'b'), vuln('CVE-2', 'LOW', 'c')] }),
    });
    const run = renderSarif(decision, options).runs[0]!;
    expect(run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level])).toEqual([
      ['CVE-1', 'error'],
      ['CVE-2', 'note'],
    ]);
    expect(run.results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['CVE-1', 0, 'error'],
      ['CVE-1', 0, 'note'],
      ['CVE-2', 1, 'note'],
    ]);
  });

  test('filesystem findings point at the file in the repository; image findings at the Dockerfile plus a logical location', () => {
    const run = renderSarif(scenarios().secrets!, options).runs[0]!;
    const byScope = Object.fromEntries(run.results.map((r) => [r.properties.scope, r.locations[0]!]));
    expect(byScope.filesystem!.physicalLocation).toEqual({ artifactLocation: { uri: 'services/api/deploy.sh' }, region: { startLine: 3, endLine: 3, startColumn: 1, endColumn: 1 } });
    expect(byScope.filesystem!.logicalLocations).toBeUndefined();
    expect(byScope.image!.physicalLocation.artifactLocation.uri).toBe('services/api/Dockerfile');
    expect(byScope.image!.logicalLocations![0]!.fullyQualifiedName).toBe(`ghcr.io/acme/app@${CONTEXT.digest}///app/.env//aws-access-key-id`);

    const custom = renderSarif(scenarios().secrets!, { ...options, contextPath: '.', dockerfilePath: './build/Dockerfile.prod' }).runs[0]!;
    expect(custom.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri).sort()).toEqual(['build/Dockerfile.prod', 'deploy.sh']);
  });

  test('paths with spaces are encoded as URIs', () => {
    const decision = decide({ filesystem: report({ kind: 'filesystem', secrets: [{ RuleID: 'r', Category: 'c', Severity: 'HIGH', Title: 't', StartLine: 1, EndLine: 1, Match: '' }], secretTarget: 'my dir/a#b.sh' }) });
    const uri = renderSarif(decision, { ...options, contextPath: '.' }).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(uri).toBe('my%20dir/a%23b.sh');
  });

  test('excepted findings are suppressed with the exception as justification', () => {
    const run = renderSarif(scenarios().excepted!, options).runs[0]!;
    const excepted = run.results.find((r) => r.ruleId === 'CVE-2024-0001')!;
    expect(excepted.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'accepted: not reachable (until 2030-01-01)' }]);
    expect(run.results.find((r) => r.ruleId === 'CVE-2024-0005')!.suppressions).toBeUndefined();
  });

  test('each result has its own fingerprint, so code scanning keeps image findings apart', () => {
    const run = renderSarif(hugeDecision(200), options).runs[0]!;
    expect(new Set(run.results.map((r) => JSON.stringify(r.partialFingerprints))).size).toBe(200);
    expect(run.automationDetails.id).toBe('container-security-gate/ghcr.io/acme/app/');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.properties).toEqual({ imageName: 'ghcr.io/acme/app', imageDigest: CONTEXT.digest, trivyVersion: '0.74.0' });
  });

  test('no secret text in the SARIF', () => {
    expect(JSON.stringify(renderSarif(scenarios().secrets!, options))).not.toContain(LEAKED_VALUE);
  });
});
