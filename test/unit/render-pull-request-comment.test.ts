import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hasMarker, pullRequestCommentMarker } from '../../src/domain/render/markers.js';
import { GITHUB_BODY_LIMIT, renderPullRequestComment } from '../../src/domain/render/pull-request-comment.js';
import { CONTEXT, decide, hugeDecision, report, scenarios, vuln } from '../support/render-fixtures.js';

const decisions = scenarios();

function sectionOrder(body: string): string[] {
  return body.split('\n').filter((l) => l.startsWith('#### ')).map((l) => l.replace(/ \(\d+\)$/, ''));
}

describe('renderPullRequestComment', () => {
  test.each([
    ['clean', '**pass**', []],
    ['vulnerable', '**fail (vulnerable)**', ['#### Blocking findings', '#### Other findings to fix']],
    ['regressed', '**fail (regressed)**', ['#### Blocking findings', '#### New against the baseline', '#### Other findings to fix']],
    ['improved', '**pass**', ['#### Fixed against the baseline', '#### Other findings to fix']],
    ['error', '**error (scan-error)**', []],
  ])('%s: marker, verdict, then blocking findings before new and fixed', (name, verdict, sections) => {
    const { marker, body } = renderPullRequestComment(decisions[name]!, CONTEXT);
    expect(marker).toBe(pullRequestCommentMarker('ghcr.io/acme/app'));
    expect(body.split('\n')[0]).toBe(marker);
    expect(hasMarker(body, marker)).toBe(true);
    expect(body.split('\n').find((l) => l.startsWith('### '))).toContain(verdict);
    expect(sectionOrder(body)).toEqual(sections);
    expect(body).toContain('| Image |');
  });

  test('new and fixed findings against the baseline', () => {
    const { body } = renderPullRequestComment(decisions.regressed!, CONTEXT);
    expect(body).toMatch(/#### New against the baseline \(1\)[\s\S]*CVE-2024-0009[\s\S]*block-on-increase/);
    expect(renderPullRequestComment(decisions.improved!, CONTEXT).body).toMatch(/#### Fixed against the baseline \(1\)[\s\S]*CVE-2023-0100/);
  });

  test.each([100, 1_000, 5_000])('%i findings: under 65,536 characters, cut by whole rows with a note', (n) => {
    const { body } = renderPullRequestComment(hugeDecision(n), CONTEXT);
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(new TextEncoder().encode(body).length).toBeGreaterThan(0);
    const tableLines = body.split('\n').filter((l) => l.startsWith('|'));
    for (const line of tableLines) expect(line).toMatch(/^\| .* \|$/);
    // Blocking rows are the last to go: what is shown starts with them.
    expect(body.indexOf('#### Blocking findings')).toBeLessThan(body.indexOf('| 🟡 MEDIUM') === -1 ? Infinity : body.indexOf('| 🟡 MEDIUM'));
    if (n >= 1_000) expect(body).toMatch(/_… \d+ more not shown: a comment holds at most 65,536 characters/);
    expect(body).toContain('<sub>Updated');
  });

  test('property: any number of long-titled findings stays under the limit with balanced code spans', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.string({ maxLength: 300 }), (n, title) => {
        const decision = decide({
          image: report({ kind: 'image', os: Array.from({ length: n }, (_, i) => ({ ...vuln(`CVE-2025-${i}`, 'HIGH', `pkg${i}`), Title: title })) }),
        });
        const { body } = renderPullRequestComment(decision, CONTEXT);
        expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
        for (const line of body.split('\n').filter((l) => l.startsWith('| '))) {
          expect(line.endsWith(' |')).toBe(true);
        }
      }),
      { numRuns: 15 },
    );
  });
});
