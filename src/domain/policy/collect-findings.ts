import { findingKey, type Finding, type ScanScope } from '../findings.js';
import { trivyFindingSchemas, type TrivyLicense, type TrivyModifiedFinding } from '../trivy-report.js';
import type {
  TrivyMisconfiguration,
  TrivyReport,
  TrivyResult,
  TrivySecret,
  TrivyVulnerability,
} from '../trivy-report.js';
import { suppressionOf, type SuppressedFinding } from '../suppressed-findings.js';

/*
 * One finding per vulnerability, secret and misconfiguration. A report can hold tens of
 * thousands, so each finding is built as one object literal with its keys in one fixed order
 * (no spreads, no per-finding helper objects): the optional fields are left out rather than
 * set to undefined or '', so findings compare and serialise cleanly.
 */

/** A value worth keeping: the optional fields drop undefined and ''. */
function present<T>(value: T | undefined): value is T {
  return value !== undefined && value !== '';
}

/**
 * CVSS is free-form in the schema (vendor → scores); read it defensively. Trivy's own rule
 * (pkg/report/sarif.go): the v3 score of the source the severity came from, only when non-zero;
 * no fallback to another vendor's score, which may put the finding in another severity bucket.
 */
function cvssScore(v: TrivyVulnerability): number | undefined {
  const cvss = (v as { CVSS?: unknown }).CVSS;
  if (typeof cvss !== 'object' || cvss === null || v.SeveritySource === undefined) return undefined;
  const byVendor = cvss as Record<string, { V3Score?: unknown } | undefined>;
  const score = Object.hasOwn(byVendor, v.SeveritySource) ? byVendor[v.SeveritySource]?.V3Score : undefined;
  return typeof score === 'number' && score > 0 && score <= 10 ? score : undefined;
}

/** Checks without metadata (older Trivy, custom checks) have ID and Title `N/A`. */
function meaningful(value: string | undefined): value is string {
  return value !== undefined && value !== '' && value !== 'N/A';
}

function fromVulnerability(result: TrivyResult, scope: ScanScope, v: TrivyVulnerability): Finding {
  const finding = {
    kind: 'vulnerability',
    id: v.VulnerabilityID,
    aliases: [],
    severity: v.Severity,
    scope,
    target: result.Target,
    targetClass: result.Class,
    targetType: result.Type,
  } as Omit<Finding, 'title' | 'key'> & { title?: string; key?: string };
  // PkgName is required and non-empty, so it is always present.
  if (present(v.PkgName)) finding.packageName = v.PkgName;
  if (present(v.PkgPath)) finding.packagePath = v.PkgPath;
  if (present(v.InstalledVersion)) finding.installedVersion = v.InstalledVersion;
  if (present(v.FixedVersion)) finding.fixedVersion = v.FixedVersion;
  if (present(v.Status)) finding.status = v.Status;
  if (present(v.PrimaryURL)) finding.url = v.PrimaryURL;
  const score = cvssScore(v);
  if (score !== undefined) finding.cvssScore = score;
  finding.title = v.Title || v.VulnerabilityID;
  finding.key = findingKey(finding);
  return finding as Finding;
}

/** `Match` (the offending line, value masked) and `Code` are deliberately not carried. */
function fromSecret(result: TrivyResult, scope: ScanScope, s: TrivySecret): Finding {
  const finding = {
    kind: 'secret',
    id: s.RuleID,
    aliases: [],
    severity: s.Severity,
    scope,
    target: result.Target,
    targetClass: result.Class,
    targetType: result.Type,
    title: s.Title || s.RuleID,
    startLine: s.StartLine,
    endLine: s.EndLine,
  } as Omit<Finding, 'key'> & { key?: string };
  if (present(s.Category)) finding.category = s.Category;
  finding.key = findingKey(finding);
  return finding as Finding;
}

function fromMisconfiguration(result: TrivyResult, scope: ScanScope, m: TrivyMisconfiguration): Finding {
  const finding = {
    kind: 'misconfiguration',
    id: m.ID,
    // Trivy 0.58 wrote ID DS002 + AVDID AVD-DS-0002; 0.74 writes ID DS-0002 only.
    aliases: m.AVDID && m.AVDID !== m.ID ? [m.AVDID] : [],
    severity: m.Severity,
    scope,
    target: result.Target,
    targetClass: result.Class,
    targetType: result.Type,
    status: m.Status,
    title: meaningful(m.Title) ? m.Title : meaningful(m.Message) ? m.Message : meaningful(m.Namespace) ? m.Namespace : m.ID,
  } as Omit<Finding, 'key'> & { key?: string };
  if (present(m.Namespace)) finding.namespace = m.Namespace;
  if (present(m.PrimaryURL)) finding.url = m.PrimaryURL;
  const cause = m.CauseMetadata;
  if (cause !== undefined) {
    if (present(cause.StartLine)) finding.startLine = cause.StartLine;
    if (present(cause.EndLine)) finding.endLine = cause.EndLine;
  }
  finding.key = findingKey(finding);
  return finding as Finding;
}

/** A package license (PkgName) or a license found in a file (FilePath); the ID is the license name. */
function fromLicense(result: TrivyResult, scope: ScanScope, l: TrivyLicense): Finding {
  const name = l.Name || 'unknown license';
  const finding = {
    kind: 'license',
    id: name,
    aliases: [],
    severity: l.Severity,
    scope,
    target: result.Target,
    targetClass: result.Class,
    targetType: result.Type,
    title: `${name} (${l.Category || 'unknown'} license)`,
  } as Omit<Finding, 'key'> & { key?: string };
  if (present(l.PkgName)) finding.packageName = l.PkgName;
  if (present(l.FilePath)) finding.filePath = l.FilePath;
  if (present(l.Category)) finding.category = l.Category;
  if (l.Confidence !== undefined) finding.confidence = l.Confidence;
  if (present(l.Link)) finding.url = l.Link;
  finding.key = findingKey(finding);
  return finding as Finding;
}

/** Flattens one Trivy report into findings, in report order. */
export function collectFindings(report: TrivyReport, scope: ScanScope): Finding[] {
  const findings: Finding[] = [];
  for (const result of report.Results) {
    for (const v of result.Vulnerabilities) findings.push(fromVulnerability(result, scope, v));
    for (const s of result.Secrets) findings.push(fromSecret(result, scope, s));
    for (const m of result.Misconfigurations) findings.push(fromMisconfiguration(result, scope, m));
    for (const l of result.Licenses) findings.push(fromLicense(result, scope, l));
  }
  return findings;
}

/**
 * The suppressed finding as a Finding of its kind. Its `Finding` is read with the schema of its
 * `Type`; one that does not fit (a new type, an odd field) is still listed, under whatever ID
 * it carries, at UNKNOWN severity: never dropped.
 */
function suppressedFinding(result: TrivyResult, scope: ScanScope, m: TrivyModifiedFinding): Finding {
  const inner = m.Finding;
  switch (m.Type) {
    case 'vulnerability': {
      const parsed = trivyFindingSchemas.vulnerability.safeParse(inner);
      if (parsed.success) return fromVulnerability(result, scope, parsed.data);
      break;
    }
    case 'secret': {
      const parsed = trivyFindingSchemas.secret.safeParse(inner);
      if (parsed.success) return fromSecret(result, scope, parsed.data);
      break;
    }
    case 'misconfiguration': {
      const parsed = trivyFindingSchemas.misconfiguration.safeParse(inner);
      if (parsed.success) return fromMisconfiguration(result, scope, parsed.data);
      break;
    }
    case 'license': {
      const parsed = trivyFindingSchemas.license.safeParse(inner);
      if (parsed.success) return fromLicense(result, scope, parsed.data);
      break;
    }
  }
  const field = (name: string): string | undefined => (typeof inner[name] === 'string' && inner[name] !== '' ? (inner[name] as string) : undefined);
  const id = field('VulnerabilityID') ?? field('RuleID') ?? field('ID') ?? field('Name') ?? `${m.Type || 'finding'} without an ID`;
  const severity = field('Severity');
  const finding = {
    kind: m.Type === 'secret' || m.Type === 'misconfiguration' || m.Type === 'license' ? m.Type : 'vulnerability',
    id,
    aliases: [],
    severity: severity === 'CRITICAL' || severity === 'HIGH' || severity === 'MEDIUM' || severity === 'LOW' ? severity : 'UNKNOWN',
    scope,
    target: result.Target,
    targetClass: result.Class,
    targetType: result.Type,
    title: field('Title') ?? id,
  } as Omit<Finding, 'key'> & { key?: string };
  const pkg = field('PkgName');
  if (pkg !== undefined) finding.packageName = pkg;
  finding.key = findingKey(finding);
  return finding as Finding;
}

/** What Trivy left out of the report (`--show-suppressed`): an ignore file, VEX, a Rego filter. */
export function collectSuppressed(report: TrivyReport, scope: ScanScope): SuppressedFinding[] {
  const suppressed: SuppressedFinding[] = [];
  for (const result of report.Results) {
    for (const m of result.ExperimentalModifiedFindings) {
      suppressed.push({ finding: suppressedFinding(result, scope, m), suppression: suppressionOf(m) });
    }
  }
  return suppressed;
}
