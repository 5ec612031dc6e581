// A fixture history for the dashboard: several images over several weeks, each run a real
// decision (evaluateGate) written as a real audit line, with its report.html beside it as in a
// downloaded report artifact.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditLine } from '../../src/domain/audit-log.js';
import type { Decision } from '../../src/domain/policy/decision.js';
import { renderHtmlReport } from '../../src/domain/render/html-report/html-report.js';
import { CONTEXT, decide, exceptionFor, report, vuln } from './render-fixtures.js';

export interface FixtureRun {
  image: string;
  time: string;
  decision: Decision;
}

type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

/** Per image, per week: which vulnerabilities the image has (id → severity). */
const PLAN: Record<string, Record<string, Severity>[]> = {
  'ghcr.io/acme/api': [
    { 'CVE-2026-0001': 'CRITICAL', 'CVE-2026-0002': 'HIGH', 'CVE-2026-0003': 'MEDIUM' },
    { 'CVE-2026-0002': 'HIGH', 'CVE-2026-0003': 'MEDIUM', 'CVE-2026-0004': 'LOW' },
    { 'CVE-2026-0002': 'HIGH', 'CVE-2026-0003': 'MEDIUM', 'CVE-2026-0004': 'LOW', 'CVE-2026-0005': 'HIGH' },
    { 'CVE-2026-0003': 'MEDIUM', 'CVE-2026-0004': 'LOW' },
    { 'CVE-2026-0004': 'LOW' },
  ],
  'ghcr.io/acme/web': [
    { 'CVE-2026-0101': 'MEDIUM' },
    { 'CVE-2026-0101': 'MEDIUM', 'CVE-2026-0102': 'CRITICAL' },
    { 'CVE-2026-0101': 'MEDIUM', 'CVE-2026-0102': 'CRITICAL' },
    { 'CVE-2026-0101': 'MEDIUM', 'CVE-2026-0102': 'CRITICAL', 'CVE-2026-0103': 'HIGH' },
    { 'CVE-2026-0102': 'CRITICAL', 'CVE-2026-0103': 'HIGH' },
  ],
  'ghcr.io/acme/<worker>': [{ 'CVE-2026-0201': 'LOW' }, {}, {}, {}, {}],
};

/** Mondays 2026-10-05 … 2026-11-02, 09:00 UTC. */
export const WEEKS = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02'];
export const DASHBOARD_NOW = new Date('2026-11-23T12:00:00Z');

export function fixtureRuns(): FixtureRun[] {
  const runs: FixtureRun[] = [];
  for (const [image, weeks] of Object.entries(PLAN)) {
    weeks.forEach((vulns, i) => {
      const os = Object.entries(vulns).map(([id, severity]) => vuln(id, severity, `pkg-${id.slice(-4)}`));
      // The web image excepts its CRITICAL until two weeks after the fixture's "now" (flagged as soon).
      const exceptions = image.endsWith('/web') && i >= 1 ? [exceptionFor('CVE-2026-0102', { expires: '2026-12-08', reason: 'vendor fix pending' })] : undefined;
      runs.push({ image, time: `${WEEKS[i]}T09:00:00.000Z`, decision: decide({ image: report({ kind: 'image', os }), ...(exceptions && { exceptions }) }) });
    });
  }
  return runs;
}

/** Writes the runs as downloaded artifacts: history/<run>/audit.jsonl + report.html. */
export function writeFixtureHistory(dir: string, runs: readonly FixtureRun[]): void {
  runs.forEach((run, i) => {
    const artifact = join(dir, `run-${1000 + i}`);
    mkdirSync(artifact, { recursive: true });
    const runUrl = `https://github.com/acme/app/actions/runs/${1000 + i}`;
    writeFileSync(join(artifact, 'audit.jsonl'), `${auditLine(run.decision, { time: run.time, image: run.image, runUrl })}\n`);
    writeFileSync(join(artifact, 'report.html'), renderHtmlReport(run.decision, { ...CONTEXT, image: run.image, runUrl }));
  });
}
