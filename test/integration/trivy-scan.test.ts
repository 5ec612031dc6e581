import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbCache } from '../../src/adapters/cache/db-cache.js';
import { createTrivyScanner, type TrivyScannerConfig } from '../../src/adapters/trivy/scanner.js';
import { GateError } from '../../src/domain/gate-error.js';
import {
  buildDbDownloadArgs,
  buildFilesystemScanArgs,
  buildImageScanArgs,
  type TrivyScanOptions,
} from '../../src/domain/trivy-args.js';
import type { TrivyReport } from '../../src/domain/trivy-report.js';
import { copyFixtureContext, loadTestEnv, type TestEnv } from '../env/test-env.js';

/*
 * The real Trivy v0.74.0 against the fixture DB (test env), the local Docker engine and
 * HTTP servers on 127.0.0.1 standing in for DB registries (rate limiting, hanging, serving).
 */

const execFileAsync = promisify(execFile);
const env: TestEnv = loadTestEnv();
const root = mkdtempSync(path.join(tmpdir(), 'csg-trivy-scan-'));
const builtTags: string[] = [];
const servers: http.Server[] = [];

interface Logged {
  info: string[];
  warning: string[];
}

/** A private copy of the fixture DB: Trivy must never write into the shared one. */
function fixtureCacheDir(name: string): string {
  const dir = path.join(root, name);
  cpSync(path.join(env.trivyCacheDir, 'db'), path.join(dir, 'db'), { recursive: true });
  return dir;
}

function emptyDir(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function scannerFor(
  overrides: Partial<TrivyScannerConfig> & { cacheDir: string },
): { scanner: ReturnType<typeof createTrivyScanner>; logged: Logged; sleeps: number[] } {
  const logged: Logged = { info: [], warning: [] };
  const sleeps: number[] = [];
  const scanner = createTrivyScanner({
    trivyPath: env.trivyPath,
    timeoutSeconds: 120,
    scanners: ['vuln', 'secret', 'misconfig'],
    dbRepositories: ['127.0.0.1:1/nothing:2'],
    skipDbUpdate: true,
    workDir: path.join(root, `work-${randomBytes(4).toString('hex')}`),
    log: { info: (l) => logged.info.push(l), warning: (l) => logged.warning.push(l) },
    dockerHost: env.dockerHost,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  return { scanner, logged, sleeps };
}

async function gateError(promise: Promise<unknown>): Promise<GateError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
    return error as GateError;
  }
  throw new Error('expected a GateError');
}

const vulnerabilities = (report: TrivyReport) =>
  report.Results.flatMap((r) => r.Vulnerabilities.map((v) => `${v.PkgName}@${v.InstalledVersion} ${v.VulnerabilityID} ${v.Severity}`)).sort();

/** `docker build` of a context, as the test environment prescribes: BuildKit, no network. */
function dockerBuild(contextDir: string): { tag: string; id: string } {
  const tag = `csg-trivy-scan-test:${randomBytes(6).toString('hex')}`;
  const iidFile = path.join(root, `${randomBytes(4).toString('hex')}.iid`);
  execFileSync(env.dockerCli, ['build', '--network', 'none', '-t', tag, '--iidfile', iidFile, contextDir], {
    env: { ...process.env, DOCKER_BUILDKIT: '1', DOCKER_HOST: env.dockerHost },
    stdio: 'pipe',
  });
  builtTags.push(tag);
  return { tag, id: readFileSync(iidFile, 'utf8').trim() };
}

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A registry that only ever answers 429 TOOMANYREQUESTS, like a rate-limited mirror. */
async function rateLimitedRegistry(): Promise<{ host: string; requests: () => number }> {
  let requests = 0;
  const host = await listen((_req, res) => {
    requests += 1;
    res.writeHead(429, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }] }));
  });
  return { host, requests: () => requests };
}

/** A registry that accepts the connection and never answers. */
async function hangingRegistry(): Promise<string> {
  return listen(() => undefined);
}

/**
 * A minimal OCI registry serving the fixture DB as Trivy's DB artifact
 * (single layer, application/vnd.aquasec.trivy.db.layer.v1.tar+gzip, title db.tar.gz).
 */
async function dbRegistry(): Promise<{ host: string; requests: string[] }> {
  const layerFile = path.join(root, `db-${randomBytes(4).toString('hex')}.tar.gz`);
  execFileSync('tar', ['-czf', layerFile, '-C', path.join(env.trivyCacheDir, 'db'), 'trivy.db', 'metadata.json']);
  const layer = readFileSync(layerFile);
  const config = Buffer.from('{}');
  const digest = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.aquasec.trivy.config.v1+json', digest: digest(config), size: config.length },
      layers: [
        {
          mediaType: 'application/vnd.aquasec.trivy.db.layer.v1.tar+gzip',
          digest: digest(layer),
          size: layer.length,
          annotations: { 'org.opencontainers.image.title': 'db.tar.gz' },
        },
      ],
    }),
  );
  const blobs = new Map([
    [digest(layer), layer],
    [digest(config), config],
  ]);
  const requests: string[] = [];
  const host = await listen((req, res) => {
    const url = req.url ?? '';
    requests.push(`${req.method} ${url}`);
    if (url === '/v2/') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      return;
    }
    if (/^\/v2\/.+\/manifests\/2$/.test(url)) {
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'docker-content-digest': digest(manifest),
        'content-length': manifest.length,
      });
      res.end(req.method === 'HEAD' ? undefined : manifest);
      return;
    }
    const blob = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url)?.[1];
    const body = blob === undefined ? undefined : blobs.get(blob);
    if (body !== undefined) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'NOT_FOUND', message: 'not found' }] }));
  });
  return { host, requests };
}

/** Stands in for the cache service: remembers what was saved, restores it into the next dir. */
function memoryDbCache(seed?: string): DbCache & { saved: string[]; restored: string[] } {
  let stored = seed;
  const saved: string[] = [];
  const restored: string[] = [];
  return {
    saved,
    restored,
    restore(dir) {
      restored.push(dir);
      if (stored === undefined) return Promise.resolve(false);
      cpSync(path.join(stored, 'db'), path.join(dir, 'db'), { recursive: true });
      return Promise.resolve(true);
    },
    save(dir) {
      saved.push(dir);
      stored = fixtureSnapshot(dir);
      return Promise.resolve();
    },
  };
}

function fixtureSnapshot(dir: string): string {
  const copy = path.join(root, `snapshot-${randomBytes(4).toString('hex')}`);
  cpSync(path.join(dir, 'db'), path.join(copy, 'db'), { recursive: true });
  return copy;
}

beforeAll(() => {
  // Fail fast with a clear message if the environment is not there.
  execFileSync(env.trivyPath, ['--version']);
});

afterAll(async () => {
  for (const server of servers) server.close();
  for (const tag of builtTags) {
    // Untag only what this file built; the same content may back other tests' images.
    await execFileAsync(env.dockerCli, ['rmi', tag], { env: { ...process.env, DOCKER_HOST: env.dockerHost } }).catch(() => undefined);
  }
  rmSync(root, { recursive: true, force: true });
});

describe('the argument builders against the real binary', () => {
  const options: TrivyScanOptions = {
    cacheDir: '/c',
    timeoutSeconds: 1,
    scanners: ['vuln'],
    outputFile: '/o',
    server: 'http://s',
    ignoreFile: '/i',
    skipDbUpdate: true,
  };
  const commands: [string, string[]][] = [
    ['image', buildDbDownloadArgs({ repository: 'r:2', cacheDir: '/c', timeoutSeconds: 1 })],
    ['fs', buildFilesystemScanArgs({ ...options, target: '/x' })],
    ['image', buildImageScanArgs({ ...options, dockerHost: 'unix:///d', image: 'i' })],
  ];

  it.each(commands)('trivy %s knows every flag we pass', (command, args) => {
    const help = execFileSync(env.trivyPath, [command, '--help'], { encoding: 'utf8' });
    const flags = args.filter((a) => a.startsWith('--') && a !== '--');
    expect(flags.length).toBeGreaterThan(5);
    for (const flag of flags) expect(help, flag).toMatch(new RegExp(`\\s${flag}\\b`));
  });
});

describe('offline', () => {
  let hasStrace = true;
  try {
    execFileSync('strace', ['-V'], { stdio: 'pipe' });
  } catch {
    hasStrace = false;
  }

  it.skipIf(!hasStrace)('a scan with our flags opens no network connection at all', () => {
    const context = copyFixtureContext(env, 'vulnerable');
    try {
      const trace = path.join(root, 'connect.trace');
      const args = buildFilesystemScanArgs({
        cacheDir: fixtureCacheDir('strace'),
        timeoutSeconds: 60,
        scanners: ['vuln', 'secret', 'misconfig'],
        outputFile: path.join(root, 'strace.json'),
        skipDbUpdate: false,
        target: context.dir,
      });
      execFileSync('strace', ['-f', '-e', 'trace=connect', '-o', trace, env.trivyPath, ...args], { stdio: 'pipe', cwd: root });
      const connects = readFileSync(trace, 'utf8').split('\n').filter((l) => l.includes('connect('));
      expect(connects.filter((l) => /AF_INET6?\b/.test(l))).toEqual([]);
    } finally {
      context.cleanup();
    }
  });
});

describe('scanFilesystem with the fixture DB', () => {
  it('finds the fixture vulnerabilities in the build context', async () => {
    const context = copyFixtureContext(env, 'vulnerable');
    try {
      const { scanner, logged } = scannerFor({ cacheDir: fixtureCacheDir('fs-vuln') });
      await scanner.prepareDatabase();
      const report = await scanner.scanFilesystem(context.dir);
      expect(report.SchemaVersion).toBe(2);
      expect(report.ArtifactType).toBe('filesystem');
      expect(vulnerabilities(report)).toEqual([
        'cookie@0.6.0 CVE-2024-47764 LOW',
        'lodash@4.17.20 CVE-2020-28500 MEDIUM',
        'lodash@4.17.20 CVE-2021-23337 HIGH',
        'minimist@1.2.5 CVE-2021-44906 CRITICAL',
      ]);
      // Trivy's log reached our logger, line by line.
      expect(logged.info.some((l) => l.includes('[npm] Detecting vulnerabilities'))).toBe(true);
    } finally {
      context.cleanup();
    }
  });

  it('reports secrets and Dockerfile misconfigurations, offline, with the embedded checks', async () => {
    const context = copyFixtureContext(env, 'secret');
    try {
      // No USER and no HEALTHCHECK: DS-0002 and DS-0026 of Trivy's built-in Dockerfile checks.
      writeFileSync(path.join(context.dir, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY app/ /app/\n');
      const cacheDir = fixtureCacheDir('fs-secret');
      const { scanner } = scannerFor({ cacheDir });
      const report = await scanner.scanFilesystem(context.dir);
      const secrets = report.Results.flatMap((r) => r.Secrets.map((s) => `${r.Target} ${s.RuleID} ${s.Severity}`));
      expect(secrets).toEqual(['app/config.env github-pat CRITICAL']);
      const failed = report.Results.flatMap((r) => r.Misconfigurations.filter((m) => m.Status === 'FAIL').map((m) => m.ID));
      expect(failed).toEqual(expect.arrayContaining(['DS-0002', 'DS-0026']));
      // The secret itself is masked in the report.
      expect(JSON.stringify(report)).not.toContain('ghp_CSGfakeFixtureTokenNotReal');
      // Nothing but the DB lives in the cache dir: no checks bundle, no scan cache.
      expect(execFileSync('ls', [cacheDir], { encoding: 'utf8' }).trim()).toBe('db');
    } finally {
      context.cleanup();
    }
  });

  it('applies only the ignore file it is given, never one from a repository', async () => {
    const context = copyFixtureContext(env, 'vulnerable');
    try {
      writeFileSync(path.join(context.dir, '.trivyignore'), 'CVE-2021-44906\n');
      const { scanner: plain } = scannerFor({ cacheDir: fixtureCacheDir('fs-ignore-1') });
      expect(vulnerabilities(await plain.scanFilesystem(context.dir))).toContain('minimist@1.2.5 CVE-2021-44906 CRITICAL');

      const { scanner: withIgnore } = scannerFor({
        cacheDir: fixtureCacheDir('fs-ignore-2'),
        ignoreFile: path.join(context.dir, '.trivyignore'),
      });
      expect(vulnerabilities(await withIgnore.scanFilesystem(context.dir))).not.toContain('minimist@1.2.5 CVE-2021-44906 CRITICAL');
    } finally {
      context.cleanup();
    }
  });

  it('TRIVY_* variables of the runner do not change what is reported', async () => {
    const context = copyFixtureContext(env, 'vulnerable');
    const saved = process.env.TRIVY_SEVERITY;
    process.env.TRIVY_SEVERITY = 'CRITICAL';
    try {
      const { scanner } = scannerFor({ cacheDir: fixtureCacheDir('fs-env') });
      expect(vulnerabilities(await scanner.scanFilesystem(context.dir))).toHaveLength(4);
    } finally {
      if (saved === undefined) delete process.env.TRIVY_SEVERITY;
      else process.env.TRIVY_SEVERITY = saved;
      context.cleanup();
    }
  });
});

describe('scanImage of a freshly built image', () => {
  it('scans the exact image from the local engine, by ID and by tag', async () => {
    const context = copyFixtureContext(env, 'vulnerable');
    try {
      const image = dockerBuild(context.dir);
      const { scanner } = scannerFor({ cacheDir: fixtureCacheDir('image') });
      for (const ref of [image.id, image.tag]) {
        const report = await scanner.scanImage({ ref, id: image.id });
        expect(report.ArtifactType).toBe('container_image');
        expect(report.Metadata?.ImageID).toBe(image.id);
        expect(report.Metadata?.ImageConfig?.config?.User).toBe('65534:65534');
        expect(vulnerabilities(report)).toEqual([
          'cookie@0.6.0 CVE-2024-47764 LOW',
          'lodash@4.17.20 CVE-2020-28500 MEDIUM',
          'lodash@4.17.20 CVE-2021-23337 HIGH',
          'minimist@1.2.5 CVE-2021-44906 CRITICAL',
        ]);
      }
    } finally {
      context.cleanup();
    }
  });

  it('scans the export archive a push will upload: the report names the image and finds what the engine scan finds', async () => {
    const context = copyFixtureContext(env, 'vulnerable');
    try {
      const image = dockerBuild(context.dir);
      const dir = mkdtempSync(path.join(root, 'export-'));
      const archive = path.join(dir, image.id);
      execFileSync(env.dockerCli, ['save', '-o', archive, image.id], { env: { ...process.env, DOCKER_HOST: env.dockerHost } });
      const { scanner, logged } = scannerFor({ cacheDir: fixtureCacheDir('image-archive') });
      const fromArchive = await scanner.scanImage({ ref: image.id, id: image.id, archive });
      const fromEngine = await scanner.scanImage({ ref: image.id, id: image.id });
      expect(logged.info.some((line) => line.includes(`--input ${image.id}`))).toBe(true);
      expect(fromArchive.Metadata?.ImageID).toBe(image.id);
      // No temporary path in what the reports show: the artifact and its OS result are named by the ID.
      expect(fromArchive.ArtifactName).toBe(image.id);
      expect(fromArchive.Results?.map((r) => r.Target)).toEqual(fromEngine.Results?.map((r) => r.Target));
      expect(JSON.stringify(fromArchive)).not.toContain(dir);
      expect(vulnerabilities(fromArchive)).toEqual(vulnerabilities(fromEngine));
      expect(vulnerabilities(fromArchive)).toHaveLength(4);
    } finally {
      context.cleanup();
    }
  });

  it('refuses an export archive of another image than the one built', async () => {
    const vulnerable = copyFixtureContext(env, 'vulnerable');
    const secret = copyFixtureContext(env, 'secret');
    try {
      const a = dockerBuild(vulnerable.dir);
      const b = dockerBuild(secret.dir);
      const archive = path.join(mkdtempSync(path.join(root, 'export-')), b.id);
      execFileSync(env.dockerCli, ['save', '-o', archive, a.id], { env: { ...process.env, DOCKER_HOST: env.dockerHost } });
      const { scanner } = scannerFor({ cacheDir: fixtureCacheDir('image-archive-mismatch') });
      const error = await gateError(scanner.scanImage({ ref: b.id, id: b.id, archive }));
      expect(error.reason).toBe('scan-error');
      expect(error.message).toContain(`not the built image ${b.id}`);
    } finally {
      vulnerable.cleanup();
      secret.cleanup();
    }
  });

  it('refuses a report about another image than the one built', async () => {
    const vulnerable = copyFixtureContext(env, 'vulnerable');
    const secret = copyFixtureContext(env, 'secret');
    try {
      const a = dockerBuild(vulnerable.dir);
      const b = dockerBuild(secret.dir);
      expect(a.id).not.toBe(b.id);
      const { scanner } = scannerFor({ cacheDir: fixtureCacheDir('image-mismatch') });
      const error = await gateError(scanner.scanImage({ ref: a.tag, id: b.id }));
      expect(error.reason).toBe('scan-error');
      expect(error.message).toContain(`not the built image ${b.id}`);
    } finally {
      vulnerable.cleanup();
      secret.cleanup();
    }
  });

  it('an image the engine does not have is image-not-found', async () => {
    const { scanner } = scannerFor({ cacheDir: fixtureCacheDir('image-missing') });
    const missing = `sha256:${'0'.repeat(64)}`;
    const error = await gateError(scanner.scanImage({ ref: missing, id: missing }));
    expect(error.reason).toBe('image-not-found');
    expect(error.details.join('\n')).toContain('No such image');
  });

  it('an engine that does not answer in time is a timeout', async () => {
    const engine = await hangingRegistry();
    const { scanner } = scannerFor({ cacheDir: fixtureCacheDir('image-timeout'), dockerHost: `tcp://${engine}`, timeoutSeconds: 2 });
    const id = `sha256:${'1'.repeat(64)}`;
    const error = await gateError(scanner.scanImage({ ref: id, id }));
    expect(error.reason).toBe('timeout');
    expect(error.remedy).toContain("'timeout'");
  });
});

describe('a missing vulnerability DB', () => {
  it('skip-db-update with an empty cache dir fails before scanning, and Trivy agrees', async () => {
    const { scanner } = scannerFor({ cacheDir: emptyDir('no-db'), skipDbUpdate: true });
    const early = await gateError(scanner.prepareDatabase());
    expect(early.reason).toBe('scan-error');
    expect(early.message).toContain('no Trivy DB');

    // Without the early check, Trivy's own refusal is classified the same way.
    const context = copyFixtureContext(env, 'clean');
    try {
      const late = await gateError(scanner.scanFilesystem(context.dir));
      expect(late.reason).toBe('scan-error');
      expect(late.message).toContain('no usable vulnerability DB');
      expect(late.details.join('\n')).toContain('--skip-db-update cannot be specified on the first run');
    } finally {
      context.cleanup();
    }
  });

  it('an unreachable db-repository is db-download, without pointless retries', async () => {
    const cache = memoryDbCache();
    const { scanner, sleeps } = scannerFor({ cacheDir: emptyDir('unreachable'), skipDbUpdate: false, cache });
    const error = await gateError(scanner.prepareDatabase());
    expect(error.reason).toBe('db-download');
    expect(error.message).toContain('127.0.0.1:1/nothing:2 (1 try)');
    expect(error.details.join('\n')).toContain('connection refused');
    expect(sleeps).toEqual([]);
    expect(cache.saved).toEqual([]);
  });
});

describe('prepareDatabase', () => {
  it('retries a rate-limited repository with backoff, then falls back to the next one, then saves', async () => {
    const limited = await rateLimitedRegistry();
    const good = await dbRegistry();
    const cache = memoryDbCache();
    const cacheDir = emptyDir('fallback');
    const { scanner, sleeps, logged } = scannerFor({
      cacheDir,
      skipDbUpdate: false,
      cache,
      dbRepositories: [`${limited.host}/trivy-db:2`, `${good.host}/trivy-db:2`],
      retryDelaysMs: [1_000, 4_000],
    });
    await scanner.prepareDatabase();
    // Once per job: a second call reuses the first.
    await scanner.prepareDatabase();

    expect(sleeps).toEqual([1_000, 4_000]);
    expect(limited.requests()).toBeGreaterThanOrEqual(3);
    expect(good.requests.some((r) => r.includes('/blobs/'))).toBe(true);
    expect(logged.warning.filter((l) => l.includes('rate limiting'))).toHaveLength(3);
    expect(logged.info).toContain(`Trivy DB: downloaded from ${good.host}/trivy-db:2`);
    expect(cache.restored).toEqual([cacheDir]);
    expect(cache.saved).toEqual([cacheDir]);

    const context = copyFixtureContext(env, 'vulnerable');
    try {
      expect(vulnerabilities(await scanner.scanFilesystem(context.dir))).toHaveLength(4);
    } finally {
      context.cleanup();
    }
  }, 120_000);

  it('restores the cache before any network call: a fresh cached DB needs no registry', async () => {
    const cache = memoryDbCache(env.trivyCacheDir);
    const cacheDir = emptyDir('from-cache');
    const { scanner, sleeps, logged } = scannerFor({
      cacheDir,
      skipDbUpdate: false,
      cache,
      dbRepositories: ['127.0.0.1:1/nothing:2'],
    });
    await scanner.prepareDatabase();
    expect(sleeps).toEqual([]);
    expect(cache.restored).toEqual([cacheDir]);
    expect(logged.info).toContain(`Trivy DB: the DB in ${cacheDir} is current; nothing downloaded`);
  });

  it('a registry that never answers is stopped by our timer (Trivy does not time DB downloads out)', async () => {
    const host = await hangingRegistry();
    const { scanner, sleeps } = scannerFor({
      cacheDir: emptyDir('hanging'),
      skipDbUpdate: false,
      dbRepositories: [`${host}/trivy-db:2`],
      timeoutSeconds: 1,
      killMarginMs: 1_000,
      retryDelaysMs: [10],
    });
    const started = Date.now();
    const error = await gateError(scanner.prepareDatabase());
    expect(error.reason).toBe('db-download');
    expect(error.message).toContain('(2 tries): the download timed out');
    expect(sleeps).toEqual([10]);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('in client/server mode needs no local DB, and the scan uses the server', async () => {
    const port = (await listen(() => undefined)).split(':')[1];
    // Reserve a free port, then hand it to trivy server.
    for (const s of servers.splice(-1)) s.close();
    const serverCache = fixtureCacheDir('server-cache');
    const server = execFile(env.trivyPath, ['server', '--listen', `127.0.0.1:${port}`, '--cache-dir', serverCache, '--skip-db-update']);
    try {
      await waitForPort(Number(port));
      const localCache = emptyDir('client-cache');
      const { scanner } = scannerFor({ cacheDir: localCache, server: `http://127.0.0.1:${port}`, skipDbUpdate: false });
      await scanner.prepareDatabase();
      const context = copyFixtureContext(env, 'vulnerable');
      try {
        expect(vulnerabilities(await scanner.scanFilesystem(context.dir))).toHaveLength(4);
      } finally {
        context.cleanup();
      }
      expect(execFileSync('ls', ['-A', localCache], { encoding: 'utf8' }).trim()).toBe('');
    } finally {
      server.kill();
    }
  });

  it('an unreachable trivy-server is a scan-error naming it', async () => {
    const { scanner } = scannerFor({ cacheDir: emptyDir('no-server'), server: 'http://127.0.0.1:1' });
    await scanner.prepareDatabase();
    const context = copyFixtureContext(env, 'clean');
    try {
      const error = await gateError(scanner.scanFilesystem(context.dir));
      expect(error.reason).toBe('scan-error');
      expect(error.message).toContain('Trivy server http://127.0.0.1:1 could not be reached');
    } finally {
      context.cleanup();
    }
  });
});

describe('scanPublished', () => {
  it('a tag the registry does not have is undefined; a wrong password is registry-auth', async () => {
    const reference = `${env.registry}/csg-trivy-scan-test/none:${randomBytes(4).toString('hex')}`;
    const { scanner } = scannerFor({
      cacheDir: fixtureCacheDir('published'),
      registryAuth: { username: env.registryUser, password: env.registryPassword },
    });
    expect(await scanner.scanPublished(reference)).toBeUndefined();

    const { scanner: denied, logged } = scannerFor({
      cacheDir: fixtureCacheDir('published-denied'),
      registryAuth: { username: env.registryUser, password: 'wrong' },
    });
    const error = await gateError(denied.scanPublished(reference));
    expect(error.reason).toBe('registry-auth');
    // The password travels in Trivy's environment only, never in the log.
    expect([...logged.info, ...logged.warning].join('\n')).not.toContain(env.registryPassword);
  });
});

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`trivy server did not listen on ${port}`);
}
