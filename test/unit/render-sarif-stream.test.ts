import { describe, expect, test } from 'vitest';
import { collectFindings } from '../../src/domain/policy/collect-findings.js';
import type { Decision } from '../../src/domain/policy/decision.js';
import { renderSarif, SARIF_MAX_RESULTS, sarifOmittedResults, sarifTextChunks, type SarifOptions } from '../../src/domain/render/sarif.js';
import { jsonMayHoldSecret, redactDeep } from '../../src/domain/text-safety.js';
import { CONTEXT, decide, hugeDecision, report, scenarios, vuln } from '../support/render-fixtures.js';
import { prng } from '../support/prng.js';

/*
 * The SARIF file is written by sarifTextChunks, one rule or result at a time; renderSarif (the
 * object every other SARIF test checks) stays the definition. The two must agree byte for byte,
 * with the redaction the gate applies, on every kind of text a pull request can put in a report.
 */

const options: SarifOptions = { contextPath: 'services/api', imageName: CONTEXT.image, imageDigest: CONTEXT.digest, toolVersion: '0.1.0', trivyVersion: '0.74.0' };

/** What the gate wrote before the SARIF file was streamed. */
function expected(input: Parameters<typeof renderSarif>[0], secrets: readonly string[], opts: SarifOptions = options): string {
  return `${JSON.stringify(redactDeep(renderSarif(input, opts), secrets), null, 2)}\n`;
}

function streamed(input: Parameters<typeof renderSarif>[0], secrets: readonly string[], opts: SarifOptions = options): string {
  return [...sarifTextChunks(input, opts, secrets)].join('');
}

const SECRET = 'ghs_Canary0123456789abcdefXYZ';


/** Pieces of hostile report text: controls of every kind stripControls knows, JSON escapes, the secret in its forms. */
const PIECES = [
  'openssl',
  '\u202E',
  '\u2066',
  '\u0000',
  '\u0007',
  '\b',
  '\f',
  '\u000B',
  '\t',
  '\n',
  '\r',
  '\u007F',
  '\u0085',
  '\u009B',
  '\u2028',
  '"',
  '\\',
  '\\u0000rules',
  '"\\u0000results"',
  '\uD800',
  '😀',
  'C:\\Users\\app',
  '#123',
  SECRET,
  SECRET.toUpperCase(),
  SECRET.toLowerCase(),
  encodeURIComponent(SECRET),
  Buffer.from(SECRET).toString('base64'),
  SECRET.slice(0, 10),
  // The second secret of some cases: quotes and backslashes JSON escapes.
  'A"QUOTE\\D',
  'ignore',
];

function hostile(random: () => number): string {
  let out = '';
  const n = 1 + Math.floor(random() * 4);
  for (let i = 0; i < n; i++) out += PIECES[Math.floor(random() * PIECES.length)]!;
  return out;
}

function hostileDecision(seed: number): Decision {
  const random = prng(seed);
  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
  const os = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({
    // Some IDs repeat, so rules gather several findings of different severities.
    ...vuln(`CVE-2024-${1000 + Math.floor(random() * 4)}`, severities[Math.floor(random() * severities.length)]!, hostile(random) || 'pkg', random() < 0.5 ? hostile(random) : undefined, `${i}.${hostile(random)}`),
    Title: hostile(random),
    PkgPath: random() < 0.5 ? hostile(random) : undefined,
  }));
  const npm = [vuln('CVE-2024-1000', 'HIGH', hostile(random) || 'left-pad')];
  const decision = decide({ image: report({ kind: 'image', os, npm }), filesystem: report({ kind: 'filesystem', npm }) });
  // Known-exploited findings: a tag on the rule, feed rows on the result.
  for (const e of decision.findings) {
    if (random() < 0.3) e.finding.exploit = { cve: e.finding.id, kev: { dateAdded: '2024-01-02', dueDate: random() < 0.5 ? '2024-02-01' : undefined, ransomware: random() < 0.5 }, epss: { score: 0.5, percentile: 0.9 } };
  }
  return decision;
}

describe('sarifTextChunks: the SARIF file, written as it is rendered', () => {
  test.each(Object.entries(scenarios()))('%s: the same bytes as the rendered log, with and without secrets to redact', (_name, decision) => {
    for (const secrets of [[], [SECRET], ['aaaa'], ['rules', 'results']]) {
      expect(streamed(decision, secrets)).toBe(expected(decision, secrets));
    }
  });

  test('no findings: empty rules and results', () => {
    const decision = scenarios().clean!;
    const text = streamed(decision, [SECRET]);
    expect(text).toBe(expected(decision, [SECRET]));
    expect(text).toContain('"rules": []');
    expect(text).toContain('"results": []');
  });

  test('plain findings (no decision), and other options', () => {
    const findings = collectFindings(report({ kind: 'image', os: [vuln('CVE-2024-0001', 'HIGH'), vuln('CVE-2024-0001', 'CRITICAL', 'curl')] }), 'image');
    const other: SarifOptions = { contextPath: '.', dockerfilePath: 'build/Dockerfile', imageName: `ghcr.io/acme/${SECRET}`, toolVersion: '0.1.0' };
    expect(streamed(findings, [SECRET], other)).toBe(expected(findings, [SECRET], other));
    expect(streamed(findings, [SECRET], other)).not.toContain(SECRET);
  });

  test('hostile text (controls, JSON escapes, lone surrogates, the secret in every form): the same bytes', () => {
    let controls = 0;
    let redacted = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const decision = hostileDecision(seed);
      const secrets = seed % 3 === 0 ? [] : seed % 3 === 1 ? [SECRET] : [SECRET, 'a"quote\\d'];
      const want = expected(decision, secrets);
      expect(streamed(decision, secrets), `seed ${seed}`).toBe(want);
      if (secrets.length > 0) expect(want.toLowerCase()).not.toContain(SECRET.toLowerCase());
      if (JSON.stringify(decision.findings.map((e) => e.finding)).match(/\\u202e|\\u0007|\u007f/i)) controls += 1;
      if (want.includes('***')) redacted += 1;
    }
    // The cases above really exercised both slow paths.
    expect(controls).toBeGreaterThan(50);
    expect(redacted).toBeGreaterThan(50);
  });

  test('a large decision comes in bounded pieces that join to the same bytes', () => {
    const decision = hugeDecision(1500);
    const chunks = [...sarifTextChunks(decision, options, [SECRET])];
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(2 ** 18 + 10_000);
    expect(chunks.join('')).toBe(expected(decision, [SECRET]));
  });
});

describe('jsonMayHoldSecret: when the redacting copy can be skipped', () => {
  test('nothing to redact: no test at all', () => {
    expect(jsonMayHoldSecret(undefined)).toBeUndefined();
    expect(jsonMayHoldSecret([])).toBeUndefined();
    expect(jsonMayHoldSecret(['abc'])).toBeUndefined();
  });

  test.each([
    ['as given', SECRET],
    ['upper case', SECRET.toUpperCase()],
    ['mixed case', `x${SECRET.slice(0, 5).toUpperCase()}${SECRET.slice(5)}y`],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['base64', Buffer.from(SECRET).toString('base64')],
  ])('finds the secret %s in JSON text', (_form, value) => {
    const test = jsonMayHoldSecret([SECRET])!;
    expect(test(JSON.stringify({ a: [{ b: value }] }, null, 2))).toBe(true);
    expect(test(JSON.stringify({ [value]: 1 }))).toBe(true);
    expect(test(JSON.stringify({ a: 'nothing here' }))).toBe(false);
  });

  test('a secret JSON writes escaped is always redacted the slow way', () => {
    const test = jsonMayHoldSecret(['pa"ss\\word'])!;
    expect(test('{}')).toBe(true);
  });
});

describe('at most SARIF_MAX_RESULTS results: what code scanning accepts', () => {
  test('a decision over the limit keeps the most severe findings, counts the rest, and both renderers agree', () => {
    const n = SARIF_MAX_RESULTS + 400;
    const decision = hugeDecision(n);
    const run = renderSarif(decision, options).runs[0]!;
    expect(run.results).toHaveLength(SARIF_MAX_RESULTS);
    expect(sarifOmittedResults(decision)).toBe(400);
    expect(String(run.properties?.omittedResults)).toMatch(/^400 more findings/);
    // hugeDecision cycles CRITICAL, HIGH, MEDIUM, LOW: the LOW ones are the ones left out.
    const levels = run.results.map((r) => r.properties?.severity);
    expect(levels.filter((l) => l === 'LOW')).toHaveLength(Math.floor(n / 4) - 400);
    expect(levels.filter((l) => l === 'CRITICAL')).toHaveLength(Math.ceil(n / 4));
    // Every rule a result names is listed, and no rule without a result.
    expect(run.tool.driver.rules).toHaveLength(new Set(run.results.map((r) => r.ruleId)).size);
    expect(streamed(decision, [SECRET])).toBe(expected(decision, [SECRET]));
  });

  test('at the limit nothing is left out and the run says nothing about it', () => {
    const decision = hugeDecision(SARIF_MAX_RESULTS);
    expect(renderSarif(decision, options).runs[0]!.results).toHaveLength(SARIF_MAX_RESULTS);
    expect(renderSarif(decision, options).runs[0]!.properties?.omittedResults).toBeUndefined();
    expect(sarifOmittedResults(decision)).toBe(0);
  });
});
