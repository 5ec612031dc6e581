import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import { eventContextFrom } from '../../src/domain/github-event.js';
import { isVersionTag, ociLabels, versionFromTags } from '../../src/domain/labels.js';
import { defaultTags } from '../../src/domain/tags.js';
import { EVENT_FIXTURES, loadEventPayload, type EventFixture } from '../fixtures/events/load-event.js';

const BUILD_TIME = new Date('2024-05-01T12:34:56.789Z');
// RFC 3339 date-time, UTC or with an offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function labelsFor(fixture: EventFixture, userLabels: Record<string, string> = {}): Record<string, string> {
  const event = eventContextFrom(fixture.env, loadEventPayload(fixture.file));
  return ociLabels(event, { version: versionFromTags(defaultTags(event)), created: BUILD_TIME, userLabels });
}

describe('ociLabels from real event payloads', () => {
  it.each<[string, EventFixture, string, string]>([
    ['push of tag v1.2.3', EVENT_FIXTURES.pushReleaseTag, 'c0ffee11d0d0cafe2bad4dad5eed6bee7fab8ace', '1.2.3'],
    ['push of pre-release tag', EVENT_FIXTURES.pushPrereleaseTag, '4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b', '1.3.0-rc.1'],
    ['push to the default branch', EVENT_FIXTURES.pushDefaultBranch, 'c0ffee11d0d0cafe2bad4dad5eed6bee7fab8ace', 'main'],
    ['push to a feature branch', EVENT_FIXTURES.pushFeatureBranch, '9f3b2c1d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c', 'feature-login-2'],
    ['pull_request: the head commit', EVENT_FIXTURES.pullRequest, '1234567890abcdef1234567890abcdef12345678', 'pr-42'],
    ['schedule', EVENT_FIXTURES.schedule, 'c0ffee11d0d0cafe2bad4dad5eed6bee7fab8ace', 'main'],
    ['workflow_dispatch', EVENT_FIXTURES.workflowDispatch, 'c0ffee11d0d0cafe2bad4dad5eed6bee7fab8ace', 'main'],
  ])('%s', (_name, fixture, revision, version) => {
    expect(labelsFor(fixture)).toEqual({
      'org.opencontainers.image.source': 'https://github.com/octo-org/Shop-Api',
      'org.opencontainers.image.revision': revision,
      'org.opencontainers.image.created': '2024-05-01T12:34:56.789Z',
      'org.opencontainers.image.title': 'Shop-Api',
      'org.opencontainers.image.version': version,
    });
  });
});

describe('ociLabels', () => {
  const event = eventContextFrom(EVENT_FIXTURES.pushReleaseTag.env, loadEventPayload(EVENT_FIXTURES.pushReleaseTag.file));

  it('user labels win on conflict and are added otherwise', () => {
    const labels = ociLabels(event, {
      created: BUILD_TIME,
      version: '1.2.3',
      userLabels: { 'org.opencontainers.image.title': 'Shop API', 'org.opencontainers.image.vendor': 'Octo Org' },
    });
    expect(labels['org.opencontainers.image.title']).toBe('Shop API');
    expect(labels['org.opencontainers.image.vendor']).toBe('Octo Org');
    expect(labels['org.opencontainers.image.version']).toBe('1.2.3');
  });

  it('takes an explicit title, leaves version out when there is none', () => {
    const labels = ociLabels(event, { created: BUILD_TIME, title: 'shop' });
    expect(labels['org.opencontainers.image.title']).toBe('shop');
    expect(labels).not.toHaveProperty('org.opencontainers.image.version');
  });

  it('links the package to the repository on GitHub Enterprise Server too', () => {
    const ghes = eventContextFrom({ ...EVENT_FIXTURES.pushReleaseTag.env, GITHUB_SERVER_URL: 'https://git.example.com' }, {});
    expect(ociLabels(ghes, { created: BUILD_TIME })['org.opencontainers.image.source']).toBe('https://git.example.com/octo-org/Shop-Api');
    const { repositoryUrl: _dropped, ...withoutUrl } = ghes;
    expect(ociLabels(withoutUrl, { created: BUILD_TIME })['org.opencontainers.image.source']).toBe('https://git.example.com/octo-org/Shop-Api');
  });

  it('writes created as RFC 3339 in UTC whatever the clock says', () => {
    for (const created of [new Date(0), new Date('2024-02-29T23:59:59+05:30'), new Date('9999-12-31T23:59:59.999Z')]) {
      const value = ociLabels(event, { created })['org.opencontainers.image.created'];
      expect(value).toMatch(RFC3339);
      expect(new Date(value!).getTime()).toBe(created.getTime());
    }
  });

  it('refuses a clock it cannot write as RFC 3339 instead of writing a broken date', () => {
    for (const created of [new Date('not a date'), new Date(8.64e15), new Date('-000001-01-01T00:00:00Z')]) {
      expect(() => ociLabels(event, { created })).toThrow(GateError);
    }
  });
});

describe('versionFromTags', () => {
  it.each<[string[], string | undefined]>([
    [['1.2.3', '1.2', '1', 'sha-0123abc'], '1.2.3'],
    [['latest', 'v2.0.1'], 'v2.0.1'],
    [['stable', '2024.05.01'], '2024.05.01'],
    [['main', 'latest', 'sha-0123abc'], 'main'],
    [['pr-42', 'sha-0123abc'], 'pr-42'],
    [['1', 'edge'], '1'],
    [[], undefined],
  ])('%j → %j', (tags, expected) => {
    expect(versionFromTags(tags)).toBe(expected);
  });

  it.each([
    ['1.2.3', true],
    ['v1.2', true],
    ['1.2.3-rc.1', true],
    ['1', false],
    ['sha-1234567', false],
    ['v', false],
    ['1.x', false],
  ])('isVersionTag(%j) → %s', (tag, expected) => {
    expect(isVersionTag(tag)).toBe(expected);
  });
});

describe('the commit time that `created` takes', () => {
  const push = EVENT_FIXTURES.pushDefaultBranch;
  const payload = loadEventPayload(push.file) as { head_commit?: { id: string; timestamp: string } };

  it.each<[string, Record<string, string>, unknown, string | undefined]>([
    ['a push event: its head_commit timestamp', {}, payload, payload.head_commit ? new Date(payload.head_commit.timestamp).toISOString() : undefined],
    ['SOURCE_DATE_EPOCH wins over the event', { SOURCE_DATE_EPOCH: '1767225600' }, payload, '2026-01-01T00:00:00.000Z'],
    ['a head_commit that is not the built commit: none', {}, { ...payload, head_commit: { ...payload.head_commit, id: 'f'.repeat(40) } }, undefined],
    ['a timestamp that is not a date: none', {}, { ...payload, head_commit: { ...payload.head_commit, timestamp: 'yesterday' } }, undefined],
    ['a payload without head_commit: none', {}, {}, undefined],
  ])('%s', (_what, env, eventPayload, expected) => {
    const event = eventContextFrom({ ...push.env, ...env }, eventPayload);
    expect(event.commitTime?.toISOString()).toBe(expected);
  });

  it('is not taken from events other than push', () => {
    const dispatch = EVENT_FIXTURES.workflowDispatch;
    expect(eventContextFrom(dispatch.env, { ...(loadEventPayload(dispatch.file) as object), head_commit: payload.head_commit }).commitTime).toBeUndefined();
  });

  it.each(['yesterday', '-1', '1.5', '999999999999'])('refuses SOURCE_DATE_EPOCH=%s as an input-error naming it', (value) => {
    const failure = (() => {
      try {
        return eventContextFrom({ ...push.env, SOURCE_DATE_EPOCH: value }, payload);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(GateError);
    expect((failure as GateError).reason).toBe('input-error');
    expect((failure as GateError).message).toContain('SOURCE_DATE_EPOCH');
  });
});
