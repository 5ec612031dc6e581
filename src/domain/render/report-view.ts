import type { Finding } from '../findings.js';
import { describeSuppressionSource, type SuppressedFinding } from '../suppressed-findings.js';
import { unfixedReason } from '../vulnerability-status.js';
import type { Decision, FindingEvaluation } from '../policy/decision.js';
import { RANKED_SEVERITIES, SEVERITIES, type Severity, type SeverityCounts } from '../severity.js';
import { lazyRows, table, type TableBlock } from './fit-blocks.js';
import { code, codeBlock, link, tableHeader, tableRow, text } from './markdown.js';
import { exploitBadges } from './exploit-view.js';

/*
 * What every markdown renderer shares: the run's context, and one way to show a verdict,
 * counts and a finding. Renderers read only the Decision and this context.
 */

/** Facts about the run that are not part of the policy decision. */
export interface ReportContext {
  /** The image repository the report is about, e.g. `ghcr.io/acme/app` (no tag). */
  image: string;
  /** Digest of the image that was built (`sha256:…`), when one was built. */
  digest?: string;
  /** ID of the image that was built and scanned (`sha256:…`), when one was built. */
  imageId?: string;
  /** The references pushed to the registry; empty or absent when nothing was pushed. */
  pushedReferences?: readonly string[];
  /** `owner/name`, for links to files. */
  repository?: string;
  /** `https://github.com` (GITHUB_SERVER_URL). */
  serverUrl?: string;
  /** The commit scanned; file links point at it. */
  commitSha?: string;
  /** The build context relative to the repository root (`.` when it is the root). */
  contextPath?: string;
  /** Link to this workflow run. */
  runUrl?: string;
  /** The Trivy scanners this run asked for (`vuln`, `secret`…); the summary names those that did not run. */
  scanners?: readonly string[];
  /**
   * Values that must never appear in a report (registry password, tokens, build secrets):
   * replaced with `***` in the final markdown. Findings never carry secret values; this guards
   * free text such as tool output in error details.
   */
  secrets?: readonly string[];
}

export const SEVERITY_ICON: Record<Severity, string> = {
  CRITICAL: '🔴',
  HIGH: '🟠',
  MEDIUM: '🟡',
  LOW: '🔵',
  UNKNOWN: '⚪',
};

export const VERDICT_ICON: Record<Decision['verdict'], string> = { pass: '✅', fail: '❌', error: '⚠️' };

export const FINDING_COLUMNS = ['Severity', 'ID', 'What', 'Where', 'Fix', 'Status'] as const;

/** Rows rendered per table before fitting: bounds the work for huge decisions. */
export const ROW_CAP = 2000;

/** `pass`, `fail (vulnerable)`, `error (scan-error)`. */
export function verdictLabel(decision: Decision): string {
  return decision.verdict === 'pass' ? 'pass' : `${decision.verdict} (${decision.reason})`;
}

/** `CRITICAL, HIGH, MEDIUM` → "at or above MEDIUM" when it is a threshold, else the list. */
export function describeSeverities(severities: readonly Severity[]): string {
  if (severities.length === 0) return 'none';
  const ranked = RANKED_SEVERITIES.filter((s) => severities.includes(s));
  const isThreshold = ranked.length > 0 && !severities.includes('UNKNOWN') && ranked.every((s, i) => s === RANKED_SEVERITIES[i]);
  if (isThreshold) return `at or above ${ranked[ranked.length - 1]}`;
  return SEVERITIES.filter((s) => severities.includes(s)).join(', ');
}

/** For a sentence: "findings at or above MEDIUM", "findings of severity CRITICAL, UNKNOWN". */
export function severityPhrase(severities: readonly Severity[] | undefined): string {
  if (severities === undefined) return 'at the issue-on severities';
  const described = describeSeverities(severities);
  return described.startsWith('at or above') ? described : `of severity ${described}`;
}

export function shortSha(sha: string | undefined): string | undefined {
  return sha ? sha.slice(0, 12) : undefined;
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** `services/api` + `package-lock.json` → `services/api/package-lock.json`; `.` + `a` → `a`. */
export function repositoryPath(contextPath: string | undefined, target: string): string {
  const parts = `${contextPath ?? '.'}/${target}`.replace(/\\/g, '/').split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Where a filesystem finding is in the repository: a path for files, undefined for OS packages. */
export function findingFile(finding: Finding, contextPath: string | undefined): string | undefined {
  if (finding.scope !== 'filesystem' || finding.targetClass === 'os-pkgs') return undefined;
  return repositoryPath(contextPath, finding.target);
}

function blobUrl(context: ReportContext, path: string, line: number | undefined): string | undefined {
  if (!context.serverUrl || !context.repository || !context.commitSha) return undefined;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `${context.serverUrl}/${context.repository}/blob/${context.commitSha}/${encoded}${line ? `#L${line}` : ''}`;
}

/** Every location of a finding, one per line (at most 5 shown). */
function whereCells(locations: readonly Finding[], context: ReportContext): string {
  const shown = locations.slice(0, 5).map((f) => whereCell(f, context));
  if (locations.length > shown.length) shown.push(`… ${locations.length - shown.length} more`);
  return shown.join('<br>');
}

function whereCell(finding: Finding, context: ReportContext): string {
  const line = finding.startLine && finding.startLine > 0 ? finding.startLine : undefined;
  const file = findingFile(finding, context.contextPath);
  if (file !== undefined) {
    return `context ${link(code(clip(`${file}${line ? `:${line}` : ''}`, 160)), blobUrl(context, file, line))}`;
  }
  const scope = finding.scope === 'image' ? (finding.platform ? `image ${text(finding.platform)}` : 'image') : 'context';
  if (finding.targetClass === 'os-pkgs') return `${scope} OS packages${finding.targetType ? ` (${text(finding.targetType)})` : ''}`;
  const path = finding.packagePath || finding.target;
  return `${scope} ${code(clip(`${path}${line ? `:${line}` : ''}`, 160))}`;
}

function whatCell(finding: Finding): string {
  switch (finding.kind) {
    case 'vulnerability': {
      const pkg = finding.packageName ? `${code(finding.packageName)}${finding.installedVersion ? ` ${code(finding.installedVersion)}` : ''}` : '';
      return [pkg, finding.title ? text(clip(finding.title, 100)) : ''].filter(Boolean).join(' — ');
    }
    case 'secret':
      return `secret: ${text(clip(finding.title, 100))}${finding.category ? ` (${text(finding.category)})` : ''}`;
    case 'misconfiguration':
      return text(clip(finding.title, 120));
    case 'license': {
      const confidence = finding.confidence !== undefined && finding.confidence < 1 ? ` (confidence ${finding.confidence.toFixed(2)})` : '';
      const subject = finding.packageName ? code(clip(finding.packageName, 100)) : finding.filePath ? code(clip(finding.filePath, 100)) : '';
      return [subject, `license ${code(clip(finding.id, 80))}: ${text(finding.category ?? 'unknown')}${confidence}`].filter(Boolean).join(' — ');
    }
  }
}

function fixCell(finding: Finding): string {
  if (finding.kind === 'vulnerability') return finding.fixedVersion ? code(clip(finding.fixedVersion, 60)) : text(unfixedReason(finding) ?? 'no fix yet');
  if (finding.kind === 'secret') return 'remove and rotate';
  if (finding.kind === 'license') return 'replace the package, or get a license exception';
  return '';
}

function statusCell(evaluation: FindingEvaluation | undefined): string {
  if (!evaluation) return '';
  const parts: string[] = [];
  switch (evaluation.status) {
    case 'blocking':
      parts.push(`**blocks** (${evaluation.blockingRule ?? 'policy'})`);
      break;
    case 'counted':
      parts.push('counted against baseline');
      break;
    case 'reported':
      parts.push('reported');
      break;
    case 'excepted':
      parts.push(evaluation.exception ? `excepted until ${evaluation.exception.expires}` : 'excepted');
      break;
    case 'unfixed-ignored':
      parts.push('unfixed, not gated (ignore-unfixed)');
      break;
    case 'below-threshold':
    case 'not-failed':
      break;
  }
  if (evaluation.baseline === 'new') parts.push('new');
  return parts.join(' · ');
}

function severityCell(finding: Finding, evaluation: FindingEvaluation | undefined): string {
  if (evaluation && evaluation.effectiveSeverity !== finding.severity) {
    return `${SEVERITY_ICON[finding.severity]} ${finding.severity} → ${evaluation.effectiveSeverity}`;
  }
  return `${SEVERITY_ICON[finding.severity]} ${finding.severity}`;
}

/** One table row for a finding (with its evaluation when the decision has one). */
export function findingRow(finding: Finding, evaluation: FindingEvaluation | undefined, context: ReportContext): string {
  return tableRow([
    severityCell(finding, evaluation),
    `${link(code(clip(finding.id, 80)), finding.url)}${exploitBadges(finding)}`,
    whatCell(finding),
    whereCells(evaluation?.locations ?? [finding], context),
    fixCell(finding),
    statusCell(evaluation),
  ]);
}

/** A findings table: rows capped at ROW_CAP (the rest counted as omitted). */
export function findingsTable(
  title: string | undefined,
  items: readonly { finding: Finding; evaluation: FindingEvaluation | undefined }[],
  context: ReportContext,
  dropPriority: number,
): TableBlock {
  // Rendered as fitBlocks reads them: an issue or comment has room for a few hundred of them.
  const rows = lazyRows(Math.min(items.length, ROW_CAP), (i) => findingRow(items[i]!.finding, items[i]!.evaluation, context));
  return table(title, FINDING_COLUMNS, rows, { total: items.length, dropPriority });
}

export function evaluationsWith(decision: Decision, predicate: (e: FindingEvaluation) => boolean): { finding: Finding; evaluation: FindingEvaluation }[] {
  // One pass without an intermediate list: the summary and the issue each ask several times, over every finding.
  const matching: { finding: Finding; evaluation: FindingEvaluation }[] = [];
  for (const evaluation of decision.findings) if (predicate(evaluation)) matching.push({ finding: evaluation.finding, evaluation });
  return matching;
}

/** Baseline findings joined with this run's evaluation of them (fixed ones have none). */
export function withEvaluations(decision: Decision, findings: readonly Finding[]): { finding: Finding; evaluation: FindingEvaluation | undefined }[] {
  const byKey = new Map<string, FindingEvaluation>();
  for (const e of decision.findings) for (const location of e.locations) byKey.set(`${location.scope}\u0000${location.platform ?? ''}\u0000${location.key}`, e);
  return findings.map((finding) => ({ finding, evaluation: byKey.get(`${finding.scope}\u0000${finding.platform ?? ''}\u0000${finding.key}`) }));
}

function countCells(counts: SeverityCounts): string[] {
  const total = SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
  return [...SEVERITIES.map((s) => String(counts[s])), String(total)];
}

/**
 * Counts by severity for the build context and the image (`—` for a scan that did not run),
 * and, when both ran, the distinct findings: one found in both scans is counted once there.
 */
export function countsTable(decision: Decision): string {
  const notScanned = [...SEVERITIES.map(() => '—'), 'not scanned'];
  const rows = [
    tableHeader(['Scan', ...SEVERITIES.map((s) => `${SEVERITY_ICON[s]} ${s[0]}${s.slice(1).toLowerCase()}`), 'Total']),
    tableRow(['Build context (filesystem)', ...(decision.scanned.filesystem ? countCells(decision.counts.filesystem) : notScanned)]),
    tableRow(['Image', ...(decision.scanned.image ? countCells(decision.counts.image) : notScanned)]),
  ];
  if (decision.scanned.filesystem && decision.scanned.image) rows.push(tableRow(['**Distinct findings**', ...countCells(decision.counts.total)]));
  return rows.join('\n');
}

export const SUPPRESSED_COLUMNS = ['Severity', 'ID', 'What', 'Where', 'Suppressed by', 'Statement'] as const;

/** Findings suppressed outside the policy file (ignore file, VEX): who suppressed each and why. */
export function suppressedTable(title: string, suppressed: readonly SuppressedFinding[], context: ReportContext, dropPriority: number): TableBlock {
  const rows = suppressed.slice(0, ROW_CAP).map(({ finding, suppression }) =>
    tableRow([
      severityCell(finding, undefined),
      link(code(clip(finding.id, 80)), finding.url),
      whatCell(finding),
      whereCell(finding, context),
      `${text(clip(describeSuppressionSource(suppression), 160))} (${text(suppression.status)})`,
      text(clip([suppression.statement, suppression.justification].filter(Boolean).join(' — ') || 'no statement', 200)),
    ]),
  );
  return table(title, SUPPRESSED_COLUMNS, rows, { total: suppressed.length, dropPriority });
}

/** Which Trivy scanners ran and which did not, for the summary. */
export function scannersLine(ran: readonly string[] | undefined): string | undefined {
  if (ran === undefined) return undefined;
  const all = ['vuln', 'secret', 'misconfig', 'license'];
  const notRan = all.filter((s) => !ran.includes(s));
  return `Scanners run: ${ran.length > 0 ? ran.map((s) => code(s)).join(', ') : 'none'}; not run: ${notRan.length > 0 ? notRan.map((s) => code(s)).join(', ') : 'none'}.`;
}

/** The error of an `error` verdict: message, remedy, and the first lines of tool output. */
export function errorBlock(decision: Decision, options: { details?: boolean } = {}): string | undefined {
  if (!decision.error) return undefined;
  const lines = [`> **Error (${text(decision.error.reason)}):** ${text(decision.error.message)}`];
  if (decision.error.remedy) lines.push(`>`, `> ${text(decision.error.remedy)}`);
  const details = decision.error.details;
  if (options.details && details.length > 0) {
    const shown = details.slice(0, 30).map((line) => clip(line, 300));
    if (details.length > shown.length) shown.push(`… ${details.length - shown.length} more lines`);
    lines.push('', codeBlock(shown));
  }
  return lines.join('\n');
}

/** The fail and warn reasons, one bullet each. */
export function reasonsList(decision: Decision, max = 20): string | undefined {
  if (decision.reasons.length === 0) return undefined;
  const bullets = decision.reasons
    .slice(0, max)
    .map((r) => `- ${r.level === 'fail' ? '❌' : '⚠️'} ${text(clip(r.message, 300))}`);
  if (decision.reasons.length > max) bullets.push(`- … and ${decision.reasons.length - max} more`);
  return bullets.join('\n');
}

/** One line on the baseline comparison, or undefined without a baseline. */
export function baselineLine(decision: Decision): string | undefined {
  const b = decision.baseline;
  if (!b) return undefined;
  const icon = b.verdict === 'regressed' ? '📈' : b.verdict === 'improved' ? '📉' : '➖';
  const scope = b.scope === 'image' ? 'image' : 'build context';
  return (
    `${icon} Against the baseline (${scope} scan): **${b.verdict}**, ${b.baselineCount} → ${b.currentCount} compared vulnerabilities ` +
    `(+${b.newCount} new, −${b.fixedCount} fixed, ${b.unchangedCount} unchanged)${b.blocking ? ' — this blocks (`block-on-increase`)' : ''}.`
  );
}

/** The note left where rows were dropped to fit a size limit. */
export function omittedNote(where: string): (omitted: number) => string {
  return (omitted) =>
    omitted > 0
      ? `_… ${omitted} more not shown: ${where}._`
      : `_… the rest of this report is not shown: ${where}._`;
}
