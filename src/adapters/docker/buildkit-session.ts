import { randomUUID } from 'node:crypto';
import http2 from 'node:http2';
import type { Duplex } from 'node:stream';
import type { BuildSecret } from '../../domain/build-settings.js';
import { engineUpgrade, type EngineEndpoint } from './engine-http.js';
import { decodeFields, encodeBytesField, encodeVarintField, grpcFrame, grpcMessages } from './protobuf-wire.js';

/*
 * The BuildKit session, as moby/buildkit/session implements it: the client POSTs /session
 * with `Upgrade: h2c`, the engine hijacks the connection and becomes a gRPC *client* on it,
 * and we serve gRPC over HTTP/2 on our end. The build then names the session
 * (`session=<uuid>`), and `RUN --mount=type=secret` fetches each secret through
 * Secrets/GetSecret at the moment the step runs — the value is never part of the build
 * request, the Dockerfile, the layers or the history.
 */

const SESSION_ID_HEADER = 'X-Docker-Expose-Session-Uuid';
const SESSION_NAME_HEADER = 'X-Docker-Expose-Session-Name';
const SESSION_SHARED_KEY_HEADER = 'X-Docker-Expose-Session-Sharedkey';
const SESSION_METHOD_HEADER = 'X-Docker-Expose-Session-Grpc-Method';

export const GET_SECRET_METHOD = '/moby.buildkit.secrets.v1.Secrets/GetSecret';
export const HEALTH_CHECK_METHOD = '/grpc.health.v1.Health/Check';
/** BuildKit asks the session for registry credentials (cache-from imports); unanswered, it fails with "no active sessions". */
export const CREDENTIALS_METHOD = '/moby.filesync.v1.Auth/Credentials';

const GRPC_OK = 0;
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_NOT_FOUND = 5;
const GRPC_UNIMPLEMENTED = 12;
const HEALTH_SERVING = 1;

/** GetSecretRequest { string ID = 1; map<string,string> annotations = 2; } */
export function decodeGetSecretRequest(message: Buffer): { id: string } {
  let id = '';
  for (const field of decodeFields(message)) {
    if (field.field === 1 && field.wireType === 2) id = field.value.toString('utf8');
  }
  return { id };
}

/** GetSecretResponse { bytes data = 1; } */
export function encodeGetSecretResponse(data: Buffer): Buffer {
  return encodeBytesField(1, data);
}

/** CredentialsRequest { string Host = 1; } */
export function decodeCredentialsRequest(message: Buffer): { host: string } {
  let host = '';
  for (const field of decodeFields(message)) {
    if (field.field === 1 && field.wireType === 2) host = field.value.toString('utf8');
  }
  return { host };
}

/** CredentialsResponse { string Username = 1; string Secret = 2; } (empty: anonymous) */
export function encodeCredentialsResponse(username: string, secret: string): Buffer {
  return Buffer.concat([...(username ? [encodeBytesField(1, username)] : []), ...(secret ? [encodeBytesField(2, secret)] : [])]);
}

/** HealthCheckResponse { ServingStatus status = 1; } */
export function encodeHealthCheckResponse(): Buffer {
  return encodeVarintField(1, HEALTH_SERVING);
}

export interface BuildKitSession {
  readonly id: string;
  /** Secret ids the engine asked for, in order (never the values). */
  readonly requestedSecrets: readonly string[];
  close(): void;
}

type Reply = { status: typeof GRPC_OK; message: Buffer } | { status: number; error: string };

export interface SessionRegistryAuth {
  server: string;
  username: string;
  password: string;
}

function answer(path: string, body: Buffer, secrets: ReadonlyMap<string, Buffer>, requested: string[], auth: SessionRegistryAuth | undefined): Reply {
  const [message] = grpcMessages(body);
  if (path === HEALTH_CHECK_METHOD) return { status: GRPC_OK, message: encodeHealthCheckResponse() };
  if (path === CREDENTIALS_METHOD) {
    if (message === undefined) return { status: GRPC_INVALID_ARGUMENT, error: 'empty request' };
    const { host } = decodeCredentialsRequest(message);
    // Only the registry the credentials belong to gets them; any other host is anonymous.
    const match = auth !== undefined && host.toLowerCase() === auth.server.toLowerCase();
    return { status: GRPC_OK, message: match ? encodeCredentialsResponse(auth.username, auth.password) : Buffer.alloc(0) };
  }
  if (path === GET_SECRET_METHOD) {
    if (message === undefined) return { status: GRPC_INVALID_ARGUMENT, error: 'empty request' };
    const { id } = decodeGetSecretRequest(message);
    requested.push(id);
    const value = secrets.get(id);
    // NotFound is what buildkit's own secret provider returns; a mount with required=false then skips.
    if (value === undefined) return { status: GRPC_NOT_FOUND, error: `secret ${id} not found` };
    return { status: GRPC_OK, message: encodeGetSecretResponse(value) };
  }
  return { status: GRPC_UNIMPLEMENTED, error: `method ${path} not implemented` };
}

function serveStream(
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
  secrets: ReadonlyMap<string, Buffer>,
  requested: string[],
  auth: SessionRegistryAuth | undefined,
): void {
  const path = String(headers[':path'] ?? '');
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('error', () => undefined);
  stream.on('end', () => {
    let reply: Reply;
    try {
      reply = answer(path, Buffer.concat(chunks), secrets, requested, auth);
    } catch (error) {
      reply = { status: GRPC_INVALID_ARGUMENT, error: (error as Error).message };
    }
    if (stream.destroyed || stream.closed) return;
    if ('message' in reply) {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GRPC_OK) }));
      stream.end(grpcFrame(reply.message));
    } else {
      // Trailers-only response: the status travels in the only HEADERS frame.
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(reply.status), 'grpc-message': encodeURIComponent(reply.error) },
        { endStream: true },
      );
    }
  });
}

/**
 * Opens a session that serves `secrets` (and the health check the engine polls every few
 * seconds). Close it once the build stream has ended.
 */
export async function openBuildKitSession(
  endpoint: EngineEndpoint,
  options: { secrets: readonly BuildSecret[]; name: string; sharedKey: string; signal?: AbortSignal; registryAuth?: SessionRegistryAuth | undefined },
): Promise<BuildKitSession> {
  const id = randomUUID();
  const secrets = new Map(options.secrets.map((s) => [s.id, Buffer.from(s.value, 'utf8')]));
  const requested: string[] = [];
  const socket: Duplex = await engineUpgrade(endpoint, {
    path: '/session',
    protocol: 'h2c',
    headers: {
      [SESSION_ID_HEADER]: id,
      [SESSION_NAME_HEADER]: options.name,
      [SESSION_SHARED_KEY_HEADER]: options.sharedKey,
      // One header line per method; the engine only routes calls to methods listed here.
      [SESSION_METHOD_HEADER]: [GET_SECRET_METHOD, HEALTH_CHECK_METHOD, CREDENTIALS_METHOD],
    },
    ...(options.signal && { signal: options.signal }),
  });
  const server = http2.createServer();
  server.on('stream', (stream, headers) => serveStream(stream, headers, secrets, requested, options.registryAuth));
  // A broken session surfaces as a build error from the engine; nothing to report here.
  server.on('sessionError', () => undefined);
  socket.on('error', () => undefined);
  server.emit('connection', socket);
  let closed = false;
  return {
    id,
    requestedSecrets: requested,
    close() {
      if (closed) return;
      closed = true;
      secrets.clear();
      socket.destroy();
      server.close();
    },
  };
}
