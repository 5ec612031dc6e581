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
import { runSummary } from '../../src/published-summary.js';
import { planRun, type RunPlan } from '../../src/plan.js';
import { facts, report, vuln } from './policy-fixtures.js';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createKeySigner } from '../../src/adapters/attest/key-signer.js';
import type { AttestPort } from '../../src/attest-phase.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { runContextFrom } from '../../src/domain/attest/verdict-predicate.js';

const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateVerdict = ajv.compile(JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../schemas/gate-verdict-v1.schema.json'), 'utf8')) as object);

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
    // Builds one after another, each image scanned once built (beside the next build), in order.
    expect(calls.filter((c) => !c.startsWith('scan-fs'))).toEqual([
      'build linux/amd64',
      'build linux/arm64',
      'scan-image linux/amd64',
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

  it('attest: key signs each platform manifest, then the index, all before the tag; a refused attachment creates no tag', async () => {
    const setup = (refuse?: RegExp) => {
      const { ports, calls } = memoryPorts();
      const statements: { digest: string; predicateType: string; predicate: Record<string, unknown> }[] = [];
      const attest: AttestPort = {
        hasOidcToken: false,
        openSigner: () => createKeySigner(PEM, ''),
        registry: {
          putBlob: async (_repository, bytes) => {
            const envelope = JSON.parse(bytes.toString('utf8')) as { payload?: string };
            if (envelope.payload) {
              const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { subject: { digest: { sha256: string } }[]; predicateType: string; predicate: Record<string, unknown> };
              statements.push({ digest: `sha256:${statement.subject[0]!.digest.sha256}`, predicateType: statement.predicateType, predicate: statement.predicate });
            }
            return { digest: sha256(bytes) };
          },
          putManifest: async (_repository, reference, bytes) => {
            if (refuse?.test(reference)) throw new Error('HTTP 500: injected');
            calls.push(`attach ${reference}`);
            return { digest: sha256(bytes) };
          },
        },
        writeSbom: async (_report, _trivy, platform) => (calls.push(`sbom ${platform}`), { path: `/tmp/rt/sbom/${platform!.replace('/', '-')}.cdx.json`, bytes: Buffer.from('{"bomFormat":"CycloneDX"}') }),
        trivyDatabase: async () => ({ updatedAt: '2026-11-29T00:00:00Z', version: 2 }),
        run: runContextFrom({}),
        runId: undefined,
        notice: () => undefined,
        info: () => undefined,
      };
      return { ports: { ...ports, attest }, calls, statements };
    };
    const given = inputs({ attest: 'key', 'attest-key': PEM });
    const { ports, calls, statements } = setup();
    const result = await runPlatformsGate(given, plan(given), ports);
    expect(result.decision.verdict, result.decision.error?.message).toBe('pass');
    const index = result.pushed!.digest;
    const tag = (digest: string, kind: string) => `attach ${digest.replace(':', '-')}.${kind}`;
    const pushed = calls.filter((c) => /^(publish|index|attach|tag)/.test(c));
    const at = (call: string): number => {
      expect(pushed).toContain(call);
      return pushed.indexOf(call);
    };
    // publish both → each platform's .att and .sbom → the index by digest → its .att → the tags, last.
    for (const digest of [MANIFEST['linux/amd64']!, MANIFEST['linux/arm64']!]) {
      for (const kind of ['att', 'sbom']) {
        expect(at(tag(digest, kind))).toBeGreaterThan(at('publish linux/arm64 acme/app'));
        expect(at(tag(digest, kind))).toBeLessThan(at(`index acme/app ${index}`));
      }
    }
    expect(at(tag(index, 'att'))).toBeGreaterThan(at(`index acme/app ${index}`));
    expect(pushed.at(-1)).toBe(`tag acme/app ${index} v1,latest`);
    expect(pushed).toHaveLength(9);
    expect(pushed).not.toContain(tag(index, 'sbom'));
    // Each platform's verdict names its platform and scanned image; the index's names both.
    const verdicts = statements.filter((s) => s.predicateType === GATE_VERDICT_PREDICATE_TYPE);
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      const v = verdicts.find((s) => s.digest === MANIFEST[platform])!;
      expect(v.predicate).toMatchObject({ verdict: 'pass', platform, image: { id: ID[platform], digest: MANIFEST[platform] } });
      expect(validateVerdict(v.predicate), JSON.stringify(validateVerdict.errors)).toBe(true);
    }
    const onIndex = verdicts.find((s) => s.digest === index)!;
    expect(onIndex.predicate).toMatchObject({
      image: { digest: index },
      platforms: [
        { platform: 'linux/amd64', digest: MANIFEST['linux/amd64'], imageId: ID['linux/amd64'] },
        { platform: 'linux/arm64', digest: MANIFEST['linux/arm64'], imageId: ID['linux/arm64'] },
      ],
    });
    expect(onIndex.predicate.image).not.toHaveProperty('id');
    expect(validateVerdict(onIndex.predicate), JSON.stringify(validateVerdict.errors)).toBe(true);
    expect(statements.filter((s) => s.digest === index).map((s) => s.predicateType).sort()).toEqual([COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE].sort());
    const outputs = result.attested!;
    expect(outputs.sbomPath).toBe('/tmp/rt/sbom');
    expect(Object.keys(outputs.attestations).sort()).toEqual(['index', 'linux/amd64', 'linux/arm64']);

    // The index's attestation refused: attest-error, the index exists by digest only, no tag.
    const refused = setup(new RegExp(`^${index.replace(':', '-')}\\.att$`));
    const failed = await runPlatformsGate(given, plan(given), refused.ports);
    expect(failed.decision.verdict).toBe('error');
    expect(failed.decision.reason).toBe('attest-error');
    expect(refused.calls.filter((c) => c.startsWith('tag'))).toEqual([]);
    expect(failed.pushed).toBeUndefined();
    expect(failed.attested).toBeUndefined();
    // A platform's attestation refused: the index is not even published.
    const early = setup(new RegExp(`^${MANIFEST['linux/arm64']!.replace(':', '-')}\\.att$`));
    const failedEarly = await runPlatformsGate(given, plan(given), early.ports);
    expect(failedEarly.decision.reason).toBe('attest-error');
    expect(early.calls.filter((c) => /^(index|tag)/.test(c))).toEqual([]);
  });

  it('builds while Trivy installs, scans each image while the next platform builds, and files every line under its own group', async () => {
    const { ports, calls } = memoryPorts();
    const signal = (name: string) => {
      let fire: () => void = () => undefined;
      const fired = new Promise<void>((resolve) => (fire = resolve));
      return { fire, fired, name };
    };
    const amd64Built = signal('amd64 built');
    const amd64Scanning = signal('amd64 scan started');
    // The install ends only once the first build has ended, and the arm64 build only once the
    // amd64 scan has started: a gate that builds after the install, or scans and builds in
    // turn, never reaches a verdict.
    const install = ports.installTrivy;
    ports.installTrivy = async () => (await amd64Built.fired, install());
    const build = ports.engine.build;
    ports.engine.build = async (request, buildLog) => {
      buildLog.info(`#1 building ${request.platform}`);
      if (request.platform === 'linux/arm64') await amd64Scanning.fired;
      const image = await build(request, buildLog);
      if (request.platform === 'linux/amd64') amd64Built.fire();
      return image;
    };
    const scanner = ports.openScanner('/bin/trivy');
    ports.openScanner = () => ({
      ...scanner,
      scanFilesystem: (dir, signal, lines) => (lines?.info('trivy fs …'), scanner.scanFilesystem(dir, signal, lines)),
      scanImage: (image, signal, lines) => {
        lines?.info(`trivy image ${image.id}`);
        if (image.id === ID['linux/amd64']) amd64Scanning.fire();
        return scanner.scanImage(image, signal, lines);
      },
    });
    const lines: string[] = [];
    ports.log = {
      info: (line) => void lines.push(line),
      warning: (line) => void lines.push(`warning: ${line}`),
      group: async (title, body) => (lines.push(`group ${title}`), await body().finally(() => lines.push('endgroup'))),
    };
    const given = inputs();
    const result = await runPlatformsGate(given, plan(given), ports);
    expect(result.decision.verdict, result.decision.error?.message).toBe('pass');
    expect(calls.filter((c) => c !== 'scan-fs')).toEqual(['build linux/amd64', 'scan-image linux/amd64', 'build linux/arm64', 'scan-image linux/arm64', 'publish linux/amd64 acme/app', 'publish linux/arm64 acme/app', expect.stringMatching(/^index /), expect.stringMatching(/^tag /)]);
    const groupOf = (line: string) => lines.slice(0, lines.indexOf(line)).filter((l) => l.startsWith('group ')).at(-1);
    expect(groupOf('#1 building linux/amd64')).toBe('group Build ghcr.io/acme/app for linux/amd64');
    expect(groupOf('#1 building linux/arm64')).toBe('group Build ghcr.io/acme/app for linux/arm64');
    expect(groupOf(`trivy image ${ID['linux/amd64']}`)).toBe(`group Scan image ${ID['linux/amd64']} (linux/amd64)`);
    expect(groupOf(`trivy image ${ID['linux/arm64']}`)).toBe(`group Scan image ${ID['linux/arm64']} (linux/arm64)`);
    expect(groupOf('trivy fs …')).toBe('group Scan build context');
    expect(lines.filter((l) => l.startsWith('group ')).slice(0, 2)).toEqual(['group Install Trivy', 'group Trivy vulnerability database']);
  }, 10_000);

  it('a failed Trivy install aborts the builds it overlapped, and a failed build stops the next platform before it starts', async () => {
    const { ports } = memoryPorts();
    const signals: AbortSignal[] = [];
    // The build never ends on its own: only the abort can settle it.
    ports.engine.build = (request) => (signals.push(request.signal!), new Promise((_resolve, reject) => request.signal?.addEventListener('abort', () => reject(new Error('aborted')))));
    ports.installTrivy = () => Promise.reject(new GateError('trivy-install', 'checksum mismatch'));
    const titles: string[] = [];
    ports.log = { ...ports.log, group: (title, body) => (titles.push(title), body()) };
    const given = inputs();
    const result = await runPlatformsGate(given, plan(given), ports);
    expect(result.decision.reason).toBe('trivy-install');
    expect(signals.map((s) => s.aborted)).toEqual([true]);
    expect(titles).toEqual(['Install Trivy']);

    // A build that ignores the abort and ends after the run has stopped: the next platform's never starts.
    const late = memoryPorts();
    const started: string[] = [];
    let lateBuildEnded: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (lateBuildEnded = resolve));
    late.ports.engine.build = (request) => {
      started.push(request.platform!);
      return new Promise((resolve) => setTimeout(() => (resolve({ imageId: ID[request.platform!]!, scanReference: ID[request.platform!]! }), lateBuildEnded()), 20));
    };
    late.ports.installTrivy = () => Promise.reject(new GateError('trivy-install', 'checksum mismatch'));
    expect((await runPlatformsGate(given, plan(given), late.ports)).decision.reason).toBe('trivy-install');
    await ended;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual(['linux/amd64']);

    const failing = memoryPorts({ buildError: 'linux/amd64' });
    const failed = await runPlatformsGate(given, plan(given), failing.ports);
    expect(failed.decision.reason).toBe('build-error');
    expect(failing.calls.filter((c) => c.startsWith('build') || c.startsWith('scan-image'))).toEqual(['build linux/amd64']);
  }, 10_000);

  it('a failed platform signs nothing', async () => {
    const { ports, calls } = memoryPorts({ images: { 'linux/arm64': report({ os: [vuln({ id: 'CVE-2026-0001', severity: 'CRITICAL' })] }) } });
    const signed: string[] = [];
    const attest = { hasOidcToken: false, openSigner: () => ({ mode: 'key', sign: async () => (signed.push('sign'), Promise.reject(new Error('must not sign'))) }), writeSbom: async () => (signed.push('sbom'), Promise.reject(new Error('no'))) } as unknown as AttestPort;
    const given = inputs({ attest: 'key', 'attest-key': PEM });
    const result = await runPlatformsGate(given, plan(given), { ...ports, attest });
    expect(result.decision.verdict).toBe('fail');
    expect(signed).toEqual([]);
    expect(calls.filter((c) => /^(publish|index|tag)/.test(c))).toEqual([]);
  });
});

describe('runSummary (mode: summary) over what is published', () => {
  const index = (platforms: string[]) => ({
    mediaType: 'application/vnd.oci.image.index.v1+json',
    bytes: Buffer.from(JSON.stringify({ manifests: platforms.map((p, i) => ({ digest: `sha256:${String(i).repeat(64)}`, platform: { os: p.split('/')[0], architecture: p.split('/')[1] } })) })),
  });
  const summaryPorts = (published: PipelinePorts['readPublishedManifest']) => {
    const { ports } = memoryPorts();
    const scanned: (string | undefined)[] = [];
    const scanner = ports.openScanner('/bin/trivy');
    return {
      scanned,
      ports: {
        ...ports,
        readPublishedManifest: published,
        openScanner: () => ({ ...scanner, scanPublished: async (_reference: string, platform?: string) => (scanned.push(platform), report()) }),
      } satisfies PipelinePorts,
    };
  };

  it.each<[string, Partial<Record<InputName, string>>, PipelinePorts['readPublishedManifest'], (string | undefined)[]]>([
    ['an index without platforms: every platform it names', { platforms: '' }, async () => index(['linux/amd64', 'linux/arm64', 'unknown/unknown']), ['linux/amd64', 'linux/arm64']],
    ['an index with platforms: only those', { platforms: 'linux/arm64' }, async () => index(['linux/amd64', 'linux/arm64']), ['linux/arm64']],
    ['one image: scanned as one', { platforms: '' }, async () => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: Buffer.from('{"config":{}}') }), [undefined]],
    ['a tag not published yet: the one-image path says so', { platforms: '' }, async () => undefined, [undefined]],
  ])('%s', async (_name, values, published, expected) => {
    const { ports, scanned } = summaryPorts(published);
    const given = inputs({ mode: 'summary', ...values });
    const result = await runSummary(given, plan(given), ports);
    expect(result.decision.verdict, result.decision.error?.message).toBe('pass');
    expect(scanned).toEqual(expected);
  });

  it('a registry that cannot be read is an error, never a quiet fall-back to one platform', async () => {
    const { ports, scanned } = summaryPorts(async () => Promise.reject(new GateError('scan-error', 'registry answered HTTP 500')));
    const given = inputs({ mode: 'summary', platforms: '' });
    const result = await runSummary(given, plan(given), ports);
    expect(result.decision.verdict).toBe('error');
    expect(result.decision.reason).toBe('scan-error');
    expect(scanned).toEqual([]);
  });
});
