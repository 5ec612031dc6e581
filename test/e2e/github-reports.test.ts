// The bundled action's GitHub reports, against a local GitHub REST API that validates every
// request and response against GitHub's OpenAPI description (test/support/openapi-server.ts):
// the security issue on default-branch pushes, the PR comment on pull requests, and API
// failures that must leave the verdict alone and say which permission is missing.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasMarker, pullRequestCommentMarker, securityIssueMarker } from '../../src/domain/render/markers.js';
import { loadTestEnv, registryTags, type FixtureImage, type TestEnv } from '../env/test-env.js';
import { expectOutcome, fixtureContext, gateInputs, cleanUpRuns, runTracked, uniqueRepository } from '../support/fault-run.js';
import { startGitHubTestServer, type Fault, type GitHubTestServer } from '../support/openapi-server.js';
import type { ActionRun, ActionRunOptions } from '../support/run-action.js';
import { GITHUB_TOKEN_CANARY, warnings } from '../support/visible-output.js';

const LABEL = 'container-security';
const HEAD_SHA = 'feedc0de0123456789abcdef0123456789abcdef';

let env: TestEnv;
let github: GitHubTestServer;

beforeAll(() => {
  env = loadTestEnv();
});

beforeEach(async () => {
  github = await startGitHubTestServer({ owner: 'acme', repo: 'app', token: GITHUB_TOKEN_CANARY });
});

afterEach(async () => {
  // Every request the action made, and every answer it got, conformed to GitHub's API description.
  const violations = github.takeViolations();
  await github.close();
  cleanUpRuns();
  expect(violations).toEqual([]);
});

/** A gate run that reports to the local API; nothing is pushed (the reports are the subject). */
function reportingRun(fixture: FixtureImage, image: string, extra: Partial<ActionRunOptions> = {}): Promise<ActionRun> {
  return runTracked({
    inputs: {
      ...gateInputs(env, fixtureContext(env, fixture), image),
      push: 'false',
      'create-issue': 'true',
      'pr-comment': 'true',
      ...extra.inputs,
    },
    env: { GITHUB_API_URL: github.url, ...extra.env },
    ...(extra.event && { event: extra.event }),
  });
}

function pullRequestEvent(number: number): NonNullable<ActionRunOptions['event']> {
  return {
    name: 'pull_request',
    ref: `refs/pull/${number}/merge`,
    sha: '0123456789abcdef0123456789abcdef01234567',
    payload: {
      action: 'synchronize',
      number,
      pull_request: { number, head: { sha: HEAD_SHA, ref: 'feature/x' }, base: { ref: 'main' } },
      repository: { default_branch: 'main', full_name: 'acme/app' },
    },
  };
}

describe('security issue on the default branch', () => {
  it('a vulnerable image opens the labelled, marked issue (verdict fail); the clean image of the same name closes it', async () => {
    const image = `${env.registry}/${uniqueRepository('gh-issue')}`;

    const failing = await reportingRun('vulnerable', image);
    await expectOutcome(env, failing, { verdict: 'fail', reason: 'vulnerable' });
    const [issue, ...others] = github.openIssues();
    expect(others).toEqual([]);
    expect(issue!.labels).toEqual([LABEL]);
    expect(hasMarker(issue!.body, securityIssueMarker(image))).toBe(true);
    expect(issue!.body).toContain('CVE-2021-44906');
    expect(failing.stdout).toContain(`security issue created: https://github.test/acme/app/issues/${issue!.number}`);
    expect(warnings(failing)).toEqual([]);

    const passing = await reportingRun('clean', image);
    await expectOutcome(env, passing, { verdict: 'pass', reason: 'passed' });
    expect(github.issues.get(issue!.number)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(github.commentsOn(issue!.number).at(-1)!.body).toMatch(/No findings at or above MEDIUM remain/);
    expect(github.openIssues()).toEqual([]);
    expect(passing.stdout).toContain(`security issue closed: https://github.test/acme/app/issues/${issue!.number}`);
    // No secret reached the issue or its comments either.
    const posted = [...github.issues.values()].map((i) => i.body).concat([...github.comments.values()].map((c) => c.body)).join('\n');
    expect(posted).not.toContain(GITHUB_TOKEN_CANARY);
    expect(posted).not.toContain(env.registryPassword);
  });
});

describe('pull request comment', () => {
  it('one comment is created on the pull request and updated in place by the next run; nothing is pushed', async () => {
    const repository = uniqueRepository('gh-pr');
    const image = `${env.registry}/${repository}`;
    const pr = github.seedIssue({ title: 'Add login form', isPullRequest: true });
    const event = pullRequestEvent(pr.number);
    // push: auto, as a workflow would have it: never pushes on pull_request.
    const inputs = { push: 'auto' };

    const first = await reportingRun('vulnerable', image, { event, inputs });
    await expectOutcome(env, first, { verdict: 'fail', reason: 'vulnerable', repository });
    const [comment, ...extra] = github.commentsOn(pr.number);
    expect(extra).toEqual([]);
    expect(hasMarker(comment!.body, pullRequestCommentMarker(image))).toBe(true);
    expect(comment!.body).toContain('CVE-2021-44906');
    expect(first.stdout).toMatch(/pull request comment created: https:\/\/github\.test\/acme\/app\/issues\/1#issuecomment-\d+/);

    const second = await reportingRun('clean', image, { event, inputs });
    await expectOutcome(env, second, { verdict: 'pass', reason: 'passed', repository });
    const after = github.commentsOn(pr.number);
    expect(after.map((c) => c.id)).toEqual([comment!.id]);
    expect(after[0]!.body).not.toContain('CVE-2021-44906');
    expect(after[0]!.updatedAt).not.toBe(after[0]!.createdAt);
    expect(github.operations().filter((o) => o === 'issues/update-comment')).toHaveLength(1);
    expect(second.stdout).toContain('push: auto does not push on pull_request events');
    expect(await registryTags(env, repository)).toEqual([]);
    // No security issue is opened from a pull request.
    expect(github.openIssues()).toEqual([]);
  });
});

describe('GitHub API failures never change the verdict', () => {
  const rateLimit: Fault = {
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1800) },
    body: { message: 'API rate limit exceeded for installation ID 4242.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' },
  };
  const serverError: Fault = { status: 500, body: { message: 'Server Error' } };

  it.each<{ fault: string; arrange: (image: string) => void; says: RegExp }>([
    {
      fault: 'a token without issues: write (403)',
      arrange: (image) => {
        // An open issue from an earlier failing run: the clean run must close it, which needs write access.
        github.seedIssue({ title: 'old', body: `${securityIssueMarker(image)}\nold findings`, labels: [LABEL], login: 'github-actions[bot]' });
        github.permissions = { issues: 'read', pullRequests: 'read' };
      },
      says: /could not update the security issue for .*: the token lacks the permission \(403 Resource not accessible by integration\)\. Grant it in the workflow: `permissions: issues: write` \(GitHub accepts: issues=write\)/,
    },
    {
      fault: 'the API failing with 500 on every try',
      arrange: () => github.failNext('issues/list-for-repo', serverError, 3),
      says: /could not update the security issue for .*: GitHub API error 500 after 3 attempts \(Server Error\)\. The verdict is not affected\./,
    },
    {
      fault: 'the rate limit',
      arrange: () => github.failNext('issues/list-for-repo', rateLimit),
      says: /GitHub API rate limit reached while trying to update the security issue for .* \(resets at \d{4}-\d\d-\d\dT[\d:.]+Z\); skipped\. The verdict is not affected\./,
    },
  ])('$fault → still pass and exit 0, with a warning', async ({ arrange, says }) => {
    const image = `${env.registry}/${uniqueRepository('gh-fault')}`;
    arrange(image);

    const run = await reportingRun('clean', image);

    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed' });
    expect(warnings(run)).toEqual([expect.stringMatching(says)]);
    // The issue (if any) is as it was: nothing half-done.
    expect(github.openIssues().length).toBeLessThanOrEqual(1);
  });
});
