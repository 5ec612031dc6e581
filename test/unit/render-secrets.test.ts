import { describe, expect, test } from 'vitest';
import { auditLine } from '../../src/domain/audit-log.js';
import { collectFindings } from '../../src/domain/policy/collect-findings.js';
import { renderPullRequestComment } from '../../src/domain/render/pull-request-comment.js';
import { renderSarif } from '../../src/domain/render/sarif.js';
import { renderSecurityIssue } from '../../src/domain/render/security-issue.js';
import { renderSummary } from '../../src/domain/render/summary.js';
import { trivyReportSchema } from '../../src/domain/trivy-report.js';
import { CONTEXT, LEAKED_VALUE, decide, goldenJson, scenarios } from '../support/render-fixtures.js';

/** Every rendered output of a decision, as one string. */
function everything(decision: ReturnType<typeof decide>): string {
  const issue = renderSecurityIssue(decision, CONTEXT);
  return [
    renderSummary(decision, CONTEXT),
    renderPullRequestComment(decision, CONTEXT).body,
    issue.body,
    issue.scanComment,
    issue.closingComment,
    JSON.stringify(renderSarif(decision, { contextPath: '.', imageName: CONTEXT.image, toolVersion: '0.1.0' })),
    auditLine(decision, { time: '2026-11-22T10:00:00Z', image: CONTEXT.image }),
  ].join('\n');
}

describe("no rendered output contains a secret's matched text", () => {
  test('secrets found by Trivy in the context and in the image', () => {
    const out = everything(scenarios().secrets!);
    expect(out).toContain('aws-access-key-id');
    expect(out).not.toContain(LEAKED_VALUE);
    expect(out).not.toContain('export AWS_ACCESS_KEY_ID');
  });

  test("Trivy's real secrets report: no Match and no code line shows up", () => {
    const raw = goldenJson('secrets.json.golden');
    const parsed = trivyReportSchema.parse(raw);
    const decision = decide({ filesystem: parsed, image: trivyReportSchema.parse({ ...raw, ArtifactType: 'container_image' }) });
    expect(collectFindings(parsed, 'filesystem').length).toBeGreaterThan(0);
    const out = everything(decision);
    const results = (raw.Results as { Secrets?: { Match: string; Code?: { Lines?: { Content: string }[] } }[] }[]).flatMap((r) => r.Secrets ?? []);
    const sensitive = results.flatMap((s) => [s.Match, ...(s.Code?.Lines ?? []).map((l) => l.Content)]).filter((t) => t.trim().length >= 8);
    expect(sensitive).toContain('export GITHUB_PAT=ghp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    for (const text of sensitive) expect(out).not.toContain(text);
    expect(out).not.toContain('ghp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });
});
