import type { Decision } from '../policy/decision.js';
import { fitBlocks, type Block } from './fit-blocks.js';
import { code, link, redact, text } from './markdown.js';
import { pullRequestCommentMarker } from './markers.js';
import {
  VERDICT_ICON,
  baselineLine,
  countsTable,
  errorBlock,
  evaluationsWith,
  findingsTable,
  omittedNote,
  reasonsList,
  shortSha,
  verdictLabel,
  withEvaluations,
  type ReportContext,
} from './report-view.js';

/** GitHub rejects issue and comment bodies longer than 65,536 characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/** Kept below the limit so a body never lands exactly on it, whatever GitHub counts. */
export const COMMENT_BUDGET = GITHUB_BODY_LIMIT - 536;

export interface PullRequestCommentContent {
  /** The hidden marker the adapter finds the comment by (first line of `body`). */
  marker: string;
  body: string;
}

/**
 * The pull request comment of one image: verdict, counts, the blocking findings first, then
 * what is new and what was fixed against the baseline. Rows are dropped (fixed first, then
 * new, then other reported, blocking last) to stay under GitHub's limit, with a note.
 */
export function renderPullRequestComment(decision: Decision, context: ReportContext): PullRequestCommentContent {
  const marker = pullRequestCommentMarker(context.image);
  const blocks: Block[] = [
    marker,
    `### ${VERDICT_ICON[decision.verdict]} Container security gate: ${code(context.image)} — **${verdictLabel(decision)}**`,
    text(decision.summary),
  ];
  const error = errorBlock(decision);
  if (error) blocks.push(error);
  const reasons = reasonsList(decision, 10);
  if (reasons) blocks.push(reasons);
  blocks.push(countsTable(decision));

  const blocking = evaluationsWith(decision, (e) => e.blocking);
  if (blocking.length > 0) blocks.push(findingsTable(`#### Blocking findings (${blocking.length})`, blocking, context, 1));

  const baseline = baselineLine(decision);
  if (baseline && decision.baseline) {
    blocks.push(baseline);
    const { newVulnerabilities: newFindings, fixedVulnerabilities: fixedFindings } = decision.baseline;
    if (newFindings.length > 0) {
      blocks.push(findingsTable(`#### New against the baseline (${newFindings.length})`, withEvaluations(decision, newFindings), context, 3));
    }
    if (fixedFindings.length > 0) {
      blocks.push(findingsTable(`#### Fixed against the baseline (${fixedFindings.length})`, withEvaluations(decision, fixedFindings), context, 4));
    }
  }

  const reported = evaluationsWith(decision, (e) => !e.blocking && e.reportAsIssue);
  if (reported.length > 0) blocks.push(findingsTable(`#### Other findings to fix (${reported.length})`, reported, context, 2));

  const unfixed = decision.totals.unfixedIgnored;
  const suppressed = decision.suppressed.length;
  if (unfixed > 0 || suppressed > 0) {
    const parts = [
      ...(unfixed > 0 ? [`${unfixed} unfixed ${unfixed === 1 ? 'vulnerability is' : 'vulnerabilities are'} not gated (\`ignore-unfixed\`)`] : []),
      ...(suppressed > 0 ? [`${suppressed} ${suppressed === 1 ? 'finding was' : 'findings were'} suppressed outside the policy file (ignore file, VEX)`] : []),
    ];
    blocks.push(`ℹ️ ${parts.join('; ')}: each is named in the job summary.`);
  }

  const expired = decision.exceptions.expired.length;
  if (expired > 0) {
    blocks.push(`⚠️ ${expired === 1 ? '1 exception has' : `${expired} exceptions have`} expired and no longer ${expired === 1 ? 'applies' : 'apply'}: see the job summary.`);
  }

  const footer = [`Updated ${decision.evaluatedAt}`];
  const sha = shortSha(context.commitSha);
  if (sha) footer.push(`commit ${code(sha)}`);
  if (context.digest) footer.push(`digest ${code(context.digest)}`);
  if (context.runUrl) footer.push(link('workflow run', context.runUrl));
  blocks.push(`<sub>${footer.join(' · ')}</sub>`);

  const body = fitBlocks(blocks, COMMENT_BUDGET, omittedNote('a comment holds at most 65,536 characters; the job summary and the SARIF upload list them all'));
  return { marker, body: redact(body, context.secrets) };
}
