// The project's own forms run under the real nektos/act (built by test/env/act.sh), in host mode
// and offline, the way the README tells a user to run them:
//
//   act push -e event.json -P ubuntu-24.04=-self-hosted \
//     --local-repository acme/container-security-gate@v1=<checkout>
//
// The gate's own references resolve to a checkout of this tree (action.yml, dist/, gate/, the
// reusable workflow), so the committed bundle is what runs. act skips actions/checkout of the
// caller's own repository in host mode (it copies the working tree instead). The two
// third-party actions the forms call after the gate (code scanning upload, artifact upload) need
// github.com, so --local-repository maps their pinned SHAs to offline stand-ins in
// test/fixtures/act/stand-ins that check what they were handed. Everything else is real: the
// Docker engine, the registry, Trivy with the fixture DB.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actBinary } from '../env/act.js';
import { copyFixtureContext, loadTestEnv, registryTags, type FixtureImage, type TestEnv } from '../env/test-env.js';
import { REPO_ROOT } from '../support/run-action.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'act');
const EVENTS = path.join(REPO_ROOT, 'test', 'fixtures', 'events');
const CODEQL_PIN = 'github/codeql-action@5d4e8d1aca955e8d8589aabd499c5cae939e33c7';
const UPLOAD_ARTIFACT_PIN = 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02';

let env: TestEnv;
let scratch: string;
/** A checkout of this tree as a release ships it: what `acme/container-security-gate@v1` resolves to. */
let gateCheckout: string;
const cleanups: (() => void)[] = [];

beforeAll(() => {
  env = loadTestEnv();
  scratch = mkdtempSync(path.join(tmpdir(), 'csg-i13b-act-'));
  gateCheckout = path.join(scratch, 'gate-checkout');
  for (const item of ['action.yml', 'dist', 'gate', '.github/workflows/reusable-gate.yml']) {
    cpSync(path.join(REPO_ROOT, item), path.join(gateCheckout, item), { recursive: true });
  }
});

afterAll(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

interface ActRun {
  exitCode: number | null;
  output: string;
}

/** A caller repository: a fixture image context with one workflow, committed (act reads the SHA from git). */
function callerRepository(fixture: FixtureImage, workflow: string): string {
  const { dir, cleanup } = copyFixtureContext(env, fixture);
  cleanups.push(cleanup);
  mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  cpSync(path.join(FIXTURES, 'workflows', workflow), path.join(dir, '.github', 'workflows', workflow));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'caller');
  return dir;
}

async function act(options: { repo: string; workflow: string; event: 'push' | 'pull_request'; eventFile: string; repository: string }): Promise<ActRun> {
  const binary = actBinary();
  if ('missing' in binary) throw new Error(binary.missing);
  const runDir = mkdtempSync(path.join(scratch, 'run-'));
  const args = [
    options.event,
    '-W', path.join('.github', 'workflows', options.workflow),
    '-e', options.eventFile,
    '-P', 'ubuntu-24.04=-self-hosted',
    '--local-repository', `acme/container-security-gate@v1=${gateCheckout}`,
    '--local-repository', `${CODEQL_PIN}=${path.join(FIXTURES, 'stand-ins', 'codeql-action')}`,
    '--local-repository', `${UPLOAD_ARTIFACT_PIN}=${path.join(FIXTURES, 'stand-ins', 'upload-artifact')}`,
    // Everything act keeps (actions, host workspaces, the cache server's store) in this run's folder.
    '--action-cache-path', path.join(runDir, 'actions'),
    '--cache-server-path', path.join(runDir, 'cache-server'),
    '--cache-server-addr', '127.0.0.1',
    '--var', `IMAGE=${env.registry}/${options.repository}`,
    '--var', `REGISTRY_USER=${env.registryUser}`,
    '--var', `TRIVY_PATH=${env.trivyPath}`,
    '--var', `TRIVY_CACHE_DIR=${env.trivyCacheDir}`,
    // From the environment, not the command line: the password never appears in a process list.
    '--secret', 'REGISTRY_PASSWORD',
  ];
  const child = spawn(binary.path, args, {
    cwd: options.repo,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', DOCKER_HOST: env.dockerHost, REGISTRY_PASSWORD: env.registryPassword },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));
  return { exitCode, output };
}

function gateOutputs(run: ActRun): Record<string, string> {
  const line = /\| gate-outputs (verdict=.*)$/m.exec(run.output)?.[1] ?? '';
  return Object.fromEntries(line.split(' ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

function expectNoPassword(run: ActRun): void {
  expect(run.output.toLowerCase()).not.toContain(env.registryPassword.toLowerCase());
}

const unique = (label: string) => `csg-i13b/act-${label}-${Math.random().toString(16).slice(2, 10)}`;
const pushEvent = path.join(EVENTS, 'push-default-branch.json');
const pullRequestEvent = path.join(EVENTS, 'pull-request-synchronize.json');

describe('the workflows under act (host mode, offline)', () => {
  it('push on the default branch: the action passes and pushes, latest included', async () => {
    const repository = unique('push');
    const run = await act({ repo: callerRepository('clean', 'action.yml'), workflow: 'action.yml', event: 'push', eventFile: pushEvent, repository });
    expect(run.exitCode, run.output).toBe(0);
    expect(gateOutputs(run)).toMatchObject({ verdict: 'pass', reason: 'passed' });
    expect(gateOutputs(run).digest, JSON.stringify(gateOutputs(run))).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.output).toContain('LocalRepositoryCache matched https://github.com/acme/container-security-gate with ref v1');
    expect(await registryTags(env, repository)).toEqual(expect.arrayContaining(['main', 'latest']));
    expectNoPassword(run);
  });

  it('pull request (event file): the action passes and pushes nothing', async () => {
    const repository = unique('pr');
    const run = await act({ repo: callerRepository('clean', 'action.yml'), workflow: 'action.yml', event: 'pull_request', eventFile: pullRequestEvent, repository });
    expect(run.exitCode, run.output).toBe(0);
    expect(gateOutputs(run)).toMatchObject({ verdict: 'pass', reason: 'passed', digest: '' });
    expect(run.output).toContain('push: auto does not push on pull_request events');
    expect(await registryTags(env, repository)).toEqual([]);
    expectNoPassword(run);
  });

  it('a vulnerable image: the gate step fails the job and nothing is pushed', async () => {
    const repository = unique('vulnerable');
    const run = await act({ repo: callerRepository('vulnerable', 'action.yml'), workflow: 'action.yml', event: 'push', eventFile: pushEvent, repository });
    expect(run.exitCode, run.output).not.toBe(0);
    expect(run.output).toMatch(/Failure - Main acme\/container-security-gate@v1/);
    expect(gateOutputs(run)).toMatchObject({ verdict: 'fail', reason: 'vulnerable', digest: '' });
    expect(run.output).toContain('CVE-2021-44906');
    expect(await registryTags(env, repository)).toEqual([]);
    expectNoPassword(run);
  });

  it('the composite with the fixture DB (trivy-path, trivy-cache-dir, skip-db-update, network passed through): passes, pushes, hands SARIF and report on', async () => {
    const repository = unique('composite');
    const run = await act({ repo: callerRepository('clean', 'composite.yml'), workflow: 'composite.yml', event: 'push', eventFile: pushEvent, repository });
    expect(run.exitCode, run.output).toBe(0);
    expect(gateOutputs(run)).toMatchObject({ verdict: 'pass', reason: 'passed' });
    expect(run.output).toContain(`using trivy-path ${env.trivyPath}`);
    expect(run.output).toMatch(/stand-in upload-sarif: .*container-security-gate-report\/results\.sarif \(container-security-gate\)/);
    expect(run.output).toMatch(/stand-in upload-artifact container-security-gate-[^:]*: .*results\.sarif/);
    expect(await registryTags(env, repository)).toEqual(expect.arrayContaining(['main', 'latest']));
    expectNoPassword(run);
  });

  it('the reusable workflow with the fixture DB: passes, pushes, returns its outputs to the caller', async () => {
    const repository = unique('reusable');
    const run = await act({ repo: callerRepository('clean', 'reusable.yml'), workflow: 'reusable.yml', event: 'push', eventFile: pushEvent, repository });
    expect(run.exitCode, run.output).toBe(0);
    expect(gateOutputs(run), run.output.split('\n').filter((l) => l.includes('gate-outputs')).join('\n')).toMatchObject({ verdict: 'pass', reason: 'passed' });
    expect(gateOutputs(run).digest, JSON.stringify(gateOutputs(run))).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.output).toContain(`using trivy-path ${env.trivyPath}`);
    expect(run.output).toMatch(/stand-in upload-sarif: .*results\.sarif/);
    expect(await registryTags(env, repository)).toEqual(expect.arrayContaining(['main', 'latest']));
    expectNoPassword(run);
  });
});
