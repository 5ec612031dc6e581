// HTTP fronts for the real test registry: one that injects failures, one that adds the
// Bearer token flow GHCR uses. Both forward to the registry from test-env.json.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface RegistryFront {
  /** `127.0.0.1:<port>`, usable as a registry host in references. */
  address: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

function forward(upstream: string, req: http.IncomingMessage, res: http.ServerResponse, headers: http.IncomingHttpHeaders = req.headers): void {
  const [host, port] = upstream.split(':');
  const outgoing = http.request({ host, port: Number(port), method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  outgoing.on('error', (error) => {
    res.writeHead(502);
    res.end(String(error));
  });
  req.pipe(outgoing);
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: http.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/**
 * Forwards to `upstream`, except that requests for which `fail` returns true get a 500
 * with a registry-style error body (`n` counts all requests, from 1), and `rewrite` may
 * send a request to another path upstream. `before` runs (and is awaited) before a request
 * is handled: another client can act on the registry at exactly that moment.
 */
export async function startFront(
  upstream: string,
  options: {
    fail?: (request: SeenRequest, n: number) => boolean;
    rewrite?: (request: SeenRequest) => string | undefined;
    before?: (request: SeenRequest) => Promise<void>;
  },
): Promise<RegistryFront> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const seen = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization };
    requests.push(seen);
    if (options.before) {
      req.pause();
      void options.before(seen).then(
        () => handle(seen, req, res),
        (error: unknown) => {
          res.writeHead(502);
          res.end(String(error));
        },
      );
      return;
    }
    handle(seen, req, res);
  });
  const handle = (seen: SeenRequest, req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (options.fail?.(seen, requests.length)) {
      req.resume();
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNKNOWN","message":"injected failure"}]}');
      return;
    }
    const rewritten = options.rewrite?.(seen);
    if (rewritten !== undefined) req.url = rewritten;
    forward(upstream, req, res);
  };
  const address = await listen(server);
  return { address, requests, close: closer(server) };
}

/**
 * A GHCR-like front: /v2/ wants `Bearer <token>`; GET /token with the right Basic
 * credentials issues one for the requested scope. Accepted requests are forwarded with the
 * registry's own Basic credentials.
 */
export async function startTokenFront(options: {
  upstream: string;
  username: string;
  password: string;
  /** Override the realm announced in the challenge. */
  realm?: (address: string) => string;
}): Promise<RegistryFront & { tokenRequests: URL[] }> {
  const requests: SeenRequest[] = [];
  const tokenRequests: URL[] = [];
  const tokens = new Map<string, string>();
  const upstreamAuth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  let address = '';
  const server = http.createServer((req, res) => {
    const seen = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization };
    requests.push(seen);
    const url = new URL(req.url ?? '/', `http://${address}`);
    if (url.pathname === '/token') {
      tokenRequests.push(url);
      req.resume();
      if (req.headers.authorization !== upstreamAuth) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
        return;
      }
      const token = `token-${tokens.size + 1}`;
      tokens.set(token, url.searchParams.get('scope') ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token }));
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const repository = /^\/v2\/(.+)\/(manifests|blobs|tags)\//.exec(url.pathname)?.[1];
    const scope = bearer === undefined ? undefined : tokens.get(bearer);
    if (scope === undefined || (repository !== undefined && !scope.startsWith(`repository:${repository}:`))) {
      req.resume();
      const realm = options.realm ? options.realm(address) : `http://${address}/token`;
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer realm="${realm}",service="csg-test-front",scope="repository:${repository ?? 'unknown'}:pull"`,
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    forward(options.upstream, req, res, { ...req.headers, authorization: upstreamAuth });
  });
  address = await listen(server);
  return { address, requests, tokenRequests, close: closer(server) };
}
