import { mergeByIdentity } from '../finding-identity.js';
import type { Finding, ScanScope } from '../findings.js';
import type { SuppressedFinding } from '../suppressed-findings.js';
import type { IgnoreEntry } from '../trivy-ignore-file.js';
import { GateError, type FailReason, type Reason } from '../gate-error.js';
import type { ImageFacts } from '../image-facts.js';
import { emptyCounts, RANKED_SEVERITIES, severityRank, type RankedSeverity, type SeverityCounts } from '../severity.js';
import type { TrivyReport } from '../trivy-report.js';
import { baselineScope, compareWithBaseline, missingScopeError } from './baseline.js';
import { collectFindings, collectSuppressed } from './collect-findings.js';
import type {
  BaselineComparison,
  BlockingRule,
  DatabaseStatus,
  Decision,
  DecisionCounts,
  DecisionReason,
  DecisionTotals,
  ExceptionsSummary,
  FindingEvaluation,
  FindingStatus,
  HardeningResult,
} from './decision.js';
import { indexExceptions, isExceptionActive, type ExceptionIndex } from './exceptions.js';
import { comparePlainIds, plainIdForms } from './id-order.js';
import type { GatePolicy } from './gate-policy.js';
import { evaluateHardening } from './hardening.js';
import { isCountedVulnerability, judgeFinding, type Judgement } from './judge-finding.js';
import type { ParsedPolicy, PolicyException } from './policy-exception.js';
import type { ExploitData } from '../exploits/exploit-data.js';
import { enrichFindings } from '../exploits/enrich.js';
import { exploitRule, summariseExploitData, exploitDataReasons } from '../exploits/exploit-rules.js';

export interface GateInput {
  policy: GatePolicy;
  /** The build context scan. */
  filesystem?: TrivyReport | undefined;
  /** The scan of the image that was built. */
  image?: TrivyReport | undefined;
  imageFacts?: ImageFacts | undefined;
  /** A report to compare with (usually the published tag); undefined = no comparison. */
  baseline?: TrivyReport | undefined;
  policyFile?: ParsedPolicy | undefined;
  /** KEV and EPSS rows about the reports' CVEs; undefined = exploit data not asked for. */
  exploitData?: ExploitData | undefined;
  /** The vulnerability DB the scans used (metadata.json); undefined when no local DB was used. */
  database?: { updatedAt: string | undefined } | undefined;
  /** The Trivy ignore file the scans applied, with its entries (for the expiry warning). */
  ignoreFile?: { path: string; entries: readonly IgnoreEntry[] } | undefined;
  now: Date;
}

interface Judged {
  finding: Finding;
  judgement: Judgement;
}

function judgeAll(findings: readonly Finding[], policy: GatePolicy, exceptions: ExceptionIndex): Judged[] {
  const judged: Judged[] = [];
  for (const finding of findings) judged.push({ finding, judgement: judgeFinding(finding, policy, exceptions) });
  return judged;
}

function counted(judged: readonly Judged[]): Finding[] {
  return judged.filter((j) => isCountedVulnerability(j.finding, j.judgement)).map((j) => j.finding);
}

/**
 * The status of one finding once every rule has had its say. With a baseline, gated
 * vulnerabilities in the compared scope are tolerated (`counted`) unless CRITICAL, or new
 * while the count rose with block-on-increase; outside it, fail-on applies as usual.
 */
function evaluateFinding(
  { finding, judgement }: Judged,
  policy: GatePolicy,
  comparison: { scope: ScanScope; result: BaselineComparison; newKeys: Set<string> } | undefined,
): FindingEvaluation {
  let status: FindingStatus;
  let rule: BlockingRule | undefined;
  const compared = comparison !== undefined && comparison.scope === finding.scope && isCountedVulnerability(finding, judgement);
  const baseline = compared ? (comparison.newKeys.has(finding.key) ? 'new' : 'unchanged') : undefined;

  // Exploitation outranks severity and baseline: only an exception (or a PASS check) clears it.
  const exploited = judgement.excluded === 'excepted' || judgement.excluded === 'not-failed' ? undefined : exploitRule(finding, policy);
  if (exploited) {
    status = 'blocking';
    rule = exploited;
  } else if (judgement.excluded) {
    status = judgement.excluded;
  } else if (compared) {
    // CRITICAL blocks whatever the baseline had: only the lower severities are tolerated while the count holds.
    if (judgement.effectiveSeverity === 'CRITICAL' && judgement.gated) {
      status = 'blocking';
      rule = 'critical-present';
    } else if (baseline === 'new' && comparison.result.blocking) {
      status = 'blocking';
      rule = 'block-on-increase';
    } else {
      status = 'counted';
    }
  } else if (judgement.gated) {
    status = 'blocking';
    rule = judgement.gateRule;
  } else if (finding.kind === 'secret' && finding.scope === 'image' && policy.configSecrets === 'fail') {
    status = 'blocking';
    rule = 'config-secrets';
  } else {
    status = judgement.issue ? 'reported' : 'below-threshold';
  }
  return {
    finding,
    effectiveSeverity: judgement.effectiveSeverity,
    status,
    blocking: status === 'blocking',
    blockingRule: rule,
    reportAsIssue: status === 'blocking' || status === 'counted' || status === 'reported',
    exception: judgement.exception,
    baseline,
    locations: [finding],
  };
}

/**
 * Everything the verdict, reasons, summary and totals count, in one pass over the evaluations
 * (a report can hold tens of thousands of findings).
 */
interface Tally {
  totals: DecisionTotals;
  /** Findings by their reported severity, `not-failed` excluded. */
  counts: DecisionCounts;
  /** Per blocking rule: the effective severities of the findings it blocks (absent = none). */
  byRule: Map<BlockingRule, SeverityCounts>;
}

/** `evaluations` are the distinct findings (merged); each location counts in its own scan's row. */
export function tallyEvaluations(evaluations: readonly FindingEvaluation[], suppressed: number): Tally {
  const totals: DecisionTotals = { findings: 0, blocking: 0, reportedAsIssue: 0, excepted: 0, unfixedIgnored: 0, suppressed };
  const counts: DecisionCounts = { filesystem: emptyCounts(), image: emptyCounts(), total: emptyCounts() };
  const byRule = new Map<BlockingRule, SeverityCounts>();
  for (const e of evaluations) {
    if (e.status !== 'not-failed') {
      totals.findings += 1;
      for (const location of e.locations) counts[location.scope][location.severity] += 1;
      counts.total[e.finding.severity] += 1;
    }
    if (e.blocking) totals.blocking += 1;
    if (e.reportAsIssue) totals.reportedAsIssue += 1;
    if (e.status === 'excepted') totals.excepted += 1;
    else if (e.status === 'unfixed-ignored') totals.unfixedIgnored += 1;
    if (e.blockingRule !== undefined) {
      let severities = byRule.get(e.blockingRule);
      if (severities === undefined) byRule.set(e.blockingRule, (severities = emptyCounts()));
      severities[e.effectiveSeverity] += 1;
    }
  }
  return { totals, counts, byRule };
}

function summariseExceptions(
  policyFile: ParsedPolicy | undefined,
  now: Date,
  evaluations: readonly FindingEvaluation[],
): ExceptionsSummary {
  const all = policyFile?.exceptions ?? [];
  const active = all.filter((e) => isExceptionActive(e, now));
  const uses = new Map<PolicyException, number>();
  for (const e of evaluations) if (e.exception) uses.set(e.exception, (uses.get(e.exception) ?? 0) + 1);
  return {
    fileName: policyFile?.fileName,
    used: active.filter((e) => uses.has(e)).map((exception) => ({ exception, findings: uses.get(exception)! })),
    unused: active.filter((e) => !uses.has(e)),
    expired: all.filter((e) => !isExceptionActive(e, now)),
  };
}

const STATUS_ORDER: Record<FindingStatus, number> = {
  blocking: 0,
  counted: 1,
  reported: 2,
  'below-threshold': 3,
  excepted: 4,
  'unfixed-ignored': 5,
  'not-failed': 6,
};

/**
 * Same status and severity: by ID, then identity key, equal ones in the order given (a stable
 * sort). Positions are sorted over one array of the IDs, copied side by side in memory (a JSON
 * round trip gives equal strings): comparing through each evaluation's finding, with the IDs
 * scattered over the heap of a big report, was about twice as slow (memory reads, not collation).
 */
function sortByIdentity(bucket: FindingEvaluation[]): void {
  const ids = JSON.parse(JSON.stringify(bucket.map((e) => e.finding.id))) as string[];
  const order = bucket.map((_, i) => i);
  // Scanner IDs are compared without collating, in the same order (see id-order.ts).
  const forms = plainIdForms(ids);
  if (forms !== undefined) {
    order.sort((a, b) => comparePlainIds(ids[a]!, ids[b]!, forms[a]!, forms[b]!) || bucket[a]!.finding.key.localeCompare(bucket[b]!.finding.key) || a - b);
  } else {
    order.sort((a, b) => {
      const x = ids[a]!;
      const y = ids[b]!;
      return (x === y ? 0 : x.localeCompare(y)) || bucket[a]!.finding.key.localeCompare(bucket[b]!.finding.key) || a - b;
    });
  }
  const given = bucket.slice();
  for (let i = 0; i < order.length; i++) bucket[i] = given[order[i]!]!;
}

/**
 * By status (blocking first), then most severe first, then by ID and identity key; equal
 * findings keep report order. Status and severity take few values, so the evaluations are
 * bucketed by them in one pass and each bucket is sorted on its own: smaller sorts, and a
 * comparator that only compares strings (measured ~2× faster than one sort of everything).
 */
function sortByImportance(evaluations: FindingEvaluation[]): FindingEvaluation[] {
  const buckets: FindingEvaluation[][] = [];
  for (const e of evaluations) {
    // Known-exploited first within each status, then by severity.
    const rank = STATUS_ORDER[e.status] * 16 + (e.finding.exploit?.kev ? 0 : 8) + (4 - severityRank(e.effectiveSeverity));
    const bucket = buckets[rank];
    if (bucket === undefined) buckets[rank] = [e];
    else bucket.push(e);
  }
  let next = 0;
  for (const bucket of buckets) {
    if (bucket === undefined) continue;
    // Equal findings keep report order.
    if (bucket.length > 1) sortByIdentity(bucket);
    // Copied as they are placed: every report walks the decision in this order, and evaluations
    // made in report order, then sorted, lay scattered over the heap of a big report (each of
    // the reports' many passes over them waited on memory). Copies made in order lie in order.
    for (const e of bucket) evaluations[next++] = { ...e };
  }
  return evaluations;
}

/** The most important of one problem's evaluations, carrying every location (its own first). */
function mergeLocations(group: readonly FindingEvaluation[]): FindingEvaluation {
  if (group.length === 1) return group[0]!;
  let primary = group[0]!;
  for (const e of group) if (importance(e) < importance(primary)) primary = e;
  return { ...primary, locations: [primary.finding, ...group.filter((e) => e !== primary).map((e) => e.finding)] };
}

function importance(e: FindingEvaluation): number {
  return STATUS_ORDER[e.status] * 8 + (4 - severityRank(e.effectiveSeverity));
}

/**
 * One evaluation per distinct finding: the same vulnerability in the lockfile and in the image,
 * or the same Dockerfile check in the context and in the image's copy, becomes one evaluation
 * with several locations. Passed checks (`not-failed`) are left as they are.
 */
function mergeDistinct(evaluations: readonly FindingEvaluation[]): FindingEvaluation[] {
  const failed = evaluations.filter((e) => e.status !== 'not-failed');
  const merged = mergeByIdentity(failed, (e) => e.finding, mergeLocations);
  for (const e of evaluations) if (e.status === 'not-failed') merged.push(e);
  return merged;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function severityList(counts: SeverityCounts): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

const RULE_TEXT: Record<BlockingRule, string> = {
  'fail-on': 'at a fail-on severity',
  'unknown-severity': 'of UNKNOWN severity, judged by unknown-severity',
  'critical-present': 'CRITICAL (blocks even when the baseline had it)',
  'block-on-increase': 'new while the compared count rose',
  'config-secrets': 'secrets inside the image (config-secrets)',
  'known-exploited': 'in the CISA KEV catalog of known exploited vulnerabilities (fail-on-kev)',
  epss: 'at or above the EPSS threshold (epss-threshold)',
};

/**
 * fail-on severities it leaves out above its lowest member (`LOW,MEDIUM` → CRITICAL, HIGH;
 * `UNKNOWN` alone → all four): findings of those severities will not fail the gate.
 */
export function failOnGaps(failOn: GatePolicy['failOn']): RankedSeverity[] {
  if (failOn.length === 0) return [];
  const lowest = Math.min(...failOn.map((s) => severityRank(s)));
  return RANKED_SEVERITIES.filter((s) => severityRank(s) > lowest && !failOn.includes(s));
}

/** Warnings about the settings and the scan data themselves, not about findings. */
function settingReasons(input: GateInput, database: DatabaseStatus | undefined): DecisionReason[] {
  const reasons: DecisionReason[] = [];
  const gaps = failOnGaps(input.policy.failOn);
  if (gaps.length > 0) {
    reasons.push({
      level: 'warn',
      rule: 'fail-on-gap',
      message: `fail-on ${input.policy.failOn.join(',')} leaves out ${gaps.join(', ')}: findings of ${gaps.length === 1 ? 'that severity' : 'those severities'} will not fail the gate`,
    });
  }
  const maxAge = input.policy.maxDbAge;
  if (database !== undefined && maxAge !== undefined) {
    if (database.updatedAt === undefined || database.ageDays === undefined) {
      reasons.push({ level: 'warn', rule: 'db-age', message: 'the vulnerability DB does not say when it was built (no UpdatedAt in metadata.json); its age is unknown' });
    } else {
      const ageMs = input.now.getTime() - Date.parse(database.updatedAt);
      if (ageMs > maxAge.seconds * 1000) {
        reasons.push({
          level: maxAge.mode,
          rule: 'db-age',
          message: `the vulnerability DB was built ${database.updatedAt} (${formatAge(ageMs)} ago), older than max-db-age ${formatAge(maxAge.seconds * 1000)}: newer vulnerabilities are not detected`,
        });
      }
    }
  }
  const ignore = input.ignoreFile;
  if (ignore !== undefined) {
    const forever = ignore.entries.filter((e) => e.expires === undefined);
    if (forever.length > 0) {
      const shown = forever.slice(0, 10).map((e) => `${e.id} (line ${e.line})`);
      if (forever.length > shown.length) shown.push(`… ${forever.length - shown.length} more`);
      reasons.push({
        level: 'warn',
        rule: 'ignore-file-expiry',
        message:
          `ignore file ${ignore.path}: ${plural(forever.length, 'entry')} never expire${forever.length === 1 ? 's' : ''} (${shown.join(', ')}); ` +
          'give each an expiry (`exp:YYYY-MM-DD` in .trivyignore, `expired_at` in .trivyignore.yaml)',
      });
    }
  }
  return reasons;
}

function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.floor(hours)} hours`;
}

function databaseStatus(input: GateInput): DatabaseStatus | undefined {
  if (input.database === undefined) return undefined;
  const updated = input.database.updatedAt === undefined ? NaN : Date.parse(input.database.updatedAt);
  if (Number.isNaN(updated)) return { updatedAt: undefined, ageDays: undefined };
  return { updatedAt: new Date(updated).toISOString(), ageDays: Math.max(0, Math.floor((input.now.getTime() - updated) / 86_400_000)) };
}

function collectReasons(
  byRule: Tally['byRule'],
  baseline: BaselineComparison | undefined,
  hardening: readonly HardeningResult[],
  exceptions: ExceptionsSummary,
  settings: readonly DecisionReason[],
): DecisionReason[] {
  const reasons: DecisionReason[] = [];
  for (const rule of Object.keys(RULE_TEXT) as BlockingRule[]) {
    const severities = byRule.get(rule);
    if (severities !== undefined) {
      const hits = Object.values(severities).reduce((sum, n) => sum + n, 0);
      reasons.push({ level: 'fail', rule, message: `${plural(hits, 'finding')} ${RULE_TEXT[rule]} (${severityList(severities)})` });
    }
  }
  if (baseline && baseline.verdict === 'regressed') {
    reasons.push({
      level: baseline.blocking ? 'fail' : 'warn',
      rule: 'baseline',
      message: `compared vulnerabilities rose from ${baseline.baselineCount} to ${baseline.currentCount} (${baseline.newCount} new, ${baseline.fixedCount} fixed)${baseline.blocking ? '' : '; block-on-increase is off'}`,
    });
  }
  for (const h of hardening) {
    if (h.status === 'fail' || h.status === 'warn') reasons.push({ level: h.status, rule: h.rule, message: h.message });
  }
  for (const e of exceptions.expired) {
    reasons.push({
      level: 'warn',
      rule: 'exception-expired',
      message: `exception ${e.id} (${exceptions.fileName ?? 'policy file'} line ${e.line}) expired on ${e.expires} and no longer applies`,
    });
  }
  reasons.push(...settings);
  // Fail before warn, keeping each group's order.
  return [...reasons.filter((r) => r.level === 'fail'), ...reasons.filter((r) => r.level === 'warn')];
}

/** vulnerable > regressed > policy: the most concrete problem names the run. */
function failReason(
  rules: Tally['byRule'],
  baseline: BaselineComparison | undefined,
  hardening: readonly HardeningResult[],
  settings: readonly DecisionReason[],
): FailReason | undefined {
  if (rules.has('fail-on') || rules.has('unknown-severity') || rules.has('critical-present')) return 'vulnerable';
  if (rules.has('known-exploited') || rules.has('epss')) return 'vulnerable';
  if (baseline?.blocking || rules.has('block-on-increase')) return 'regressed';
  if (rules.has('config-secrets') || hardening.some((h) => h.status === 'fail')) return 'policy';
  if (settings.some((r) => r.level === 'fail')) return 'policy';
  return undefined;
}

export function summaryLine(reason: Reason, totals: DecisionTotals, reasons: readonly DecisionReason[]): string {
  const extra = [
    ...(totals.unfixedIgnored > 0 ? [`${totals.unfixedIgnored} unfixed, not gated`] : []),
    ...(totals.suppressed > 0 ? [`${totals.suppressed} suppressed outside the policy`] : []),
  ];
  const tally = `${plural(totals.findings, 'finding')}, ${totals.blocking} blocking, ${totals.reportedAsIssue} to report, ${totals.excepted} excepted${extra.map((x) => `, ${x}`).join('')}`;
  if (reason === 'passed') {
    const warnings = reasons.filter((r) => r.level === 'warn').length;
    return `pass: ${tally}${warnings > 0 ? `; ${plural(warnings, 'warning')}` : ''}`;
  }
  const first = reasons.find((r) => r.level === 'fail');
  return `fail (${reason}): ${first ? `${first.message}; ` : ''}${tally}`;
}

/**
 * The gate: every finding judged, the image's hardening rules applied, the baseline compared,
 * one verdict with its reasons. Pure: the clock, reports and policy file come in as data.
 */
export function evaluateGate(input: GateInput): Decision {
  const { policy, now } = input;
  if (Number.isNaN(now.getTime())) throw new GateError('internal-error', 'evaluateGate: the clock gave an invalid date');
  if (input.filesystem === undefined && input.image === undefined) {
    // Fail closed: a decision about nothing must not read as a pass.
    throw new GateError('internal-error', 'evaluateGate: neither the build context nor the image was scanned');
  }
  const active = indexExceptions((input.policyFile?.exceptions ?? []).filter((e) => isExceptionActive(e, now)));

  const findings = input.filesystem ? collectFindings(input.filesystem, 'filesystem') : [];
  if (input.image) for (const finding of collectFindings(input.image, 'image')) findings.push(finding);
  enrichFindings(findings, input.exploitData);
  const judged = judgeAll(findings, policy, active);
  const suppressed: SuppressedFinding[] = [
    ...(input.filesystem ? collectSuppressed(input.filesystem, 'filesystem') : []),
    ...(input.image ? collectSuppressed(input.image, 'image') : []),
  ];
  // Trivy names the ignore file by the absolute path it was given; reports name it as the user did.
  const ignorePath = input.ignoreFile?.path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (ignorePath) {
    for (const s of suppressed) {
      if (s.suppression.type === 'ignore-file' && s.suppression.source.replace(/\\/g, '/').endsWith(`/${ignorePath}`)) s.suppression.source = input.ignoreFile!.path;
    }
  }

  let comparison: Parameters<typeof evaluateFinding>[2];
  if (input.baseline) {
    const scope = baselineScope(input.baseline);
    if ((scope === 'image' ? input.image : input.filesystem) === undefined) throw missingScopeError(scope);
    const before = counted(judgeAll(collectFindings(input.baseline, scope), policy, active));
    const result = compareWithBaseline(
      counted(judged.filter((j) => j.finding.scope === scope)),
      before,
      scope,
      policy.blockOnIncrease,
    );
    comparison = { scope, result, newKeys: new Set(result.newVulnerabilities.map((f) => f.key)) };
  }

  const perLocation: FindingEvaluation[] = [];
  for (const j of judged) perLocation.push(evaluateFinding(j, policy, comparison));
  const imageSecrets = perLocation
    .filter((e) => e.finding.kind === 'secret' && e.finding.scope === 'image' && e.status !== 'excepted')
    .map((e) => e.finding);
  const hardening = evaluateHardening(policy, input.imageFacts, imageSecrets, input.image !== undefined);
  const exceptions = summariseExceptions(input.policyFile, now, perLocation);
  const evaluations = sortByImportance(mergeDistinct(perLocation));
  const baseline = comparison?.result;
  const database = databaseStatus(input);
  const settings = settingReasons(input, database);
  const { totals, counts, byRule } = tallyEvaluations(evaluations, suppressed.length);
  const reasons = collectReasons(byRule, baseline, hardening, exceptions, settings);
  const exploitData = input.exploitData === undefined ? undefined : summariseExploitData(input.exploitData, evaluations);
  if (exploitData) for (const r of exploitDataReasons(exploitData)) reasons.push(r);
  const fail = failReason(byRule, baseline, hardening, settings);
  const reason: Reason = fail ?? 'passed';

  return {
    verdict: fail ? 'fail' : 'pass',
    reason,
    summary: `${summaryLine(reason, totals, reasons)}${exploitData?.madeWithout.length ? `; decided without ${exploitData.madeWithout.map((s) => s.toUpperCase()).join(' and ')} data` : ''}`,
    reasons,
    error: undefined,
    policy,
    evaluatedAt: now.toISOString(),
    scanned: { filesystem: input.filesystem !== undefined, image: input.image !== undefined, imageFacts: input.imageFacts !== undefined },
    findings: evaluations,
    counts,
    totals,
    exceptions,
    baseline,
    hardening,
    suppressed,
    database,
    ...(exploitData && { exploitData }),
  };
}
