import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { evaluateGate } from '../../src/domain/policy/evaluate-gate.js';
import { allJsonPaths, goldenJson, goldenReportFiles, type JsonPath } from '../support/golden-reports.js';
import { policy as policyWith } from './policy-fixtures.js';
import { formatJsonPath, parseTrivyReport, type TrivyReport } from '../../src/domain/trivy-report.js';

// Property tests for parseTrivyReport: any text — arbitrary JSON, truncated output, real reports
// with one value changed — is either a report the gate can decide on, or a scan-error that
// names the report and, for schema problems, the JSON path at fault. Never a TypeError.

const RUNS = 200;

const goldens = goldenReportFiles().map((name) => ({ name, json: goldenJson(name) as unknown }));
const goldenPaths = goldens.map((g) => allJsonPaths(g.json));

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'retype' } | { kind: 'add-key'; key: string; value: unknown };

/** Applies one mutation at `at` to a deep copy of `document`. */
function mutate(document: unknown, at: JsonPath, mutation: Mutation): unknown {
  const copy = structuredClone(document);
  if (at.length === 0) return mutation.kind === 'replace' ? mutation.value : copy;
  const parent = at.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const key = at[at.length - 1]!;
  const current = parent[key];
  switch (mutation.kind) {
    case 'replace':
      parent[key] = mutation.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 'retype':
      parent[key] =
        typeof current === 'string' ? (Number.isNaN(Number(current)) ? current.length : Number(current)) : typeof current === 'number' ? String(current) : Array.isArray(current) ? { ...current } : current === null ? [] : typeof current === 'object' ? Object.values(current as object) : String(current);
      break;
    case 'add-key': {
      const target = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as object) : (parent[key] = {});
      // An own property even for `__proto__`, as JSON.parse would create it from the text.
      Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, writable: true, configurable: true });
      break;
    }
  }
  return copy;
}

const severityLike = fc.constantFrom('CRITICAL', 'HIGH', 'critical', 'Critical', 'NONE', '', 'UNKNOWN', 'LOW ');
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 2 }), severityLike, fc.constantFrom(null, 2, '2', 0, -1, 1e308, [], {}, ''));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  anyJson.map((value) => ({ kind: 'replace' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.constant({ kind: 'retype' as const }),
  fc.tuple(fc.constantFrom('Severity', 'Status', 'Extra', '__proto__', 'constructor', 'Results'), anyJson).map(([key, value]) => ({ kind: 'add-key' as const, key, value })),
);

/** A real report with one value changed, removed, retyped or added, and where. */
const mutatedReport = fc
  .tuple(fc.nat(goldens.length - 1), fc.nat(), mutation)
  .map(([g, p, m]) => {
    const paths = goldenPaths[g]!;
    const at = paths[p % paths.length]!;
    return { at, text: JSON.stringify(mutate(goldens[g]!.json, at, m), null, 2) };
  });

const source = fc.constantFrom('image.json', '/tmp/csg/fs report.json', 'baseline ghcr.io/acme/app:latest');

const policy = policyWith({ issueOn: ['MEDIUM'] });

function findingsIn(report: TrivyReport): number {
  return report.Results.reduce((n, r) => n + r.Vulnerabilities.length + r.Secrets.length + r.Misconfigurations.length, 0);
}

type Outcome = { report: TrivyReport } | { error: GateError };

/** The contract every input must meet; returns the outcome for further checks. */
function checkContract(text: string, name: string): Outcome {
  let report: TrivyReport;
  try {
    report = parseTrivyReport(text, name);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(GateError);
    const gateError = error as GateError;
    expect(gateError.reason).toBe('scan-error');
    expect(gateError.message.startsWith(`Trivy report ${name}: `), gateError.message).toBe(true);
    return { error: gateError };
  }
  expect(report.SchemaVersion).toBe(2);
  expect(Array.isArray(report.Results)).toBe(true);
  // A report that passed validation must be one the gate can decide on.
  const decision = evaluateGate({ policy, image: report, now: new Date('2025-06-01T00:00:00Z') });
  expect(decision.findings.length).toBe(findingsIn(report));
  return { report };
}

const SCHEMA_PROBLEM = "the report does not match Trivy's schema: ";

describe('fuzz: parseTrivyReport', () => {
  it('arbitrary JSON: a report, or a scan-error naming the source', () => {
    const documents = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ SchemaVersion: fc.constantFrom(2, 1, 3, '2', null), Results: fc.jsonValue({ maxDepth: 4 }) }, { requiredKeys: ['SchemaVersion'] }),
      fc.record({
        SchemaVersion: fc.constant(2),
        Results: fc.array(fc.record({ Target: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })), Vulnerabilities: fc.jsonValue({ maxDepth: 3 }), Secrets: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }), { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(documents, source, (document, name) => {
        const outcome = checkContract(JSON.stringify(document), name);
        if ('error' in outcome && outcome.error.message.includes(SCHEMA_PROBLEM)) {
          expect(outcome.error.details.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary and truncated text: a report, or a scan-error naming the source', () => {
    const golden = fc.nat(goldens.length - 1).map((g) => JSON.stringify(goldens[g]!.json, null, 2));
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.constantFrom('', ' \n', 'null', '[]', '"report"', '42', '{', '{"SchemaVersion": 2,', '\uFEFF{"SchemaVersion":2}', '{"SchemaVersion":2}garbage'),
      fc.tuple(golden, fc.nat()).map(([text, cut]) => text.slice(0, cut % text.length)),
    );
    fc.assert(fc.property(texts, source, (text, name) => void checkContract(text, name)), { numRuns: RUNS });
  });

  it('real reports with one value changed: a schema error names the JSON path at fault', () => {
    fc.assert(
      fc.property(mutatedReport, source, ({ at, text }, name) => {
        const outcome = checkContract(text, name);
        if (!('error' in outcome) || !outcome.error.message.includes(SCHEMA_PROBLEM) || at.length === 0) return;
        // Only the value at `at` changed, so every problem lies there or below it.
        const where = formatJsonPath(at);
        const first = outcome.error.message.slice(outcome.error.message.indexOf(SCHEMA_PROBLEM) + SCHEMA_PROBLEM.length);
        expect(first.startsWith(where), `${outcome.error.message} (changed ${where})`).toBe(true);
        for (const problem of outcome.error.details) expect(problem.startsWith(where), `${problem} (changed ${where})`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('the real reports themselves parse and can be decided on', () => {
    for (const golden of goldens) checkContract(JSON.stringify(golden.json), golden.name);
  });
});
