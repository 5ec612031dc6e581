import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tc from '@actions/tool-cache';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installTrivy, type TrivyInstallDeps, type TrivyInstallRequest } from '../../src/adapters/trivy/install.js';
import { trivyReleaseIdentity } from '../../src/adapters/trivy/sigstore-bundle.js';
import { GateError } from '../../src/domain/gate-error.js';
import { createSigstoreWorld, type SigstoreWorld } from '../support/sigstore-fixtures.js';

// Release-shaped archives served from 127.0.0.1: a `trivy` shell script that answers
// `--version` like the real binary, packed the way goreleaser packs Trivy.

const VERSION = '0.67.2';
const LINUX_ASSET = `trivy_${VERSION}_Linux-64bit.tar.gz`;
const WINDOWS_ASSET = `trivy_${VERSION}_windows-64bit.zip`;
const CHECKSUMS = `trivy_${VERSION}_checksums.txt`;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const hasCommand = (name: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

function trivyScript(reportedVersion: string): string {
  return [
    '#!/bin/sh',
    'if [ "$1" = "--version" ]; then',
    `  echo "Version: ${reportedVersion}"`,
    '  echo "Vulnerability DB:"',
    '  echo "  Version: 2"',
    '  exit 0',
    'fi',
    'exit 3',
    '',
  ].join('\n');
}

let scratch: string;

/** A goreleaser-shaped archive: the binary at the top level beside README.md and LICENSE. */
async function buildArchive(kind: 'tar.gz' | 'zip', files: Record<string, string>): Promise<Buffer> {
  const dir = await mkdtemp(join(scratch, 'archive-'));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), content);
    await chmod(join(dir, name), name.startsWith('trivy') ? 0o755 : 0o644);
  }
  const out = join(dir, `out.${kind}`);
  const names = Object.keys(files);
  if (kind === 'tar.gz') execFileSync('tar', ['czf', out, '-C', dir, ...names]);
  else execFileSync('zip', ['-q', '-X', out, ...names], { cwd: dir });
  return readFile(out);
}

type Route =
  | { kind: 'file'; body: Buffer }
  | { kind: 'status'; status: number }
  | { kind: 'reset' }
  | { kind: 'truncate'; body: Buffer }
  | { kind: 'redirect'; location: string }
  | { kind: 'flaky'; failures: number; status: number; body: Buffer };

class ReleaseServer {
  readonly requests: string[] = [];
  readonly routes = new Map<string, Route>();
  private server: Server | undefined;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '';
      this.requests.push(path);
      const route = this.routes.get(path);
      if (!route) {
        res.writeHead(404).end('Not Found');
        return;
      }
      switch (route.kind) {
        case 'file':
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': route.body.length }).end(route.body);
          return;
        case 'status':
          res.writeHead(route.status).end(`status ${route.status}`);
          return;
        case 'reset':
          req.socket.destroy();
          return;
        case 'truncate':
          // Promise the whole file, send half, then drop the connection.
          res.writeHead(200, { 'content-length': route.body.length });
          res.write(route.body.subarray(0, Math.floor(route.body.length / 2)), () => req.socket.destroy());
          return;
        case 'redirect':
          res.writeHead(302, { location: route.location }).end();
          return;
        case 'flaky':
          if (route.failures > 0) {
            route.failures -= 1;
            res.writeHead(route.status).end();
          } else {
            res.writeHead(200, { 'content-length': route.body.length }).end(route.body);
          }
          return;
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/releases`;
  }

  path(file: string, version = VERSION): string {
    return `/releases/v${version}/${file}`;
  }

  serve(file: string, route: Route, version = VERSION): void {
    this.routes.set(this.path(file, version), route);
  }

  reset(): void {
    this.requests.length = 0;
    this.routes.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const server = new ReleaseServer();
let linuxArchive: Buffer;
let env: { toolCache: string; temp: string; run: string };
let saved: { toolCache: string | undefined; temp: string | undefined };
let logLines: string[];
let sleeps: number[];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'trivy-install-test-'));
  linuxArchive = await buildArchive('tar.gz', { trivy: trivyScript(VERSION), 'README.md': '# Trivy\n', LICENSE: 'Apache-2.0\n' });
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  server.reset();
  logLines = [];
  sleeps = [];
  saved = { toolCache: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP };
  env = { toolCache: await mkdtemp(join(scratch, 'toolcache-')), temp: await mkdtemp(join(scratch, 'runner-temp-')), run: await mkdtemp(join(scratch, 'run-')) };
  process.env.RUNNER_TOOL_CACHE = env.toolCache;
  process.env.RUNNER_TEMP = env.temp;
});

afterEach(() => {
  const restore = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  restore('RUNNER_TOOL_CACHE', saved.toolCache);
  restore('RUNNER_TEMP', saved.temp);
});

function request(overrides: Partial<TrivyInstallRequest> = {}): TrivyInstallRequest {
  return { version: VERSION, downloadBaseUrl: server.base, platform: 'linux', arch: 'x64', ...overrides };
}

function deps(overrides: Partial<TrivyInstallDeps> = {}): TrivyInstallDeps {
  return {
    log: (line) => logLines.push(line),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    retryDelaysMs: [10, 20],
    requestTimeoutMs: 5_000,
    workDir: env.run,
    ...overrides,
  };
}

function serveGoodRelease(): void {
  server.serve(LINUX_ASSET, { kind: 'file', body: linuxArchive });
  server.serve(CHECKSUMS, { kind: 'file', body: Buffer.from(`${'0'.repeat(64)}  trivy_${VERSION}_Linux-64bit.deb\n${sha256(linuxArchive)}  ${LINUX_ASSET}\n`) });
}

async function installError(req: TrivyInstallRequest, d: TrivyInstallDeps = deps()): Promise<GateError> {
  const error = await installTrivy(req, d).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GateError);
  expect((error as GateError).reason).toBe('trivy-install');
  expect((error as GateError).remedy ?? '').not.toBe('');
  return error as GateError;
}

/** Nothing reached the tool cache and no archive was left behind in RUNNER_TEMP. */
async function expectNothingInstalled(): Promise<void> {
  expect(tc.find('trivy', VERSION, 'x64')).toBe('');
  expect(await readdir(env.toolCache)).toEqual([]);
  expect(await readdir(env.temp)).toEqual([]);
}

const runVersion = (binary: string) => execFileSync(binary, ['--version'], { encoding: 'utf8' });

describe('installTrivy: download and tool cache', () => {
  it('downloads, verifies against checksums.txt and caches; the next run downloads nothing', async () => {
    serveGoodRelease();

    const first = await installTrivy(request(), deps());
    expect(first.source).toBe('download');
    expect(first.version).toBe(VERSION);
    // The binary runs from the run's private directory, never from the (shared) tool cache.
    expect(first.path.startsWith(`${env.run}/`)).toBe(true);
    expect(first.path.endsWith('/trivy')).toBe(true);
    expect(first.sha256).toBe(sha256(await readFile(first.path)));
    expect(runVersion(first.path)).toContain(`Version: ${VERSION}`);
    expect(server.requests).toEqual([server.path(CHECKSUMS), server.path(LINUX_ASSET)]);
    expect(tc.find('trivy', VERSION, 'x64')).toBe(join(env.toolCache, 'trivy', VERSION, 'x64'));
    // The tool cache keeps the verified archive, so the next run can verify it again.
    expect(sha256(await readFile(join(env.toolCache, 'trivy', VERSION, 'x64', LINUX_ASSET)))).toBe(sha256(linuxArchive));
    expect(logLines.join('\n')).toContain(`matches SHA-256 ${sha256(linuxArchive)} (${CHECKSUMS})`);
    expect(await readdir(env.temp)).toEqual([]);

    // The next run downloads no archive, but the action carries no checksum for this version:
    // the release's checksum is read again and the cached archive is hashed against it.
    server.requests.length = 0;
    const second = await installTrivy(request(), deps());
    expect(second).toMatchObject({ version: VERSION, source: 'tool-cache', sha256: first.sha256 });
    expect(second.path).not.toBe(first.path);
    expect(server.requests).toEqual([server.path(CHECKSUMS)]);
    expect(logLines.join('\n')).toContain(`the tool cache copy of ${LINUX_ASSET} matches SHA-256 ${sha256(linuxArchive)} (${CHECKSUMS})`);
  });

  it('uses the carried checksum table without fetching checksums.txt', async () => {
    server.serve(LINUX_ASSET, { kind: 'file', body: linuxArchive });
    const carried = deps({ knownChecksums: { [LINUX_ASSET]: sha256(linuxArchive) } });
    const result = await installTrivy(request(), carried);
    expect(result.source).toBe('download');
    expect(server.requests).toEqual([server.path(LINUX_ASSET)]);
    expect(logLines.join('\n')).toContain('checksum carried by the action');
    // From the tool cache: checked against the carried checksum, without any request.
    server.requests.length = 0;
    const again = await installTrivy(request(), carried);
    expect(again).toMatchObject({ source: 'tool-cache', sha256: result.sha256 });
    expect(server.requests).toEqual([]);
  });

  it('accepts a v-prefixed version and a base URL with a trailing slash', async () => {
    serveGoodRelease();
    const result = await installTrivy(request({ version: `v${VERSION}`, downloadBaseUrl: `${server.base}/` }), deps());
    expect(result).toMatchObject({ version: VERSION, source: 'download' });
  });

  it('follows redirects, as GitHub does to its asset host', async () => {
    serveGoodRelease();
    // Absolute, as GitHub sends it (@actions/http-client does not resolve relative Locations).
    server.routes.set(server.path(LINUX_ASSET), { kind: 'redirect', location: `${new URL(server.base).origin}/objects/abc123` });
    server.routes.set('/objects/abc123', { kind: 'file', body: linuxArchive });
    const result = await installTrivy(request(), deps());
    expect(result.source).toBe('download');
    expect(server.requests).toEqual([server.path(CHECKSUMS), server.path(LINUX_ASSET), '/objects/abc123']);
  });

  it('installs from a file:// mirror without any HTTP request (air-gapped runner)', async () => {
    const mirror = await mkdtemp(join(scratch, 'mirror-'));
    await mkdir(join(mirror, `v${VERSION}`));
    await writeFile(join(mirror, `v${VERSION}`, LINUX_ASSET), linuxArchive);
    await writeFile(join(mirror, `v${VERSION}`, CHECKSUMS), `${sha256(linuxArchive)}  ${LINUX_ASSET}\n`);
    const result = await installTrivy(request({ downloadBaseUrl: pathToFileURL(mirror).href }), deps());
    expect(result.source).toBe('download');
    expect(runVersion(result.path)).toContain(VERSION);
    expect(server.requests).toEqual([]);
  });

  it.skipIf(!hasCommand('zip') || !hasCommand('unzip'))('maps win32/x64 to the windows zip and installs trivy.exe', async () => {
    const zip = await buildArchive('zip', { 'trivy.exe': trivyScript(VERSION), LICENSE: 'Apache-2.0\n' });
    server.serve(WINDOWS_ASSET, { kind: 'file', body: zip });
    server.serve(CHECKSUMS, { kind: 'file', body: Buffer.from(`${sha256(zip)}  ${WINDOWS_ASSET}\n`) });
    const result = await installTrivy(request({ platform: 'win32' }), deps());
    expect(result.source).toBe('download');
    expect(result.path.endsWith('/trivy.exe')).toBe(true);
    expect(existsSync(join(env.toolCache, 'trivy', VERSION, 'x64', WINDOWS_ASSET))).toBe(true);
    expect(server.requests).toContain(server.path(WINDOWS_ASSET));
  });

  it('caches per architecture: an arm64 install does not satisfy x64', async () => {
    const armAsset = `trivy_${VERSION}_Linux-ARM64.tar.gz`;
    server.serve(armAsset, { kind: 'file', body: linuxArchive });
    server.serve(CHECKSUMS, { kind: 'file', body: Buffer.from(`${sha256(linuxArchive)}  ${armAsset}\n${sha256(linuxArchive)}  ${LINUX_ASSET}\n`) });
    server.serve(LINUX_ASSET, { kind: 'file', body: linuxArchive });
    const arm = await installTrivy(request({ arch: 'arm64' }), deps());
    expect(existsSync(join(env.toolCache, 'trivy', VERSION, 'arm64', armAsset))).toBe(true);
    expect(arm.source).toBe('download');
    const x64 = await installTrivy(request(), deps());
    expect(x64.source).toBe('download');
  });

  it('replaces a tool-cache entry that holds no archive (an older layout) with a verified download', async () => {
    serveGoodRelease();
    const entry = join(env.toolCache, 'trivy', VERSION, 'x64');
    await mkdir(entry, { recursive: true });
    await writeFile(`${entry}.complete`, '');
    await writeFile(join(entry, 'trivy'), trivyScript(VERSION), { mode: 0o755 });
    const result = await installTrivy(request(), deps());
    expect(result.source).toBe('download');
    expect(server.requests).toContain(server.path(LINUX_ASSET));
    expect(logLines.join('\n')).toContain(`holds no verifiable ${LINUX_ASSET}`);
  });
});

describe('installTrivy: the tool cache is verified at every use', () => {
  async function tamperWithCache(): Promise<string> {
    const cached = join(env.toolCache, 'trivy', VERSION, 'x64', LINUX_ASSET);
    const evil = await buildArchive('tar.gz', { trivy: `${trivyScript(VERSION)}# evil\n` });
    await writeFile(cached, evil);
    return cached;
  }

  it.each([
    ['checksum carried by the action', true],
    ['checksum read from the release again', false],
  ])('a tool-cache archive changed after verification is refused (%s): trivy-install, nothing runs', async (_label, carried) => {
    serveGoodRelease();
    const d = deps(carried ? { knownChecksums: { [LINUX_ASSET]: sha256(linuxArchive) } } : {});
    await installTrivy(request(), d);
    const cached = await tamperWithCache();
    const runDir = await mkdtemp(join(scratch, 'run-'));
    server.requests.length = 0;
    const error = await installError(request(), { ...d, workDir: runDir });
    expect(error.message).toContain(`the tool cache copy of ${LINUX_ASSET} (${cached}) failed SHA-256 verification`);
    expect(error.message).toContain(`expected ${sha256(linuxArchive)}`);
    expect(error.remedy).toContain('tampered');
    // Nothing was extracted (let alone run), and the archive was not re-downloaded over it.
    expect((await readdir(runDir, { recursive: true })).filter((name) => /(^|\/)trivy$/.test(name))).toEqual([]);
    expect(server.requests).not.toContain(server.path(LINUX_ASSET));
  });

  it('a cached version the action carries no checksum for is refused when the release checksum cannot be read', async () => {
    serveGoodRelease();
    await installTrivy(request(), deps());
    server.routes.delete(server.path(CHECKSUMS));
    const error = await installError(request());
    expect(error.message).toContain(CHECKSUMS);
    expect(error.message).toContain('cannot be verified');
  });
});

describe('installTrivy: verification', () => {
  it('refuses a tampered archive: names the file and both hashes, caches nothing, deletes the download', async () => {
    const tampered = Buffer.from(linuxArchive);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    serveGoodRelease();
    server.serve(LINUX_ASSET, { kind: 'file', body: tampered });

    const error = await installError(request());
    expect(error.message).toContain(LINUX_ASSET);
    expect(error.message).toContain(`expected ${sha256(linuxArchive)}`);
    expect(error.message).toContain(`got ${sha256(tampered)}`);
    expect(error.message).toContain(CHECKSUMS);
    await expectNothingInstalled();
  });

  it('refuses an archive that does not match the carried checksum', async () => {
    server.serve(LINUX_ASSET, { kind: 'file', body: linuxArchive });
    const wrong = 'f'.repeat(64);
    const error = await installError(request(), deps({ knownChecksums: { [LINUX_ASSET]: wrong } }));
    expect(error.message).toContain(`expected ${wrong} (checksum carried by the action), got ${sha256(linuxArchive)}`);
    expect(server.requests).toEqual([server.path(LINUX_ASSET)]);
    await expectNothingInstalled();
  });

  it('refuses when checksums.txt has no line for the asset, before downloading the archive', async () => {
    server.serve(LINUX_ASSET, { kind: 'file', body: linuxArchive });
    server.serve(CHECKSUMS, { kind: 'file', body: Buffer.from(`${sha256(linuxArchive)}  trivy_${VERSION}_macOS-64bit.tar.gz\n`) });
    const error = await installError(request());
    expect(error.message).toContain(`${CHECKSUMS} has no SHA-256 line for ${LINUX_ASSET}`);
    expect(server.requests).toEqual([server.path(CHECKSUMS)]);
    await expectNothingInstalled();
  });

  it('refuses when checksums.txt is missing from the release directory', async () => {
    server.serve(LINUX_ASSET, { kind: 'file', body: linuxArchive });
    const error = await installError(request());
    expect(error.message).toContain(`${server.base}/v${VERSION}/${CHECKSUMS}`);
    expect(error.message).toContain('cannot be verified');
    expect(server.requests).toEqual([server.path(CHECKSUMS)]);
    await expectNothingInstalled();
  });

  it('refuses an archive that matches its checksum but is truncated', async () => {
    const truncated = linuxArchive.subarray(0, Math.floor(linuxArchive.length / 2));
    server.serve(LINUX_ASSET, { kind: 'file', body: truncated });
    server.serve(CHECKSUMS, { kind: 'file', body: Buffer.from(`${sha256(truncated)}  ${LINUX_ASSET}\n`) });
    const error = await installError(request());
    expect(error.message).toContain(`${LINUX_ASSET} could not be extracted (truncated or corrupt archive)`);
    await expectNothingInstalled();
  });

  it('refuses an archive without the trivy binary', async () => {
    const empty = await buildArchive('tar.gz', { 'README.md': '# no binary\n' });
    server.serve(LINUX_ASSET, { kind: 'file', body: empty });
    server.serve(CHECKSUMS, { kind: 'file', body: Buffer.from(`${sha256(empty)}  ${LINUX_ASSET}\n`) });
    const error = await installError(request());
    expect(error.message).toContain(`${LINUX_ASSET} does not contain 'trivy'`);
    await expectNothingInstalled();
  });

  it('refuses a binary that reports another version than the one requested', async () => {
    const other = await buildArchive('tar.gz', { trivy: trivyScript('0.72.0') });
    server.serve(LINUX_ASSET, { kind: 'file', body: other });
    server.serve(CHECKSUMS, { kind: 'file', body: Buffer.from(`${sha256(other)}  ${LINUX_ASSET}\n`) });
    const error = await installError(request());
    expect(error.message).toContain(`reports version 0.72.0, not ${VERSION}`);
    await expectNothingInstalled();
  });
});

describe('installTrivy: refusals before any download', () => {
  it.each(['0.69.4', '0.69.5', 'v0.69.6'])('refuses blocked release %s with zero requests', async (version) => {
    serveGoodRelease();
    const error = await installError(request({ version }));
    expect(error.message).toContain('GHSA-69fq-xp46-6x23');
    expect(error.message).toContain(version.replace(/^v/, ''));
    expect(error.remedy).toContain('0.74.0');
    expect(server.requests).toEqual([]);
    expect(await readdir(env.toolCache)).toEqual([]);
  });

  it.each([
    ['win32', 'arm64'],
    ['linux', 'ia32'],
    ['freebsd', 'x64'],
  ])('refuses unsupported platform %s/%s with zero requests', async (platform, arch) => {
    serveGoodRelease();
    const error = await installError(request({ platform, arch }));
    expect(error.message).toContain(`${platform}/${arch}`);
    expect(server.requests).toEqual([]);
  });

  it('refuses a version that is not a release', async () => {
    const error = await installError(request({ version: 'latest' }));
    expect(error.message).toContain("'latest' is not a Trivy release version");
    expect(server.requests).toEqual([]);
  });

  it('says which runner variable is missing', async () => {
    delete process.env.RUNNER_TOOL_CACHE;
    const error = await installError(request());
    expect(error.message).toContain('RUNNER_TOOL_CACHE is not set');
    expect(server.requests).toEqual([]);
  });
});

describe('installTrivy: download failures', () => {
  it('404 names the URL and says the version or the mirror lacks the asset', async () => {
    server.serve(CHECKSUMS, { kind: 'file', body: Buffer.from(`${sha256(linuxArchive)}  ${LINUX_ASSET}\n`) });
    const error = await installError(request());
    const url = `${server.base}/v${VERSION}/${LINUX_ASSET}`;
    expect(error.message).toContain(`GET ${url} returned HTTP 404`);
    expect(error.message).toContain('the version does not exist, or the mirror does not carry it');
    expect(error.remedy).toContain(`${server.base}/v${VERSION}/`);
    // A 404 is not retried.
    expect(server.requests.filter((p) => p.endsWith(LINUX_ASSET))).toHaveLength(1);
    expect(sleeps).toEqual([]);
    await expectNothingInstalled();
  });

  it('500 is retried with the configured delays, then reported', async () => {
    serveGoodRelease();
    server.serve(LINUX_ASSET, { kind: 'status', status: 500 });
    const error = await installError(request());
    expect(error.message).toContain(`could not download ${LINUX_ASSET}`);
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('after 3 attempts');
    expect(server.requests.filter((p) => p.endsWith(LINUX_ASSET))).toHaveLength(3);
    expect(sleeps).toEqual([10, 20]);
    expect(logLines.filter((l) => l.includes('retrying'))).toHaveLength(2);
    await expectNothingInstalled();
  });

  it('a transient 503 is survived', async () => {
    serveGoodRelease();
    server.serve(LINUX_ASSET, { kind: 'flaky', failures: 1, status: 503, body: linuxArchive });
    const result = await installTrivy(request(), deps());
    expect(result.source).toBe('download');
    expect(sleeps).toEqual([10]);
  });

  it('a reset connection is retried, then reported with the URL', async () => {
    serveGoodRelease();
    server.serve(LINUX_ASSET, { kind: 'reset' });
    const error = await installError(request());
    expect(error.message).toContain(`GET ${server.base}/v${VERSION}/${LINUX_ASSET} failed`);
    expect(error.message).toMatch(/ECONNRESET|socket hang up/);
    expect(server.requests.filter((p) => p.endsWith(LINUX_ASSET))).toHaveLength(3);
    await expectNothingInstalled();
  });

  it('a transfer cut short is retried, then reported; the partial file is not kept', async () => {
    serveGoodRelease();
    server.serve(LINUX_ASSET, { kind: 'truncate', body: linuxArchive });
    const error = await installError(request());
    expect(error.message).toContain(`could not download ${LINUX_ASSET}`);
    expect(error.message).toContain('after 3 attempts');
    await expectNothingInstalled();
  });

  it('a 500 on checksums.txt is reported as such', async () => {
    serveGoodRelease();
    server.serve(CHECKSUMS, { kind: 'status', status: 500 });
    const error = await installError(request());
    expect(error.message).toContain(`could not download ${CHECKSUMS}`);
    expect(server.requests.filter((p) => p.endsWith(LINUX_ASSET))).toHaveLength(0);
  });

  it('a redirect the client cannot follow fails at once with the URL, without retries', async () => {
    serveGoodRelease();
    server.routes.set(server.path(LINUX_ASSET), { kind: 'redirect', location: '/objects/relative' });
    const error = await installError(request());
    expect(error.message).toContain(`GET ${server.base}/v${VERSION}/${LINUX_ASSET} failed`);
    expect(server.requests.filter((p) => p.endsWith(LINUX_ASSET))).toHaveLength(1);
    expect(sleeps).toEqual([]);
    await expectNothingInstalled();
  });

  it('retries can be turned off', async () => {
    serveGoodRelease();
    server.serve(LINUX_ASSET, { kind: 'status', status: 502 });
    const error = await installError(request(), deps({ retryDelaysMs: [] }));
    expect(error.message).toContain('HTTP 502');
    expect(server.requests.filter((p) => p.endsWith(LINUX_ASSET))).toHaveLength(1);
  });
});

describe('installTrivy: trivy-path', () => {
  async function script(name: string, content: string, mode = 0o755): Promise<string> {
    const path = join(scratch, name);
    await writeFile(path, content);
    await chmod(path, mode);
    return path;
  }

  it('uses the binary as is: no request, nothing cached, the reported version returned', async () => {
    serveGoodRelease();
    const path = await script('trivy-ok', trivyScript('0.72.0'));
    const result = await installTrivy(request({ trivyPath: path }), deps());
    const hash = sha256(await readFile(path));
    expect(result).toEqual({ path, version: '0.72.0', source: 'trivy-path', sha256: hash });
    expect(server.requests).toEqual([]);
    expect(await readdir(env.toolCache)).toEqual([]);
    expect(logLines.join('\n')).toContain('trivy-version 0.67.2 is ignored');
    // Not verified, but on record: its SHA-256 and version are logged.
    expect(logLines.join('\n')).toContain(`Trivy 0.72.0: using trivy-path ${path} (SHA-256 ${hash}; not verified by the action)`);
  });

  it.each(['0.69.4', 'v0.69.5', '0.69.6'])('refuses a binary reporting blocked version %s', async (version) => {
    const path = await script(`trivy-${version}`, trivyScript(version));
    const error = await installError(request({ trivyPath: path }));
    expect(error.message).toContain(`trivy-path '${path}'`);
    expect(error.message).toContain('GHSA-69fq-xp46-6x23');
    expect(error.remedy).toContain('0.74.0');
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['missing file', 'no-such-trivy', undefined, 'no such file'],
    ['failing binary', 'trivy-exit1', '#!/bin/sh\necho boom >&2\nexit 1\n', 'exited with code 1'],
    ['not executable', 'trivy-noexec', trivyScript(VERSION), 'not executable'],
    ['not Trivy', 'not-trivy', '#!/bin/sh\necho hello\n', "printed no 'Version:' line"],
  ])('errors clearly when the binary does not run (%s)', async (_label, name, content, problem) => {
    const path = content === undefined ? join(scratch, name) : await script(name, content, name === 'trivy-noexec' ? 0o644 : 0o755);
    const error = await installError(request({ trivyPath: path }));
    expect(error.message).toContain(`trivy-path '${path}' does not run`);
    expect(error.message).toContain(problem);
    if (name === 'trivy-exit1') expect(error.details).toContain('boom');
  });

  it('times out a binary that hangs', async () => {
    const path = await script('trivy-hang', '#!/bin/sh\nexec sleep 30\n');
    const error = await installError(request({ trivyPath: path }), deps({ versionTimeoutMs: 300 }));
    expect(error.message).toContain('did not finish');
  });

  // The real Trivy built by the test environment, when it is there: its --version output must parse.
  const realTrivy = join(homedir(), '.cache/container-security-gate/trivy/0.74.0/trivy');
  it.skipIf(!existsSync(realTrivy))('reads the version of the real Trivy 0.74.0', async () => {
    const result = await installTrivy(request({ trivyPath: realTrivy, version: '0.74.0' }), deps());
    expect(result).toMatchObject({ path: realTrivy, version: '0.74.0', source: 'trivy-path' });
  });
});

describe('installTrivy: Sigstore bundles for versions the action carries no checksum for', () => {
  const SIGNED = '0.70.0';
  const ASSET = `trivy_${SIGNED}_Linux-64bit.tar.gz`;
  const BUNDLE = `${ASSET}.sigstore.json`;
  let world: SigstoreWorld;
  let archive: Buffer;
  beforeAll(async () => {
    world = createSigstoreWorld();
    archive = await buildArchive('tar.gz', { trivy: trivyScript(SIGNED), LICENSE: 'Apache-2.0\n' });
  });
  afterAll(() => world.dispose());

  const signedDeps = (overrides: Partial<TrivyInstallDeps> = {}) => deps({ sigstore: { trustedRoot: world.trustedRoot }, ...overrides });
  function serveSigned(bundle: string | undefined, body = archive): void {
    server.serve(ASSET, { kind: 'file', body }, SIGNED);
    server.serve(`trivy_${SIGNED}_checksums.txt`, { kind: 'file', body: Buffer.from(`${sha256(body)}  ${ASSET}\n`) }, SIGNED);
    if (bundle !== undefined) server.serve(BUNDLE, { kind: 'file', body: Buffer.from(bundle) }, SIGNED);
  }
  const signedBy = (identity: string, body = archive) => world.bundle(body, world.issueCertificate(identity));

  it('installs an archive signed by the release workflow, and checks the bundle again when it comes from the tool cache', async () => {
    serveSigned(signedBy(trivyReleaseIdentity(SIGNED)));
    const first = await installTrivy(request({ version: SIGNED }), signedDeps());
    expect(first).toMatchObject({ version: SIGNED, source: 'download' });
    expect(server.requests).toEqual([server.path(`trivy_${SIGNED}_checksums.txt`, SIGNED), server.path(BUNDLE, SIGNED), server.path(ASSET, SIGNED)]);
    expect(logLines.join('\n')).toContain(`${ASSET} is signed by ${trivyReleaseIdentity(SIGNED)} (${BUNDLE}, Sigstore)`);

    server.requests.length = 0;
    const second = await installTrivy(request({ version: SIGNED }), signedDeps({ workDir: await mkdtemp(join(scratch, 'run-')) }));
    expect(second).toMatchObject({ source: 'tool-cache', sha256: first.sha256 });
    expect(server.requests).toEqual([server.path(`trivy_${SIGNED}_checksums.txt`, SIGNED), server.path(BUNDLE, SIGNED)]);
  });

  it('refuses a bundle for the wrong identity: nothing is extracted or cached', async () => {
    serveSigned(signedBy(trivyReleaseIdentity('0.70.1')));
    const error = await installError(request({ version: SIGNED }), signedDeps());
    expect(error.message).toContain(`${ASSET} failed Sigstore verification against ${BUNDLE}`);
    expect(error.message).toContain('certificate identity error');
    expect(tc.find('trivy', SIGNED, 'x64')).toBe('');
    expect((await readdir(env.run, { recursive: true })).filter((name) => /(^|\/)trivy$/.test(name))).toEqual([]);
  });

  it('refuses a tampered archive whose checksums file was rewritten to match it (a hostile mirror)', async () => {
    const tampered = await buildArchive('tar.gz', { trivy: `${trivyScript(SIGNED)}# tampered\n`, LICENSE: 'Apache-2.0\n' });
    serveSigned(signedBy(trivyReleaseIdentity(SIGNED)), tampered);
    const error = await installError(request({ version: SIGNED }), signedDeps());
    expect(error.message).toContain('failed Sigstore verification');
    expect(tc.find('trivy', SIGNED, 'x64')).toBe('');
  });

  it('refuses when the release has no bundle, before downloading the archive', async () => {
    serveSigned(undefined);
    const error = await installError(request({ version: SIGNED }), signedDeps());
    expect(error.message).toContain(`the release directory has no ${BUNDLE}, so the download cannot be verified`);
    expect(server.requests).not.toContain(server.path(ASSET, SIGNED));
  });

  it('trusts only the public-good root by default: a bundle from another CA is refused', async () => {
    serveSigned(signedBy(trivyReleaseIdentity(SIGNED)));
    const error = await installError(request({ version: SIGNED }));
    expect(error.message).toContain('failed Sigstore verification');
  });
});
