// The release step's rewrite (scripts/release-pin.mjs), run on a temporary git repository made
// from this checkout's shipped files: commit B pins every self-reference to A, the commit that
// holds dist/, and nothing else changes.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = 'scripts/release-pin.mjs';
/** What a release ships that can name the gate, plus the bundle the pin must point at. */
const SHIPPED = ['action.yml', 'gate', '.github/workflows', 'examples', 'dist', SCRIPT, 'README.md'];
const SELF_REFERENCE = /acme\/container-security-gate(?:\/[^@\s'"`]*)?@([^\s'"#`)]+)/g;

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function repository(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-i13b-release-'));
  temps.push(dir);
  for (const item of SHIPPED) cpSync(path.join(ROOT, item), path.join(dir, item), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'A: the release with its dist/');
  return { dir, git };
}

function pin(dir: string, version: string) {
  return spawnSync(process.execPath, [SCRIPT, version], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_REPOSITORY: 'acme/container-security-gate', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  });
}

const pinnedFiles = ['gate/action.yml', '.github/workflows/reusable-gate.yml'];

describe('scripts/release-pin.mjs', () => {
  it('commits B on A with every self-reference pinned to A, and tags B; dist/ is the same tree', () => {
    const { dir, git } = repository();
    const a = git('rev-parse', 'HEAD');
    // The shipped forms do reference the gate by major tag before the release step.
    for (const file of pinnedFiles) expect(readFileSync(path.join(dir, file), 'utf8')).toMatch(/acme\/container-security-gate@v1\b/);

    const run = pin(dir, 'v1.2.3');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const b = git('rev-parse', 'HEAD');
    expect(git('rev-parse', 'v1.2.3^{commit}')).toBe(b);
    expect(git('rev-parse', `${b}^`)).toBe(a);
    expect(git('rev-parse', `${a}:dist`)).toBe(git('rev-parse', `${b}:dist`));
    expect(git('diff', '--name-only', a, b, '--', 'dist', 'action.yml', 'src')).toBe('');

    const changed = git('diff', '--name-only', a, b).split('\n');
    expect(changed).toEqual(expect.arrayContaining(pinnedFiles));
    for (const file of changed) {
      const text = git('show', `${b}:${file}`);
      const refs = [...text.matchAll(SELF_REFERENCE)].map((m) => m[1]);
      expect(refs.length, file).toBeGreaterThan(0);
      for (const ref of refs) expect(ref, `${file} names ${ref}`).toBe(a);
    }
    // No `@v1`-style self-reference is left in any shipped workflow or action file of B.
    const yamlFiles = git('ls-tree', '-r', '--name-only', b).split('\n').filter((f) => /\.ya?ml$/.test(f) && f !== 'action.yml');
    for (const file of yamlFiles) expect(git('show', `${b}:${file}`), file).not.toMatch(/acme\/container-security-gate(\/[^@\s]*)?@v\d/);
    // The SHA named holds the same bundle B carries: the gate a pinned caller runs is the released one.
    expect(git('show', `${a}:dist/index.js`)).toBe(git('show', `${b}:dist/index.js`));
  });

  it('refuses a dirty tree, an existing tag, and a bad version, changing nothing', () => {
    const { dir, git } = repository();
    const a = git('rev-parse', 'HEAD');
    expect(pin(dir, '1.2.3').stderr).toMatch(/usage/);
    git('tag', 'v1.0.0');
    expect(pin(dir, 'v1.0.0').stderr).toMatch(/exists already/);
    writeFileSync(path.join(dir, 'gate/action.yml'), 'changed\n');
    const dirty = pin(dir, 'v1.2.4');
    expect(dirty.status).toBe(1);
    expect(dirty.stderr).toMatch(/not clean/);
    expect(git('rev-parse', 'HEAD')).toBe(a);
  });

  it('refuses a commit without dist/index.js', () => {
    const { dir, git } = repository();
    git('rm', '-r', '--quiet', 'dist');
    git('commit', '--quiet', '-m', 'no bundle');
    const run = pin(dir, 'v1.2.3');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/holds no dist\/index\.js/);
  });
});
