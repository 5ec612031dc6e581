import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalLayerCache } from '../../src/adapters/cache/layer-cache.js';
import { createTrivyScanner } from '../../src/adapters/trivy/scanner.js';
import { buildImageScanArgs } from '../../src/domain/trivy-args.js';
import { parseTrivyReport, type TrivyReport } from '../../src/domain/trivy-report.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';

/*
 * Trivy's layer cache for image scans, with the real Trivy and engine: a changed layer is
 * analysed again (and its findings change), unchanged layers are loaded from the cache,
 * and a cached layer never hides a CVE the DB learns later (vulnerabilities are matched at
 * report time). Trivy's --debug log names every layer it analyses ("Missing diff ID in cache").
 */

const execFileAsync = promisify(execFile);
const NONCE = randomBytes(6).toString('hex');
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const MODULES = path.join(REPO_ROOT, 'fixtures', 'images', 'vulnerable', 'app', 'node_modules');

let env: TestEnv;
const root = mkdtempSync(path.join(tmpdir(), 'csg-i19-layers-'));
const tags: string[] = [];

beforeAll(() => {
  env = loadTestEnv();
});

afterAll(() => {
  for (const tag of tags) {
    try {
      execFileSync(env.dockerCli, ['rmi', '-f', tag], { env: { ...process.env, DOCKER_HOST: env.dockerHost }, stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  rmSync(root, { recursive: true, force: true });
});

/** FROM scratch: busybox, a base layer with minimist 1.2.5, and an app layer with the given packages. */
function buildImage(name: string, appModules: string[]): { id: string } {
  const dir = path.join(root, `ctx-${name}`);
  mkdirSync(path.join(dir, 'base', 'node_modules'), { recursive: true });
  cpSync(env.busybox, path.join(dir, 'busybox'));
  cpSync(path.join(MODULES, 'minimist'), path.join(dir, 'base', 'node_modules', 'minimist'), { recursive: true });
  for (const module of appModules) cpSync(path.join(MODULES, module), path.join(dir, 'app', 'node_modules', module), { recursive: true });
  writeFileSync(path.join(dir, 'nonce.txt'), NONCE);
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY nonce.txt /nonce.txt\nCOPY busybox /bin/busybox\nCOPY base/ /base/\nCOPY app/ /app/\n');
  const tag = `csg-i19/layer-cache-${name}:${NONCE}`;
  tags.push(tag);
  execFileSync(env.dockerCli, ['build', '--network', 'none', '-q', '-t', tag, dir], { env: { ...process.env, DOCKER_HOST: env.dockerHost, DOCKER_BUILDKIT: '1' }, stdio: 'ignore' });
  const id = execFileSync(env.dockerCli, ['image', 'inspect', '--format', '{{.Id}}', tag], { env: { ...process.env, DOCKER_HOST: env.dockerHost }, encoding: 'utf8' }).trim();
  return { id };
}

/** A Trivy cache dir whose DB is built from the fixture advisories minus `without`. */
function cacheDirWithDb(name: string, without: string[]): string {
  const builder = path.join(env.stateDir, 'bin', 'trivy-db-fixture');
  if (!existsSync(builder)) throw new Error(`${builder} is missing: run \`npm run test:env\` (it builds the fixture DB builder)`);
  const advisories = path.join(root, `advisories-${name}`);
  mkdirSync(advisories, { recursive: true });
  const source = path.join(REPO_ROOT, 'fixtures', 'advisories');
  for (const file of readdirSync(source)) if (file.endsWith('.json') && !without.some((w) => file.includes(w))) cpSync(path.join(source, file), path.join(advisories, file));
  const cacheDir = path.join(root, `cache-${name}`);
  execFileSync(builder, ['-advisories', advisories, '-out', path.join(cacheDir, 'db')], { stdio: 'ignore' });
  return cacheDir;
}

/** The gate's own image-scan command line (layer cache on), plus --debug to see which layers Trivy analyses. */
async function scanWithLayers(cacheDir: string, imageId: string): Promise<{ report: TrivyReport; analysedLayers: string[] }> {
  const output = path.join(root, `report-${randomBytes(4).toString('hex')}.json`);
  const args = buildImageScanArgs({
    cacheDir,
    timeoutSeconds: 120,
    scanners: ['vuln', 'secret'],
    outputFile: output,
    skipDbUpdate: true,
    scanCache: 'layers',
    dockerHost: env.dockerHost,
    image: imageId,
  });
  const { stderr } = await execFileAsync(env.trivyPath, ['--debug', ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const analysedLayers = [...stderr.matchAll(/Missing diff ID in cache.*?diff_id="?(sha256:[0-9a-f]{64})/g)].map((m) => m[1]!);
  return { report: parseTrivyReport(readFileSync(output, 'utf8'), output), analysedLayers };
}

function vulnerabilityIds(report: TrivyReport): string[] {
  return (report.Results ?? []).flatMap((r) => (r.Vulnerabilities ?? []).map((v) => `${v.PkgName}:${v.VulnerabilityID}`)).sort();
}

function diffIds(imageId: string): string[] {
  const out = execFileSync(env.dockerCli, ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', imageId], { env: { ...process.env, DOCKER_HOST: env.dockerHost }, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('Trivy layer cache for image scans', () => {
  it('analyses a changed layer again and loads the unchanged ones from the cache', async () => {
    const cacheDir = cacheDirWithDb('full', []);
    const a = buildImage('a', ['lodash']);
    const b = buildImage('b', ['cookie']);
    const layersA = diffIds(a.id);
    const layersB = diffIds(b.id);
    expect(layersA.slice(0, 3)).toEqual(layersB.slice(0, 3));
    expect(layersA[3]).not.toBe(layersB[3]);

    const first = await scanWithLayers(cacheDir, a.id);
    expect(new Set(first.analysedLayers)).toEqual(new Set(layersA));
    expect(existsSync(path.join(cacheDir, 'fanal', 'fanal.db'))).toBe(true);
    expect(vulnerabilityIds(first.report)).toEqual(expect.arrayContaining(['lodash:CVE-2020-28500', 'minimist:CVE-2021-44906']));

    // B shares three layers with A: only its app layer is analysed, and its findings are B's.
    const second = await scanWithLayers(cacheDir, b.id);
    expect(second.analysedLayers).toEqual([layersB[3]]);
    const idsB = vulnerabilityIds(second.report);
    expect(idsB).toContain('cookie:CVE-2024-47764');
    expect(idsB).toContain('minimist:CVE-2021-44906');
    expect(idsB.some((id) => id.startsWith('lodash:'))).toBe(false);

    // Nothing changed: nothing is analysed, the report is the same.
    const third = await scanWithLayers(cacheDir, b.id);
    expect(third.analysedLayers).toEqual([]);
    expect(vulnerabilityIds(third.report)).toEqual(idsB);
  }, 240_000);

  it('never hides a CVE the DB learns after the layer was cached', async () => {
    const cacheDir = cacheDirWithDb('before', ['minimist']);
    const image = buildImage('c', ['lodash']);
    const before = await scanWithLayers(cacheDir, image.id);
    expect(before.analysedLayers.length).toBe(4);
    expect(vulnerabilityIds(before.report).some((id) => id.startsWith('minimist:'))).toBe(false);

    // The DB gains the minimist advisory; the layers stay cached and are not analysed again.
    const updated = cacheDirWithDb('after', []);
    rmSync(path.join(cacheDir, 'db'), { recursive: true, force: true });
    cpSync(path.join(updated, 'db'), path.join(cacheDir, 'db'), { recursive: true });
    const after = await scanWithLayers(cacheDir, image.id);
    expect(after.analysedLayers).toEqual([]);
    expect(vulnerabilityIds(after.report)).toContain('minimist:CVE-2021-44906');
  }, 240_000);

  it('the scanner uses the layer cache for image scans only; the context scan stays in memory', async () => {
    const cacheDir = cacheDirWithDb('scanner', []);
    const image = buildImage('d', ['lodash']);
    const lines: string[] = [];
    const scanner = createTrivyScanner({
      trivyPath: env.trivyPath,
      cacheDir,
      timeoutSeconds: 120,
      scanners: ['vuln', 'secret'],
      dbRepositories: ['unused.invalid/db'],
      skipDbUpdate: true,
      workDir: path.join(root, 'work'),
      log: { info: (line) => lines.push(line), warning: (line) => lines.push(line) },
      dockerHost: env.dockerHost,
      layerCache: createLocalLayerCache(),
    });
    await scanner.prepareDatabase();
    const [fsReport, imageReport] = await Promise.all([scanner.scanFilesystem(path.join(root, 'ctx-d')), scanner.scanImage({ ref: image.id, id: image.id })]);
    expect(vulnerabilityIds(imageReport)).toContain('minimist:CVE-2021-44906');
    expect(fsReport).toBeDefined();
    const commands = lines.filter((line) => line.startsWith('trivy '));
    expect(commands.find((c) => c.startsWith('trivy image'))).toContain('--cache-backend fs');
    expect(commands.find((c) => c.startsWith('trivy fs'))).toContain('--cache-backend memory');
    expect(existsSync(path.join(cacheDir, 'fanal', 'fanal.db'))).toBe(true);
  }, 240_000);

  it('jobs sharing one trivy-cache-dir never wait on each other for the cache lock', async () => {
    const cacheDir = cacheDirWithDb('shared', []);
    const image = buildImage('e', ['lodash']);
    const scanners = [1, 2, 3].map((n) =>
      createTrivyScanner({
        trivyPath: env.trivyPath,
        cacheDir,
        timeoutSeconds: 120,
        scanners: ['vuln', 'secret'],
        dbRepositories: ['unused.invalid/db'],
        skipDbUpdate: true,
        workDir: path.join(root, `work-shared-${n}`),
        log: { info: () => undefined, warning: () => undefined },
        dockerHost: env.dockerHost,
        layerCache: createLocalLayerCache(),
      }),
    );
    await scanWithLayers(cacheDir, image.id);
    // Another job holds the kept fanal.db (as a scan would): Trivy gives up on a locked one
    // after 5 s, so scans that opened it in place would fail here.
    const holder = spawn('flock', ['-x', path.join(cacheDir, 'fanal', 'fanal.db'), 'sleep', '60'], { stdio: 'ignore' });
    try {
      await new Promise((done) => setTimeout(done, 300));
      await expect(scanWithLayers(cacheDir, image.id)).rejects.toThrow(/in use by another process|timeout/i);
      const reports = await Promise.all(scanners.map((scanner) => scanner.scanImage({ ref: image.id, id: image.id })));
      for (const report of reports) expect(vulnerabilityIds(report)).toContain('minimist:CVE-2021-44906');
    } finally {
      holder.kill();
    }
    expect(existsSync(path.join(cacheDir, 'fanal', 'fanal.db'))).toBe(true);
    // The kept cache serves the next scan without analysing anything.
    expect((await scanWithLayers(cacheDir, image.id)).analysedLayers).toEqual([]);
  }, 240_000);
});
