import { describe, expect, it } from 'vitest';
import { auditLine } from '../../src/domain/audit-log.js';
import { parseAuditLine, parseHistory } from '../../src/domain/dashboard/history.js';
import { dashboards } from '../../src/domain/dashboard/metrics.js';
import { renderDashboard } from '../../src/domain/dashboard/site.js';
import { emptyCounts } from '../../src/domain/severity.js';
import { parseSummaryHistory, recordWeek, renderSummaryHistoryBlock } from '../../src/domain/summary-history.js';
import { DASHBOARD_NOW, fixtureRuns } from '../support/dashboard-fixtures.js';

function history() {
  const runs = fixtureRuns();
  return parseHistory(runs.map((r, i) => ({ name: `run-${i}/audit.jsonl`, text: `${auditLine(r.decision, { time: r.time, image: r.image })}\n`, report: `runs/r${i + 1}/report.html` })));
}

describe('dashboard history', () => {
  it('reads audit lines and skips what is not one, saying why', () => {
    expect(parseAuditLine('nope')).toBe('not JSON');
    expect(parseAuditLine('{"time":"x","image":"a","verdict":"pass"}')).toBe('no valid time');
    expect(parseAuditLine('{"time":"2026-01-01T00:00:00Z","image":"a","verdict":"maybe"}')).toBe('no verdict');
    const parsed = parseHistory([{ name: 'a.jsonl', text: 'garbage\n\n{"time":"2026-01-01T00:00:00Z","image":"a","verdict":"pass","counts":{"total":{"CRITICAL":0,"HIGH":1,"MEDIUM":0,"LOW":0,"UNKNOWN":0}}}\n' }]);
    expect(parsed.runs).toHaveLength(1);
    expect(parsed.skipped).toEqual(['a.jsonl:1: not JSON']);
  });

  it('counts new vs fixed per week, time to fix, and exceptions with days left', () => {
    const images = dashboards(history().runs, DASHBOARD_NOW);
    expect(images.map((d) => d.image)).toEqual(['ghcr.io/acme/<worker>', 'ghcr.io/acme/api', 'ghcr.io/acme/web']);
    const api = images[1]!;
    expect(api.trend.map((p) => p.counts.HIGH)).toEqual([1, 1, 2, 0, 0]);
    expect(api.weeks).toEqual([
      { week: '2026-10-12', added: 1, fixed: 1 },
      { week: '2026-10-19', added: 1, fixed: 0 },
      { week: '2026-10-26', added: 0, fixed: 2 },
      { week: '2026-11-02', added: 0, fixed: 1 },
    ]);
    // CVE-2026-0001 lived one week, 0002 three, 0005 one, 0003 four.
    expect(api.fixed.map((f) => [f.id, f.days]).sort()).toEqual([['CVE-2026-0001', 7], ['CVE-2026-0002', 21], ['CVE-2026-0003', 28], ['CVE-2026-0005', 7]]);
    expect(api.medianDaysToFix).toEqual({ CRITICAL: 7, HIGH: 14, MEDIUM: 28 });
    const web = images[2]!;
    expect(web.exceptions).toEqual([expect.objectContaining({ id: 'CVE-2026-0102', expires: '2026-12-08', daysLeft: 15, expired: false })]);
    expect(web.latest.report).toBe('runs/r10/report.html');
  });

  it('escapes image names and links only to collected reports or http(s) run URLs', () => {
    const { runs } = history();
    runs[runs.length - 1]!.report = '../../etc/passwd';
    runs[runs.length - 1]!.runUrl = 'javascript:alert(1)';
    const html = renderDashboard(dashboards(runs, DASHBOARD_NOW), { generatedAt: DASHBOARD_NOW });
    expect(html).toContain('ghcr.io/acme/&lt;worker&gt;');
    expect(html).not.toContain('<worker>');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('etc/passwd');
    expect(html).toContain("script-src 'none'");
  });

  it('shows the weekly summary counts per image, and images only the weekly summary scans', () => {
    let summary = { weeks: [] as { week: string; images: Record<string, ReturnType<typeof emptyCounts>> }[] };
    summary = recordWeek(summary, '2026-11-09', [{ image: 'ghcr.io/acme/api', counts: { ...emptyCounts(), HIGH: 4 } }, { image: 'ghcr.io/acme/legacy', counts: { ...emptyCounts(), CRITICAL: 9 } }]);
    const body = `Weekly summary\n\n${renderSummaryHistoryBlock(summary)}\n`;
    const parsed = parseSummaryHistory(body);
    expect(parsed.problem).toBeUndefined();
    const images = dashboards(history().runs, DASHBOARD_NOW, parsed.history);
    expect(images.find((d) => d.image === 'ghcr.io/acme/api')!.weekly).toEqual([{ week: '2026-11-09', counts: { ...emptyCounts(), HIGH: 4 } }]);
    const html = renderDashboard(images, { generatedAt: DASHBOARD_NOW, summary: parsed.history });
    expect(html).toContain('Weekly scans of the published image');
    expect(html).toMatch(/id="summary-only"[\s\S]*ghcr\.io\/acme\/legacy<\/code><\/td><td>2026-11-09<\/td><td class="num">9<\/td>/);
  });
});
