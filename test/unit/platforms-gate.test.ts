// runPlatformsGate's orchestration with in-memory ports: what is pushed in which order, and
// that a failure anywhere leaves the registry untouched. test/e2e/multi-platform.test.ts runs
// the same through the bundle against the real engine, Trivy and registry.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import type { TrivyReport } from '../../src/domain/trivy-report.js';
import { readInputs, type InputName, type Inputs } from '../../src/inputs.js';
import type { PipelinePorts } from '../../src/pipeline.js';
import { runPlatformsGate } from '../../src/platforms-gate.js';
import { planRun, type RunPlan } from '../../src/plan.js';
import { facts, report, vuln } from './policy-fixtures.js';

const ID = { 'linux/amd64': 'sha256:' + 'a'.repeat(64), 'linux/arm64': 'sha256:' + 'b'.repeat(64) } as Record<string, string>;
const MANIFEST = { 'linux/amd64': 'sha256:' + '1'.repeat(64), 'linux/arm64': 'sha256:' + '2'.repeat(64) } as Record<string, string>;

function inputs(values: Partial<Record<InputName, string>> = {}): Inputs {
  return readInputs((name) => ({ platforms: 'linux/amd64,linux/arm64', tags: 'v1,latest', ...values })[name as string] ?? '', { repository: 'acme/app', actor: 'octocat', runnerTemp: '/tmp/rt', env: {} });
}

function plan(given: Inputs): RunPlan {
  const event = { eventName: 'push', ref: 'refs/heads/main', sha: '0123456789abcdef0123456789abcdef01234567', defaultBranch: 'main', repository: 'acme/app', serverUrl: 'https://github.com' };
  return planRun({ ...given, registryPassword: 'x' }, event, { workspace: '/work', now: new Date('2026-11-30T00:00:00Z') });
}

interface Scenario {
  images?: Record<string, TrivyReport>;
  buildError?: string;
  /** What the engine says it built for a platform (default: what was asked). */
  builtAs?: Record<string, { os: string; architecture: string }>;
}

function memoryPorts(scenario: Scenario = {}) {
  const calls: string[] = [];
  let index: Buffer | undefined;
  const byId = (id: string) => Object.keys(ID).find((p) => ID[p] === id)!;
  const ports: PipelinePorts = {
    installTrivy: async () => ({ path: '/bin/trivy', version: '0.74.0' }),
    openScanner: () => ({
      prepareDatabase: async () => undefined,
      scanFilesystem: async () => (calls.push('scan-fs'), report({ kind: 'filesystem' })),
      scanImage: async ({ id }) => (calls.push(`scan-image ${byId(id)}`), scenario.images?.[byId(id)] ?? report()),
      scanPublished: async () => undefined,
    }),
    engine: {
      build: async (request) => {
        calls.push(`build ${request.platform}`);
        if (request.platform === scenario.buildError) throw new GateError('build-error', `build for ${request.platform} failed`);
        return { imageId: ID[request.platform!]!, scanReference: ID[request.platform!]! };
      },
      inspect: async (id) => {
        const [os, architecture] = byId(id).split('/') as [string, string];
        return facts({ id, platform: scenario.builtAs?.[byId(id)] ?? { os, architecture } });
      },
    },
    registry: {
      publishManifest: async (imageId, repository) => (
        calls.push(`publish ${byId(imageId)} ${repository}`),
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: MANIFEST[byId(imageId)]!, size: 400, configDigest: imageId, compressedSize: 1000 }
      ),
      putBlob: () => Promise.reject(new Error('not used')),
      putManifest: async (repository, reference, bytes, mediaType) => {
        calls.push(`index ${repository} ${reference}`);
        index = bytes;
        expect(mediaType).toBe('application/vnd.oci.image.index.v1+json');
        return { mediaType, digest: reference, size: bytes.length };
      },
      tag: async (repository, digest, tags) => (calls.push(`tag ${repository} ${digest} ${tags.join(',')}`), tags.map((t) => `ghcr.io/${repository}:${t}`)),
    },
    checkInputFiles: async () => undefined,
    readOptionalFile: async () => undefined,
    now: () => new Date('2026-11-30T00:00:00Z'),
    log: { info: () => undefined, warning: () => undefined, group: (_title, body) => body() },
  };
  return { ports, calls, index: () => index };
}

describe('runPlatformsGate with in-memory ports', () => {
  it('builds and scans each platform, then publishes both manifests, the index by its digest, and tags it last', async () => {
    const { ports, calls, index } = memoryPorts();
    const given = inputs();
    const result = await runPlatformsGate(given, plan(given), ports);
    expect(result.decision.verdict).toBe('pass');
    const digest = `sha256:${createHash('sha256').update(index()!).digest('hex')}`;
    expect(calls.filter((c) => !c.startsWith('scan-fs'))).toEqual([
      'build linux/amd64',
      'scan-image linux/amd64',
      'build linux/arm64',
      'scan-image linux/arm64',
      'publish linux/amd64 acme/app',
      'publish linux/arm64 acme/app',
      `index acme/app ${digest}`,
      `tag acme/app ${digest} v1,latest`,
    ]);
    expect(result.pushed?.digest).toBe(digest);
    expect(result.platforms).toEqual([
      { platform: 'linux/amd64', imageId: ID['linux/amd64'], digest: MANIFEST['linux/amd64'] },
      { platform: 'linux/arm64', imageId: ID['linux/arm64'], digest: MANIFEST['linux/arm64'] },
    ]);
    const manifests = (JSON.parse(index()!.toString('utf8')) as { manifests: { digest: string; platform: unknown }[] }).manifests;
    expect(manifests).toEqual([
      expect.objectContaining({ digest: MANIFEST['linux/amd64'], platform: { architecture: 'amd64', os: 'linux' } }),
      expect.objectContaining({ digest: MANIFEST['linux/arm64'], platform: { architecture: 'arm64', os: 'linux' } }),
    ]);
  });

  it.each<[string, Scenario, string, string]>([
    ['a vulnerable arm64 image', { images: { 'linux/arm64': report({ os: [vuln({ id: 'CVE-2026-0001', severity: 'CRITICAL' })] }) } }, 'fail', 'vulnerable'],
    ['an arm64 build error', { buildError: 'linux/arm64' }, 'error', 'build-error'],
    ['an engine that built amd64 when asked for arm64', { builtAs: { 'linux/arm64': { os: 'linux', architecture: 'amd64' } } }, 'error', 'build-error'],
  ])('%s: nothing is published', async (_name, scenario, verdict, reason) => {
    const { ports, calls } = memoryPorts(scenario);
    const given = inputs();
    const result = await runPlatformsGate(given, plan(given), ports);
    expect(result.decision.verdict).toBe(verdict);
    expect(result.decision.reason).toBe(reason);
    expect(calls.filter((c) => /^(publish|index|tag)/.test(c))).toEqual([]);
    expect(result.pushed).toBeUndefined();
  });

  it('with attestations on (auto with an OIDC token = keyless) stops before any build: no index is ever pushed unsigned', async () => {
    const { ports, calls } = memoryPorts();
    const attest = { hasOidcToken: true } as unknown as NonNullable<PipelinePorts['attest']>;
    const given = inputs(); // attest: auto, and the job has an OIDC token: keyless
    const result = await runPlatformsGate(given, plan(given), { ...ports, attest });
    expect(result.decision.verdict).toBe('error');
    expect(result.decision.error?.message).toMatch(/input 'attest'.*platforms/);
    expect(calls).toEqual([]);
    // attest: auto without an OIDC token resolves to off: the index is pushed.
    const auto = await runPlatformsGate(inputs(), plan(inputs()), { ...memoryPorts().ports, attest: { hasOidcToken: false } as unknown as NonNullable<PipelinePorts['attest']> });
    expect(auto.decision.verdict).toBe('pass');
    expect(auto.pushed?.digest).toMatch(/^sha256:/);
  });
});
