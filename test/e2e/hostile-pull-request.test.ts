// Hostile pull requests, run through the bundle against the real engine, registry and Trivy and
// the OpenAPI-checked GitHub stand-in. The pull request controls the build context, Dockerfile,
// .dockerignore, policy, ignore and baseline files, every lockfile path and all RUN output.
// Canaries sit in the runner's environment and in files outside the checkout; in every case none
// of them (nor any secret input) may appear, in any letter case, in the log, the outputs, the job
// summary, the SARIF file, the audit log or any request body sent to GitHub.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasMarker, pullRequestCommentMarker } from '../../src/domain/render/markers.js';
import { loadTestEnv, registryTags, type TestEnv } from '../env/test-env.js';
import { startClassicBuilderEngine, type ClassicEngine } from '../support/classic-builder-engine.js';
import { BUILD_SECRET_ID, cleanUpRuns, fixtureContext, gateInputs, runSecrets, runTracked, uniqueRepository } from '../support/fault-run.js';
import { startGitHubTestServer, type GitHubTestServer } from '../support/openapi-server.js';
import type { ActionRun, ActionRunOptions } from '../support/run-action.js';
import { runnerCommands } from '../support/runner-commands.js';
import { GITHUB_TOKEN_CANARY, sarifText } from '../support/visible-output.js';

const hex = (): string => randomBytes(8).toString('hex');
/** In the runner's environment (what /proc/self/environ shows). */
const ENV_CANARY = `csgEnvCanary${hex()}`;
/** In a file outside the checkout. */
const FILE_CANARY = `csgFileCanary${hex()}`;
const SERVER_PASSWORD = `csgServerPassword${hex()}`;
const SERVER_TOKEN = `csgServerToken${hex()}`;
const ATTACKER = 'mallory';
const HEAD_SHA = 'feedc0de0123456789abcdef0123456789abcdef';

let env: TestEnv;
let github: GitHubTestServer;
let outside: string;
let victim: string;
let pullNumber: number;
const extraCleanups: (() => void)[] = [];

function canaries(): string[] {
  return [...runSecrets(env), ENV_CANARY, FILE_CANARY, SERVER_PASSWORD, SERVER_TOKEN];
}

beforeAll(() => {
  env = loadTestEnv();
  outside = mkdtempSync(join(tmpdir(), 'csg-i12-outside-'));
  // What a link out of the checkout would reach: a secret file and a whole directory.
  writeFileSync(join(outside, 'secret.txt'), `FROM ${FILE_CANARY}\nRUN echo ${FILE_CANARY}\n`);
  mkdirSync(join(outside, 'dir'));
  writeFileSync(join(outside, 'dir', 'Dockerfile'), `FROM scratch\nLABEL leak=${FILE_CANARY}\n`);
  writeFileSync(join(outside, 'dir', 'id_rsa'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${FILE_CANARY}\n-----END OPENSSH PRIVATE KEY-----\n`);
  victim = join(outside, 'victim.txt');
});

afterAll(() => rmSync(outside, { recursive: true, force: true }));

beforeEach(async () => {
  writeFileSync(victim, `untouched ${FILE_CANARY}\n`);
  github = await startGitHubTestServer({ owner: 'acme', repo: 'app', token: GITHUB_TOKEN_CANARY });
  pullNumber = github.seedIssue({ title: 'Add feature', isPullRequest: true, login: ATTACKER }).number;
});

afterEach(async () => {
  const violations = github.takeViolations();
  await github.close();
  cleanUpRuns();
  for (const cleanup of extraCleanups.splice(0)) cleanup();
  expect(violations).toEqual([]);
});

function eventOf(name: string): NonNullable<ActionRunOptions['event']> {
  if (name === 'pull_request' || name === 'pull_request_target') {
    return {
      name,
      ref: `refs/pull/${pullNumber}/merge`,
      payload: {
        action: 'synchronize',
        number: pullNumber,
        pull_request: { number: pullNumber, head: { sha: HEAD_SHA, ref: 'feature/x' }, base: { ref: 'main' } },
        repository: { default_branch: 'main', full_name: 'acme/app' },
      },
    };
  }
  return { name, ref: 'refs/heads/main', payload: { repository: { default_branch: 'main', full_name: 'acme/app' } } };
}

/** A gate run on a pull request, as a workflow would configure it: push auto, PR comment, audit log. */
function hostileRun(context: string, repository: string, extra: { inputs?: Record<string, string>; env?: Record<string, string>; event?: string } = {}): Promise<ActionRun> {
  return runTracked({
    inputs: {
      ...gateInputs(env, context, `${env.registry}/${repository}`),
      push: 'auto',
      'pr-comment': 'true',
      'audit-log': 'audit.jsonl',
      ...extra.inputs,
    },
    env: { GITHUB_API_URL: github.url, CSG_RUNNER_CANARY: ENV_CANARY, ...extra.env },
    event: eventOf(extra.event ?? 'pull_request'),
  });
}

/** Everything that left the gate: log, outputs, job summary, SARIF, audit log, GitHub request bodies. */
async function everythingSeen(run: ActionRun, workspace: string): Promise<string> {
  const audit = join(workspace, 'audit.jsonl');
  // `::add-mask::` lines are the gate asking the runner to mask a value; the runner consumes them.
  const log = `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/).filter((line) => !line.startsWith('::add-mask::'));
  return [
    ...log,
    run.summary,
    JSON.stringify(run.outputs),
    await sarifText(run),
    // Only the gate's own file: a planted link is read by nobody (reading it here would find the canary).
    lstatSync(audit, { throwIfNoEntry: false })?.isFile() ? readFileSync(audit, 'utf8') : '',
    JSON.stringify(github.requests.map((r) => r.body ?? null)),
  ].join('\n');
}

async function expectNothingLeaked(run: ActionRun, workspace: string): Promise<void> {
  const seen = (await everythingSeen(run, workspace)).toLowerCase();
  for (const canary of canaries()) {
    expect(canary.length).toBeGreaterThan(8);
    expect(seen.includes(canary.toLowerCase()), `${canary} (any case) reached what the gate printed, wrote or sent`).toBe(false);
  }
}

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function expectRefused(run: ActionRun, workspace: string, repository: string, input: string, link: string): Promise<void> {
  const why = `${run.stdout}\n${run.stderr}`;
  expect(run.outputs.verdict, why).toBe('error');
  expect(run.outputs.reason, why).toBe('input-error');
  expect(run.exitCode, why).not.toBe(0);
  // Names the input and the link; quotes nothing of where it leads.
  expect(run.stdout).toMatch(new RegExp(`::error::verdict error \\(input-error\\): input '${escapeRegExp(input)}': [^\\n]*${escapeRegExp(link)}`));
  expect(run.stdout).not.toContain(outside);
  expect(run.stdout).not.toContain('/proc/');
  // Nothing was built, scanned or pushed.
  expect(run.outputs['image-id']).toBe('');
  expect(run.stdout).not.toMatch(/::group::(Install Trivy|Build )/);
  expect(await registryTags(env, repository)).toEqual([]);
  await expectNothingLeaked(run, workspace);
}

describe('links out of where a file belongs are refused (input-error, nothing built)', () => {
  const cases: [string, string, string, (context: string) => Record<string, string>][] = [
    ['a Dockerfile linked to /proc/self/environ', 'dockerfile', 'Dockerfile', (c) => (link('/proc/self/environ', join(c, 'Dockerfile')), {})],
    ['a Dockerfile linked to a file outside the checkout', 'dockerfile', 'Dockerfile', (c) => (link(join(outside, 'secret.txt'), join(c, 'Dockerfile')), {})],
    ['a .dockerignore linked outside the context', 'context', '.dockerignore', (c) => (link(join(outside, 'secret.txt'), join(c, '.dockerignore')), {})],
    ['the policy file linked outside the workspace', 'policy-file', '.github/container-gate.yml', (c) => (mkdirSync(join(c, '.github')), link(join(outside, 'secret.txt'), join(c, '.github', 'container-gate.yml')), {})],
    ['the ignore file linked outside the workspace', 'ignore-file', '.trivyignore', (c) => (link(join(outside, 'secret.txt'), join(c, '.trivyignore')), { 'ignore-file': '.trivyignore' })],
    ['the baseline report linked outside the workspace', 'baseline', 'baseline.json', (c) => (link(join(outside, 'secret.txt'), join(c, 'baseline.json')), { baseline: 'baseline.json' })],
    ['the baseline reached through a linked directory', 'baseline', 'reports/baseline.json', (c) => (link(outside, join(c, 'reports')), writeFileSync(join(outside, 'baseline.json'), FILE_CANARY), { baseline: 'reports/baseline.json' })],
    ['the SARIF file planted as a link to a file outside', 'sarif-file', 'report.sarif', (c) => (link(victim, join(c, 'report.sarif')), { 'sarif-file': 'report.sarif' })],
    ['the audit log planted as a link to a file outside', 'audit-log', 'audit.jsonl', (c) => (link(victim, join(c, 'audit.jsonl')), {})],
  ];

  it.each(cases)('%s', async (_, input, linkName, plant) => {
    const repository = uniqueRepository('i12-link');
    const context = fixtureContext(env, 'clean');
    const inputs = plant(context);
    const run = await hostileRun(context, repository, { inputs });
    await expectRefused(run, context, repository, input, linkName);
    // A planted link is never written through.
    expect(readFileSync(victim, 'utf8')).toBe(`untouched ${FILE_CANARY}\n`);
  });

  it('a context that is a link to a directory outside the workspace', async () => {
    const repository = uniqueRepository('i12-context');
    const workspace = fixtureContext(env, 'clean');
    link(join(outside, 'dir'), join(workspace, 'escape'));
    const run = await hostileRun(workspace, repository, { inputs: { context: 'escape' }, env: { GITHUB_WORKSPACE: workspace } });
    await expectRefused(run, workspace, repository, 'context', 'escape');
  });
});

function link(target: string, path: string): void {
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

/** A RUN step printing every workflow command the runner knows, a lone CR, the old syntax, and the build secret upper-cased. */
const COMMANDS_DOCKERFILE = (secret: boolean): string => {
  const script = [
    "printf '::error::PWNED-error\\n'",
    "printf '  ::add-mask::PWNED-mask\\n'",
    "printf '::set-output name=verdict::pass\\n'",
    "printf '::stop-commands::PWNED-stop\\n'",
    "printf '::warning::PWNED-warning\\n'",
    "printf 'progress 10%%\\r::error::PWNED-after-cr\\n'",
    "printf 'x ##[error]PWNED-v1\\n'",
    "printf '::PWNED-stop::\\n'",
    "printf '::notice::PWNED-after-token\\n'",
    ...(secret ? [`/bin/busybox tr a-z A-Z < /run/secrets/${BUILD_SECRET_ID}`, 'echo', `/bin/busybox cat /run/secrets/${BUILD_SECRET_ID}`, 'echo'] : []),
  ].join('; ');
  return [
    'FROM scratch',
    'COPY busybox /bin/busybox',
    'COPY app/ /app/',
    `RUN ${secret ? `--mount=type=secret,id=${BUILD_SECRET_ID} ` : ''}${JSON.stringify(['/bin/busybox', 'sh', '-c', script])}`,
    'WORKDIR /app',
    'USER 65534:65534',
    'HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/bin/busybox", "test", "-f", "/app/hello.txt"]',
    'ENTRYPOINT ["/bin/busybox", "sh", "/app/run.sh"]',
    '',
  ].join('\n');
};

function expectNoRelayedCommands(run: ActionRun): void {
  const commands = runnerCommands(run.stdout);
  expect(commands.filter((c) => c.includes('PWNED') || c.startsWith('set-output')), run.stdout).toEqual([]);
  // The step really printed them (a test that cannot fail is a defect): the fenced text is in the log.
  expect(run.stdout).toContain('::error::PWNED-error');
  expect(run.stdout).toContain('PWNED-after-cr');
}

describe('relayed output cannot issue workflow commands, and the gate speaks only for itself', () => {
  it('BuildKit on pull_request: RUN output is inert, the build secret is redacted in any case, push: auto does not push, a forged comment is left alone', async () => {
    const repository = uniqueRepository('i12-buildkit');
    const context = fixtureContext(env, 'clean', COMMANDS_DOCKERFILE(true));
    const forged = github.seedComment(pullNumber, `${pullRequestCommentMarker(`${env.registry}/${repository}`)}\nAll clear, merge away!`, ATTACKER);
    const run = await hostileRun(context, repository, { inputs: { 'no-cache': 'true' } });

    expect(run.outputs.verdict, run.stdout).toBe('pass');
    expectNoRelayedCommands(run);
    expect(run.stdout).toMatch(/push: auto does not push on pull_request events/);
    expect(await registryTags(env, repository)).toEqual([]);
    // The forged marked comment is untouched; the gate posted its own.
    const comments = github.commentsOn(pullNumber);
    expect(comments[0]).toMatchObject({ id: forged.id, body: forged.body, login: ATTACKER });
    expect(comments.slice(1).map((c) => c.login)).toEqual(['github-actions[bot]']);
    expect(hasMarker(comments[1]!.body, pullRequestCommentMarker(`${env.registry}/${repository}`))).toBe(true);
    await expectNothingLeaked(run, context);
  });

  it.each(['workflow_run', 'issue_comment'])('the classic builder on %s: RUN output is inert, and push: auto does not push', async (event) => {
    const engine: ClassicEngine = await startClassicBuilderEngine(env.dockerHost.replace(/^unix:\/\//, ''));
    extraCleanups.push(() => void engine.close());
    const repository = uniqueRepository('i12-classic');
    const context = fixtureContext(env, 'clean', COMMANDS_DOCKERFILE(false));
    const run = await hostileRun(context, repository, { inputs: { 'build-secrets': '', 'no-cache': 'true' }, env: { DOCKER_HOST: engine.dockerHost }, event });

    expect(run.outputs.verdict, run.stdout).toBe('pass');
    expect(run.stdout).toContain('with the classic builder');
    expectNoRelayedCommands(run);
    expect(run.stdout).toContain(`push: auto does not push on ${event} events`);
    expect(await registryTags(env, repository)).toEqual([]);
    await expectNothingLeaked(run, context);
  });
});

/** Trivy's raw reports in the run's own directory (container-security-gate-run-<random>/trivy under RUNNER_TEMP). */
function rawReports(run: ActionRun): { runDirs: number; reports: string[] } {
  const runnerTemp = join(run.workDir, 'runner-temp');
  const runDirs = readdirSync(runnerTemp).filter((name) => name.startsWith('container-security-gate-run-'));
  const reports = runDirs.flatMap((dir) => {
    const trivy = join(runnerTemp, dir, 'trivy');
    return existsSync(trivy) ? readdirSync(trivy).filter((name) => /^trivy-.*\.json$/.test(name)) : [];
  });
  return { runDirs: runDirs.length, reports: reports.sort() };
}

describe('report text from the pull request stays text', () => {
  it('a lockfile under a hostile path: no HTML, no bidi controls, no live references in the summary, PR comment or SARIF; raw reports deleted', async () => {
    const repository = uniqueRepository('i12-report');
    const context = fixtureContext(env, 'vulnerable');
    const hostileDir = join(context, `x #12 GH-3 @octocat <img src=x onerror=alert(1)> \u202Egnp.exe`);
    mkdirSync(hostileDir);
    cpSync(join(context, 'app', 'package-lock.json'), join(hostileDir, 'package-lock.json'));
    const run = await hostileRun(context, repository);

    expect(run.outputs.verdict, run.stdout).toBe('fail');
    const comment = github.commentsOn(pullNumber).at(-1)!.body;
    const sarif = await sarifText(run);
    expect(sarif).toContain('gnp.exe');
    for (const text of [run.summary, comment, sarif]) expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    // Markdown outside code spans has no raw HTML and no live reference or mention.
    for (const markdown of [run.summary, comment]) {
      // Code spans and link targets (URL-encoded) are not rendered as text.
      const prose = markdown.replace(/(`+)[\s\S]*?\1/g, '').replace(/\]\([^)\s]*\)/g, ']');
      expect(prose).not.toContain('<img');
      const live = /(^|[^\\])#\d|GH-\d|@octocat/.exec(prose);
      expect(live && prose.slice(Math.max(0, live.index - 80), live.index + 80)).toBeNull();
    }
    // The path is shown, as code (no mention, no reference, no HTML inside a code span).
    expect(run.summary).toMatch(/`[^`]*x #12 GH-3 @octocat <img src=x onerror=alert\(1\)> gnp\.exe/);
    // Trivy's raw reports (which quote what they found in clear text) are gone.
    expect(rawReports(run)).toEqual({ runDirs: 1, reports: [] });
    await expectNothingLeaked(run, context);
  });

  it('keep-reports: true keeps the raw reports', async () => {
    const repository = uniqueRepository('i12-keep');
    const context = fixtureContext(env, 'clean');
    const run = await hostileRun(context, repository, { inputs: { 'keep-reports': 'true' } });
    expect(run.outputs.verdict, run.stdout).toBe('pass');
    expect(rawReports(run)).toEqual({ runDirs: 1, reports: ['trivy-fs-1.json', 'trivy-image-2.json'] });
  });
});

describe('trivy-server credentials are never printed', () => {
  it('a server URL with user:password and a trivy-server-token: the failure names the server without them', async () => {
    const repository = uniqueRepository('i12-server');
    const context = fixtureContext(env, 'clean');
    const run = await hostileRun(context, repository, {
      inputs: { 'trivy-server': `http://scanner:${SERVER_PASSWORD}@127.0.0.1:9`, 'trivy-server-token': SERVER_TOKEN, timeout: '30s' },
    });
    expect(run.outputs.verdict, run.stdout).toBe('error');
    expect(run.stdout).toContain('127.0.0.1:9');
    // Both are masked as given, upper- and lower-cased.
    for (const secret of [SERVER_PASSWORD, SERVER_TOKEN]) {
      for (const form of [secret, secret.toUpperCase(), secret.toLowerCase()]) expect(run.stdout).toContain(`::add-mask::${form}`);
    }
    await expectNothingLeaked(run, context);
    expect(await registryTags(env, repository)).toEqual([]);
  });
});
