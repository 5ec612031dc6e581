// A Docker engine that asks for the classic builder: a proxy on a unix socket in front of the
// real engine that adds `Builder-Version: 1` to /_ping (as an engine with BuildKit disabled
// answers), so the bundle builds without BuildKit and relays the classic builder's output.
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ClassicEngine {
  /** DOCKER_HOST for the bundle. */
  dockerHost: string;
  close(): Promise<void>;
}

export async function startClassicBuilderEngine(upstreamSocket: string): Promise<ClassicEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'csg-classic-engine-'));
  const socketPath = join(dir, 'docker.sock');
  const server: Server = createServer((req, res) => {
    const upstream = request({ socketPath: upstreamSocket, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      if ((req.url ?? '').split('?')[0]!.endsWith('/_ping')) headers['builder-version'] = '1';
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    dockerHost: `unix://${socketPath}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
