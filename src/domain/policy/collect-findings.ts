import { findingKey, type Finding, type ScanScope } from '../findings.js';
import type {
  TrivyMisconfiguration,
  TrivyReport,
  TrivyResult,
  TrivySecret,
  TrivyVulnerability,
} from '../trivy-report.js';

type Located = Omit<Finding, 'key'>;

function withKey(finding: Located): Finding {
  return { ...finding, key: findingKey(finding) };
}

/** Leaves optional fields out rather than set to undefined, so findings compare and serialise cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

function where(result: TrivyResult, scope: ScanScope) {
  return { scope, target: result.Target, targetClass: result.Class, targetType: result.Type };
}

function fromVulnerability(result: TrivyResult, scope: ScanScope, v: TrivyVulnerability): Finding {
  return withKey({
    kind: 'vulnerability',
    id: v.VulnerabilityID,
    aliases: [],
    severity: v.Severity,
    ...where(result, scope),
    ...defined({
      packageName: v.PkgName,
      packagePath: v.PkgPath,
      installedVersion: v.InstalledVersion,
      fixedVersion: v.FixedVersion,
      status: v.Status,
      url: v.PrimaryURL,
    }),
    title: v.Title || v.VulnerabilityID,
  });
}

/** `Match` (the offending line, value masked) and `Code` are deliberately not carried. */
function fromSecret(result: TrivyResult, scope: ScanScope, s: TrivySecret): Finding {
  return withKey({
    kind: 'secret',
    id: s.RuleID,
    aliases: [],
    severity: s.Severity,
    ...where(result, scope),
    title: s.Title || s.RuleID,
    startLine: s.StartLine,
    endLine: s.EndLine,
    ...defined({ category: s.Category }),
  });
}

function fromMisconfiguration(result: TrivyResult, scope: ScanScope, m: TrivyMisconfiguration): Finding {
  return withKey({
    kind: 'misconfiguration',
    id: m.ID,
    // Trivy 0.58 wrote ID DS002 + AVDID AVD-DS-0002; 0.74 writes ID DS-0002 only.
    aliases: m.AVDID && m.AVDID !== m.ID ? [m.AVDID] : [],
    severity: m.Severity,
    ...where(result, scope),
    status: m.Status,
    title: m.Title || m.Message || m.ID,
    ...defined({ url: m.PrimaryURL, startLine: m.CauseMetadata?.StartLine, endLine: m.CauseMetadata?.EndLine }),
  });
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
