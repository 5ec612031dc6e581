import type { PullRequestCommentContent } from '../../domain/render/pull-request-comment.js';
import type { SecurityIssueContent } from '../../domain/render/security-issue.js';

/*
 * What the pipeline asks of GitHub once a decision exists. Every method reports problems as
 * warnings and never throws: a missing permission, a rate limit or an outage must not change
 * the verdict (the gate already decided), only what gets reported where.
 */

export interface PullRequestCommentRequest {
  pullNumber: number;
  /** From `renderPullRequestComment`: the body and the marker to find it by. */
  content: PullRequestCommentContent;
}

export interface PullRequestCommentResult {
  /**
   * `fallback`: the comment could not be written (a fork's read-only token, no token, an API
   * failure) — write `content.body` to the job summary under `notice` instead.
   */
  outcome: 'created' | 'updated' | 'fallback';
  commentUrl?: string;
  notice?: string;
  warnings: string[];
}

export interface SecurityIssueRequest {
  /** Inputs.issueLabel: issues are looked up by this label plus the marker. */
  label: string;
  /** From `renderSecurityIssue`. */
  content: SecurityIssueContent;
}

export interface SecurityIssueResult {
  /** `unchanged`: nothing to close; `skipped`: the decision said skip; `failed`: see warnings. */
  outcome: 'created' | 'appended' | 'closed' | 'unchanged' | 'skipped' | 'failed';
  issueNumber?: number;
  issueUrl?: string;
  /** Issues closed as duplicates of the kept one (concurrent runs). */
  closedDuplicates: number[];
  warnings: string[];
}

export interface WeeklySummaryRequest {
  label: string;
  title: string;
  marker: string;
  /**
   * The new body from the body found (undefined when there is no summary issue yet; then the
   * newest closed one's body, so a closed summary does not lose its history). Pure: e.g.
   * `(previous) => nextWeeklySummaryBody(previous, counts, { now })`.
   */
  render: (previousBody: string | undefined) => string;
}

export interface WeeklySummaryResult {
  outcome: 'created' | 'updated' | 'failed';
  issueNumber?: number;
  issueUrl?: string;
  closedDuplicates: number[];
  warnings: string[];
}

export interface GitHubReporter {
  upsertPullRequestComment(request: PullRequestCommentRequest): Promise<PullRequestCommentResult>;
  syncSecurityIssue(request: SecurityIssueRequest): Promise<SecurityIssueResult>;
  syncWeeklySummary(request: WeeklySummaryRequest): Promise<WeeklySummaryResult>;
}
