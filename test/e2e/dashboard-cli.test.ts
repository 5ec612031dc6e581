// The bundled dashboard builder (dist/dashboard/index.js), started as dashboard/action.yml starts it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureRuns, writeFixtureHistory } from '../support/dashboard-fixtures.js';

const BUNDLE = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../dist/dashboard/index.js');
const work = mkdtempSync(join(tmpdir(), 'csg-i18-dashboard-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('dist/dashboard/index.js', () => {
  it('builds the site from downloaded report artifacts', () => {
    writeFixtureHistory(join(work, 'history'), fixtureRuns());
    const run = spawnSync(process.execPath, [BUNDLE, '--history', join(work, 'history'), '--summary-issue', '', '--out', join(work, 'site'), '--title', 'Acme images'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('dashboard: 3 images, 15 runs, 15 run reports');
    const html = readFileSync(join(work, 'site', 'index.html'), 'utf8');
    expect(html).toContain('<title>Acme images</title>');
    expect(existsSync(join(work, 'site', 'runs', 'r15', 'report.html'))).toBe(true);
    expect(existsSync(join(work, 'site', '.nojekyll'))).toBe(true);
  });

  it('fails with an error annotation when the history is missing', () => {
    const run = spawnSync(process.execPath, [BUNDLE, '--history', join(work, 'nowhere'), '--out', join(work, 'site2')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^::error::dashboard not built: .*nowhere/);
  });
});
