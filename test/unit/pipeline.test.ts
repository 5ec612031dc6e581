// The pipeline's orchestration with in-memory ports: what runs in which order, what is pushed,
// and what every failure turns into. The real ports are exercised end to end in test/e2e.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import type { ImageFacts } from '../../src/domain/image-facts.js';
import type { TrivyReport } from '../../src/domain/trivy-report.js';
import { readInputs, type InputName, type Inputs } from '../../src/inputs.js';
import { runGate, type PipelinePorts } from '../../src/pipeline.js';
import { planRun, type RunPlan } from '../../src/plan.js';
import { facts, report, vuln } from './policy-fixtures.js';

const IMAGE_ID = 'sha256:' + 'b'.repeat(64);
const DIGEST = 'sha256:' + 'c'.repeat(64);

function inputs(values: Partial<Record<InputName, string>> = {}): Inputs {
  return readInputs((name) => values[name] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: '/tmp/rt', env: {} });
}

function plan(given: Inputs): RunPlan {
  const event = { eventName: 'push', ref: 'refs/heads/main', sha: '0123456789abcdef0123456789abcdef01234567', defaultBranch: 'main', repository: 'acme/app', serverUrl: 'https://github.com' };
  return planRun(given, event, { workspace: '/work', now: new Date('2026-11-22T00:00:00Z') });
}

interface Scenario {
  filesystem?: TrivyReport | GateError;
  image?: TrivyReport | GateError;
  build?: GateError;
  push?: GateError;
  imageFacts?: ImageFacts;
  policyText?: string;
}

/** Ports that record every call; each step answers from the scenario. */
function memoryPorts(scenario: Scenario) {
  const calls: string[] = [];
  let contextScanAborted = false;
  const answer = <T>(value: T | GateError | undefined, fallback: T): Promise<T> =>
    value instanceof GateError ? Promise.reject(value) : Promise.resolve(value ?? fallback);
  const ports: PipelinePorts = {
    installTrivy: async () => (calls.push('install'), { path: '/bin/trivy', version: '0.74.0' }),
    openScanner: () => ({
      prepareDatabase: async () => void calls.push('db'),
      scanFilesystem: (_dir, signal) => {
        calls.push('scan-fs');
        signal?.addEventListener('abort', () => (contextScanAborted = true));
        return answer(scenario.filesystem, report({ kind: 'filesystem' }));
      },
      scanImage: ({ id, archive }) => (calls.push(`scan-image ${id}${archive ? ` from ${archive}` : ''}`), answer(scenario.image, report())),
      scanPublished: async () => undefined,
    }),
    engine: {
      build: () => (calls.push('build'), scenario.build ? Promise.reject(scenario.build) : Promise.resolve({ imageId: IMAGE_ID, scanReference: IMAGE_ID })),
      inspect: async (id) => facts({ id, ...scenario.imageFacts }),
    },
    registry: {
      publishManifest: (imageId, repository) => (
        calls.push(`push publish ${imageId} ${repository}`),
        answer(scenario.push, { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: DIGEST, size: 400, configDigest: imageId, compressedSize: 1234 })
      ),
      putBlob: () => Promise.reject(new Error('not used by the gate yet')),
      putManifest: () => Promise.reject(new Error('not used by the gate yet')),
      tag: async (repository, digest, tags) => (calls.push(`push tag ${repository} ${digest} ${tags.join(',')}`), tags.map((t) => `ghcr.io/${repository}:${t}`)),
    },
    checkInputFiles: async () => undefined,
    readOptionalFile: async () => scenario.policyText,
    now: () => new Date('2026-11-22T00:00:00Z'),
    log: { info: () => undefined, warning: () => undefined, group: (_title, body) => body() },
  };
  return { ports, calls, aborted: () => contextScanAborted };
}

const critical = report({ npm: [vuln({ id: 'CVE-2021-44906', severity: 'CRITICAL', pkg: 'minimist', version: '1.2.5', fixed: '1.2.6' })] });

describe('runGate with in-memory ports', () => {
  it('pushes the scanned image ID to every target after a pass, and scans that same ID', async () => {
    const given = inputs({ tags: 'v1,latest', 'registry-password': 'pw' });
    const { ports, calls } = memoryPorts({});
    const result = await runGate(given, plan(given), ports);
    expect(result.decision.verdict).toBe('pass');
    expect(calls).toEqual(['install', 'build', 'db', 'scan-fs', `scan-image ${IMAGE_ID}`, `push publish ${IMAGE_ID} acme/app`, `push tag acme/app ${DIGEST} v1,latest`]);
    expect(result.pushed).toEqual({ references: ['ghcr.io/acme/app:v1', 'ghcr.io/acme/app:latest'], digest: DIGEST, compressedSizeBytes: 1234 });
  });

  it.each<[string, Scenario, string, string]>([
    ['a CRITICAL finding in the image', { image: critical }, 'fail', 'vulnerable'],
    ['a CRITICAL finding in the build context', { filesystem: critical }, 'fail', 'vulnerable'],
    ['a root user', { imageFacts: facts({ user: '' }) }, 'fail', 'policy'],
    ['a failed image scan', { image: new GateError('timeout', 'scan timed out') }, 'error', 'timeout'],
    ['a failed context scan', { filesystem: new GateError('scan-error', 'bad report') }, 'error', 'scan-error'],
    ['a failed build', { build: new GateError('build-error', 'RUN false') }, 'error', 'build-error'],
    ['a malformed policy file', { policyText: 'exceptions: [' }, 'error', 'input-error'],
  ])('%s: verdict %s (%s) and nothing is pushed', async (_what, scenario, verdict, reason) => {
    const given = inputs({ 'registry-password': 'pw' });
    const { ports, calls } = memoryPorts(scenario);
    const result = await runGate(given, plan(given), ports);
    expect(result.decision.verdict).toBe(verdict);
    expect(result.decision.reason).toBe(reason);
    expect(calls.filter((c) => c.startsWith('push'))).toEqual([]);
    expect(result.pushed).toBeUndefined();
  });

  it('a push that fails after a pass is an error, not a pass, keeps what the scans found, and creates no tag', async () => {
    const given = inputs({ 'registry-password': 'pw' });
    const { ports, calls } = memoryPorts({ push: new GateError('push-error', 'the export has config sha256:ddd…, not the scanned image') });
    const result = await runGate(given, plan(given), ports);
    expect(result.decision.verdict).toBe('error');
    expect(result.decision.reason).toBe('push-error');
    expect(result.decision.scanned).toMatchObject({ filesystem: true, image: true });
    expect(calls.filter((c) => c.startsWith('push tag'))).toEqual([]);
    expect(result.pushed).toBeUndefined();
  });

  it('stops the context scan when the build fails', async () => {
    const given = inputs({ 'registry-password': 'pw' });
    const pending = new Promise<TrivyReport>(() => undefined);
    const { ports, aborted } = memoryPorts({ build: new GateError('build-error', 'RUN false') });
    const scanner = ports.openScanner('/bin/trivy');
    ports.openScanner = () => ({ ...scanner, scanFilesystem: (dir, signal) => (void scanner.scanFilesystem(dir, signal).catch(() => undefined), pending) });
    const result = await runGate(given, plan(given), ports);
    expect(result.decision.reason).toBe('build-error');
    expect(aborted()).toBe(true);
  });

  it('starts the image scan as soon as the build ends, without waiting for the context scan', async () => {
    const given = inputs({ 'registry-password': 'pw' });
    const { ports, calls } = memoryPorts({});
    const scanner = ports.openScanner('/bin/trivy');
    let finishContextScan: () => void = () => undefined;
    // The context scan ends only once the image scan has started: a pipeline that waits for it first never ends.
    ports.openScanner = () => ({
      ...scanner,
      scanFilesystem: (dir, signal) => new Promise((resolve, reject) => (finishContextScan = () => void scanner.scanFilesystem(dir, signal).then(resolve, reject))),
      scanImage: (image, signal) => (finishContextScan(), scanner.scanImage(image, signal)),
    });
    const result = await runGate(given, plan(given), ports);
    // Reaching a verdict at all is the proof (otherwise the test times out); the order is what it took.
    expect(result.decision.verdict).toBe('pass');
    expect(calls.slice(0, 5)).toEqual(['install', 'build', 'db', 'scan-fs', `scan-image ${IMAGE_ID}`]);
  }, 10_000);

  it('starts the build while Trivy is installed, and files its log under its own group', async () => {
    const given = inputs({ 'registry-password': 'pw' });
    const { ports, calls } = memoryPorts({});
    let buildStarted: () => void = () => undefined;
    const building = new Promise<void>((resolve) => (buildStarted = resolve));
    const install = ports.installTrivy;
    // The install ends only once the build has started: a pipeline that builds after it never ends.
    ports.installTrivy = async () => (await building, install());
    const build = ports.engine.build;
    ports.engine.build = (request, buildLog) => (buildStarted(), buildLog.info('#1 [internal] load build definition'), build(request, buildLog));
    const lines: string[] = [];
    ports.log = {
      info: (line) => void lines.push(line),
      warning: (line) => void lines.push(`warning: ${line}`),
      group: async (title, body) => (lines.push(`group ${title}`), await body().finally(() => lines.push('endgroup'))),
    };
    const result = await runGate(given, plan(given), ports);
    expect(result.decision.verdict).toBe('pass');
    expect(calls.slice(0, 3)).toEqual(['build', 'install', 'db']);
    // The line the build logged before its group opened is printed inside it, not inside Install Trivy.
    const groupOf = (line: string) => lines.slice(0, lines.indexOf(line)).filter((l) => l.startsWith('group ')).at(-1);
    expect(groupOf('#1 [internal] load build definition')).toBe('group Build ghcr.io/acme/app');
    expect(lines.filter((l) => l.startsWith('group ')).slice(0, 2)).toEqual(['group Install Trivy', 'group Trivy vulnerability database']);
  }, 10_000);

  it('starts the export for a push as soon as the image is built, before the Trivy install ends', async () => {
    const given = inputs({ 'registry-password': 'pw' });
    const { ports, calls } = memoryPorts({});
    let exportStarted: () => void = () => undefined;
    const exporting = new Promise<void>((resolve) => (exportStarted = resolve));
    const install = ports.installTrivy;
    // The install ends only once the export has started: a pipeline that waits for it first never ends.
    ports.installTrivy = async () => (await exporting, install());
    ports.registry = { ...ports.registry, prepare: (id) => (calls.push(`prepare ${id}`), exportStarted(), Promise.resolve(undefined)) };
    const result = await runGate(given, plan(given), ports);
    expect(result.decision.verdict).toBe('pass');
    expect(calls.slice(0, 3)).toEqual(['build', `prepare ${IMAGE_ID}`, 'install']);
  }, 10_000);

  it('a failed Trivy install aborts the build it overlapped: trivy-install, no Build group, no image ID', async () => {
    const given = inputs({ 'registry-password': 'pw' });
    const { ports } = memoryPorts({});
    let buildSignal: AbortSignal | undefined;
    // The build never ends on its own: only the abort can settle it.
    ports.engine.build = (request) => ((buildSignal = request.signal), new Promise((_resolve, reject) => request.signal?.addEventListener('abort', () => reject(new Error('aborted')))));
    ports.installTrivy = () => Promise.reject(new GateError('trivy-install', 'checksum mismatch'));
    const titles: string[] = [];
    ports.log = { ...ports.log, group: (title, body) => (titles.push(title), body()) };
    const result = await runGate(given, plan(given), ports);
    expect(result.decision.reason).toBe('trivy-install');
    expect(result.imageId).toBeUndefined();
    expect(buildSignal?.aborted).toBe(true);
    expect(titles).toEqual(['Install Trivy']);
  }, 10_000);

  it.each([
    ['a pass', {}, true],
    ['a failed image scan', { image: new GateError('timeout', 'scan timed out') }, false],
  ])('prepares the push while the scans run, and releases it after %s', async (_what, scenario: Scenario, pushed) => {
    const given = inputs({ 'registry-password': 'pw' });
    const { ports, calls } = memoryPorts(scenario);
    ports.registry = { ...ports.registry, prepare: (id) => (calls.push(`prepare ${id}`), Promise.resolve(undefined)), release: async () => void calls.push('release') };
    await runGate(given, plan(given), ports);
    expect(calls.indexOf(`prepare ${IMAGE_ID}`)).toBeGreaterThan(calls.indexOf('build'));
    expect(calls.at(-1)).toBe('release');
    expect(calls.some((c) => c.startsWith('push publish'))).toBe(pushed);
  });

  it.each([
    ['the export the push wrote', '/run/csg-push-1/sha256:abc', ` from /run/csg-push-1/sha256:abc`],
    ['the engine when the push writes no export', undefined, ''],
  ])('the image scan reads %s', async (_what, archive: string | undefined, scanned: string) => {
    const given = inputs({ 'registry-password': 'pw' });
    const { ports, calls } = memoryPorts({});
    ports.registry = { ...ports.registry, prepare: () => Promise.resolve(archive) };
    await runGate(given, plan(given), ports);
    expect(calls).toContain(`scan-image ${IMAGE_ID}${scanned}`);
  });

  it('prepares nothing when the plan does not push', async () => {
    const given = inputs({ push: 'false' });
    const { ports, calls } = memoryPorts({});
    ports.registry = { ...ports.registry, prepare: (id) => (calls.push(`prepare ${id}`), Promise.resolve(undefined)), release: async () => void calls.push('release') };
    await runGate(given, plan(given), ports);
    expect(calls.filter((c) => c.startsWith('prepare'))).toEqual([]);
  });

  it('push: false never pushes, even a pass', async () => {
    const given = inputs({ push: 'false' });
    const { ports, calls } = memoryPorts({});
    const result = await runGate(given, plan(given), ports);
    expect(result.decision.verdict).toBe('pass');
    expect(calls.some((c) => c.startsWith('push'))).toBe(false);
  });

  it('property: something is pushed exactly when the verdict is pass and the plan pushes', async () => {
    const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...severities), { maxLength: 4 }),
        fc.constantFrom('true', 'false'),
        fc.constantFrom('CRITICAL,HIGH', 'CRITICAL', 'none'),
        fc.boolean(),
        async (found, push, failOn, buildFails) => {
          const given = inputs({ push, 'fail-on': failOn, 'registry-password': 'pw' });
          const image = report({ npm: found.map((severity, i) => vuln({ id: `CVE-2026-${1000 + i}`, severity, pkg: `p${i}` })) });
          const { ports, calls } = memoryPorts({ image, ...(buildFails && { build: new GateError('build-error', 'x') }) });
          const result = await runGate(given, plan(given), ports);
          const pushedSomething = calls.some((c) => c.startsWith('push'));
          expect(pushedSomething).toBe(result.decision.verdict === 'pass' && push === 'true');
          if (pushedSomething) expect(calls.slice(-2)).toEqual([`push publish ${IMAGE_ID} acme/app`, `push tag acme/app ${DIGEST} ${plan(given).tags.join(',')}`]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
