// Servers on 127.0.0.1 that misbehave on purpose: a Trivy release mirror and a proxy in
// front of the real registry. The fault-injection tests point the bundled action at them.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>` */
  address: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<{ url: string; address: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${address}`,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------
// Trivy release mirror

/** How the mirror answers one path: a file, an HTTP error, or a file cut off mid-transfer. */
export type ReleaseRoute =
  | { status: number }
  /** With `cutAfterBytes`, promises the whole body (Content-Length) but drops the connection after that many bytes. */
  | { body: Buffer | string; cutAfterBytes?: number };

export interface ReleaseServer extends LoopbackServer {
  /** Paths requested, in order (e.g. `/v0.73.0/trivy_0.73.0_checksums.txt`). */
  requests: string[];
}

/** Serves `routes` (keyed by URL path); anything else is 404, as on GitHub. */
export async function startReleaseServer(routes: Record<string, ReleaseRoute>): Promise<ReleaseServer> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://mirror').pathname;
    requests.push(path);
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    if ('status' in route) {
      res.writeHead(route.status, { 'content-type': 'text/plain' }).end(`injected HTTP ${route.status}`);
      return;
    }
    const body = Buffer.from(route.body);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    if (route.cutAfterBytes !== undefined) {
      res.write(body.subarray(0, route.cutAfterBytes), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body);
  });
  const listening = await listen(server);
  return { ...listening, requests };
}

export interface ArchiveEntry {
  name: string;
  content: string | Buffer;
  mode?: number;
}

/** A `.tar.gz` like goreleaser's Trivy release archives (files at the top level). */
export async function tarGz(entries: readonly ArchiveEntry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const entry of entries) {
    const content = Buffer.from(entry.content);
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name: entry.name, mode: entry.mode ?? 0o644, size: content.length }, content, (error) => (error ? reject(error) : resolve())),
    );
  }
  archive.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

// ---------------------------------------------------------------------------
// Registry proxy

export interface ProxiedRequest {
  method: string;
  path: string;
}

/**
 * What the proxy does with one request: forward it to the registry, answer with an HTTP
 * error in the registry's JSON error format, or drop the connection without an answer.
 */
export type ProxyAction = 'forward' | 'reset' | { status: number };

export interface RegistryProxy extends LoopbackServer {
  /** Every request with what the proxy did to it. */
  log: (ProxiedRequest & { action: string })[];
}

/** `PUT /v2/<repo>/manifests/<tag>` */
export function isManifestPut(request: ProxiedRequest): boolean {
  return request.method === 'PUT' && /^\/v2\/.+\/manifests\/[^/]+$/.test(request.path);
}

/** Starting, sending or finishing a blob upload (`/v2/<repo>/blobs/uploads/...`). */
export function isBlobUpload(request: ProxiedRequest): boolean {
  return ['POST', 'PATCH', 'PUT'].includes(request.method) && /^\/v2\/.+\/blobs\/uploads\//.test(request.path);
}

/**
 * A transparent HTTP proxy on its own loopback port in front of the real registry. The Host
 * header is passed on unchanged, so the registry's upload Location URLs point back at the
 * proxy and every request of a push goes through it.
 */
export async function startRegistryProxy(upstream: string, decide: (request: ProxiedRequest) => ProxyAction): Promise<RegistryProxy> {
  const log: RegistryProxy['log'] = [];
  const [upstreamHost, upstreamPort] = upstream.split(':');
  const server = createServer((req, res) => {
    const request = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://proxy').pathname };
    const action = decide(request);
    log.push({ ...request, action: typeof action === 'string' ? action : `HTTP ${action.status}` });
    if (action === 'reset') {
      req.socket.destroy();
      return;
    }
    if (action !== 'forward') {
      req.resume();
      req.on('end', () => {
        res
          .writeHead(action.status, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' })
          .end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: `injected HTTP ${action.status}`, detail: null }] }));
      });
      return;
    }
    const forwarded = httpRequest(
      { host: upstreamHost, port: Number(upstreamPort), method: req.method, path: req.url, headers: req.headers },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    forwarded.on('error', () => req.socket.destroy());
    req.pipe(forwarded);
  });
  const listening = await listen(server);
  return { ...listening, log };
}

/** Applies `action` to the first `times` requests that match, and forwards everything else. */
export function faultFirst(matches: (request: ProxiedRequest) => boolean, action: Exclude<ProxyAction, 'forward'>, times = 1): (request: ProxiedRequest) => ProxyAction {
  let left = times;
  return (request) => {
    if (left > 0 && matches(request)) {
      left -= 1;
      return action;
    }
    return 'forward';
  };
}

/** Applies `action` to every request that matches. */
export function faultAlways(matches: (request: ProxiedRequest) => boolean, action: Exclude<ProxyAction, 'forward'>): (request: ProxiedRequest) => ProxyAction {
  return (request) => (matches(request) ? action : 'forward');
}
