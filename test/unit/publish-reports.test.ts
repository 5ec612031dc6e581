// publishReports writes report.html unless html-report is false, and the notes about the findings
// SARIF leaves out (in the log and in the SARIF file) name only the places that hold them on that run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GithubEventContext } from '../../src/domain/github-event.js';
import { readInputs, type InputName } from '../../src/inputs.js';
import { planRun } from '../../src/plan.js';
import { publishReports } from '../../src/publish-reports.js';
import { SARIF_MAX_RESULTS } from '../../src/domain/render/sarif.js';
import { hugeDecision } from '../support/render-fixtures.js';

const EVENT: GithubEventContext = {
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  defaultBranch: 'main',
  repository: 'acme/app',
  serverUrl: 'https://github.com',
};

// More findings than SARIF takes, so the run warns where the rest are.
const DECISION = hugeDecision(SARIF_MAX_RESULTS + 10);

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('publishReports: html-report', () => {
  it.each([
    { htmlReport: 'true', written: true },
    { htmlReport: 'false', written: false },
  ])('html-report: $htmlReport', async ({ htmlReport, written }) => {
    const work = mkdtempSync(join(tmpdir(), 'csg-publish-'));
    dirs.push(work);
    const summary = join(work, 'summary.md');
    writeFileSync(summary, '');
    const values: Partial<Record<InputName, string>> = {
      image: 'ghcr.io/acme/app',
      context: work,
      push: 'false',
      'sarif-file': join(work, 'reports', 'gate.sarif'),
      'html-report': htmlReport,
      'create-issue': 'false',
    };
    const inputs = readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: work, env: {} });
    const plan = planRun(inputs, EVENT, { workspace: work, now: new Date('2026-06-01T12:00:00Z') });
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));

    const published = await publishReports({
      inputs,
      event: EVENT,
      plan,
      result: { decision: DECISION, imageId: undefined, trivyVersion: '0.74.0', pushed: undefined, reports: { filesystem: undefined, image: undefined } },
      env: { GITHUB_WORKSPACE: work, GITHUB_STEP_SUMMARY: summary },
    });

    const html = join(work, 'reports', 'report.html');
    expect(published.sarif).toBe(join(work, 'reports', 'gate.sarif'));
    expect(existsSync(published.sarif!)).toBe(true);
    expect(published.htmlReport).toBe(written ? html : undefined);
    expect(existsSync(html)).toBe(written);
    if (written) expect(readFileSync(html, 'utf8')).toContain('CVE-2024-10000');
    const warning = printed.join('').split('\n').find((line) => line.startsWith('::warning::SARIF:'));
    expect(warning).toContain('10 more are in');
    expect(warning?.includes('report.html')).toBe(written);
    // With neither report.html nor an audit log, the rest are only counted: the warning says how to list them.
    expect(warning?.includes('set audit-log or leave html-report on')).toBe(!written);
    // No audit-log input: the note must not send anyone to a file that was not written.
    expect(warning).not.toContain('audit log');
    const sarif = JSON.parse(readFileSync(published.sarif!, 'utf8')) as { runs: { properties: { omittedResults: string } }[] };
    const omitted = sarif.runs[0]!.properties.omittedResults;
    expect(omitted).toMatch(/^10 more findings \(lower severity\) are in /);
    expect(omitted.includes('report.html')).toBe(written);
    expect(omitted).not.toContain('audit log');
  });
});
