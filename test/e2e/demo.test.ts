// `npm run demo` plays the runner: it must handle `::add-mask::` as the runner does (consume
// the command, print *** for the value), so the registry password never reaches the terminal.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { REPO_ROOT } from '../support/run-action.js';

let env: TestEnv;
beforeAll(() => {
  env = loadTestEnv();
});

describe('npm run demo (scripts/demo.mjs)', () => {
  it('gates the example app and prints no ::add-mask:: line and no password', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'demo.mjs')], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 });
    const printed = `${run.stdout}\n${run.stderr}`;
    expect(run.status, printed).toBe(0);
    expect(printed).toContain('verdict');
    expect(printed).not.toMatch(/::add-mask::/);
    expect(printed.toLowerCase()).not.toContain(env.registryPassword.toLowerCase());
  });
});
