#!/usr/bin/env node
// Release step: make a tagged tree in which every self-reference is pinned by commit SHA.
//
//   node scripts/release-pin.mjs v1.2.3
//
// The composite (gate/action.yml), the reusable workflow and the shipped examples call the
// gate as `acme/container-security-gate@v1`. A caller who pins the composite by SHA would still
// run whatever `v1` points to tomorrow. So, starting from a clean checkout of commit A (the one
// that holds the released dist/, already verified by the release workflow):
//   1. every `<repository>[/path]@v<N>[.<n>[.<n>]]` in those files becomes `…@<A's full SHA>`;
//   2. that is committed as B, whose parent is A (B changes nothing else, dist/ included);
//   3. B gets the annotated tag v1.2.3.
// Pushing the tag (and moving the major tag) is left to the workflow, which holds the token.
//
// Environment: GITHUB_REPOSITORY (default acme/container-security-gate) names the repository.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const git = (...args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const fail = (message) => {
  process.stderr.write(`release-pin: ${message}\n`);
  process.exit(1);
};

/** The shipped files that may call the gate by reference. */
export function selfReferencingFiles(root) {
  const yaml = (dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter((name) => /\.ya?ml$/.test(name))
          .map((name) => join(dir, name))
      : [];
  return ['gate/action.yml', ...yaml('.github/workflows'), ...yaml('examples')].filter((file) => existsSync(join(root, file)));
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `owner/repo@v1`, `owner/repo/gate@v1.2`, `owner/repo/.github/workflows/x.yml@v1.2.3` (not a SHA, not a branch). */
export function selfReferencePattern(repository) {
  return new RegExp(`(${escape(repository)}(?:/[^@\\s'"]*)?)@v\\d+(?:\\.\\d+){0,2}(?![\\w.-])`, 'g');
}

function main() {
  const [version] = process.argv.slice(2);
  if (!version || !/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) fail('usage: release-pin.mjs v<major>.<minor>.<patch>[-pre]');
  const repository = process.env.GITHUB_REPOSITORY || 'acme/container-security-gate';
  const root = git('rev-parse', '--show-toplevel');
  if (git('status', '--porcelain') !== '') fail('the working tree is not clean: release from a clean checkout of the verified commit');
  if (git('tag', '--list', version) !== '') fail(`the tag ${version} exists already; a release tag is never moved`);
  const a = git('rev-parse', 'HEAD');
  if (git('ls-tree', '--name-only', a, 'dist/index.js') === '') fail(`commit ${a} holds no dist/index.js: there is nothing to pin to`);

  const pattern = selfReferencePattern(repository);
  const changed = [];
  for (const file of selfReferencingFiles(root)) {
    const path = join(root, file);
    const before = readFileSync(path, 'utf8');
    const after = before.replace(pattern, `$1@${a}`);
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(file);
    }
  }
  for (const file of selfReferencingFiles(root)) {
    const left = readFileSync(join(root, file), 'utf8').match(selfReferencePattern(repository));
    if (left) fail(`${file} still has ${left.join(', ')}`);
  }
  if (changed.length === 0) fail(`no self-reference to ${repository} found: nothing to pin`);

  git('add', '--', ...changed);
  git('commit', '--quiet', '-m', `Release ${version}: pin self-references to ${a}`, '-m', `Every call of ${repository} in ${changed.join(', ')} names ${a}, the commit that holds this release's dist/.`);
  const b = git('rev-parse', 'HEAD');
  git('tag', '-a', version, '-m', `${version} (self-references pinned to ${a})`, b);
  process.stdout.write(`pinned ${changed.length} files to ${a}; tagged ${version} at ${b}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
