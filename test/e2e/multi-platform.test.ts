// `platforms: linux/amd64,linux/arm64` through the committed bundle, with the real engine
// (BuildKit's platform parameter), real Trivy and the real registry. The arm64 image is built
// without RUN steps (no binfmt_misc here): FROM scratch + the arm64 busybox from Debian, and
// `COPY ${TARGETARCH}/` so each platform's image can differ.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { loadTestEnv, registryCatalog, registryTags, type TestEnv } from '../env/test-env.js';
import { engineFor, removeImage } from '../integration/docker-helpers.js';
import { REPO_ROOT } from '../support/run-action.js';
import { sarifText } from '../support/visible-output.js';
import { cleanUpRuns, expectOutcome, runTracked, uniqueRepository } from '../support/fault-run.js';
import { platformContext as sharedPlatformContext, platformInputs as sharedPlatformInputs } from '../support/platform-context.js';

let env: TestEnv;
let engine: DockerEngine;
const builtImages = new Set<string>();

const authorization = (): string => `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}`;

async function registryJson(path: string, accept: string): Promise<{ status: number; digest: string | null; body: unknown }> {
  const response = await fetch(`http://${env.registry}/v2/${path}`, { headers: { authorization: authorization(), accept } });
  const text = await response.text();
  return { status: response.status, digest: response.headers.get('docker-content-digest'), body: text ? (JSON.parse(text) as unknown) : undefined };
}

const platformContext = (options?: Parameters<typeof sharedPlatformContext>[1]): string => sharedPlatformContext(env, options);
const platformInputs = (repository: string, context: string): Record<string, string> => sharedPlatformInputs(env, repository, context);

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
});

afterEach(() => cleanUpRuns());

afterAll(async () => {
  for (const id of builtImages) await removeImage(engine.docker, id);
});

describe('platforms: linux/amd64,linux/arm64', () => {
  it('gates both, pushes each manifest by digest and one index naming both under every tag', { timeout: 300_000 }, async () => {
    const repository = uniqueRepository('i17-multi');
    const run = await runTracked({ inputs: platformInputs(repository, platformContext()) });
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed' });
    const platforms = JSON.parse(run.outputs['platform-digests'] ?? '{}') as Record<string, { digest: string; 'image-id': string }>;
    expect(Object.keys(platforms).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    for (const p of Object.values(platforms)) builtImages.add(p['image-id']);
    expect(platforms['linux/amd64']!['image-id']).not.toBe(platforms['linux/arm64']!['image-id']);

    const indexDigest = run.outputs.digest!;
    expect(indexDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const tag of ['v1', 'latest']) {
      const served = await registryJson(`${repository}/manifests/${tag}`, 'application/vnd.oci.image.index.v1+json');
      expect(served.status).toBe(200);
      expect(served.digest).toBe(indexDigest);
    }
    const index = (await registryJson(`${repository}/manifests/${indexDigest}`, 'application/vnd.oci.image.index.v1+json')).body as {
      mediaType: string;
      manifests: { digest: string; platform: { os: string; architecture: string } }[];
    };
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    for (const m of index.manifests) {
      const name = `${m.platform.os}/${m.platform.architecture}`;
      expect(m.digest).toBe(platforms[name]!.digest);
      const manifest = (await registryJson(`${repository}/manifests/${m.digest}`, 'application/vnd.oci.image.manifest.v1+json')).body as { config: { digest: string } };
      // Each platform's manifest names, as its config, exactly the image the gate scanned for it.
      expect(manifest.config.digest).toBe(platforms[name]!['image-id']);
      const config = (await registryJson(`${repository}/blobs/${manifest.config.digest}`, '*/*')).body as { architecture: string; os: string };
      expect(`${config.os}/${config.architecture}`).toBe(name);
    }
    // The scan of each platform is in the log, by the image ID that was pushed.
    expect(run.stdout).toContain(`linux/arm64 image ${platforms['linux/arm64']!['image-id']}`);
  });

  it('fails when only the arm64 image holds a vulnerable package, names linux/arm64, and pushes nothing', { timeout: 300_000 }, async () => {
    const repository = uniqueRepository('i17-arm64-vuln');
    const minimist = join(REPO_ROOT, 'fixtures', 'images', 'vulnerable', 'app', 'node_modules', 'minimist', 'package.json');
    const context = platformContext({ arm64Files: { 'node_modules/minimist/package.json': readFileSync(minimist, 'utf8') } });
    const run = await runTracked({ inputs: platformInputs(repository, context) });
    await expectOutcome(env, run, { verdict: 'fail', reason: 'vulnerable', repository });
    const why = `${run.stdout}\n${run.stderr}`;
    expect(why).toMatch(/verdict fail \(vulnerable\): .*linux\/arm64: 1 finding at a fail-on severity \(1 CRITICAL\)/);
    expect(why).not.toMatch(/linux\/amd64: \d+ finding/);
    // Nothing at all for the image: no tag, no repository (no blob or manifest was uploaded).
    expect(await registryTags(env, repository)).toEqual([]);
    expect(await registryCatalog(env)).not.toContain(repository);
    const platforms = JSON.parse(run.outputs['platform-digests'] ?? '{}') as Record<string, { digest?: string; 'image-id': string }>;
    for (const p of Object.values(platforms)) {
      builtImages.add(p['image-id']);
      expect(p.digest).toBeUndefined();
    }
    // The SARIF result carries the platform.
    expect(await sarifText(run)).toMatch(/"platform": "linux\/arm64"/);
  });

  it('baseline: registry compares platform by platform with the published index; mode: summary scans each platform', { timeout: 400_000 }, async () => {
    const repository = uniqueRepository('i17-baseline');
    const minimist = readFileSync(join(REPO_ROOT, 'fixtures', 'images', 'vulnerable', 'app', 'node_modules', 'minimist', 'package.json'), 'utf8');
    // v1: the arm64 image has the CRITICAL minimist; published with fail-on: none.
    const old = await runTracked({
      inputs: { ...platformInputs(repository, platformContext({ arm64Files: { 'node_modules/minimist/package.json': minimist } })), tags: 'latest', 'fail-on': 'none' },
    });
    await expectOutcome(env, old, { verdict: 'pass', reason: 'passed' });
    for (const p of Object.values(JSON.parse(old.outputs['platform-digests']!) as Record<string, { 'image-id': string }>)) builtImages.add(p['image-id']);

    // The update removes it from arm64: only a per-platform comparison sees the fix.
    const update = await runTracked({ inputs: { ...platformInputs(repository, platformContext()), baseline: 'registry', push: 'false' } });
    await expectOutcome(env, update, { verdict: 'pass', reason: 'passed' });
    for (const p of Object.values(JSON.parse(update.outputs['platform-digests']!) as Record<string, { 'image-id': string }>)) builtImages.add(p['image-id']);
    expect(update.outputs['baseline-verdict'], update.stdout).toBe('improved');
    expect(update.outputs['fixed-vulnerabilities']).toBe('1');
    expect(update.stdout).toMatch(/--platform linux\/arm64/);
    expect(update.stdout).toMatch(/--platform linux\/amd64/);

    // The weekly summary judges every platform of the published index.
    const summary = await runTracked({ inputs: { ...platformInputs(repository, platformContext()), mode: 'summary', push: 'auto' } });
    await expectOutcome(env, summary, { verdict: 'fail', reason: 'vulnerable' });
    expect(`${summary.stdout}\n${summary.stderr}`).toMatch(/linux\/arm64: 1 finding at a fail-on severity \(1 CRITICAL\)/);
    expect(summary.summary).toContain('linux/arm64');
  });

  it('is an error and pushes nothing when one platform does not build', { timeout: 300_000 }, async () => {
    const repository = uniqueRepository('i17-arm64-broken');
    // amd64 builds; arm64 has no busybox to COPY.
    const run = await runTracked({ inputs: platformInputs(repository, platformContext({ withArm64Busybox: false })) });
    await expectOutcome(env, run, { verdict: 'error', reason: 'build-error', repository });
    expect(`${run.stdout}\n${run.stderr}`).toMatch(/busybox-arm64/);
    const platforms = JSON.parse(run.outputs['platform-digests'] || '{}') as Record<string, { 'image-id': string }>;
    for (const p of Object.values(platforms)) builtImages.add(p['image-id']);
    expect(await registryCatalog(env)).not.toContain(repository);
  });
});
