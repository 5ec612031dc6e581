import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { eventContextFrom, type GithubEventContext } from '../../src/domain/github-event.js';
import { normaliseReference, REFERENCE_PATTERN, TAG_LENGTH_MAX, TAG_PATTERN, targetReferences } from '../../src/domain/reference.js';
import { defaultTags, resolveTags, sanitiseTag, versionTags } from '../../src/domain/tags.js';
import { EVENT_FIXTURES, loadEventPayload, type EventFixture } from '../fixtures/events/load-event.js';

function contextOf(fixture: EventFixture): GithubEventContext {
  return eventContextFrom(fixture.env, loadEventPayload(fixture.file));
}

function caught(action: () => unknown): GateError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
    return error as GateError;
  }
  throw new Error('expected a GateError, nothing was thrown');
}

function expectInputError(error: unknown, inputName: string): void {
  expect(error).toBeInstanceOf(GateError);
  expect((error as GateError).reason).toBe('input-error');
  expect((error as GateError).message).toContain(`input '${inputName}'`);
  expect((error as GateError).remedy).toContain(`for example: ${inputName}: `);
}

describe('event payload fixtures', () => {
  // GitHub's OpenAPI description lists each webhook's required top-level fields;
  // the fixtures must carry them so the tests read real-shaped payloads.
  const require = createRequire(import.meta.url);
  const openapiPath = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const schemas = (JSON.parse(readFileSync(openapiPath, 'utf8')) as { components: { schemas: Record<string, { required?: string[] }> } }).components.schemas;

  it.each([
    ['push-feature-branch.json', 'webhook-push'],
    ['push-default-branch.json', 'webhook-push'],
    ['push-tag-v1.2.3.json', 'webhook-push'],
    ['push-tag-v1.3.0-rc.1.json', 'webhook-push'],
    ['pull-request-synchronize.json', 'webhook-pull-request-synchronize'],
    ['workflow-dispatch.json', 'webhook-workflow-dispatch'],
  ])('%s has every required field of %s', (file, schema) => {
    const required = schemas[schema]?.required ?? [];
    expect(required.length).toBeGreaterThan(3);
    expect(Object.keys(loadEventPayload(file))).toEqual(expect.arrayContaining(required));
  });

  it('push and dispatch fixtures agree with the GITHUB_REF/GITHUB_SHA the runner sets beside them', () => {
    for (const fixture of [EVENT_FIXTURES.pushFeatureBranch, EVENT_FIXTURES.pushDefaultBranch, EVENT_FIXTURES.pushReleaseTag, EVENT_FIXTURES.pushPrereleaseTag]) {
      const payload = loadEventPayload(fixture.file);
      expect(payload.ref).toBe(fixture.env.GITHUB_REF);
      expect(payload.after).toBe(fixture.env.GITHUB_SHA);
    }
    expect(loadEventPayload(EVENT_FIXTURES.workflowDispatch.file).ref).toBe(EVENT_FIXTURES.workflowDispatch.env.GITHUB_REF);
  });
});

describe('defaultTags from real event payloads', () => {
  it.each<[string, EventFixture, string[]]>([
    ['push to a feature branch', EVENT_FIXTURES.pushFeatureBranch, ['feature-login-2', 'sha-9f3b2c1']],
    ['push to the default branch', EVENT_FIXTURES.pushDefaultBranch, ['main', 'latest', 'sha-c0ffee1']],
    ['push of tag v1.2.3', EVENT_FIXTURES.pushReleaseTag, ['1.2.3', '1.2', '1', 'sha-c0ffee1']],
    ['push of pre-release tag v1.3.0-rc.1', EVENT_FIXTURES.pushPrereleaseTag, ['1.3.0-rc.1', 'sha-4a5b6c7']],
    ['pull_request (head commit, not the merge commit)', EVENT_FIXTURES.pullRequest, ['pr-42', 'sha-1234567']],
    ['pull_request_target (never the base branch or latest)', EVENT_FIXTURES.pullRequestTarget, ['pr-42', 'sha-1234567']],
    ['schedule on the default branch', EVENT_FIXTURES.schedule, ['main', 'latest', 'sha-c0ffee1']],
    ['workflow_dispatch on the default branch', EVENT_FIXTURES.workflowDispatch, ['main', 'latest', 'sha-c0ffee1']],
  ])('%s', (_name, fixture, expected) => {
    const tags = defaultTags(contextOf(fixture));
    expect(tags).toEqual(expected);
    for (const tag of tags) expect(tag).toMatch(TAG_PATTERN);
    expect(targetReferences(normaliseReference('127.0.0.1:5000/octo-org/shop-api'), tags).every((r) => REFERENCE_PATTERN.test(r))).toBe(true);
  });

  it('a scheduled run with the old cron-only payload still gets latest: schedules run on the default branch', () => {
    const context = eventContextFrom(EVENT_FIXTURES.schedule.env, { schedule: '17 4 * * 1' });
    expect(context.defaultBranch).toBe('main');
    expect(defaultTags(context)).toEqual(['main', 'latest', 'sha-c0ffee1']);
  });

  it('workflow_dispatch on a tag gets version tags and no latest', () => {
    const fixture = EVENT_FIXTURES.workflowDispatch;
    const payload = { ...loadEventPayload(fixture.file), ref: 'refs/tags/v2.0.0' };
    const context = eventContextFrom({ ...fixture.env, GITHUB_REF: 'refs/tags/v2.0.0' }, payload);
    expect(defaultTags(context)).toEqual(['2.0.0', '2.0', '2', 'sha-c0ffee1']);
  });

  it('a branch that is not the default branch never gets latest, even if named like it', () => {
    const base = contextOf(EVENT_FIXTURES.pushFeatureBranch);
    expect(defaultTags({ ...base, ref: 'refs/heads/Main' })).toEqual(['main', 'sha-9f3b2c1']);
    expect(defaultTags({ ...base, ref: 'refs/heads/main', defaultBranch: undefined })).toEqual(['main', 'sha-9f3b2c1']);
  });
});

describe('eventContextFrom', () => {
  it('derives the context of a pull request from env and payload', () => {
    expect(contextOf(EVENT_FIXTURES.pullRequest)).toEqual({
      eventName: 'pull_request',
      ref: 'refs/pull/42/merge',
      sha: '1234567890abcdef1234567890abcdef12345678',
      defaultBranch: 'main',
      prNumber: 42,
      repositoryUrl: 'https://github.com/octo-org/Shop-Api',
      repository: 'octo-org/Shop-Api',
      actor: 'Mona-Lisa',
      serverUrl: 'https://github.com',
    });
  });

  it('derives the context of a push; server URL defaults to github.com and loses a trailing slash', () => {
    const env = { ...EVENT_FIXTURES.pushDefaultBranch.env, GITHUB_SERVER_URL: undefined, GITHUB_ACTOR: undefined };
    const context = eventContextFrom(env, loadEventPayload(EVENT_FIXTURES.pushDefaultBranch.file));
    expect(context).toEqual({
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: 'c0ffee11d0d0cafe2bad4dad5eed6bee7fab8ace',
      defaultBranch: 'main',
      repositoryUrl: 'https://github.com/octo-org/Shop-Api',
      repository: 'octo-org/Shop-Api',
      serverUrl: 'https://github.com',
      commitTime: new Date('2024-05-01T12:00:00Z'),
    });
    expect(eventContextFrom({ ...env, GITHUB_SERVER_URL: 'https://ghe.example.com/' }, {}).repositoryUrl).toBe('https://ghe.example.com/octo-org/Shop-Api');
  });

  it.each<[string, Record<string, string | undefined>, unknown, string]>([
    ['no GITHUB_SHA', { ...EVENT_FIXTURES.pushDefaultBranch.env, GITHUB_SHA: undefined }, {}, 'GITHUB_SHA is not set'],
    ['a GITHUB_SHA that is no commit', { ...EVENT_FIXTURES.pushDefaultBranch.env, GITHUB_SHA: 'main' }, {}, 'GITHUB_SHA is not a commit hash'],
    ['no GITHUB_EVENT_NAME', { ...EVENT_FIXTURES.pushDefaultBranch.env, GITHUB_EVENT_NAME: '' }, {}, 'GITHUB_EVENT_NAME is not set'],
    ['a GITHUB_REPOSITORY that is not owner/name', { ...EVENT_FIXTURES.pushDefaultBranch.env, GITHUB_REPOSITORY: 'shop-api' }, {}, 'is not owner/name'],
    ['a GITHUB_SERVER_URL that is no URL', { ...EVENT_FIXTURES.pushDefaultBranch.env, GITHUB_SERVER_URL: 'github.com' }, {}, 'GITHUB_SERVER_URL is not an http(s) URL'],
    ['a pull request payload without the head commit', EVENT_FIXTURES.pullRequest.env, { number: 42, pull_request: { number: 42 } }, 'pull_request.head.sha'],
    ['a pull_request_target without a PR number anywhere', EVENT_FIXTURES.pullRequestTarget.env, {}, 'pull_request.number'],
  ])('fails closed on %s', (_name, env, payload, fragment) => {
    const error = caught(() => eventContextFrom(env, payload));
    expect(error.reason).toBe('input-error');
    expect(error.message).toContain(fragment);
    expect(error.remedy).toBeTruthy();
  });

  it('takes the PR number from the ref when the payload lacks it', () => {
    const payload = { pull_request: { head: { sha: '1234567890ABCDEF1234567890ABCDEF12345678' } } };
    const context = eventContextFrom(EVENT_FIXTURES.pullRequest.env, payload);
    expect(context.prNumber).toBe(42);
    expect(context.sha).toBe('1234567890abcdef1234567890abcdef12345678');
  });
});

describe('sanitiseTag', () => {
  it.each([
    ['v1.2.3', 'v1.2.3'],
    ['V1.2.3-RC.1', 'V1.2.3-RC.1'],
    ['feature/Login#2', 'feature-Login-2'],
    ['  spaced   tag  ', 'spaced-tag'],
    ['..hidden', 'hidden'],
    ['-.-x', 'x'],
    ['_private', '_private'],
    ['a+b', 'a-b'],
    ['ünïcödé', 'n-c-d-'],
    ['🚀launch', 'launch'],
    ['x'.repeat(300), 'x'.repeat(TAG_LENGTH_MAX)],
    [`-${'y'.repeat(200)}`, 'y'.repeat(TAG_LENGTH_MAX)],
  ])('%j → %j', (raw, expected) => {
    expect(sanitiseTag(raw)).toBe(expected);
  });

  it.each(['', '   ', '---', '...', '日本', '/'])('%j cannot be made valid: input-error naming the input', (raw) => {
    expectInputError(caught(() => sanitiseTag(raw)), 'tags');
    expectInputError(caught(() => sanitiseTag(raw, 'baseline-tag')), 'baseline-tag');
  });
});

describe('versionTags', () => {
  it.each<[string, string[] | undefined]>([
    ['v1.2.3', ['1.2.3', '1.2', '1']],
    ['1.2.3', ['1.2.3', '1.2', '1']],
    ['v0.10.0', ['0.10.0', '0.10', '0']],
    ['v1.2.3-rc.1', ['1.2.3-rc.1']],
    ['v2.0.0-beta', ['2.0.0-beta']],
    ['v1.2.3+build.5', ['1.2.3-build.5', '1.2', '1']],
    ['v1.2.3-rc.1+build.5', ['1.2.3-rc.1-build.5']],
    ['v1.2', undefined],
    ['v01.2.3', undefined],
    ['release-2024', undefined],
  ])('%s → %j', (gitTag, expected) => {
    expect(versionTags(gitTag)).toEqual(expected);
  });
});

describe('defaultTags edge cases', () => {
  const base = contextOf(EVENT_FIXTURES.pushFeatureBranch);

  it.each<[string, string[]]>([
    ['refs/tags/release-2024.05', ['release-2024.05', 'sha-9f3b2c1']],
    ['refs/tags/v1.2', ['v1.2', 'sha-9f3b2c1']],
    ['refs/heads/dependabot/npm_and_yarn/Vite-5.2.1', ['dependabot-npm_and_yarn-vite-5.2.1', 'sha-9f3b2c1']],
    ['refs/heads/latest', ['latest', 'sha-9f3b2c1']],
    ['refs/pull/7/merge', ['pr-7', 'sha-9f3b2c1']],
    ['', ['sha-9f3b2c1']],
    ['refs/remotes/origin/x', ['sha-9f3b2c1']],
  ])('%j → %j', (ref, expected) => {
    expect(defaultTags({ ...base, ref })).toEqual(expected);
  });

  it('a branch that leaves nothing after sanitising asks for explicit tags', () => {
    const error = caught(() => defaultTags({ ...base, ref: 'refs/heads/日本' }));
    expectInputError(error, 'tags');
    expect(error.message).toContain('branch');
  });

  it('refuses a commit that is not a hash', () => {
    expectInputError(caught(() => defaultTags({ ...base, sha: 'HEAD' })), 'tags');
  });
});

describe('resolveTags', () => {
  const push = contextOf(EVENT_FIXTURES.pushDefaultBranch);

  it('uses the event defaults when the user gives none', () => {
    expect(resolveTags([], push)).toEqual(['main', 'latest', 'sha-c0ffee1']);
  });

  it('user tags replace the defaults: sanitised, de-duplicated, in the order given', () => {
    expect(resolveTags(['Stable', 'feature/x', 'stable', 'Stable', 'feature-x', 'v2'], push)).toEqual(['Stable', 'feature-x', 'stable', 'v2']);
  });

  it('a user tag that cannot be made valid is an input-error naming tags', () => {
    const error = caught(() => resolveTags(['ok', '...'], push));
    expectInputError(error, 'tags');
    expect(error.message).toContain('"..."');
  });
});

const commitSha = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 40, maxLength: 40 });
const refName = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[A-Za-z0-9._\-/#+]{1,40}$/));
const anyRef = fc.oneof(
  refName.map((name) => `refs/heads/${name}`),
  refName.map((name) => `refs/tags/${name}`),
  fc.nat({ max: 99999 }).map((n) => `refs/pull/${n + 1}/merge`),
  fc.string(),
);
const anyContext = fc.record({
  eventName: fc.constantFrom('push', 'pull_request', 'schedule', 'workflow_dispatch', 'release'),
  ref: anyRef,
  sha: commitSha,
  defaultBranch: fc.option(fc.constantFrom('main', 'master', 'trunk'), { nil: undefined }),
  repository: fc.constant('octo-org/Shop-Api'),
  serverUrl: fc.constant('https://github.com'),
});

describe('tag properties', () => {
  it('sanitiseTag: any string gives a valid tag, stable under a second pass, or an input-error naming the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary' })), (raw) => {
        let tag: string;
        try {
          tag = sanitiseTag(raw, 'tags');
        } catch (error) {
          expectInputError(error, 'tags');
          return;
        }
        expect(tag).toMatch(TAG_PATTERN);
        expect(tag.length).toBeLessThanOrEqual(TAG_LENGTH_MAX);
        expect(sanitiseTag(tag)).toBe(tag);
      }),
      { numRuns: 3000 },
    );
  });

  it('sanitiseTag leaves every valid tag alone', () => {
    fc.assert(
      fc.property(fc.stringMatching(TAG_PATTERN), (tag) => {
        expect(sanitiseTag(tag)).toBe(tag);
      }),
    );
  });

  it('defaultTags: valid, unique, always the commit tag — or an input-error naming tags', () => {
    let produced = 0;
    fc.assert(
      fc.property(anyContext, (context) => {
        let tags: string[];
        try {
          tags = defaultTags(context);
        } catch (error) {
          expectInputError(error, 'tags');
          return;
        }
        produced += 1;
        for (const tag of tags) expect(tag).toMatch(TAG_PATTERN);
        expect(new Set(tags).size).toBe(tags.length);
        expect(tags.at(-1)).toBe(`sha-${context.sha.slice(0, 7)}`);
        if (tags.includes('latest')) expect(context.ref).toBe(`refs/heads/${context.defaultBranch}`);
      }),
      { numRuns: 2000 },
    );
    expect(produced).toBeGreaterThan(1000);
  });

  it('resolveTags: user tags come back valid, unique and in first-seen order — or an input-error naming tags', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.stringMatching(TAG_PATTERN)), { minLength: 1, maxLength: 8 }), anyContext, (userTags, context) => {
        let tags: string[];
        try {
          tags = resolveTags(userTags, context);
        } catch (error) {
          expectInputError(error, 'tags');
          return;
        }
        const expected = [...new Set(userTags.map((tag) => sanitiseTag(tag)))];
        expect(tags).toEqual(expected);
        for (const tag of tags) expect(tag).toMatch(TAG_PATTERN);
      }),
      { numRuns: 1000 },
    );
  });
});
