import { findingKey, type Finding, type ScanScope } from '../findings.js';
import type {
  TrivyMisconfiguration,
  TrivyReport,
  TrivyResult,
  TrivySecret,
  TrivyVulnerability,
} from '../trivy-report.js';

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

/** CVSS is free-form in the schema (vendor → scores); read it defensively. */
function cvssScore(v: TrivyVulnerability): number | undefined {
  const cvss = (v as { CVSS?: unknown }).CVSS;
  if (typeof cvss !== 'object' || cvss === null) return undefined;
  const byVendor = cvss as Record<string, { V3Score?: unknown } | undefined>;
  const score = (v.SeveritySource !== undefined ? byVendor[v.SeveritySource]?.V3Score : undefined) ?? byVendor.nvd?.V3Score;
  return typeof score === 'number' && score >= 0 && score <= 10 ? score : undefined;
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
  if (present(v.PkgIdentifier?.PURL)) finding.purl = v.PkgIdentifier.PURL;
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
    title: m.Title || m.Message || m.ID,
  } as Omit<Finding, 'key'> & { key?: string };
  if (present(m.PrimaryURL)) finding.url = m.PrimaryURL;
  const cause = m.CauseMetadata;
  if (cause !== undefined) {
    if (present(cause.StartLine)) finding.startLine = cause.StartLine;
    if (present(cause.EndLine)) finding.endLine = cause.EndLine;
  }
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
  }
  return findings;
}
