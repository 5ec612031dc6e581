import { hasMarker } from '../../domain/render/markers.js';
import { describeApiFailure, isForbidden, type WorkflowPermission } from './api-failure.js';
import { gateIdentity, sameLogin } from './gate-identity.js';
import { closeIssue, ensureLabel, findOrCreateMarkedIssue, listMarkedIssues, type Repository } from './marked-issues.js';
import { DEFAULT_MAX_ATTEMPTS, createGitHubClient, type GitHubClient, type GitHubClientOptions } from './octokit-client.js';
import type {
  GitHubReporter,
  PullRequestCommentRequest,
  PullRequestCommentResult,
  SecurityIssueRequest,
  SecurityIssueResult,
  WeeklySummaryRequest,
  WeeklySummaryResult,
} from './reporter.js';

export interface GitHubReporterOptions extends Omit<GitHubClientOptions, 'token'> {
  /** The github-token input; empty = report nothing, warn once per call. */
  token: string;
  /** `owner/name` (GITHUB_REPOSITORY). */
  repository: string;
}

function splitRepository(repository: string): Repository {
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) throw new Error(`'${repository}' is not owner/name`);
  return { owner, repo };
}

/** A token must never reach a log line, even inside an error message. */
function redact(token: string, lines: string[]): string[] {
  return token ? lines.map((line) => line.split(token).join('***')) : lines;
}

const FALLBACK_NOTICE =
  'The pull request comment could not be written (pull requests from forks get a read-only token without `pull-requests: write`), so the report is shown here instead.';

function noToken(what: string, permission: WorkflowPermission): string {
  return `no github-token: skipped the ${what}. Pass \`github-token: \${{ github.token }}\` and grant \`permissions: ${permission}\`. The verdict is not affected.`;
}

/**
 * The GitHub reporter, talking to the REST API through @actions/github's Octokit.
 * Never throws: every failure becomes a warning in the result.
 */
export function createGitHubReporter(options: GitHubReporterOptions): GitHubReporter {
  const token = options.token.trim();
  const attempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  let repository: Repository | undefined;
  let client: GitHubClient | undefined;
  let setupProblem: string | undefined;
  try {
    repository = splitRepository(options.repository);
    if (token) client = createGitHubClient({ ...options, token });
  } catch (error) {
    setupProblem = `could not set up the GitHub API client: ${error instanceof Error ? error.message : String(error)}. The verdict is not affected.`;
  }

  // Looked up once, on first use: a run without reports never asks.
  let identity: Promise<string | undefined> | undefined;
  const identityOf = (github: GitHubClient): Promise<string | undefined> => (identity ??= gateIdentity(github));

  const ready = (what: string, permission: WorkflowPermission): { client: GitHubClient; repository: Repository } | string => {
    if (setupProblem) return setupProblem;
    if (!client || !repository) return noToken(what, permission);
    return { client, repository };
  };

  return {
    async upsertPullRequestComment(request: PullRequestCommentRequest): Promise<PullRequestCommentResult> {
      const action = `write the pull request comment on #${request.pullNumber}`;
      const context = ready('pull request comment', 'pull-requests: write');
      if (typeof context === 'string') return { outcome: 'fallback', notice: FALLBACK_NOTICE, warnings: redact(token, [context]) };
      try {
        return await upsertComment(context.client, context.repository, request, await identityOf(context.client));
      } catch (error) {
        const warning = describeApiFailure(error, action, 'pull-requests: write', attempts);
        const notice = isForbidden(error) ? FALLBACK_NOTICE : `The pull request comment could not be written (${warning}), so the report is shown here instead.`;
        return { outcome: 'fallback', notice: redact(token, [notice])[0], warnings: redact(token, [warning]) };
      }
    },

    async syncSecurityIssue(request: SecurityIssueRequest): Promise<SecurityIssueResult> {
      if (request.content.action === 'skip') return { outcome: 'skipped', closedDuplicates: [], warnings: [] };
      const context = ready('security issue', 'issues: write');
      if (typeof context === 'string') return { outcome: 'failed', closedDuplicates: [], warnings: redact(token, [context]) };
      const closedDuplicates: number[] = [];
      try {
        return await syncIssue(context.client, context.repository, request, closedDuplicates, await identityOf(context.client));
      } catch (error) {
        const warning = describeApiFailure(error, `update the security issue for ${request.content.title}`, 'issues: write', attempts);
        return { outcome: 'failed', closedDuplicates, warnings: redact(token, [warning]) };
      }
    },

    async syncWeeklySummary(request: WeeklySummaryRequest): Promise<WeeklySummaryResult> {
      const context = ready('weekly summary issue', 'issues: write');
      if (typeof context === 'string') return { outcome: 'failed', closedDuplicates: [], warnings: redact(token, [context]) };
      try {
        return await syncSummary(context.client, context.repository, request, await identityOf(context.client));
      } catch (error) {
        const warning = describeApiFailure(error, 'update the weekly summary issue', 'issues: write', attempts);
        return { outcome: 'failed', closedDuplicates: [], warnings: redact(token, [warning]) };
      }
    },
  };
}

/** Marked comments written by `author` (the gate); a marked comment by anyone else is not the gate's. */
async function markedComments(client: GitHubClient, repository: Repository, pullNumber: number, marker: string, author: string | undefined) {
  if (author === undefined) return [];
  const comments = await client.paginate(client.rest.issues.listComments, { ...repository, issue_number: pullNumber, per_page: 100 }, (response) =>
    response.data.filter((c) => hasMarker(c.body, marker) && sameLogin(c.user?.login, author)),
  );
  return comments.sort((a, b) => a.id - b.id);
}

/**
 * One comment per image: the oldest marked comment is updated in place. A run that created a
 * comment lists again; if an older marked one appeared meanwhile (a concurrent run), it moves
 * its body there and deletes its own — the same "oldest wins" rule as for issues.
 */
async function upsertComment(client: GitHubClient, repository: Repository, request: PullRequestCommentRequest, identity: string | undefined): Promise<PullRequestCommentResult> {
  const { marker, body } = request.content;
  const existing = await markedComments(client, repository, request.pullNumber, marker, identity);
  const oldest = existing[0];
  if (oldest) {
    const { data } = await client.rest.issues.updateComment({ ...repository, comment_id: oldest.id, body });
    // Extra marked comments (all by the gate) are leftovers of an earlier race.
    for (const extra of existing.slice(1)) {
      await client.rest.issues.deleteComment({ ...repository, comment_id: extra.id });
    }
    return { outcome: 'updated', commentUrl: data.html_url, warnings: [] };
  }
  const { data: created } = await client.rest.issues.createComment({ ...repository, issue_number: request.pullNumber, body });
  const after = await markedComments(client, repository, request.pullNumber, marker, identity ?? created.user?.login);
  const first = after[0];
  if (first && first.id !== created.id) {
    const { data } = await client.rest.issues.updateComment({ ...repository, comment_id: first.id, body });
    await client.rest.issues.deleteComment({ ...repository, comment_id: created.id });
    return { outcome: 'updated', commentUrl: data.html_url, warnings: [] };
  }
  return { outcome: 'created', commentUrl: created.html_url, warnings: [] };
}

async function syncIssue(
  client: GitHubClient,
  repository: Repository,
  request: SecurityIssueRequest,
  closedDuplicates: number[],
  identity: string | undefined,
): Promise<SecurityIssueResult> {
  const { content, label } = request;
  const open = await listMarkedIssues(client, repository, label, content.marker, 'open', identity);

  if (content.action === 'close') {
    if (open.length === 0) return { outcome: 'unchanged', closedDuplicates, warnings: [] };
    for (const issue of open) await closeIssue(client, repository, issue.number, content.closingComment, 'completed');
    return { outcome: 'closed', issueNumber: open[0]!.number, issueUrl: open[0]!.url, closedDuplicates, warnings: [] };
  }

  if (open.length === 0) await ensureLabel(client, repository, label);
  const found = await findOrCreateMarkedIssue(client, repository, {
    label,
    marker: content.marker,
    title: content.title,
    body: () => content.body,
    existing: open,
    author: identity,
  });
  closedDuplicates.push(...found.closedDuplicates);
  if (!found.createdKept) {
    await client.rest.issues.createComment({ ...repository, issue_number: found.kept.number, body: content.scanComment });
  }
  return {
    outcome: found.createdKept ? 'created' : 'appended',
    issueNumber: found.kept.number,
    issueUrl: found.kept.url,
    closedDuplicates,
    warnings: [],
  };
}

async function syncSummary(client: GitHubClient, repository: Repository, request: WeeklySummaryRequest, identity: string | undefined): Promise<WeeklySummaryResult> {
  // Only the gate's own summaries carry history: a closed look-alike by anyone else seeds nothing.
  const all = await listMarkedIssues(client, repository, request.label, request.marker, 'all', identity);
  const open = all.filter((i) => i.state === 'open');
  if (open.length === 0) await ensureLabel(client, repository, request.label);
  // With no open summary, continue the history of the newest closed one.
  const previousClosed = all.filter((i) => i.state !== 'open').pop();
  const found = await findOrCreateMarkedIssue(client, repository, {
    label: request.label,
    marker: request.marker,
    title: request.title,
    body: () => request.render(previousClosed?.body),
    existing: open,
    author: identity,
  });
  if (!found.createdKept) {
    await client.rest.issues.update({ ...repository, issue_number: found.kept.number, body: request.render(found.kept.body) });
  }
  return {
    outcome: found.createdKept ? 'created' : 'updated',
    issueNumber: found.kept.number,
    issueUrl: found.kept.url,
    closedDuplicates: found.closedDuplicates,
    warnings: [],
  };
}
