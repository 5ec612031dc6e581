// `platforms: linux/amd64,linux/arm64` with `attest: key` through the committed bundle: each
// platform's manifest and the image index carry signed attestations the real cosign verifies
// (offline: no transparency log, plain-HTTP registry), before any tag exists. And
// `mode: summary` without `platforms` learns the platforms from the published index.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { attachmentTag } from '../../src/domain/attest/cosign-layout.js';
import { COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE } from '../../src/domain/attest/predicate-types.js';
import { secretLines } from '../../src/inputs.js';
import { runCosign } from '../env/cosign.js';
import { startReferrersRegistry } from '../env/referrers-registry.js';
import { loadTestEnv, registryCatalog, registryTags, type TestEnv } from '../env/test-env.js';
import { engineFor, removeImage } from '../integration/docker-helpers.js';
import { startFront } from '../integration/registry-helpers.js';
import { cleanUpRuns, expectOutcome, runSecrets, runTracked } from '../support/fault-run.js';
import { platformContext, platformInputs } from '../support/platform-context.js';
import { REPO_ROOT } from '../support/run-action.js';

const KEY_PASSWORD = 'csg-j17-key-password-canary';
const PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;
const INDEX = 'application/vnd.oci.image.index.v1+json';
let env: TestEnv;
let engine: DockerEngine;
let work: string;
let dockerConfig: string;
let key: string;
const builtImages = new Set<string>();
const fronts: { close(): Promise<void> }[] = [];

/** This branch's repositories: `csg-j17/<label>-<random>`. */
const repositoryFor = (label: string): string => `csg-j17/${label}-${randomBytes(4).toString('hex')}`;
const secrets = (): string[] => [...runSecrets(env), KEY_PASSWORD, ...secretLines(key).slice(1)];
const minimist = (): string => readFileSync(path.join(REPO_ROOT, 'fixtures', 'images', 'vulnerable', 'app', 'node_modules', 'minimist', 'package.json'), 'utf8');

beforeAll(async () => {
  env = loadTestEnv();
  engine = await engineFor(env);
  work = mkdtempSync(path.join(tmpdir(), 'csg-j17-attest-'));
  dockerConfig = path.join(work, 'docker');
  mkdirSync(dockerConfig);
  writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [env.registry]: { auth: Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64') } } }));
  const generated = runCosign(['generate-key-pair'], { dockerConfig, cwd: work, env: { COSIGN_PASSWORD: KEY_PASSWORD } });
  expect(generated.status, generated.stderr).toBe(0);
  key = readFileSync(path.join(work, 'cosign.key'), 'utf8');
});
afterEach(() => cleanUpRuns());
afterAll(async () => {
  for (const front of fronts) await front.close();
  for (const id of builtImages) await removeImage(engine.docker, id);
  rmSync(work, { recursive: true, force: true });
});

function cosign(args: string[]) {
  return runCosign([...args, '--allow-http-registry', '--allow-insecure-registry'], { dockerConfig, cwd: work });
}

/** `cosign verify-attestation` with the test key and no transparency log; the verified statement. */
function verifiedStatement(reference: string, type: string): { subject: { digest: { sha256: string } }[]; predicate: Record<string, unknown> } {
  const verified = cosign(['verify-attestation', '--key', path.join(work, 'cosign.pub'), '--insecure-ignore-tlog', '--type', type, reference]);
  expect(verified.status, `${reference} --type ${type}: ${verified.stderr}`).toBe(0);
  return JSON.parse(Buffer.from((JSON.parse(verified.stdout.trim().split('\n')[0]!) as { payload: string }).payload, 'base64').toString()) as never;
}

async function registryRequest(pathname: string, init: { method?: string; accept?: string; body?: string; contentType?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64')}` };
  if (init.accept) headers.accept = init.accept;
  if (init.contentType) headers['content-type'] = init.contentType;
  return fetch(`http://${env.registry}/v2/${pathname}`, { method: init.method ?? 'GET', headers, ...(init.body && { body: init.body }) });
}

function rememberImages(run: { outputs: Record<string, string | undefined> }): Record<string, { digest?: string; 'image-id': string }> {
  const platforms = JSON.parse(run.outputs['platform-digests'] || '{}') as Record<string, { digest?: string; 'image-id': string }>;
  for (const p of Object.values(platforms)) builtImages.add(p['image-id']);
  return platforms;
}

describe('platforms with attest: key', () => {
  it('attaches SBOM, vuln and verdict to each platform manifest and verdict and vuln to the index; cosign verifies all before the tags', { timeout: 400_000 }, async () => {
    const repository = repositoryFor('attest');
    const image = `${env.registry}/${repository}`;
    const run = await runTracked({ inputs: { ...platformInputs(env, repository, platformContext(env)), attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD } });
    const platforms = rememberImages(run);
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', secrets: secrets() });
    const index = run.outputs.digest!;
    expect(Object.keys(platforms).sort()).toEqual([...PLATFORMS]);

    // The tags name the index; next to every digest sit cosign's .att (and .sbom per platform).
    const expectedTags = ['v1', 'latest', attachmentTag(index, 'att')];
    for (const p of PLATFORMS) expectedTags.push(attachmentTag(platforms[p]!.digest!, 'att'), attachmentTag(platforms[p]!.digest!, 'sbom'));
    expect((await registryTags(env, repository)).sort()).toEqual(expectedTags.sort());
    const served = await registryRequest(`${repository}/manifests/v1`, { method: 'HEAD', accept: INDEX });
    expect(served.headers.get('docker-content-digest')).toBe(index);

    // Outputs: attestations keyed by platform and `index`; sbom the directory of one file per platform.
    const attestations = JSON.parse(run.outputs.attestations!) as Record<string, Record<string, string>>;
    expect(Object.keys(attestations).sort()).toEqual(['index', ...PLATFORMS]);
    for (const key of Object.keys(attestations)) expect(Object.keys(attestations[key]!).sort()).toEqual([COSIGN_VULN_PREDICATE_TYPE, GATE_VERDICT_PREDICATE_TYPE].sort());
    expect(readdirSync(run.outputs.sbom!).sort()).toEqual(['linux-amd64.cdx.json', 'linux-arm64.cdx.json']);

    for (const platform of PLATFORMS) {
      const { digest, 'image-id': imageId } = platforms[platform] as { digest: string; 'image-id': string };
      const verdict = verifiedStatement(`${image}@${digest}`, GATE_VERDICT_PREDICATE_TYPE);
      expect(verdict.subject[0]!.digest.sha256).toBe(digest.replace('sha256:', ''));
      expect(verdict.predicate).toMatchObject({ verdict: 'pass', platform, image: { id: imageId, digest } });
      const vuln = verifiedStatement(`${image}@${digest}`, 'vuln');
      expect(vuln.subject[0]!.digest.sha256).toBe(digest.replace('sha256:', ''));
      // The vuln result is this platform's own scan, by the image ID that was pushed.
      expect((vuln.predicate.scanner as { result: { Metadata: { ImageID: string } } }).result.Metadata.ImageID).toBe(imageId);

      const sbom = cosign(['download', 'sbom', `${image}@${digest}`]);
      expect(sbom.status, sbom.stderr).toBe(0);
      expect(JSON.parse(sbom.stdout)).toEqual(JSON.parse(readFileSync(path.join(run.outputs.sbom!, `${platform.replace('/', '-')}.cdx.json`), 'utf8')));
    }

    // The index (what an admission controller resolves from a tag): the run's verdict over both platforms.
    const onIndex = verifiedStatement(`${image}@${index}`, GATE_VERDICT_PREDICATE_TYPE);
    expect(onIndex.subject[0]!.digest.sha256).toBe(index.replace('sha256:', ''));
    expect(onIndex.predicate).toMatchObject({
      verdict: 'pass',
      image: { digest: index },
      platforms: PLATFORMS.map((platform) => ({ platform, digest: platforms[platform]!.digest, imageId: platforms[platform]!['image-id'] })),
    });
    const indexVuln = verifiedStatement(`${image}@${index}`, 'vuln');
    // Its result covers every platform, each by the image ID that was scanned.
    expect((indexVuln.predicate.scanner as { result: { Platforms: unknown } }).result.Platforms).toEqual(
      PLATFORMS.map((platform) => ({ Platform: platform, ImageID: platforms[platform]!['image-id'] })),
    );

  });

  it('where the registry serves the OCI 1.1 referrers API, cosign verifies each platform digest and the index the same way', { timeout: 300_000 }, async () => {
    const server = await startReferrersRegistry({ username: env.registryUser, password: env.registryPassword });
    fronts.push(server);
    const auth = Buffer.from(`${env.registryUser}:${env.registryPassword}`).toString('base64');
    writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [env.registry]: { auth }, [server.address]: { auth } } }));
    const repository = repositoryFor('referrers');
    const image = `${server.address}/${repository}`;
    const run = await runTracked({ inputs: { ...platformInputs(env, repository, platformContext(env)), image, attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD } });
    const platforms = rememberImages(run);
    await expectOutcome(env, run, { verdict: 'pass', reason: 'passed', secrets: secrets() });
    expect(run.stdout).toContain('as OCI 1.1 referrers');
    const index = run.outputs.digest!;
    for (const platform of PLATFORMS) {
      const { digest, 'image-id': imageId } = platforms[platform] as { digest: string; 'image-id': string };
      expect(verifiedStatement(`${image}@${digest}`, GATE_VERDICT_PREDICATE_TYPE).predicate).toMatchObject({ platform, image: { id: imageId, digest } });
      verifiedStatement(`${image}@${digest}`, 'vuln');
    }
    expect(verifiedStatement(`${image}@${index}`, GATE_VERDICT_PREDICATE_TYPE).predicate).toMatchObject({ image: { digest: index }, platforms: PLATFORMS.map((platform) => ({ platform })) });
    verifiedStatement(`${image}@${index}`, 'vuln');
  });

  it('a failed platform attaches nothing anywhere and creates no tag', { timeout: 300_000 }, async () => {
    const repository = repositoryFor('attest-fail');
    const context = platformContext(env, { arm64Files: { 'node_modules/minimist/package.json': minimist() } });
    const run = await runTracked({ inputs: { ...platformInputs(env, repository, context), attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD } });
    rememberImages(run);
    await expectOutcome(env, run, { verdict: 'fail', reason: 'vulnerable', repository, secrets: secrets() });
    expect(await registryCatalog(env)).not.toContain(repository);
    expect(run.outputs.attestations).toBe('{}');
    expect(run.outputs.sbom).toBe('');
  });
  it('when the index attestation is refused: attest-error, the index exists by digest only, no tag', { timeout: 300_000 }, async () => {
    // Manifests PUT by digest: the two platforms', then the index's; its `.att` is refused.
    const byDigest: string[] = [];
    const front = await startFront(env.registry, {
      fail: (request) => {
        const put = request.method === 'PUT' ? /\/manifests\/(sha256:[0-9a-f]{64})$/.exec(request.url) : null;
        if (put) byDigest.push(put[1]!);
        const index = byDigest[2];
        return request.method === 'PUT' && index !== undefined && request.url.endsWith(`/manifests/${index.replace(':', '-')}.att`);
      },
    });
    fronts.push(front);
    const repository = repositoryFor('attest-refused');
    const run = await runTracked({
      inputs: { ...platformInputs(env, repository, platformContext(env)), image: `${front.address}/${repository}`, attest: 'key', 'attest-key': key, 'attest-key-password': KEY_PASSWORD },
    });
    rememberImages(run);
    await expectOutcome(env, run, { verdict: 'error', reason: 'attest-error', secrets: secrets() });
    expect(run.outputs.digest).toBe('');
    const index = byDigest[2]!;
    expect((await registryRequest(`${repository}/manifests/${index}`, { method: 'HEAD', accept: INDEX })).status).toBe(200);
    // Only cosign's attachment tags of the two platforms exist: nothing names the index.
    const tags = await registryTags(env, repository);
    expect(tags.filter((t) => !/^sha256-[0-9a-f]{64}\.(att|sbom)$/.test(t))).toEqual([]);
    expect(tags).not.toContain(`${index.replace(':', '-')}.att`);
    expect(run.outputs.attestations).toBe('{}');
  });
});

describe('mode: summary over a published index', () => {
  it('without platforms scans every platform the index names (skipping unknown/unknown); with platforms only those', { timeout: 500_000 }, async () => {
    const repository = repositoryFor('summary');
    // Published with fail-on: none: the arm64 image holds the CRITICAL minimist.
    const publish = await runTracked({ inputs: { ...platformInputs(env, repository, platformContext(env, { arm64Files: { 'node_modules/minimist/package.json': minimist() } })), tags: 'latest', 'fail-on': 'none' } });
    rememberImages(publish);
    await expectOutcome(env, publish, { verdict: 'pass', reason: 'passed' });

    // BuildKit's layout: the same index plus an `unknown/unknown` attestation manifest.
    const index = JSON.parse(Buffer.from(await (await registryRequest(`${repository}/manifests/latest`, { accept: INDEX })).arrayBuffer()).toString()) as { manifests: Record<string, unknown>[] };
    const amd64 = index.manifests[0]!;
    index.manifests.push({ ...amd64, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': amd64.digest } });
    const put = await registryRequest(`${repository}/manifests/buildx`, { method: 'PUT', body: JSON.stringify(index), contentType: INDEX });
    expect(put.status, await put.text()).toBe(201);

    const summaryInputs = { ...platformInputs(env, repository, platformContext(env)), mode: 'summary', push: 'auto', platforms: '' };
    for (const tag of ['latest', 'buildx']) {
      const summary = await runTracked({ inputs: { ...summaryInputs, 'baseline-tag': tag } });
      await expectOutcome(env, summary, { verdict: 'fail', reason: 'vulnerable' });
      const log = `${summary.stdout}\n${summary.stderr}`;
      expect(log).toContain(`is an image index: summarising linux/amd64, linux/arm64`);
      expect(log).toMatch(/--platform linux\/amd64/);
      expect(log).toMatch(/--platform linux\/arm64/);
      expect(log).not.toMatch(/--platform unknown/);
      expect(log).toMatch(/linux\/arm64: 1 finding at a fail-on severity \(1 CRITICAL\)/);
      expect(summary.summary).toContain('linux/arm64');
    }

    // platforms set: only those are scanned (amd64 is clean).
    const amd64Only = await runTracked({ inputs: { ...summaryInputs, platforms: 'linux/amd64' } });
    await expectOutcome(env, amd64Only, { verdict: 'pass', reason: 'passed' });
    expect(`${amd64Only.stdout}`).not.toMatch(/--platform linux\/arm64/);

  });
});
