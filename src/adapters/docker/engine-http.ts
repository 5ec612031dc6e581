import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';

/*
 * A few Engine API calls go around dockerode's modem on purpose:
 *  - the BuildKit session needs a clean HTTP/1.1 upgrade (the modem sends a chunked body
 *    before upgrading, which would precede the HTTP/2 preface on the hijacked socket);
 *  - /_ping answers in headers, which the modem does not return;
 *  - push carries X-Registry-Auth, and the modem prints request headers when DEBUG=modem
 *    is set — credentials must not depend on an environment variable staying unset.
 * They use the same endpoint the modem was configured with (DOCKER_HOST and friends).
 */

export interface EngineEndpoint {
  socketPath: string | undefined;
  host: string | undefined;
  port: number | undefined;
  protocol: 'http' | 'https';
  ca: unknown;
  cert: unknown;
  key: unknown;
}

interface ModemFields {
  /** A path, or (no DOCKER_HOST) docker-modem's lookup of the default socket. */
  socketPath?: string | (() => unknown);
  getSocketPath?: () => Promise<string | undefined>;
  host?: string;
  port?: number | string;
  protocol?: string;
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
}

/**
 * Without DOCKER_HOST (the usual case on GitHub-hosted runners) docker-modem keeps a function
 * that finds the default socket; ask the modem for the resolved path so we dial what it dials.
 */
export async function engineEndpoint(docker: Docker): Promise<EngineEndpoint> {
  const modem = docker.modem as unknown as ModemFields;
  if (modem.protocol === 'ssh') {
    throw new Error('DOCKER_HOST over ssh:// is not supported; use a unix socket or tcp:// endpoint');
  }
  const socketPath =
    typeof modem.socketPath === 'string' ? modem.socketPath : modem.socketPath !== undefined && modem.getSocketPath ? await modem.getSocketPath() : undefined;
  return {
    socketPath: typeof socketPath === 'string' && socketPath !== '' ? socketPath : undefined,
    host: modem.host,
    port: modem.port === undefined ? undefined : Number(modem.port),
    protocol: modem.protocol === 'https' ? 'https' : 'http',
    ca: modem.ca,
    cert: modem.cert,
    key: modem.key,
  };
}

export function describeEndpoint(endpoint: EngineEndpoint): string {
  if (endpoint.socketPath) return `unix://${endpoint.socketPath}`;
  return `${endpoint.protocol === 'https' ? 'tcp+tls' : 'tcp'}://${endpoint.host ?? 'localhost'}:${endpoint.port ?? ''}`;
}

export interface EngineRequest {
  method: 'GET' | 'POST' | 'HEAD';
  path: string;
  headers?: http.OutgoingHttpHeaders;
  signal?: AbortSignal;
}

function requestOptions(endpoint: EngineEndpoint, request: EngineRequest): https.RequestOptions {
  const base: https.RequestOptions = {
    method: request.method,
    path: request.path,
    headers: { Host: 'docker', ...request.headers },
    ...(request.signal && { signal: request.signal }),
  };
  if (endpoint.socketPath) return { ...base, socketPath: endpoint.socketPath };
  return {
    ...base,
    host: endpoint.host,
    port: endpoint.port,
    ...(endpoint.protocol === 'https' && {
      ca: endpoint.ca as https.RequestOptions['ca'],
      cert: endpoint.cert as https.RequestOptions['cert'],
      key: endpoint.key as https.RequestOptions['key'],
    }),
  };
}

function transport(endpoint: EngineEndpoint): typeof http | typeof https {
  return endpoint.protocol === 'https' && !endpoint.socketPath ? https : http;
}

/** Sends a body-less request and resolves with the response (any status). */
export function engineRequest(endpoint: EngineEndpoint, request: EngineRequest): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = transport(endpoint).request(requestOptions(endpoint, request));
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

export async function readBody(response: http.IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** POST with `Connection: Upgrade`; resolves with the raw socket once the engine answers 101. */
export function engineUpgrade(endpoint: EngineEndpoint, request: Omit<EngineRequest, 'method'> & { protocol: string }): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const req = transport(endpoint).request(
      requestOptions(endpoint, {
        method: 'POST',
        path: request.path,
        headers: { ...request.headers, Connection: 'Upgrade', Upgrade: request.protocol },
        ...(request.signal && { signal: request.signal }),
      }),
    );
    req.on('upgrade', (_response, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.on('response', (response) => {
      void readBody(response, 4096).then(
        (body) => reject(new Error(`engine refused the ${request.protocol} upgrade on ${request.path} (HTTP ${response.statusCode}): ${body.trim()}`)),
        reject,
      );
    });
    req.on('error', reject);
    req.end();
  });
}
