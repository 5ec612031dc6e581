import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrivyReport, trivyReportSchema } from '../../src/domain/trivy-report.js';
import { conformsToTrivyReport, normaliseTrivyReport } from '../../src/domain/trivy-report-fast-path.js';
import { allJsonPaths, goldenReportFiles, goldenText, type JsonPath } from '../support/golden-reports.js';

// The in-place check must agree with the zod schema, which stays the authority: whatever the
// check accepts, zod accepts too, and the report it hands on is the one zod would have built.

const goldens = goldenReportFiles().map((name) => ({ name, json: JSON.parse(goldenText(name)) as unknown }));


const goldenPaths = goldens.map((g) => allJsonPaths(g.json));

/** Every field name the schema models, so that absent optional fields get added with odd values too. */
const SCHEMA_FIELDS = [
  'SchemaVersion', 'CreatedAt', 'ArtifactName', 'ArtifactType', 'Metadata', 'Results',
  'Size', 'OS', 'Family', 'Name', 'EOSL', 'ImageID', 'DiffIDs', 'RepoTags', 'RepoDigests', 'ImageConfig',
  'architecture', 'os', 'created', 'history', 'created_by', 'empty_layer', 'config',
  'User', 'Healthcheck', 'Test', 'Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'Labels', 'ExposedPorts',
  'Target', 'Class', 'Type', 'Vulnerabilities', 'Secrets', 'Misconfigurations', 'MisconfSummary', 'Successes', 'Failures',
  'VulnerabilityID', 'PkgID', 'PkgName', 'PkgPath', 'PkgIdentifier', 'PURL', 'UID', 'BOMRef', 'InstalledVersion',
  'FixedVersion', 'Status', 'Severity', 'SeveritySource', 'Title', 'Description', 'PrimaryURL', 'References',
  'CweIDs', 'PublishedDate', 'LastModifiedDate',
  'RuleID', 'Category', 'StartLine', 'EndLine', 'Match', 'Offset',
  'ID', 'AVDID', 'Message', 'Namespace', 'Resolution', 'CauseMetadata', 'Resource', 'Provider', 'Service',
  'Licenses', 'FilePath', 'Confidence', 'Link', 'ExperimentalModifiedFindings', 'Statement', 'Source', 'Finding',
  'Extra',
];

const oddValue = fc.oneof(
  fc.constantFrom(null, '', 'x', 0, -1, 1.5, 2, 2 ** 53 + 2, true, [], {}, ['a'], [1], [null], { a: 'b' }, { a: 1 }),
  fc.constantFrom('CRITICAL', 'HIGH', 'LOW', 'UNKNOWN', 'high', 'SEVERE', 'PASS', 'FAIL', 'EXCEPTION', 'MAYBE'),
  fc.jsonValue({ maxDepth: 2 }),
);

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  oddValue.map((value) => ({ kind: 'replace' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.tuple(fc.constantFrom(...SCHEMA_FIELDS), oddValue).map(([key, value]) => ({ kind: 'add' as const, key, value })),
);

/** A golden report with one change, as JSON text would carry it (a fresh JSON.parse). */
function mutate(document: unknown, at: JsonPath, change: Mutation): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  if (at.length === 0) {
    if (change.kind === 'replace') return JSON.parse(JSON.stringify(change.value ?? null)) as unknown;
    if (change.kind === 'add') copy[change.key] = change.value;
    return JSON.parse(JSON.stringify(copy)) as unknown;
  }
  const parent = at.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const key = at[at.length - 1]!;
  if (change.kind === 'replace') parent[key] = change.value;
  else if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    const target = parent[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[change.key] = change.value;
  }
  return JSON.parse(JSON.stringify(copy)) as unknown;
}

const mutatedReport = fc
  .tuple(fc.nat(goldens.length - 1), fc.nat(), mutation)
  .map(([g, p, m]) => {
    const paths = goldenPaths[g]!;
    return mutate(goldens[g]!.json, paths[p % paths.length]!, m);
  });

/** What parseTrivyReport hands on when the fast check accepts: the JSON itself, normalised in place. */
function fastResult(json: unknown): unknown {
  return normaliseTrivyReport(structuredClone(json));
}

describe('the in-place report check agrees with the zod schema', () => {
  it.each(goldens.map((g) => [g.name, g.json] as const))('%s: accepted, and the same report zod builds', (_name, json) => {
    expect(conformsToTrivyReport(json)).toBe(true);
    expect(fastResult(json)).toStrictEqual(trivyReportSchema.parse(json));
  });

  it('parseTrivyReport returns what the zod schema returns for every real report', () => {
    for (const { name } of goldens) {
      const text = goldenText(name);
      expect(parseTrivyReport(text, name)).toStrictEqual(trivyReportSchema.parse(JSON.parse(text)));
    }
  });

  it('real reports with one value changed, removed or added: accepted only when zod accepts, with the same result', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(mutatedReport, (json) => {
        const zod = trivyReportSchema.safeParse(json);
        const fast = conformsToTrivyReport(json);
        // Never looser than zod; and, for anything JSON.parse can produce, not stricter either
        // (a stricter check would only cost time: zod would then decide).
        expect(fast).toBe(zod.success);
        if (fast && zod.success) expect(fastResult(json)).toStrictEqual(zod.data);
        if (fast) accepted += 1;
        else rejected += 1;
      }),
      { numRuns: 1000 },
    );
    // Both outcomes were exercised, so neither side passes by always saying the same thing.
    expect(accepted).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(50);
  });

  it.each([
    ['a number too large for a double (JSON.parse gives Infinity)', '{"SchemaVersion":2,"Results":[{"Target":"t","MisconfSummary":{"Successes":1e999,"Failures":0}}]}'],
    ['an unsafe integer line number', '{"SchemaVersion":2,"Results":[{"Target":"t","Secrets":[{"RuleID":"r","Category":"c","Severity":"HIGH","Title":"t","StartLine":9007199254740993,"EndLine":1,"Match":"m"}]}]}'],
    ['a fractional line number', '{"SchemaVersion":2,"Results":[{"Target":"t","Secrets":[{"RuleID":"r","Category":"c","Severity":"HIGH","Title":"t","StartLine":1.5,"EndLine":1,"Match":"m"}]}]}'],
    ['an empty VulnerabilityID', '{"SchemaVersion":2,"Results":[{"Target":"t","Vulnerabilities":[{"VulnerabilityID":"","PkgName":"p","Severity":"LOW"}]}]}'],
    ['a label that is not text', '{"SchemaVersion":2,"Metadata":{"ImageConfig":{"config":{"Labels":{"a":1}}}}}'],
    ['Results null', '{"SchemaVersion":2,"Results":null}'],
    ['SchemaVersion "2"', '{"SchemaVersion":"2"}'],
  ])('%s: same verdict as zod', (_name, text) => {
    const json = JSON.parse(text) as unknown;
    expect(conformsToTrivyReport(json)).toBe(trivyReportSchema.safeParse(json).success);
  });

  it('normalising fills in the lists Trivy leaves out or writes as null', () => {
    const report = normaliseTrivyReport({ SchemaVersion: 2, Results: [{ Target: 't', Vulnerabilities: null, Extra: 1 }] });
    expect(report).toStrictEqual({
      SchemaVersion: 2,
      Results: [{ Target: 't', Vulnerabilities: [], Secrets: [], Misconfigurations: [], Licenses: [], ExperimentalModifiedFindings: [], Extra: 1 }],
    });
    expect(normaliseTrivyReport({ SchemaVersion: 2 })).toStrictEqual({ SchemaVersion: 2, Results: [] });
  });
});
