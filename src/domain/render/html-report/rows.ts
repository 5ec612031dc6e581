import type { Finding } from '../../findings.js';
import type { Decision, FindingEvaluation } from '../../policy/decision.js';
import { SEVERITIES, type Severity } from '../../severity.js';
import { findingFile } from '../report-view.js';
import type { HtmlReportContext } from './context.js';
import { safeUrl } from './escape.js';

/*
 * The findings table's rows, flattened to plain strings and numbers once, so the server-rendered
 * table, the embedded JSON and the client script all read the same values.
 *
 * Fields other issues add to the finding model (KEV, EPSS, platform) are
 * read defensively: the report shows them when a run has them, and does not depend on their types.
 */

/** The status column: the policy's status, in the words of the report. */
export type RowStatus = 'blocking' | 'counted' | 'reported' | 'below-threshold' | 'excepted' | 'suppressed' | 'unfixed' | 'passed';

export const STATUS_LABEL: Record<RowStatus, string> = {
  blocking: 'blocking',
  counted: 'counted',
  reported: 'reported',
  'below-threshold': 'below threshold',
  excepted: 'excepted',
  suppressed: 'suppressed',
  unfixed: 'unfixed',
  passed: 'check passed',
};

export interface FindingRow {
  severity: Severity;
  /** The severity the policy judged, when it differs (UNKNOWN → unknown-severity). */
  judgedAs: string;
  id: string;
  url: string | undefined;
  kind: Finding['kind'];
  pkg: string;
  installed: string;
  fixed: string;
  title: string;
  location: string;
  locationUrl: string | undefined;
  scope: Finding['scope'];
  platform: string;
  status: RowStatus;
  /** Why: the blocking rule, the exception's expiry, the suppression's source. */
  statusDetail: string;
  isNew: boolean;
  /** Listed in CISA's Known Exploited Vulnerabilities catalog; undefined when not known. */
  kev: boolean | undefined;
  /** EPSS probability 0–1; undefined when not known. */
  epss: number | undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** One place KEV may be given: `true`/`false`, or an object (listed unless it says `listed: false`). */
function kevFrom(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const nested = record(value);
  if (nested) return typeof nested.listed === 'boolean' ? nested.listed : true;
  return undefined;
}

/** KEV from `kev: true`, `kev: { … }`, `knownExploited: true` or `exploit: { kev }`, the first one given. */
export function kevOf(finding: object): boolean | undefined {
  // One call per row of a big report: no list of candidates built per finding.
  const f = finding as Record<string, unknown>;
  return kevFrom(f.kev) ?? kevFrom(f.knownExploited) ?? kevFrom(record(f.exploit)?.kev) ?? kevFrom(record(f.exploitation)?.kev);
}

/** One place EPSS may be given: a probability, or `{ score | probability }`; undefined unless within 0–1. */
function epssFrom(value: unknown): number | undefined {
  const score = typeof value === 'number' ? value : (record(value)?.score ?? record(value)?.probability);
  return typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 1 ? score : undefined;
}

/** EPSS probability from `epss: 0.97`, `epss: { score | probability }` or `exploit: { epss }`, the first valid one. */
export function epssOf(finding: object): number | undefined {
  const f = finding as Record<string, unknown>;
  return epssFrom(f.epss) ?? epssFrom(record(f.exploit)?.epss) ?? epssFrom(record(f.exploitation)?.epss);
}

/** `linux/arm64` from `platform: 'linux/arm64'` or `{ os, architecture, variant }`. */
export function platformOf(finding: object): string {
  const value = (finding as Record<string, unknown>).platform;
  if (typeof value === 'string') return value;
  const p = record(value);
  if (!p) return '';
  return [stringOf(p.os), stringOf(p.architecture), stringOf(p.variant)].filter(Boolean).join('/');
}

function blobUrl(context: HtmlReportContext, path: string, line: number | undefined): string | undefined {
  if (!context.serverUrl || !context.repository || !context.commitSha) return undefined;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return safeUrl(`${context.serverUrl}/${context.repository}/blob/${context.commitSha}/${encoded}${line ? `#L${line}` : ''}`);
}

function location(finding: Finding, context: HtmlReportContext): { location: string; locationUrl: string | undefined } {
  const line = finding.startLine && finding.startLine > 0 ? finding.startLine : undefined;
  const file = findingFile(finding, context.contextPath);
  if (file !== undefined) return { location: `${file}${line ? `:${line}` : ''}`, locationUrl: blobUrl(context, file, line) };
  if (finding.targetClass === 'os-pkgs') return { location: `OS packages${finding.targetType ? ` (${finding.targetType})` : ''}`, locationUrl: undefined };
  return { location: `${finding.packagePath || finding.target}${line ? `:${line}` : ''}`, locationUrl: undefined };
}

function statusOf(evaluation: FindingEvaluation): { status: RowStatus; detail: string } {
  switch (evaluation.status) {
    case 'blocking':
      return { status: 'blocking', detail: evaluation.blockingRule ?? 'policy' };
    case 'excepted':
      return { status: 'excepted', detail: evaluation.exception ? `until ${evaluation.exception.expires}` : '' };
    case 'unfixed-ignored':
      return { status: 'unfixed', detail: 'no fix; ignore-unfixed' };
    case 'not-failed':
      return { status: 'passed', detail: '' };
    case 'counted':
    case 'reported':
    case 'below-threshold':
      return { status: evaluation.status, detail: '' };
    default: {
      // A status added by another change (e.g. suppressed): shown under its own name.
      const other = String(evaluation.status as string);
      return { status: other === 'suppressed' ? 'suppressed' : 'reported', detail: other === 'suppressed' ? '' : other };
    }
  }
}

export function findingRow(finding: Finding, status: { status: RowStatus; detail: string }, isNew: boolean, judgedAs: string, context: HtmlReportContext): FindingRow {
  const kind = finding.kind;
  // Named fields, not a spread: one row per finding, and a spread in a literal is a slow copy.
  const where = location(finding, context);
  return {
    severity: (SEVERITIES as readonly string[]).includes(finding.severity) ? finding.severity : 'UNKNOWN',
    judgedAs,
    id: finding.id,
    url: safeUrl(finding.url),
    kind,
    pkg: finding.packageName ?? (kind === 'secret' ? (finding.category ?? 'secret') : ''),
    installed: finding.installedVersion ?? '',
    fixed: kind === 'vulnerability' ? (finding.fixedVersion ?? '') : kind === 'secret' ? 'remove and rotate' : '',
    title: finding.title,
    location: where.location,
    locationUrl: where.locationUrl,
    scope: finding.scope,
    platform: platformOf(finding),
    status: status.status,
    statusDetail: status.detail,
    isNew,
    kev: kevOf(finding),
    epss: epssOf(finding),
  };
}

/** Every finding of the decision, in its order (blocking first, then by severity), then suppressed ones. */
export function findingRows(decision: Decision, context: HtmlReportContext): FindingRow[] {
  const rows = decision.findings.map((e) =>
    findingRow(e.finding, statusOf(e), e.baseline === 'new', e.effectiveSeverity !== e.finding.severity ? e.effectiveSeverity : '', context),
  );
  for (const { finding, suppression } of decision.suppressed ?? []) {
    const detail = [suppression.source, suppression.status, suppression.justification, suppression.statement].filter((part) => part).join(' · ');
    rows.push(findingRow(finding, { status: 'suppressed', detail }, false, '', context));
  }
  return rows;
}

/** Which optional columns the table shows: only those some row has data for. */
export function optionalColumns(rows: readonly FindingRow[]): { kev: boolean; epss: boolean; platform: boolean } {
  return {
    kev: rows.some((r) => r.kev !== undefined),
    epss: rows.some((r) => r.epss !== undefined),
    platform: rows.some((r) => r.platform !== ''),
  };
}
