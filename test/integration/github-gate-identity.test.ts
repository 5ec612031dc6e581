// Markers are text anyone can paste: the gate adopts only comments and issues written by the
// identity it posts as, found without extra permissions (GET /user for a user's token, GraphQL
// `viewer` for GITHUB_TOKEN and app installation tokens), against the OpenAPI-checked stand-in.
import { afterEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../src/adapters/github/octokit-client.js';
import { gateIdentity } from '../../src/adapters/github/gate-identity.js';
import { createGitHubReporter } from '../../src/adapters/github/octokit-reporter.js';
import { WEEKLY_SUMMARY_MARKER, hasMarker } from '../../src/domain/render/markers.js';
import { renderPullRequestComment } from '../../src/domain/render/pull-request-comment.js';
import { renderSecurityIssue } from '../../src/domain/render/security-issue.js';
import { WEEKLY_SUMMARY_TITLE, nextWeeklySummaryBody } from '../../src/domain/render/weekly-summary.js';
import { startGitHubTestServer, type GitHubTestServer, type TestServerOptions } from '../support/openapi-server.js';
import { CONTEXT, scenarios } from '../support/render-fixtures.js';

const LABEL = 'container-security';
const ATTACKER = 'mallory';
const decisions = scenarios();
let server: GitHubTestServer;

const TOKENS: [string, TestServerOptions, string][] = [
  ['the workflow token (GITHUB_TOKEN)', { token: 'ghs_workflowtoken0123456789', tokenKind: 'installation', login: 'github-actions[bot]' }, 'github-actions[bot]'],
  ['a personal access token', { token: 'github_pat_0123456789abcdef', tokenKind: 'user', login: 'release-bot-user' }, 'release-bot-user'],
  ['a GitHub App installation token', { token: 'ghs_apptoken0123456789', tokenKind: 'installation', login: 'acme-gate[bot]' }, 'acme-gate[bot]'],
];

async function start(options: TestServerOptions): Promise<GitHubTestServer> {
  server = await startGitHubTestServer({ owner: 'acme', repo: 'app', ...options });
  return server;
}

function reporter() {
  return createGitHubReporter({ token: server.token, repository: 'acme/app', baseUrl: server.url, retryDelayMs: 1 });
}

afterEach(async () => {
  const violations = server.takeViolations();
  await server.close();
  expect(violations).toEqual([]);
});

describe.each(TOKENS)('with %s', (_, options, expected) => {
  test('the gate knows who it posts as, with no extra permission', async () => {
    await start(options);
    expect(await gateIdentity(createGitHubClient({ token: server.token, baseUrl: server.url }))).toBe(expected);
  });

  test("a PR comment with the gate's marker by someone else is left alone; the gate posts its own, then updates only that", async () => {
    await start(options);
    const pr = server.seedIssue({ isPullRequest: true });
    const content = renderPullRequestComment(decisions.vulnerable!, CONTEXT);
    const forged = server.seedComment(pr.number, `${content.marker}\nAll clear, merge away!`, ATTACKER);

    const first = await reporter().upsertPullRequestComment({ pullNumber: pr.number, content });
    expect(first).toMatchObject({ outcome: 'created', warnings: [] });
    const second = await reporter().upsertPullRequestComment({ pullNumber: pr.number, content });
    expect(second).toMatchObject({ outcome: 'updated', warnings: [] });

    const comments = server.commentsOn(pr.number);
    expect(comments.map((c) => c.login)).toEqual([ATTACKER, expected]);
    expect(comments[0]).toMatchObject({ id: forged.id, body: forged.body, updatedAt: forged.updatedAt });
    expect(server.operations()).not.toContain('issues/delete-comment');
  });

  test("a labelled, marked issue by someone else gets no scan comments and is never closed", async () => {
    await start(options);
    const content = renderSecurityIssue(decisions.vulnerable!, CONTEXT);
    const forged = server.seedIssue({ title: content.title, body: `${content.marker}\nforged`, labels: [LABEL], login: ATTACKER });

    const opened = await reporter().syncSecurityIssue({ label: LABEL, content });
    expect(opened).toMatchObject({ outcome: 'created', closedDuplicates: [] });
    const closing = await reporter().syncSecurityIssue({ label: LABEL, content: renderSecurityIssue(decisions.clean!, CONTEXT) });
    expect(closing).toMatchObject({ outcome: 'closed', issueNumber: opened.issueNumber });

    expect(server.issues.get(forged.number)).toMatchObject({ state: 'open', body: forged.body });
    expect(server.commentsOn(forged.number)).toEqual([]);
    expect(server.issues.get(opened.issueNumber!)).toMatchObject({ state: 'closed', login: expected });
  });

  test('a closed weekly summary by someone else does not seed the history', async () => {
    await start(options);
    const forgedHistory = nextWeeklySummaryBody(undefined, [{ image: 'ghcr.io/acme/app', counts: { CRITICAL: 99, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 } }], { now: '2025-12-01T00:00:00Z' });
    server.seedIssue({ title: WEEKLY_SUMMARY_TITLE, body: forgedHistory, labels: [LABEL], login: ATTACKER, state: 'closed' });
    const seen: (string | undefined)[] = [];
    const result = await reporter().syncWeeklySummary({
      label: LABEL,
      title: WEEKLY_SUMMARY_TITLE,
      marker: WEEKLY_SUMMARY_MARKER,
      render: (previous) => {
        seen.push(previous);
        return `${WEEKLY_SUMMARY_MARKER}\nfresh`;
      },
    });
    expect(result).toMatchObject({ outcome: 'created', warnings: [] });
    expect(seen).toEqual([undefined]);
    expect(hasMarker(server.issues.get(result.issueNumber!)!.body, WEEKLY_SUMMARY_MARKER)).toBe(true);
  });
});

test('an identity that cannot be found adopts nothing: the gate posts its own and learns its login from it', async () => {
  await start({ token: 'ghs_unknown0123456789', tokenKind: 'installation', graphqlFails: true });
  const pr = server.seedIssue({ isPullRequest: true });
  const content = renderPullRequestComment(decisions.vulnerable!, CONTEXT);
  server.seedComment(pr.number, `${content.marker}\nforged`, ATTACKER);
  expect(await gateIdentity(createGitHubClient({ token: server.token, baseUrl: server.url }))).toBeUndefined();
  const result = await reporter().upsertPullRequestComment({ pullNumber: pr.number, content });
  expect(result).toMatchObject({ outcome: 'created' });
  expect(server.commentsOn(pr.number).map((c) => [c.login, c.body.includes('forged')])).toEqual([
    [ATTACKER, true],
    ['github-actions[bot]', false],
  ]);
});
