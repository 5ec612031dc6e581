import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder } from '../../src/adapters/docker/image-builder.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { engineFor, imageFiles, recordingLog, removeImage } from './docker-helpers.js';

/*
 * Differential test: the same context built by the Docker CLI (legacy builder, so the CLI
 * itself applies .dockerignore with moby/patternmatcher and go-archive) and by our archive,
 * through the same engine. Against a current CLI (23.0+) the files that reach the image
 * must be identical. Clients before 23.0 used pkg/fileutils, which did not escape
 * `+ ( ) | { }` and had no `**` suffix fast path; against such a CLI those cases must
 * differ (documenting why we follow today's CLI) and all others must match.
 */

const execFileAsync = promisify(execFile);

interface Case {
  name: string;
  dockerignore: string;
  files: string[];
  dockerfile?: string;
  /** Docker CLI < 23 sends a different set of files for this case. */
  olderCliDiffers?: true;
}

const CASES: Case[] = [
  { name: '! re-includes inside an ignored directory', dockerignore: 'docs\n!docs/README.md\n', files: ['docs/README.md', 'docs/other.md', 'app.txt'] },
  { name: '** at any depth', dockerignore: '**/*.log\n**/tmp\n', files: ['a.log', 'x/y/b.log', 'x/y/c.txt', 'tmp/t', 'x/tmp/u', 'x/tmpfile'] },
  { name: 'leading / anchors at the root', dockerignore: '/build\n', files: ['build/out', 'src/build/keep'] },
  { name: 'everything ignored (Dockerfile and .dockerignore still sent)', dockerignore: '*\n', files: ['a.txt', 'dir/b.txt'] },
  { name: 'a ! with ** does not enter a skipped directory', dockerignore: 'node_modules\n!**/keep.txt\n', files: ['node_modules/keep.txt', 'node_modules/x.js', 'src/keep.txt'] },
  { name: 'case-sensitive', dockerignore: '*.MD\n', files: ['README.md', 'NOTES.MD'] },
  { name: 'regexp metacharacters are literal', dockerignore: 'dist/app+1.whl\n(x)\n', files: ['dist/app+1.whl', 'dist/appp1.whl', '(x)', 'x'], olderCliDiffers: true },
  { name: 'a leading ** is a suffix match', dockerignore: '**foo\n', files: ['barfoo', 'dir/xfoo', 'foobar'], olderCliDiffers: true },
  { name: 'trailing slash, comments and whitespace', dockerignore: '# comment\nlogs/\n  spaced.txt  \n #hash.txt\n', files: ['logs/a', 'spaced.txt', '#hash.txt', ' #hash.txt', 'keep'] },
  { name: 'wildcards and classes', dockerignore: '?.txt\n[ab]*.md\n', files: ['a.txt', 'ab.txt', 'apple.md', 'banana.md', 'cherry.md'] },
  { name: 'later patterns win', dockerignore: 'a\n!a/b\na/b/c\n', files: ['a/x', 'a/b/y', 'a/b/c/z'] },
  { name: 'whitelist style', dockerignore: '*\n!src\nsrc/**/*.tmp\n!package.json\n', files: ['src/a.js', 'src/deep/b.tmp', 'src/deep/c.js', 'package.json', 'README.md'] },
  { name: 'escaped wildcard', dockerignore: 'star\\*.txt\n', files: ['star*.txt', 'starX.txt'] },
  { name: 'ignored Dockerfile directory', dockerignore: 'docker\n', files: ['docker/other', 'app.txt'], dockerfile: 'docker/Dockerfile' },
  { name: 'dotfiles', dockerignore: '.*\n!.keep\n', files: ['.env', '.git/config', '.keep', 'visible'] },
];

let env: TestEnv;
let engine: DockerEngine;
const built: string[] = [];
const dirs: string[] = [];

interface Cli {
  path: string;
  major: number;
}

/** The test env's CLI and the one on PATH, with their major versions (they may differ). */
function findClis(): Cli[] {
  const env = loadTestEnv();
  const candidates = [env.dockerCli, ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'docker'))];
  const found = new Map<string, Cli>();
  for (const candidate of candidates) {
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      continue;
    }
    if (found.has(real)) continue;
    try {
      const version = execFileSync(real, ['version', '--format', '{{.Client.Version}}'], { env: { ...process.env, DOCKER_HOST: env.dockerHost }, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      found.set(real, { path: real, major: Number.parseInt(version, 10) });
    } catch {
      // not a working docker CLI
    }
  }
  return [...found.values()];
}

const CLIS = findClis();
const CURRENT_CLI = CLIS.find((cli) => cli.major >= 23);
const OLDER_CLI = CLIS.find((cli) => cli.major < 23);

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
});

afterAll(async () => {
  for (const id of built) await removeImage(engine.docker, id);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function makeContext(testCase: Case): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-ctxdiff-'));
  dirs.push(dir);
  const write = (name: string, content: string): void => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  };
  write(testCase.dockerfile ?? 'Dockerfile', 'FROM scratch\nCOPY . /ctx/\n');
  write('.dockerignore', testCase.dockerignore);
  for (const file of testCase.files) write(file, `content of ${file}\n`);
  return dir;
}

async function buildWithCli(cli: Cli, dir: string, dockerfile: string): Promise<string> {
  const { stdout } = await execFileAsync(cli.path, ['build', '-q', '--network', 'none', '-f', path.join(dir, dockerfile), dir], {
    env: { ...process.env, DOCKER_HOST: env.dockerHost, DOCKER_BUILDKIT: '0' },
  });
  const id = stdout.trim().split('\n').pop() ?? '';
  expect(id).toMatch(/^sha256:[a-f0-9]{64}$/);
  return id;
}

async function contextFiles(imageId: string): Promise<string[]> {
  const files = await imageFiles(engine.docker, imageId);
  return [...files.keys()].filter((name) => name.startsWith('ctx/')).sort();
}

async function bothWays(cli: Cli, testCase: Case): Promise<{ cli: string[]; ours: string[] }> {
  const dir = makeContext(testCase);
  const dockerfile = testCase.dockerfile ?? 'Dockerfile';
  const cliImage = await buildWithCli(cli, dir, dockerfile);
  const ours = await createDockerImageBuilder(engine, { builder: 'classic' }).buildImage(
    { context: dir, dockerfile, buildArgs: {}, buildSecrets: [], target: undefined, labels: {}, noCache: true, network: 'none' },
    recordingLog(),
  );
  built.push(cliImage, ours.imageId);
  return { cli: await contextFiles(cliImage), ours: await contextFiles(ours.imageId) };
}

describe.runIf(CURRENT_CLI)(`build context matches the current Docker CLI (${CURRENT_CLI?.path} v${CURRENT_CLI?.major})`, () => {
  it.each(CASES)('$name', async (testCase) => {
    const { cli, ours } = await bothWays(CURRENT_CLI!, testCase);
    expect(ours).toEqual(cli);
  });
});

describe.runIf(OLDER_CLI)(`build context vs a Docker CLI before 23.0 (${OLDER_CLI?.path} v${OLDER_CLI?.major})`, () => {
  it.each(CASES)('$name', async (testCase) => {
    const { cli, ours } = await bothWays(OLDER_CLI!, testCase);
    if (testCase.olderCliDiffers) expect(ours).not.toEqual(cli);
    else expect(ours).toEqual(cli);
  });
});

it('found a Docker CLI to compare with', () => {
  expect(CLIS.length).toBeGreaterThan(0);
});
