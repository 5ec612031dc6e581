import { z } from 'zod';
import { GateError } from './gate-error.js';
import { SEVERITIES } from './severity.js';
import { conformsToTrivyReport, normaliseTrivyReport } from './trivy-report-fast-path.js';

/*
 * The subset of Trivy's JSON report (SchemaVersion 2) the gate decides on.
 *
 * Field names are Trivy's own (PascalCase). Objects are loose: fields we do not model pass
 * through untouched, so newer Trivy versions that add fields still parse. What we do model is
 * strict: a missing required field or a severity outside CRITICAL..UNKNOWN is a schema error,
 * never a silently dropped finding. Go writes `omitempty` slices as absent and some nil
 * slices as `null`; both mean "none" and become [] here.
 */

/** Only this report schema is understood; anything else could hide findings. */
export const TRIVY_SCHEMA_VERSION = 2;

/** Vulnerability statuses in trivy-db (pkg/types/status.go); Status stays a string so a new one still parses. */
export const TRIVY_VULNERABILITY_STATUSES = [
  'unknown',
  'not_affected',
  'affected',
  'fixed',
  'under_investigation',
  'will_not_fix',
  'fix_deferred',
  'end_of_life',
] as const;

const severity = z.enum(SEVERITIES);

/** A list Go may omit (omitempty) or write as null (nil slice): both mean none. */
function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((items): z.output<T>[] => items ?? []);
}

const optionalString = z.string().optional();
const optionalNumber = z.number().optional();
const optionalStrings = z.array(z.string()).nullish();

const pkgIdentifier = z.looseObject({
  PURL: optionalString,
  UID: optionalString,
  BOMRef: optionalString,
});

const vulnerability = z.looseObject({
  VulnerabilityID: z.string().min(1),
  PkgID: optionalString,
  PkgName: z.string().min(1),
  PkgPath: optionalString,
  PkgIdentifier: pkgIdentifier.optional(),
  InstalledVersion: optionalString,
  FixedVersion: optionalString,
  Status: optionalString,
  Severity: severity,
  SeveritySource: optionalString,
  Title: optionalString,
  Description: optionalString,
  PrimaryURL: optionalString,
  References: optionalStrings,
  CweIDs: optionalStrings,
  PublishedDate: optionalString,
  LastModifiedDate: optionalString,
});

const secret = z.looseObject({
  RuleID: z.string().min(1),
  Category: z.string(),
  Severity: severity,
  Title: z.string(),
  StartLine: z.number().int(),
  EndLine: z.number().int(),
  Match: z.string(),
  Offset: optionalNumber,
});

const causeMetadata = z.looseObject({
  Resource: optionalString,
  Provider: optionalString,
  Service: optionalString,
  StartLine: optionalNumber,
  EndLine: optionalNumber,
});

const misconfiguration = z.looseObject({
  Type: optionalString,
  ID: z.string().min(1),
  AVDID: optionalString,
  Title: optionalString,
  Description: optionalString,
  Message: optionalString,
  Namespace: optionalString,
  Resolution: optionalString,
  Severity: severity,
  PrimaryURL: optionalString,
  References: optionalStrings,
  // PASS / FAIL / EXCEPTION; only FAIL is a finding, and a new value must not pass silently.
  Status: z.enum(['PASS', 'FAIL', 'EXCEPTION']),
  CauseMetadata: causeMetadata.optional(),
});

/** Trivy's DetectedLicense (pkg/types/license.go): a package license (PkgName) or a file license (FilePath). */
const license = z.looseObject({
  Severity: severity,
  // forbidden, restricted, reciprocal, notice, permissive, unencumbered, unknown; a string so a new one still parses.
  Category: z.string(),
  PkgName: optionalString,
  FilePath: optionalString,
  Name: z.string(),
  Confidence: optionalNumber,
  Link: optionalString,
});

/**
 * A finding Trivy took out of the report because something outside the policy file said so
 * (`--show-suppressed`): an ignore file, a VEX document, a Rego filter. `Finding` has the shape
 * of its `Type`'s finding; it is read defensively when collected, so an odd one is still listed.
 */
const modifiedFinding = z.looseObject({
  Type: z.string(),
  Status: z.string(),
  Statement: optionalString,
  Source: optionalString,
  Finding: z.looseObject({}),
});

const result = z.looseObject({
  Target: z.string(),
  Class: optionalString,
  Type: optionalString,
  Vulnerabilities: list(vulnerability),
  Secrets: list(secret),
  Misconfigurations: list(misconfiguration),
  Licenses: list(license),
  ExperimentalModifiedFindings: list(modifiedFinding),
  MisconfSummary: z.looseObject({ Successes: z.number(), Failures: z.number() }).optional(),
});

const healthcheck = z.looseObject({
  Test: optionalStrings,
});

/** The image's OCI config as Trivy echoes it (go-containerregistry ConfigFile: lowercase outer keys). */
const imageConfig = z.looseObject({
  architecture: optionalString,
  os: optionalString,
  created: optionalString,
  history: z
    .array(z.looseObject({ created_by: optionalString, empty_layer: z.boolean().optional() }))
    .nullish(),
  config: z
    .looseObject({
      User: optionalString,
      Healthcheck: healthcheck.nullish(),
      Env: optionalStrings,
      Cmd: optionalStrings,
      Entrypoint: optionalStrings,
      WorkingDir: optionalString,
      Labels: z.record(z.string(), z.string()).nullish(),
      ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
    })
    .optional(),
});

const metadata = z.looseObject({
  Size: optionalNumber,
  OS: z.looseObject({ Family: z.string(), Name: optionalString, EOSL: z.boolean().optional() }).optional(),
  ImageID: optionalString,
  DiffIDs: optionalStrings,
  RepoTags: optionalStrings,
  RepoDigests: optionalStrings,
  ImageConfig: imageConfig.optional(),
});

export const trivyReportSchema = z.looseObject({
  SchemaVersion: z.literal(TRIVY_SCHEMA_VERSION),
  CreatedAt: optionalString,
  ArtifactName: optionalString,
  ArtifactType: optionalString,
  Metadata: metadata.optional(),
  Results: list(result),
});

export type TrivyReport = z.output<typeof trivyReportSchema>;
export type TrivyResult = z.output<typeof result>;
export type TrivyVulnerability = z.output<typeof vulnerability>;
export type TrivySecret = z.output<typeof secret>;
export type TrivyMisconfiguration = z.output<typeof misconfiguration>;
export type TrivyLicense = z.output<typeof license>;
export type TrivyModifiedFinding = z.output<typeof modifiedFinding>;
/** The schemas of one finding each, for reading a suppressed finding's `Finding` by its `Type`. */
export const trivyFindingSchemas = { vulnerability, secret, misconfiguration, license } as const;
export type TrivyMetadata = z.output<typeof metadata>;
export type TrivyImageConfig = z.output<typeof imageConfig>;

/** `Results[3].Vulnerabilities[0].Severity` — the spelling a person finds in the file. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const at = formatJsonPath(issue.path);
  // A wrong SchemaVersion is the one problem worth naming in words of its own.
  if (issue.path.length === 1 && issue.path[0] === 'SchemaVersion') {
    const actual = (root as { SchemaVersion?: unknown } | null)?.SchemaVersion;
    return `${at}: expected ${TRIVY_SCHEMA_VERSION}, got ${actual === undefined ? 'nothing' : JSON.stringify(actual)}`;
  }
  return `${at}: ${issue.message}`;
}

/**
 * Parses Trivy's `--format json` output. `source` (usually the file path) is named in every
 * error so the log says which report was wrong. Empty, truncated, non-JSON or off-schema
 * text is a `scan-error`: fail closed rather than gate on half a report.
 */
export function parseTrivyReport(text: string, source: string): TrivyReport {
  if (text.trim() === '') {
    throw reportError(source, 'the report is empty', []);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw reportError(source, `the report is not valid JSON (truncated?): ${why}`, [], error);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw reportError(source, 'the report is not a JSON object', []);
  }
  // The usual case, a well-formed report, is checked in place without zod's copy; anything the
  // fast check doubts goes through zod, which has the final word and writes every error message.
  if (conformsToTrivyReport(json)) {
    // conformsToTrivyReport guarantees the schema would accept it; normalising applies its only transforms.
    return normaliseTrivyReport(json) as TrivyReport;
  }
  const parsed = trivyReportSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(issue, json));
    const first = problems[0] ?? 'unknown schema problem';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw reportError(source, `the report does not match Trivy's schema: ${first}${more}`, problems);
  }
  return parsed.data;
}

function reportError(source: string, problem: string, details: string[], cause?: unknown): GateError {
  return new GateError('scan-error', `Trivy report ${source}: ${problem}`, {
    remedy:
      'The gate cannot decide on a report it cannot read. Check the Trivy version (pinned 0.74.0, report SchemaVersion 2) and the Trivy log above.',
    details,
    cause,
  });
}
