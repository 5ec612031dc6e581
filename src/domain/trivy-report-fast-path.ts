/*
 * A hand-written check of `trivyReportSchema` (trivy-report.ts) that validates the parsed JSON
 * in place instead of copying it.
 *
 * Why: zod builds a new object for every object and array it validates, so validating a large
 * report took about as long as JSON.parse itself and held a second copy of it at the peak.
 * This check allocates nothing while it reads (the bench's report-evaluation case measures it).
 *
 * The contract, which keeps the zod schema the single authority on what a report is:
 * - `conformsToTrivyReport(json) === true` only if `trivyReportSchema` accepts `json` too
 *   (this check may be stricter, never looser);
 * - after `normaliseTrivyReport(json)`, `json` deep-equals what `trivyReportSchema.parse(json)`
 *   returns (the only transforms are `list()`: an absent or null list becomes []).
 * When the check says no, parseTrivyReport runs zod on the untouched JSON, so every error
 * message, JSON path and detail comes from zod exactly as before. Keep this file in step with
 * the schema: test/unit/trivy-report-fast-path.test.ts compares the two on real and mutated reports.
 */

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeverity(value: unknown): boolean {
  return value === 'CRITICAL' || value === 'HIGH' || value === 'MEDIUM' || value === 'LOW' || value === 'UNKNOWN';
}

/** z.string().min(1) */
function isName(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** z.number(): zod rejects NaN and ±Infinity (JSON.parse gives Infinity for 1e999). */
function isNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function optionalNumber(value: unknown): boolean {
  return value === undefined || isNumber(value);
}

function optionalBoolean(value: unknown): boolean {
  return value === undefined || typeof value === 'boolean';
}

/** z.array(z.string()).nullish() */
function optionalStrings(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/** `list(item)`: absent, null, or an array whose every element passes. */
function optionalList(value: unknown, item: (element: unknown) => boolean): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!item(value[i])) return false;
  return true;
}

/** z.record(z.string(), z.string()).nullish(): zod's record wants a plain object. */
function optionalStringRecord(value: unknown, valuesMustBeStrings: boolean): boolean {
  if (value === undefined || value === null) return true;
  if (!isObject(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (valuesMustBeStrings) for (const key in value) if (typeof value[key] !== 'string') return false;
  return true;
}

/**
 * PURL, UID and BOMRef: each absent or text. Read by walking the keys rather than as named
 * properties: every vulnerability has one of these objects, all of one shape, and optimised code
 * that expects that shape is thrown away whenever a report is collected (a benchmark reading
 * report after report measured the check 2× slower and erratic with named reads).
 */
function pkgIdentifier(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value) {
    if ((key === 'PURL' || key === 'UID' || key === 'BOMRef') && typeof value[key] !== 'string') return false;
  }
  return true;
}

/**
 * The hot path: one call per vulnerability, tens of thousands per report. Written out field by
 * field, without helper calls, so it is quick before the JIT has optimised it too (a report is
 * read once per run, so much of it runs in the interpreter).
 */
function vulnerability(v: unknown): boolean {
  if (!isObject(v)) return false;
  let x = v.VulnerabilityID;
  if (typeof x !== 'string' || x.length === 0) return false;
  x = v.PkgName;
  if (typeof x !== 'string' || x.length === 0) return false;
  x = v.Severity;
  if (x !== 'CRITICAL' && x !== 'HIGH' && x !== 'MEDIUM' && x !== 'LOW' && x !== 'UNKNOWN') return false;
  x = v.PkgID;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.PkgPath;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.PkgIdentifier;
  if (x !== undefined && !pkgIdentifier(x)) return false;
  x = v.InstalledVersion;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.FixedVersion;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.Status;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.SeveritySource;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.Title;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.Description;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.PrimaryURL;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.PublishedDate;
  if (x !== undefined && typeof x !== 'string') return false;
  x = v.LastModifiedDate;
  if (x !== undefined && typeof x !== 'string') return false;
  return optionalStrings(v.References) && optionalStrings(v.CweIDs);
}

function secret(s: unknown): boolean {
  return (
    isObject(s) &&
    isName(s.RuleID) &&
    typeof s.Category === 'string' &&
    isSeverity(s.Severity) &&
    typeof s.Title === 'string' &&
    Number.isSafeInteger(s.StartLine) &&
    Number.isSafeInteger(s.EndLine) &&
    typeof s.Match === 'string' &&
    optionalNumber(s.Offset)
  );
}

function causeMetadata(c: unknown): boolean {
  return (
    isObject(c) &&
    optionalString(c.Resource) &&
    optionalString(c.Provider) &&
    optionalString(c.Service) &&
    optionalNumber(c.StartLine) &&
    optionalNumber(c.EndLine)
  );
}

function misconfiguration(m: unknown): boolean {
  return (
    isObject(m) &&
    isName(m.ID) &&
    isSeverity(m.Severity) &&
    (m.Status === 'PASS' || m.Status === 'FAIL' || m.Status === 'EXCEPTION') &&
    optionalString(m.Type) &&
    optionalString(m.AVDID) &&
    optionalString(m.Title) &&
    optionalString(m.Description) &&
    optionalString(m.Message) &&
    optionalString(m.Namespace) &&
    optionalString(m.Resolution) &&
    optionalString(m.PrimaryURL) &&
    optionalStrings(m.References) &&
    (m.CauseMetadata === undefined || causeMetadata(m.CauseMetadata))
  );
}

function license(l: unknown): boolean {
  return (
    isObject(l) &&
    isSeverity(l.Severity) &&
    typeof l.Category === 'string' &&
    typeof l.Name === 'string' &&
    optionalString(l.PkgName) &&
    optionalString(l.FilePath) &&
    optionalNumber(l.Confidence) &&
    optionalString(l.Link)
  );
}

function modifiedFinding(m: unknown): boolean {
  return (
    isObject(m) &&
    typeof m.Type === 'string' &&
    typeof m.Status === 'string' &&
    optionalString(m.Statement) &&
    optionalString(m.Source) &&
    isObject(m.Finding)
  );
}

function misconfSummary(s: unknown): boolean {
  return isObject(s) && isNumber(s.Successes) && isNumber(s.Failures);
}

function result(r: unknown): boolean {
  return (
    isObject(r) &&
    typeof r.Target === 'string' &&
    optionalString(r.Class) &&
    optionalString(r.Type) &&
    optionalList(r.Vulnerabilities, vulnerability) &&
    optionalList(r.Secrets, secret) &&
    optionalList(r.Misconfigurations, misconfiguration) &&
    optionalList(r.Licenses, license) &&
    optionalList(r.ExperimentalModifiedFindings, modifiedFinding) &&
    (r.MisconfSummary === undefined || misconfSummary(r.MisconfSummary))
  );
}

function historyEntry(h: unknown): boolean {
  return isObject(h) && optionalString(h.created_by) && optionalBoolean(h.empty_layer);
}

function healthcheck(h: unknown): boolean {
  return h === undefined || h === null || (isObject(h) && optionalStrings(h.Test));
}

function containerConfig(c: unknown): boolean {
  return (
    isObject(c) &&
    optionalString(c.User) &&
    healthcheck(c.Healthcheck) &&
    optionalStrings(c.Env) &&
    optionalStrings(c.Cmd) &&
    optionalStrings(c.Entrypoint) &&
    optionalString(c.WorkingDir) &&
    optionalStringRecord(c.Labels, true) &&
    optionalStringRecord(c.ExposedPorts, false)
  );
}

function imageConfig(c: unknown): boolean {
  return (
    isObject(c) &&
    optionalString(c.architecture) &&
    optionalString(c.os) &&
    optionalString(c.created) &&
    optionalList(c.history, historyEntry) &&
    (c.config === undefined || containerConfig(c.config))
  );
}

function os(o: unknown): boolean {
  return isObject(o) && typeof o.Family === 'string' && optionalString(o.Name) && optionalBoolean(o.EOSL);
}

function metadata(m: unknown): boolean {
  return (
    isObject(m) &&
    optionalNumber(m.Size) &&
    (m.OS === undefined || os(m.OS)) &&
    optionalString(m.ImageID) &&
    optionalStrings(m.DiffIDs) &&
    optionalStrings(m.RepoTags) &&
    optionalStrings(m.RepoDigests) &&
    (m.ImageConfig === undefined || imageConfig(m.ImageConfig))
  );
}

/** True only if `trivyReportSchema` accepts `json` as it is. Reads, never writes. */
export function conformsToTrivyReport(json: unknown): boolean {
  return (
    isObject(json) &&
    json.SchemaVersion === 2 && // TRIVY_SCHEMA_VERSION
    optionalString(json.CreatedAt) &&
    optionalString(json.ArtifactName) &&
    optionalString(json.ArtifactType) &&
    (json.Metadata === undefined || metadata(json.Metadata)) &&
    optionalList(json.Results, result)
  );
}

/**
 * Applies the schema's only transforms in place to a report `conformsToTrivyReport` accepted:
 * an absent or null `Results`, `Vulnerabilities`, `Secrets`, `Misconfigurations`, `Licenses` or
 * `ExperimentalModifiedFindings` becomes [].
 */
export function normaliseTrivyReport(json: unknown): unknown {
  const report = json as JsonObject;
  report.Results ??= [];
  for (const r of report.Results as JsonObject[]) {
    r.Vulnerabilities ??= [];
    r.Secrets ??= [];
    r.Misconfigurations ??= [];
    r.Licenses ??= [];
    r.ExperimentalModifiedFindings ??= [];
  }
  return report;
}
