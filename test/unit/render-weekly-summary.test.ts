import { describe, expect, test } from 'vitest';
import { hasMarker, WEEKLY_SUMMARY_MARKER } from '../../src/domain/render/markers.js';
import { GITHUB_BODY_LIMIT } from '../../src/domain/render/pull-request-comment.js';
import { nextWeeklySummaryBody, renderWeeklySummary } from '../../src/domain/render/weekly-summary.js';
import { emptyCounts, type SeverityCounts } from '../../src/domain/severity.js';
import { SUMMARY_HISTORY_WEEKS, parseSummaryHistory, recordWeek, renderSummaryHistoryBlock, weekOf } from '../../src/domain/summary-history.js';

const counts = (c: number, h: number, m = 0): SeverityCounts => ({ ...emptyCounts(), CRITICAL: c, HIGH: h, MEDIUM: m });

describe('summary history', () => {
  test.each([
    ['2026-11-22T10:00:00Z', '2026-11-16'], // Sunday
    ['2026-11-16T00:00:00Z', '2026-11-16'], // Monday
    ['2026-11-18T23:59:59Z', '2026-11-16'],
    ['2027-01-01T12:00:00Z', '2026-12-28'],
  ])('weekOf(%s) = %s', (date, monday) => {
    expect(weekOf(date)).toBe(monday);
  });

  test('round-trips through the hidden block', () => {
    const history = recordWeek(recordWeek({ weeks: [] }, '2026-11-09', [{ image: 'a', counts: counts(1, 2) }]), '2026-11-16', [{ image: 'a', counts: counts(0, 1) }]);
    const block = renderSummaryHistoryBlock(history);
    expect(block).toMatch(/^<!-- container-security-gate:summary-history v1 [A-Za-z0-9+/=]+ -->$/);
    expect(parseSummaryHistory(`text\n${block}\nmore`)).toEqual({ history, problem: undefined });
  });

  test('a second run in the same week replaces its images and keeps the others', () => {
    let history = recordWeek({ weeks: [] }, '2026-11-16', [{ image: 'a', counts: counts(1, 0) }, { image: 'b', counts: counts(2, 0) }]);
    history = recordWeek(history, '2026-11-16', [{ image: 'a', counts: counts(5, 0) }]);
    expect(history.weeks).toHaveLength(1);
    expect(history.weeks[0]!.images.a!.CRITICAL).toBe(5);
    expect(history.weeks[0]!.images.b!.CRITICAL).toBe(2);
  });

  test(`keeps at most ${SUMMARY_HISTORY_WEEKS} weeks, dropping the oldest`, () => {
    let history = { weeks: [] as ReturnType<typeof recordWeek>['weeks'] };
    for (let i = 0; i < 40; i++) history = recordWeek(history, weekOf(new Date(Date.UTC(2026, 0, 5 + 7 * i))), [{ image: 'a', counts: counts(i, 0) }]);
    expect(history.weeks).toHaveLength(SUMMARY_HISTORY_WEEKS);
    expect(history.weeks[0]!.images.a!.CRITICAL).toBe(14);
    expect(history.weeks.at(-1)!.images.a!.CRITICAL).toBe(39);
  });

  test.each([
    ['no body', undefined, false],
    ['no block', 'hello', false],
    ['not base64 JSON', '<!-- container-security-gate:summary-history v1 bm90IGpzb24= -->', true],
    ['wrong shape', `<!-- container-security-gate:summary-history v1 ${Buffer.from(JSON.stringify({ version: 1, weeks: [{ week: 'x', images: {} }] })).toString('base64')} -->`, true],
    ['another version', `<!-- container-security-gate:summary-history v1 ${Buffer.from(JSON.stringify({ version: 2, weeks: [] })).toString('base64')} -->`, true],
  ])('%s → empty history%s', (_, body, hasProblem) => {
    const { history, problem } = parseSummaryHistory(body);
    expect(history.weeks).toEqual([]);
    expect(problem !== undefined).toBe(hasProblem);
  });
});

describe('weekly summary body', () => {
  test('marker, table with the delta, a mermaid xychart per image, history block', () => {
    const first = nextWeeklySummaryBody(undefined, [{ image: 'ghcr.io/acme/app', counts: counts(3, 2, 4) }], { now: '2026-11-09T06:00:00Z' });
    const body = nextWeeklySummaryBody(first, [{ image: 'ghcr.io/acme/app', counts: counts(1, 2, 4) }, { image: 'ghcr.io/acme/worker', counts: counts(0, 0, 1) }], {
      now: '2026-11-16T06:00:00Z',
      runUrl: 'https://github.com/acme/app/actions/runs/9',
    });
    expect(body.split('\n')[0]).toBe(WEEKLY_SUMMARY_MARKER);
    expect(hasMarker(body, WEEKLY_SUMMARY_MARKER)).toBe(true);
    expect(body).toContain('| `ghcr.io/acme/app` | 1 | 2 | 4 | 0 | 0 | 7 | -2 📉 |');
    expect(body).toContain('| `ghcr.io/acme/worker` | 0 | 0 | 1 | 0 | 0 | 1 | new |');
    expect(body).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '    title "ghcr.io/acme/app (bars: critical+high, line: all)"',
        '    x-axis ["11-09", "11-16"]',
        '    y-axis "Findings" 0 --> 9',
        '    bar [5, 3]',
        '    line [9, 7]',
        '```',
      ].join('\n'),
    );
    expect(parseSummaryHistory(body).history.weeks.map((w) => w.week)).toEqual(['2026-11-09', '2026-11-16']);
  });

  test('an unreadable history restarts with a visible note', () => {
    const body = nextWeeklySummaryBody('<!-- container-security-gate:summary-history v1 bm90 -->', [{ image: 'a', counts: counts(1, 0) }], { now: '2026-11-16T06:00:00Z' });
    expect(body).toMatch(/previous trend data was unreadable and has been restarted/);
    expect(parseSummaryHistory(body).history.weeks).toHaveLength(1);
  });

  test('many images over half a year still fit in an issue body', () => {
    let history = { weeks: [] as ReturnType<typeof recordWeek>['weeks'] };
    const images = Array.from({ length: 150 }, (_, i) => ({ image: `ghcr.io/acme/service-with-a-long-name-${i}`, counts: counts(i % 5, i % 7, i) }));
    for (let w = 0; w < 26; w++) history = recordWeek(history, weekOf(new Date(Date.UTC(2026, 0, 5 + 7 * w))), images);
    const body = renderWeeklySummary(history, { now: '2026-07-01T00:00:00Z' });
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(body).toMatch(/Shortened to fit/);
    expect(parseSummaryHistory(body).problem).toBeUndefined();
  });
});
