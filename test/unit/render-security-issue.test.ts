import { describe, expect, test } from 'vitest';
import { hasMarker, securityIssueMarker } from '../../src/domain/render/markers.js';
import { GITHUB_BODY_LIMIT } from '../../src/domain/render/pull-request-comment.js';
import { duplicateIssueComment, renderSecurityIssue, securityIssueAction } from '../../src/domain/render/security-issue.js';
import { CONTEXT, decide, hugeDecision, report, scenarios, vuln } from '../support/render-fixtures.js';

const decisions = scenarios();

describe('renderSecurityIssue', () => {
  test.each([
    ['clean', 'close'],
    ['vulnerable', 'open'],
    ['secrets', 'open'],
    ['misconfigured', 'open'],
    ['regressed', 'open'],
    ['error', 'skip'],
  ] as const)('%s → %s', (name, action) => {
    expect(securityIssueAction(decisions[name]!)).toBe(action);
    expect(renderSecurityIssue(decisions[name]!, CONTEXT).action).toBe(action);
  });

  test('only LOW findings (below issue-on) close the issue', () => {
    const decision = decide({ image: report({ kind: 'image', os: [vuln('CVE-2024-1', 'LOW')] }) });
    expect(securityIssueAction(decision)).toBe('close');
  });

  test('an error run that still found something reportable keeps the issue open', () => {
    const partial = decisions.vulnerable!;
    expect(securityIssueAction({ ...partial, verdict: 'error', reason: 'push-error' })).toBe('open');
  });

  test('body carries the marker and the findings to fix; the scan block is dated; closing says none remain', () => {
    const content = renderSecurityIssue(decisions.vulnerable!, CONTEXT);
    expect(content.marker).toBe(securityIssueMarker('ghcr.io/acme/app'));
    expect(hasMarker(content.body, content.marker)).toBe(true);
    expect(content.title).toBe('Container security findings in ghcr.io/acme/app');
    expect(content.body).toContain('Findings at or above MEDIUM were found in `ghcr.io/acme/app`.');
    expect(content.body).toMatch(/#### Blocking \(3\)[\s\S]*#### To fix \(1\)[\s\S]*GHSA-xxxx-yyyy-zzzz/);
    expect(content.scanComment.split('\n')[0]).toBe(
      '### ❌ Scan of 2026-11-22 · commit `0123456789ab` · [workflow run](https://github.com/acme/app/actions/runs/42): fail (vulnerable)',
    );
    expect(hasMarker(content.scanComment, content.marker)).toBe(false);
    const closing = renderSecurityIssue(decisions.clean!, CONTEXT).closingComment;
    expect(closing).toContain('No findings at or above MEDIUM remain in `ghcr.io/acme/app`');
  });

  test('issue-on given as a list is named as a list', () => {
    const decision = decide({ image: report({ kind: 'image', os: [vuln('CVE-1', 'CRITICAL')] }), policy: { issueOn: ['CRITICAL', 'UNKNOWN'] } });
    expect(renderSecurityIssue(decision, CONTEXT).body).toContain('Findings of severity CRITICAL, UNKNOWN were found');
  });

  test('huge decisions fit in an issue body and a comment', () => {
    const content = renderSecurityIssue(hugeDecision(4000), CONTEXT);
    expect(content.body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(content.scanComment.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(content.body).toMatch(/more not shown/);
    expect(hasMarker(content.body, content.marker)).toBe(true);
  });

  test('duplicate notice points to the kept issue', () => {
    expect(duplicateIssueComment(7)).toMatch(/^Closing as a duplicate of #7/);
  });
});
