import { describe, expect, test } from 'vitest';
import type { GithubEventContext } from '../../src/domain/github-event.js';
import { decidePush } from '../../src/plan.js';

function event(eventName: string, ref = 'refs/heads/main'): GithubEventContext {
  return { eventName, ref, sha: '0123456789abcdef0123456789abcdef01234567', repository: 'acme/app', serverUrl: 'https://github.com' };
}

// The README's table: push: auto pushes only for code that is this repository's own.
describe('push: auto', () => {
  test.each([
    ['push', 'refs/heads/main', true],
    ['push', 'refs/tags/v1.2.3', true],
    ['push', 'refs/pull/7/merge', false],
    ['push', '', false],
    ['release', 'refs/tags/v1.2.3', true],
    ['workflow_dispatch', 'refs/heads/main', true],
    ['schedule', 'refs/heads/main', true],
    ['pull_request', 'refs/pull/7/merge', false],
    ['pull_request_target', 'refs/heads/main', false],
    ['pull_request_review', 'refs/pull/7/merge', false],
    ['workflow_run', 'refs/heads/main', false],
    ['issue_comment', 'refs/heads/main', false],
    ['merge_group', 'refs/heads/gh-readonly-queue/main/pr-7', false],
    ['repository_dispatch', 'refs/heads/main', false],
    ['something_new', 'refs/heads/main', false],
  ])('%s on %j pushes: %s', (name, ref, pushes) => {
    const decided = decidePush('auto', event(name, ref));
    expect(decided.enabled).toBe(pushes);
    if (!pushes) expect(decided.why).toMatch(new RegExp(`does not push on ${name} events.*push: true`));
  });

  test('push: true and push: false override the table', () => {
    expect(decidePush('true', event('pull_request_target')).enabled).toBe(true);
    expect(decidePush('false', event('push')).enabled).toBe(false);
  });
});
