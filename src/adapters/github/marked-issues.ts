import { hasMarker } from '../../domain/render/markers.js';
import { duplicateIssueComment } from '../../domain/render/security-issue.js';
import { sameLogin } from './gate-identity.js';
import type { GitHubClient } from './octokit-client.js';

/*
 * Finding "our" issue by label + hidden marker, and keeping it unique when runs race.
 *
 * Race handling. Two runs for the same image can both list, find nothing and both create an
 * issue. So after creating, a run lists again. Issue numbers grow with creation order, so
 * every run that sees several marked issues agrees that the lowest number is the one to keep.
 * A run closes only the issue it created itself, if that one is not the oldest (as a
 * duplicate, with a comment pointing to the kept one), and moves its update there. Of two
 * racing runs A (created first) and B, B's second listing happens after B's create, which
 * happens after A's, so B always sees both and closes its own; A may or may not see B's,
 * and leaves it alone either way — only one run comments and closes. A run that died between
 * creating and re-listing leaves a duplicate; the next run's first listing finds more than one
 * and closes all but the oldest.
 *
 * The lookup uses the issues list filtered by label (consistent right after a write), not the
 * search API, whose index lags by seconds to minutes and would miss a fresh issue.
 */

export interface Repository {
  owner: string;
  repo: string;
}

export interface MarkedIssue {
  number: number;
  body: string;
  state: string;
  url: string;
  /** Login of whoever opened it. */
  author: string | undefined;
}

/** Lists stop after this many pages (10,000 issues with the label); older ones are not looked at. */
const MAX_PAGES = 100;

export async function listMarkedIssues(
  client: GitHubClient,
  repository: Repository,
  label: string,
  marker: string,
  state: 'open' | 'closed' | 'all',
  /** Only issues opened by this login (the gate's identity) count; undefined: none do. */
  author: string | undefined,
): Promise<MarkedIssue[]> {
  if (author === undefined) return [];
  let pages = 0;
  const issues = await client.paginate(
    client.rest.issues.listForRepo,
    { ...repository, labels: label, state, sort: 'created', direction: 'asc', per_page: 100 },
    (response, done) => {
      pages += 1;
      if (pages >= MAX_PAGES) done();
      return response.data
        // A marker is only text: an issue someone else opened with it is not the gate's.
        .filter((issue) => !issue.pull_request && hasMarker(issue.body, marker) && sameLogin(issue.user?.login, author))
        .map((issue): MarkedIssue => ({ number: issue.number, body: issue.body ?? '', state: issue.state, url: issue.html_url, author: issue.user?.login }));
    },
  );
  return issues.sort((a, b) => a.number - b.number);
}

/** Creates the label if it does not exist. Failures are left to the issue calls that follow to report. */
export async function ensureLabel(client: GitHubClient, repository: Repository, label: string): Promise<void> {
  try {
    await client.rest.issues.getLabel({ ...repository, name: label });
  } catch (error) {
    if ((error as { status?: number }).status !== 404) return;
    try {
      await client.rest.issues.createLabel({ ...repository, name: label, color: 'b60205', description: 'Findings reported by container-security-gate' });
    } catch {
      // 422 already_exists (a concurrent run made it) or no permission: issues.create reports the latter.
    }
  }
}

export async function closeIssue(
  client: GitHubClient,
  repository: Repository,
  issueNumber: number,
  comment: string,
  reason: 'completed' | 'duplicate',
): Promise<void> {
  await client.rest.issues.createComment({ ...repository, issue_number: issueNumber, body: comment });
  await client.rest.issues.update({ ...repository, issue_number: issueNumber, state: 'closed', state_reason: reason });
}

export interface FindOrCreateResult {
  /** The issue to keep updating (the oldest marked one). */
  kept: MarkedIssue;
  /** Whether this run's new issue is the one kept (then it already holds this run's body). */
  createdKept: boolean;
  /** Whether this run created an issue at all. */
  created: boolean;
  closedDuplicates: number[];
}

/**
 * The oldest open marked issue, creating one when there is none, and closing duplicates as
 * described above.
 */
export async function findOrCreateMarkedIssue(
  client: GitHubClient,
  repository: Repository,
  options: { label: string; marker: string; title: string; body: () => string; existing?: MarkedIssue[]; author: string | undefined },
): Promise<FindOrCreateResult> {
  const open = options.existing ?? (await listMarkedIssues(client, repository, options.label, options.marker, 'open', options.author));
  const closedDuplicates: number[] = [];
  if (open.length > 0) {
    const [kept, ...extra] = open;
    // Left behind by an earlier run that died mid-race: close all but the oldest.
    for (const duplicate of extra) {
      await closeIssue(client, repository, duplicate.number, duplicateIssueComment(kept!.number), 'duplicate');
      closedDuplicates.push(duplicate.number);
    }
    return { kept: kept!, createdKept: false, created: false, closedDuplicates };
  }

  const { data } = await client.rest.issues.create({ ...repository, title: options.title, body: options.body(), labels: [options.label] });
  const mine: MarkedIssue = { number: data.number, body: data.body ?? '', state: data.state, url: data.html_url, author: data.user?.login };
  // What GitHub says this run created is by the gate, whatever the identity lookup found.
  const after = await listMarkedIssues(client, repository, options.label, options.marker, 'open', options.author ?? data.user?.login);
  if (!after.some((i) => i.number === mine.number)) after.push(mine);
  after.sort((a, b) => a.number - b.number);
  const oldest = after[0]!;
  if (oldest.number === mine.number) return { kept: mine, createdKept: true, created: true, closedDuplicates };
  await closeIssue(client, repository, mine.number, duplicateIssueComment(oldest.number), 'duplicate');
  closedDuplicates.push(mine.number);
  return { kept: oldest, createdKept: false, created: true, closedDuplicates };
}
