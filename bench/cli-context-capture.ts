// What the Docker CLI sends as the build context, captured by a stand-in engine on a private
// unix socket: the CLI's classic builder (DOCKER_BUILDKIT=0) archives the context itself with
// the .dockerignore applied and POSTs it to /build, where this server reads the entry names
// and answers with an error. Nothing reaches the real engine.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import type { TestEnv } from '../test/env/test-env.js';
import { runCommand } from './harness.js';

export interface CapturedContext {
  /** Entry names in the order the CLI sent them. */
  names: string[];
  bytes: number;
}

export async function captureCliContext(env: TestEnv, context: string): Promise<CapturedContext> {
  const dir = mkdtempSync(path.join(tmpdir(), 'csg-bench-fake-engine-'));
  const socket = path.join(dir, 'docker.sock');
  const names: string[] = [];
  let bytes = 0;
  let captured = false;
  const server = http.createServer((request, response) => {
    const url = request.url ?? '';
    if (url.endsWith('/_ping')) {
      response.writeHead(200, { 'Api-Version': '1.41', Ostype: 'linux', 'Content-Type': 'text/plain' });
      response.end(request.method === 'HEAD' ? undefined : 'OK');
      return;
    }
    if (request.method !== 'POST' || !/\/build(\?|$)/.test(url)) {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message: `the benchmark's stand-in engine does not serve ${request.method} ${url}` }));
      return;
    }
    const extract = tar.extract();
    extract.on('entry', (header, body, next) => {
      names.push(header.name);
      body.on('end', next);
      body.resume();
    });
    extract.on('finish', () => {
      captured = true;
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message: 'build context captured by the benchmark' }));
    });
    extract.on('error', (error: Error) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message: error.message }));
    });
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.pipe(extract as unknown as NodeJS.WritableStream);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, resolve);
    });
    const result = await runCommand(env.dockerCli, ['build', '--network', 'none', '--no-cache', '--quiet', context], {
      env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_BUILDKIT: '0' },
      timeoutMs: 120_000,
    });
    if (!captured) throw new Error(`the Docker CLI sent no build context to the stand-in engine: ${result.stderr.trim().split('\n').slice(-2).join(' ')}`);
    return { names, bytes };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The entry names in a tar held in memory. */
export async function tarEntryNames(archive: Buffer): Promise<string[]> {
  const names: string[] = [];
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      names.push(header.name);
      body.on('end', next);
      body.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(archive);
  await done;
  return names;
}
