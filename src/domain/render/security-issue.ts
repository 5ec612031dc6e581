import type { Decision } from '../policy/decision.js';
import { exploitDataLine } from './exploit-view.js';
import { fitBlocks, type Block } from './fit-blocks.js';
import { code, isoDay, link, redact } from './markdown.js';
import { securityIssueMarker } from './markers.js';
import { COMMENT_BUDGET } from './pull-request-comment.js';
import {
  VERDICT_ICON,
  baselineLine,
  countsTable,
  evaluationsWith,
  findingsTable,
  omittedNote,
  severityPhrase,
  shortSha,
  suppressedTable,
  verdictLabel,
  withEvaluations,
  type ReportContext,
} from './report-view.js';

/**
 * What to do with the image's security issue on a default-branch run:
 * - `open`: findings at or above `issue-on` exist → create the issue, or append `scanComment`;
 * - `close`: the scans ran and none remain → close open issues with `closingComment`;
 * - `skip`: the run failed before it could tell (an error with nothing to report) — closing
 *   the issue then would claim a fix nobody verified.
 */
export type SecurityIssueAction = 'open' | 'close' | 'skip';

export interface SecurityIssueContent {
  action: SecurityIssueAction;
  /** The hidden marker the adapter finds the issue by (a line of `body`). */
  marker: string;
  title: string;
  /** Body of a new issue. */
  body: string;
  /** Dated scan block appended as a comment to an existing issue. */
  scanComment: string;
  /** Final comment before closing. */
  closingComment: string;
}

export function securityIssueTitle(image: string): string {
  return `Container security findings in ${image}`;
}

function issueSeverities(decision: Decision): string {
  return severityPhrase(decision.policy?.issueOn);
}

function scanHeading(decision: Decision, context: ReportContext): string {
  const parts = [`Scan of ${isoDay(decision.evaluatedAt)}`];
  const sha = shortSha(context.commitSha);
  if (sha) parts.push(`commit ${code(sha)}`);
  if (context.runUrl) parts.push(link('workflow run', context.runUrl));
  return parts.join(' · ');
}

function findingBlocks(decision: Decision, context: ReportContext, headingLevel: string): Block[] {
  const blocks: Block[] = [countsTable(decision)];
  const exploitLine = exploitDataLine(decision);
  if (exploitLine) blocks.push(exploitLine);
  const blocking = evaluationsWith(decision, (e) => e.blocking);
  const reported = evaluationsWith(decision, (e) => e.reportAsIssue && !e.blocking);
  if (blocking.length > 0) blocks.push(findingsTable(`${headingLevel} Blocking (${blocking.length})`, blocking, context, 1));
  if (reported.length > 0) blocks.push(findingsTable(`${headingLevel} To fix (${reported.length})`, reported, context, 2));
  const unfixed = evaluationsWith(decision, (e) => e.status === 'unfixed-ignored');
  if (unfixed.length > 0) blocks.push(findingsTable(`${headingLevel} Unfixed, not gated (${unfixed.length}): shipped because of ignore-unfixed`, unfixed, context, 4));
  if (decision.suppressed.length > 0) {
    blocks.push(suppressedTable(`${headingLevel} Suppressed outside the policy file (${decision.suppressed.length})`, decision.suppressed, context, 4));
  }
  const baseline = baselineLine(decision);
  if (baseline && decision.baseline) {
    blocks.push(baseline);
    const fixed = decision.baseline.fixedVulnerabilities;
    if (fixed.length > 0) blocks.push(findingsTable(`${headingLevel} Fixed since the baseline (${fixed.length})`, withEvaluations(decision, fixed), context, 3));
  }
  return blocks;
}

export function securityIssueAction(decision: Decision): SecurityIssueAction {
  // An unfixed finding at an issue-on severity ships under ignore-unfixed: it keeps the issue open, named.
  const issueOn = decision.policy?.issueOn ?? [];
  const reportable = decision.findings.some(
    (e) => e.reportAsIssue || (e.status === 'unfixed-ignored' && (issueOn as readonly string[]).includes(e.effectiveSeverity)),
  );
  if (reportable) return 'open';
  // Closing needs a complete, successful scan; an error run with nothing to report proves nothing.
  return decision.verdict === 'error' ? 'skip' : 'close';
}

/** The issue, scan comment and closing comment for one image, from its decision. */
export function renderSecurityIssue(decision: Decision, context: ReportContext): SecurityIssueContent {
  const marker = securityIssueMarker(context.image);
  const note = omittedNote('an issue holds at most 65,536 characters; the job summary and the SARIF upload list them all');
  const severities = issueSeverities(decision);
  // The body and the scan comment list the same findings: their tables are rendered once.
  const findings = findingBlocks(decision, context, '####');

  const body = fitBlocks(
    [
      marker,
      `Findings ${severities} were found in ${code(context.image)}.`,
      `### ${VERDICT_ICON[decision.verdict]} ${scanHeading(decision, context)}: ${verdictLabel(decision)}`,
      ...findings,
      '<sub>Managed by container-security-gate: every scan of the default branch adds a comment here, and the issue closes itself once no findings ' +
        `${severities} remain. Keep the hidden marker line if you edit this text.</sub>`,
    ],
    COMMENT_BUDGET,
    note,
  );

  const scanComment = fitBlocks(
    [`### ${VERDICT_ICON[decision.verdict]} ${scanHeading(decision, context)}: ${verdictLabel(decision)}`, ...findings],
    COMMENT_BUDGET,
    note,
  );

  const closingComment = [
    `### ✅ ${scanHeading(decision, context)}`,
    `No findings ${severities} remain in ${code(context.image)}${context.digest ? ` (digest ${code(context.digest)})` : ''}. Closing this issue.`,
  ].join('\n\n');

  return {
    action: securityIssueAction(decision),
    marker,
    title: securityIssueTitle(context.image),
    body: redact(body, context.secrets),
    scanComment: redact(scanComment, context.secrets),
    closingComment: redact(closingComment, context.secrets),
  };
}

/** Left on an issue closed because a concurrent run had already opened one for the image. */
export function duplicateIssueComment(keptIssueNumber: number): string {
  return (
    `Closing as a duplicate of #${keptIssueNumber}: two runs opened an issue for this image at the same time, ` +
    'and the oldest one is kept. Scan results continue there.'
  );
}
