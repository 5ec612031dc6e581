import type { Decision, HardeningResult } from '../policy/decision.js';
import type { PolicyException } from '../policy/policy-exception.js';
import { fitBlocks, table, type Block } from './fit-blocks.js';
import { code, redact, text, tableRow } from './markdown.js';
import {
  VERDICT_ICON,
  baselineLine,
  countsTable,
  describeSeverities,
  errorBlock,
  evaluationsWith,
  findingsTable,
  omittedNote,
  reasonsList,
  scannersLine,
  suppressedTable,
  verdictLabel,
  withEvaluations,
  type ReportContext,
} from './report-view.js';

/** GitHub accepts 1 MiB of job summary per step; stay below with room for other steps' text. */
export const SUMMARY_LIMIT = 1_000_000;

const HARDENING_LABEL: Record<HardeningResult['rule'], string> = {
  'non-root': 'Runs as non-root user',
  healthcheck: 'Has a HEALTHCHECK',
  'image-size': 'Image size',
  'config-secrets': 'No secrets in image config/history',
};

const HARDENING_ICON: Record<HardeningResult['status'], string> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  off: '➖',
  'not-checked': '➖',
};

function exceptionRow(exception: PolicyException, extra: string): string {
  return tableRow([
    code(exception.id),
    exception.package ? code(exception.package) : 'any',
    exception.path ? code(exception.path) : 'any',
    exception.expires,
    extra,
    text(exception.reason.length > 200 ? `${exception.reason.slice(0, 199)}…` : exception.reason),
  ]);
}

function exceptionBlocks(decision: Decision): Block[] {
  const { used, expired, unused, fileName } = decision.exceptions;
  if (used.length === 0 && expired.length === 0 && unused.length === 0) return [];
  const columns = ['ID', 'Package', 'Path', 'Expires', 'Findings', 'Reason'];
  const blocks: Block[] = [`### Exceptions${fileName ? ` (${code(fileName)})` : ''}`];
  if (used.length > 0) {
    blocks.push(table('Used:', columns, used.map((u) => exceptionRow(u.exception, String(u.findings))), { dropPriority: 2 }));
  }
  if (expired.length > 0) {
    blocks.push(
      table('⚠️ Expired — they no longer apply; renew or remove them:', columns, expired.map((e) => exceptionRow(e, 'expired')), { dropPriority: 1 }),
    );
  }
  if (unused.length > 0) {
    blocks.push(table('Unused — nothing matched them; consider removing:', columns, unused.map((e) => exceptionRow(e, '0')), { dropPriority: 3 }));
  }
  return blocks;
}

function hardeningBlock(decision: Decision): Block[] {
  if (decision.hardening.length === 0) return [];
  const rows = decision.hardening.map((h) => {
    const problems = h.problems.slice(0, 10).map((p) => text(p.length > 200 ? `${p.slice(0, 199)}…` : p));
    if (h.problems.length > 10) problems.push(`… ${h.problems.length - 10} more`);
    return tableRow([
      HARDENING_LABEL[h.rule],
      h.mode,
      `${HARDENING_ICON[h.status]} ${h.status}`,
      [text(h.message), ...problems].join('<br>'),
    ]);
  });
  return [table('### Hardening', ['Rule', 'Mode', 'Result', 'Details'], rows, { dropPriority: 1 })];
}

function publishedBlock(decision: Decision, context: ReportContext): string {
  const lines = ['### Image'];
  lines.push(`- Repository: ${code(context.image)}`);
  lines.push(`- Built and scanned: ${context.imageId ? code(context.imageId) : 'no image was built'}`);
  lines.push(`- Digest: ${context.digest ? code(context.digest) : 'none (nothing was pushed)'}`);
  const pushed = context.pushedReferences ?? [];
  if (pushed.length > 0) {
    lines.push(`- Pushed:`, ...pushed.map((ref) => `  - ${code(ref)}`));
  } else {
    lines.push(`- Pushed: nothing${decision.verdict === 'pass' ? '' : ` (the verdict is ${decision.verdict}: only an image that passed is pushed)`}`);
  }
  return lines.join('\n');
}

/** The vulnerability DB's date, when the run used a local one. */
function databaseLine(decision: Decision): string | undefined {
  const db = decision.database;
  if (db === undefined) return undefined;
  if (db.updatedAt === undefined) return 'Vulnerability DB: built at an unknown time (no UpdatedAt).';
  return `Vulnerability DB: updated ${db.updatedAt} (${db.ageDays === 0 ? 'less than a day' : `${db.ageDays} day${db.ageDays === 1 ? '' : 's'}`} old).`;
}

/**
 * The job summary: verdict first, then counts, blocking findings, baseline delta, exceptions,
 * hardening and what was published. Returns markdown; the pipeline writes it with core.summary.
 */
export function renderSummary(decision: Decision, context: ReportContext): string {
  const blocks: Block[] = [`## ${VERDICT_ICON[decision.verdict]} Container security gate: ${verdictLabel(decision)}`, `**${text(decision.summary)}**`];
  const error = errorBlock(decision, { details: true });
  if (error) blocks.push(error);
  const reasons = reasonsList(decision);
  if (reasons) blocks.push(reasons);

  blocks.push('### Findings by severity', countsTable(decision));
  if (decision.policy) {
    blocks.push(
      `Gate: fail on ${describeSeverities(decision.policy.failOn)}; issue on ${describeSeverities(decision.policy.issueOn)}; ` +
        `UNKNOWN judged as ${decision.policy.unknownSeverity}${decision.policy.ignoreUnfixed ? '; unfixed vulnerabilities not gated (listed below)' : ''}` +
        `${decision.baseline ? `; the baseline comparison counts ${describeSeverities(decision.policy.compareOn ?? decision.policy.issueOn)}` : ''}.`,
    );
  }
  const scanners = scannersLine(context.scanners);
  if (scanners) blocks.push(scanners);
  const database = databaseLine(decision);
  if (database) blocks.push(database);

  const blocking = evaluationsWith(decision, (e) => e.blocking);
  if (blocking.length > 0) blocks.push(findingsTable(`### Blocking findings (${blocking.length})`, blocking, context, 0));

  const baseline = baselineLine(decision);
  if (baseline && decision.baseline) {
    blocks.push('### Baseline', baseline);
    if (decision.baseline.newVulnerabilities.length > 0) {
      blocks.push(findingsTable(`New (${decision.baseline.newVulnerabilities.length}):`, withEvaluations(decision, decision.baseline.newVulnerabilities), context, 4));
    }
    if (decision.baseline.fixedVulnerabilities.length > 0) {
      blocks.push(findingsTable(`Fixed (${decision.baseline.fixedVulnerabilities.length}):`, withEvaluations(decision, decision.baseline.fixedVulnerabilities), context, 5));
    }
  }

  const reported = evaluationsWith(decision, (e) => !e.blocking && e.reportAsIssue);
  if (reported.length > 0) blocks.push(findingsTable(`### Other reported findings (${reported.length})`, reported, context, 6));

  // Nothing leaves the gate unnamed: what ignore-unfixed let through, and what Trivy suppressed.
  const unfixed = evaluationsWith(decision, (e) => e.status === 'unfixed-ignored');
  if (unfixed.length > 0) {
    blocks.push(findingsTable(`### Unfixed, not gated (${unfixed.length}) — \`ignore-unfixed\` lets these ship`, unfixed, context, 3));
  }
  if (decision.suppressed.length > 0) {
    blocks.push(suppressedTable(`### Suppressed outside the policy file (${decision.suppressed.length}) — not gated`, decision.suppressed, context, 3));
  }

  blocks.push(...exceptionBlocks(decision), ...hardeningBlock(decision), publishedBlock(decision, context));
  blocks.push(`_Decided at ${decision.evaluatedAt}._`);
  return redact(fitBlocks(blocks, SUMMARY_LIMIT, omittedNote('the job summary is limited in size; the SARIF file lists every finding')), context.secrets);
}
