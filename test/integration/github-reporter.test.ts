import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createGitHubClient } from '../../src/adapters/github/octokit-client.js';
import { createGitHubReporter } from '../../src/adapters/github/octokit-reporter.js';
import type { GitHubReporter } from '../../src/adapters/github/reporter.js';
import { emptyCounts } from '../../src/domain/severity.js';
import { WEEKLY_SUMMARY_MARKER, hasMarker, securityIssueMarker } from '../../src/domain/render/markers.js';
import { renderPullRequestComment } from '../../src/domain/render/pull-request-comment.js';
import { renderSecurityIssue } from '../../src/domain/render/security-issue.js';
import { WEEKLY_SUMMARY_TITLE, nextWeeklySummaryBody } from '../../src/domain/render/weekly-summary.js';
import { parseSummaryHistory } from '../../src/domain/summary-history.js';
import { GITHUB_BODY_LIMIT, startGitHubTestServer, type GitHubTestServer } from '../support/openapi-server.js';
import { CONTEXT, hugeDecision, scenarios } from '../support/render-fixtures.js';

const TOKEN = 'ghs_testtoken0123456789';
const LABEL = 'container-security';
const decisions = scenarios();
let server: GitHubTestServer;

function reporter(overrides: { token?: string; maxAttempts?: number } = {}): GitHubReporter {
  return createGitHubReporter({ token: overrides.token ?? TOKEN, repository: 'acme/app', baseUrl: server.url, retryDelayMs: 1, maxAttempts: overrides.maxAttempts });
}

const openContent = () => renderSecurityIssue(decisions.vulnerable!, CONTEXT);
const closeContent = () => renderSecurityIssue(decisions.clean!, CONTEXT);

beforeEach(async () => {
  server = await startGitHubTestServer({ owner: 'acme', repo: 'app', token: TOKEN });
});

afterEach(async () => {
  // Every request and response of the test conformed to GitHub's OpenAPI description.
  const violations = server.takeViolations();
  await server.close();
  expect(violations).toEqual([]);
});

/** The requests that did the work: the identity lookup (GET /user, GraphQL viewer) left out. */
function apiRequests() {
  return server.requests.filter((r) => r.operationId !== 'users/get-authenticated' && r.path !== '/graphql');
}

// Deliberately invalid requests: a plain string route skips Octokit's typed parameters.
const untyped = (route: string): string => route;

describe('the test server validates against the OpenAPI description', () => {
  test.each([
    ['a field of the wrong type', { title: 'x', labels: 'container-security' }, /labels must be array/],
    ['an unknown field', { title: 'x', lables: ['container-security'] }, /field 'lables' is not defined/],
    ['a missing required field', { body: 'no title' }, /must have required property 'title'/],
  ])('a request with %s is a violation that fails the test', async (_, body, problem) => {
    const client = createGitHubClient({ token: TOKEN, baseUrl: server.url, maxAttempts: 1 });
    await expect(client.request(untyped('POST /repos/{owner}/{repo}/issues'), { owner: 'acme', repo: 'app', ...body })).rejects.toMatchObject({ status: 422 });
    const violations = server.takeViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(problem);
    expect(server.issues.size).toBe(0);
  });

  test('a query parameter of the wrong type or unknown name is a violation', async () => {
    const client = createGitHubClient({ token: TOKEN, baseUrl: server.url, maxAttempts: 1 });
    await expect(client.request(untyped('GET /repos/{owner}/{repo}/issues'), { owner: 'acme', repo: 'app', per_page: 'many', colour: 'red' })).rejects.toMatchObject({ status: 422 });
    const violations = server.takeViolations();
    expect(violations.some((v) => /per_page.*must be integer/.test(v))).toBe(true);
    expect(violations.some((v) => /query parameter 'colour' is not defined/.test(v))).toBe(true);
  });

  test('a path that is not in the description is a violation', async () => {
    const client = createGitHubClient({ token: TOKEN, baseUrl: server.url, maxAttempts: 1 });
    await expect(client.request('GET /repos/{owner}/{repo}/no-such-thing', { owner: 'acme', repo: 'app' })).rejects.toMatchObject({ status: 404 });
    expect(server.takeViolations()).toEqual([expect.stringMatching(/no such operation/)]);
  });

  test('responses are validated too: a non-conforming issue object is caught', async () => {
    const { githubOpenApi } = await import('../support/openapi-validator.js');
    const api = githubOpenApi();
    const operation = api.operation('issues/create');
    expect(api.validateResponse(operation, 201, { id: 1, number: 1, title: 'x' }).join()).toMatch(/required property/);
    expect(api.validateResponse(operation, 299, undefined).join()).toMatch(/not documented/);
  });
});

describe('security issue', () => {
  test('created with label and marker, then a dated scan block is appended, then closed when none remain', async () => {
    const github = reporter();
    const first = await github.syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(first).toMatchObject({ outcome: 'created', issueNumber: 1, warnings: [] });
    const issue = server.issues.get(1)!;
    expect(issue.labels).toEqual([LABEL]);
    expect(hasMarker(issue.body, securityIssueMarker('ghcr.io/acme/app'))).toBe(true);
    expect(issue.body).toContain('CVE-2021-44906');
    expect(server.labels.get(LABEL)?.color).toBe('b60205');

    const second = await github.syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(second).toMatchObject({ outcome: 'appended', issueNumber: 1 });
    expect(server.openIssues()).toHaveLength(1);
    expect(server.commentsOn(1)).toHaveLength(1);
    expect(server.commentsOn(1)[0]!.body).toMatch(/^### ❌ Scan of 2026-11-22/);

    const third = await github.syncSecurityIssue({ label: LABEL, content: closeContent() });
    expect(third).toMatchObject({ outcome: 'closed', issueNumber: 1 });
    expect(server.issues.get(1)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(server.commentsOn(1).at(-1)!.body).toMatch(/No findings at or above MEDIUM remain/);

    const fourth = await github.syncSecurityIssue({ label: LABEL, content: closeContent() });
    expect(fourth.outcome).toBe('unchanged');
  });

  test('an error run with nothing to report does not touch the issue', async () => {
    const result = await reporter().syncSecurityIssue({ label: LABEL, content: renderSecurityIssue(decisions.error!, CONTEXT) });
    expect(result.outcome).toBe('skipped');
    expect(server.requests).toHaveLength(0);
  });

  test('found by the hidden marker, not by title; other images and quotes are left alone', async () => {
    const content = openContent();
    server.seedIssue({ title: content.title, body: 'same title, no marker', labels: [LABEL] });
    server.seedIssue({ title: 'other image', body: `${securityIssueMarker('ghcr.io/acme/app2')}\n`, labels: [LABEL] });
    server.seedIssue({ title: 'a quote', body: `> ${content.marker}\n> quoted`, labels: [LABEL] });
    server.seedIssue({ title: 'no label', body: `${content.marker}\n`, labels: [] });
    const result = await reporter().syncSecurityIssue({ label: LABEL, content });
    expect(result).toMatchObject({ outcome: 'created', issueNumber: 5 });
    expect(server.openIssues()).toHaveLength(5);
    expect([1, 2, 3, 4].map((n) => server.commentsOn(n).length)).toEqual([0, 0, 0, 0]);
  });

  test('found on a later page among many labelled issues', async () => {
    for (let i = 0; i < 150; i++) server.seedIssue({ title: `other ${i}`, body: `${securityIssueMarker(`ghcr.io/acme/svc-${i}`)}\n`, labels: [LABEL] });
    const mine = server.seedIssue({ title: 'mine', body: `${openContent().marker}\nold body`, labels: [LABEL], login: server.login });
    const result = await reporter().syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result).toMatchObject({ outcome: 'appended', issueNumber: mine.number });
    expect(server.operations().filter((o) => o === 'issues/list-for-repo')).toHaveLength(2);
  });

  test('two runs at once that both see no issue end with one open issue', async () => {
    server.holdUntil('issues/list-for-repo', 2); // both first listings return together, before either creates
    const [a, b] = await Promise.all([
      reporter().syncSecurityIssue({ label: LABEL, content: openContent() }),
      reporter().syncSecurityIssue({ label: LABEL, content: openContent() }),
    ]);
    expect(server.operations().filter((o) => o === 'issues/create')).toHaveLength(2);
    expect(server.openIssues().map((i) => i.number)).toEqual([1]);
    expect(server.issues.get(2)).toMatchObject({ state: 'closed', stateReason: 'duplicate' });
    expect(server.commentsOn(2).map((c) => c.body)).toEqual([expect.stringMatching(/duplicate of #1/)]);
    // The run whose issue was closed moved its scan block to the kept issue.
    expect(server.commentsOn(1)).toHaveLength(1);
    expect([a.outcome, b.outcome].sort()).toEqual(['appended', 'created']);
    expect([...a.closedDuplicates, ...b.closedDuplicates]).toEqual([2]);
  });

  test('two runs at once without any staging also end with one open issue', async () => {
    await Promise.all([1, 2, 3].map(() => reporter().syncSecurityIssue({ label: LABEL, content: openContent() })));
    expect(server.openIssues()).toHaveLength(1);
    expect(server.openIssues()[0]!.number).toBe(1);
  });

  test('duplicates left by an earlier run that died are closed, the oldest is kept', async () => {
    const marker = openContent().marker;
    server.seedIssue({ title: 'a', body: `${marker}\n`, labels: [LABEL], login: server.login });
    server.seedIssue({ title: 'b', body: `${marker}\n`, labels: [LABEL], login: server.login });
    const result = await reporter().syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result).toMatchObject({ outcome: 'appended', issueNumber: 1, closedDuplicates: [2] });
    expect(server.openIssues().map((i) => i.number)).toEqual([1]);
  });

  test('403 (no issues: write) is a warning naming the permission, not an exception', async () => {
    server.permissions.issues = 'read';
    const result = await reporter().syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result.outcome).toBe('failed');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/permissions: issues: write/);
    expect(result.warnings[0]).toMatch(/verdict is not affected/);
    expect(server.issues.size).toBe(0);
  });

  test('a missing token is a warning naming the permission; nothing is sent', async () => {
    const result = await reporter({ token: '' }).syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result.outcome).toBe('failed');
    expect(result.warnings[0]).toMatch(/no github-token.*issues: write/);
    expect(server.requests).toHaveLength(0);
  });

  test('a rejected token is a warning that does not contain the token', async () => {
    const result = await createGitHubReporter({ token: 'ghs_wrongtoken', repository: 'acme/app', baseUrl: server.url }).syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result.outcome).toBe('failed');
    expect(result.warnings[0]).toMatch(/401/);
    expect(result.warnings.join()).not.toContain('ghs_wrongtoken');
  });

  test('5xx is retried and then succeeds', async () => {
    server.failNext('issues/list-for-repo', { status: 502, body: { message: 'Server Error' } }, 2);
    const result = await reporter().syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result).toMatchObject({ outcome: 'created', warnings: [] });
    expect(apiRequests().slice(0, 3).map((r) => `${r.operationId} ${r.status}`)).toEqual([
      'issues/list-for-repo 502',
      'issues/list-for-repo 502',
      'issues/list-for-repo 200',
    ]);
  });

  test('5xx that persists becomes a warning after a few attempts', async () => {
    server.failNext('issues/list-for-repo', { status: 503, body: { message: 'Service Unavailable' } }, 5);
    const result = await reporter().syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result.outcome).toBe('failed');
    expect(result.warnings[0]).toMatch(/503 after 3 attempts/);
    expect(apiRequests()).toHaveLength(3);
  });

  test.each([
    ['403 with x-ratelimit-remaining: 0', { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' }, body: { message: 'API rate limit exceeded' } }, /rate limit reached.*resets at 2030-01-01/],
    ['429 with retry-after', { status: 429, headers: { 'retry-after': '60' }, body: { message: 'You have exceeded a secondary rate limit' } }, /rate limit reached.*retry after 60s/],
  ])('rate limit (%s) is a warning, not retried', async (_, fault, message) => {
    server.failNext('issues/list-for-repo', fault);
    const result = await reporter().syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result.outcome).toBe('failed');
    expect(result.warnings[0]).toMatch(message);
    expect(apiRequests()).toHaveLength(1);
  });
});

describe('pull request comment', () => {
  test('created once, then updated in place', async () => {
    const pr = server.seedIssue({ title: 'Add feature', isPullRequest: true });
    server.seedComment(pr.number, 'LGTM', 'octocat');
    const github = reporter();
    const first = await github.upsertPullRequestComment({ pullNumber: pr.number, content: renderPullRequestComment(decisions.vulnerable!, CONTEXT) });
    expect(first.outcome).toBe('created');
    const [, ours] = server.commentsOn(pr.number);
    expect(ours!.body).toContain('**fail (vulnerable)**');

    const second = await github.upsertPullRequestComment({ pullNumber: pr.number, content: renderPullRequestComment(decisions.clean!, CONTEXT) });
    expect(second.outcome).toBe('updated');
    const comments = server.commentsOn(pr.number);
    expect(comments).toHaveLength(2);
    expect(comments[1]!.id).toBe(ours!.id);
    expect(comments[1]!.body).toContain('**pass**');
    expect(comments[0]!.body).toBe('LGTM');
  });

  test('one comment per image', async () => {
    const pr = server.seedIssue({ isPullRequest: true });
    await reporter().upsertPullRequestComment({ pullNumber: pr.number, content: renderPullRequestComment(decisions.clean!, CONTEXT) });
    await reporter().upsertPullRequestComment({ pullNumber: pr.number, content: renderPullRequestComment(decisions.clean!, { ...CONTEXT, image: 'ghcr.io/acme/worker' }) });
    await reporter().upsertPullRequestComment({ pullNumber: pr.number, content: renderPullRequestComment(decisions.vulnerable!, CONTEXT) });
    expect(server.commentsOn(pr.number)).toHaveLength(2);
  });

  test('two runs at once leave one comment', async () => {
    const pr = server.seedIssue({ isPullRequest: true });
    server.holdUntil('issues/list-comments', 2);
    await Promise.all([1, 2].map(() => reporter().upsertPullRequestComment({ pullNumber: pr.number, content: renderPullRequestComment(decisions.vulnerable!, CONTEXT) })));
    expect(server.commentsOn(pr.number)).toHaveLength(1);
  });

  test('a huge decision is cut by whole rows to fit 65,536 characters, and GitHub accepts it', async () => {
    const pr = server.seedIssue({ isPullRequest: true });
    const content = renderPullRequestComment(hugeDecision(3000), CONTEXT);
    const result = await reporter().upsertPullRequestComment({ pullNumber: pr.number, content });
    expect(result.outcome).toBe('created');
    const stored = server.commentsOn(pr.number)[0]!.body;
    expect(stored.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(stored).toMatch(/more not shown: a comment holds at most 65,536 characters/);
  });

  test('the server enforces the 65,536 limit: an over-long body is refused and becomes a warning', async () => {
    const pr = server.seedIssue({ isPullRequest: true });
    const result = await reporter().upsertPullRequestComment({ pullNumber: pr.number, content: { marker: '<!-- m -->', body: `<!-- m -->\n${'x'.repeat(GITHUB_BODY_LIMIT)}` } });
    expect(result.outcome).toBe('fallback');
    expect(result.warnings[0]).toMatch(/422.*body is too long/);
  });

  test('on a fork (read-only token) it falls back to the job summary with a notice', async () => {
    server.permissions = { issues: 'read', pullRequests: 'read' };
    const pr = server.seedIssue({ isPullRequest: true });
    const result = await reporter().upsertPullRequestComment({ pullNumber: pr.number, content: renderPullRequestComment(decisions.vulnerable!, CONTEXT) });
    expect(result.outcome).toBe('fallback');
    expect(result.notice).toMatch(/forks get a read-only token/);
    expect(result.warnings[0]).toMatch(/permissions: pull-requests: write/);
    expect(result.warnings[0]).toMatch(/GitHub accepts: issues=write; pull_requests=write/);
    expect(server.commentsOn(pr.number)).toHaveLength(0);
  });

  test('pull-requests: write alone is enough to comment on a pull request', async () => {
    server.permissions = { issues: 'read', pullRequests: 'write' };
    const pr = server.seedIssue({ isPullRequest: true });
    const result = await reporter().upsertPullRequestComment({ pullNumber: pr.number, content: renderPullRequestComment(decisions.clean!, CONTEXT) });
    expect(result.outcome).toBe('created');
  });

  test('without a token it falls back with a warning naming the permission', async () => {
    const result = await reporter({ token: '' }).upsertPullRequestComment({ pullNumber: 1, content: renderPullRequestComment(decisions.clean!, CONTEXT) });
    expect(result.outcome).toBe('fallback');
    expect(result.warnings[0]).toMatch(/pull-requests: write/);
  });
});

describe('weekly summary', () => {
  const counts = (critical: number, high: number) => ({ ...emptyCounts(), CRITICAL: critical, HIGH: high, MEDIUM: 4 });

  test('one persistent issue whose hidden history grows week by week', async () => {
    const week = (now: string, critical: number) => ({
      label: LABEL,
      title: WEEKLY_SUMMARY_TITLE,
      marker: WEEKLY_SUMMARY_MARKER,
      render: (previous: string | undefined) =>
        nextWeeklySummaryBody(previous, [{ image: 'ghcr.io/acme/app', counts: counts(critical, 2) }, { image: 'ghcr.io/acme/worker', counts: counts(0, 1) }], { now }),
    });
    expect(await reporter().syncWeeklySummary(week('2026-11-09T06:00:00Z', 3))).toMatchObject({ outcome: 'created', issueNumber: 1 });
    expect(await reporter().syncWeeklySummary(week('2026-11-16T06:00:00Z', 2))).toMatchObject({ outcome: 'updated', issueNumber: 1 });
    expect(await reporter().syncWeeklySummary(week('2026-11-23T06:00:00Z', 1))).toMatchObject({ outcome: 'updated', issueNumber: 1 });
    expect(server.issues.size).toBe(1);
    const body = server.issues.get(1)!.body!;
    expect(body).toContain('xychart-beta');
    const { history, problem } = parseSummaryHistory(body);
    expect(problem).toBeUndefined();
    expect(history.weeks.map((w) => [w.week, w.images['ghcr.io/acme/app']!.CRITICAL])).toEqual([
      ['2026-11-09', 3],
      ['2026-11-16', 2],
      ['2026-11-23', 1],
    ]);
  });

  test('a closed summary issue hands its history to the new one', async () => {
    const render = (now: string) => (previous: string | undefined) => nextWeeklySummaryBody(previous, [{ image: 'ghcr.io/acme/app', counts: counts(1, 1) }], { now });
    await reporter().syncWeeklySummary({ label: LABEL, title: WEEKLY_SUMMARY_TITLE, marker: WEEKLY_SUMMARY_MARKER, render: render('2026-11-09T06:00:00Z') });
    server.issues.get(1)!.state = 'closed';
    const result = await reporter().syncWeeklySummary({ label: LABEL, title: WEEKLY_SUMMARY_TITLE, marker: WEEKLY_SUMMARY_MARKER, render: render('2026-11-16T06:00:00Z') });
    expect(result).toMatchObject({ outcome: 'created', issueNumber: 2 });
    expect(parseSummaryHistory(server.issues.get(2)!.body).history.weeks).toHaveLength(2);
  });

  test('two scheduled runs at once leave one open summary issue', async () => {
    server.holdUntil('issues/list-for-repo', 2);
    const request = {
      label: LABEL,
      title: WEEKLY_SUMMARY_TITLE,
      marker: WEEKLY_SUMMARY_MARKER,
      render: (previous: string | undefined) => nextWeeklySummaryBody(previous, [{ image: 'ghcr.io/acme/app', counts: counts(1, 1) }], { now: '2026-11-16T06:00:00Z' }),
    };
    await Promise.all([reporter().syncWeeklySummary(request), reporter().syncWeeklySummary(request)]);
    expect(server.openIssues().map((i) => i.number)).toEqual([1]);
  });
});

describe('never throws', () => {
  let closed: GitHubTestServer;
  beforeAll(async () => {
    closed = await startGitHubTestServer();
    await closed.close();
  });
  afterAll(() => undefined);

  test('an unreachable API is a warning for every method', async () => {
    const github = createGitHubReporter({ token: TOKEN, repository: 'acme/app', baseUrl: closed.url, retryDelayMs: 1, maxAttempts: 2 });
    const results = await Promise.all([
      github.syncSecurityIssue({ label: LABEL, content: openContent() }),
      github.upsertPullRequestComment({ pullNumber: 1, content: renderPullRequestComment(decisions.clean!, CONTEXT) }),
      github.syncWeeklySummary({ label: LABEL, title: WEEKLY_SUMMARY_TITLE, marker: WEEKLY_SUMMARY_MARKER, render: () => 'x' }),
    ]);
    // Classified as unreachable, with the address: never as an HTTP status no server sent.
    const origin = new URL(closed.url).origin.replace(/[.]/g, '\\.');
    for (const result of results) {
      expect(result.warnings).toEqual([expect.stringMatching(new RegExp(`^could not .*: the GitHub API at ${origin} is unreachable \\(.+\\) after 2 attempts`))]);
      expect(result.warnings[0]).not.toMatch(/\b500\b/);
    }
  });

  test('a malformed repository name is a warning', async () => {
    const result = await createGitHubReporter({ token: TOKEN, repository: 'not-a-repo', baseUrl: server.url }).syncSecurityIssue({ label: LABEL, content: openContent() });
    expect(result.warnings[0]).toMatch(/not owner\/name/);
  });
});
