import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseReferrersIndex } from '../../domain/attest/referrers-layout.js';
import type { Descriptor } from '../../domain/attest/cosign-layout.js';
import { GateError } from '../../domain/gate-error.js';
import { isTrustedForCredentials, registryBaseUrl } from './registry-address.js';
import { redactSecrets, registryAuthError, type RegistryAccess } from './registry-auth-error.js';
import { DEFAULT_RETRY_DELAYS_MS, isTransientNetworkError, isTransientStatus, realSleep, withRetry, type Sleep } from './retry.js';
import { parseWwwAuthenticate, type AuthChallenge } from './www-authenticate.js';

/*
 * A small client for the OCI Distribution API: read manifests, and push blobs and manifests
 * (the gate pushes the scanned image itself, see image-publisher.ts). Authentication follows
 * the registry's 401 challenge: Basic (distribution with htpasswd), or the Bearer token
 * flow (GHCR, Docker Hub) — GET <realm>?service=…&scope=repository:<repo>:pull with the
 * credentials as Basic auth, then the token as Bearer. Pushing asks for `pull,push`.
 */

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
] as const;

const IMAGE_MANIFEST_TYPES = new Set<string>([MANIFEST_MEDIA_TYPES[0], MANIFEST_MEDIA_TYPES[1]]);

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface ManifestRequest {
  /** Registry host as in references: `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  repository: string;
  /** Tag or digest. */
  reference: string;
  credentials?: RegistryCredentials | undefined;
}

export interface FetchedManifest {
  /** sha256 of the manifest bytes as served. */
  digest: string;
  /** Docker-Content-Digest header, when the registry sent one. */
  headerDigest: string | undefined;
  mediaType: string;
  bytes: Buffer;
  /** config.digest of an image manifest (undefined for an index). */
  configDigest: string | undefined;
}

/** A repository on a registry, and the credentials to use there. */
export interface RepositoryLocation {
  registry: string;
  repository: string;
  credentials?: RegistryCredentials | undefined;
}

/** A blob to upload: its digest and size are known before the upload starts. */
export interface BlobUpload {
  digest: string;
  size: number;
  /** A fresh body for each attempt (a retry re-reads it). */
  open(): Buffer | Readable;
}

/** Called before each retry, so the log says why the push is slower than usual. */
export type RetryNotice = (message: string) => void;

export interface RegistryClient {
  getManifest(request: ManifestRequest): Promise<FetchedManifest>;
  /** Like getManifest, but undefined when the registry has no such manifest (404). */
  findManifest(request: ManifestRequest): Promise<FetchedManifest | undefined>;
  /**
   * GET /v2/<repo>/referrers/<digest> (OCI 1.1): the descriptors of the manifests whose
   * subject is `digest`, or undefined when the registry has no referrers API (it answers
   * anything but an OCI index: distribution 2.8 says 404 page not found).
   */
  listReferrers(location: RepositoryLocation, digest: string): Promise<Descriptor[] | undefined>;
  /** GET /v2/<repo>/blobs/<digest> of a small blob (a config), refused above `maxBytes` and unless its bytes hash to `digest`. */
  getBlob(location: RepositoryLocation, digest: string, maxBytes: number): Promise<Buffer>;
  /** HEAD /v2/<repo>/blobs/<digest>: true when the registry already has the blob. */
  hasBlob(location: RepositoryLocation, digest: string, onRetry?: RetryNotice): Promise<boolean>;
  /** POST an upload session, then PUT the whole blob with `?digest=` (the registry re-hashes it). */
  uploadBlob(location: RepositoryLocation, blob: BlobUpload, onRetry?: RetryNotice): Promise<void>;
  /**
   * PUT /v2/<repo>/manifests/<reference> (a tag or a digest). Resolves with the digest the
   * registry reports (Docker-Content-Digest), or the bytes' own digest when it sends none.
   */
  putManifest(location: RepositoryLocation, reference: string, manifest: { bytes: Buffer; mediaType: string }, onRetry?: RetryNotice): Promise<string>;
}

export interface RegistryClientOptions {
  fetch?: typeof fetch;
  sleep?: Sleep;
  retryDelaysMs?: readonly number[];
  /** Per-request timeout. */
  timeoutMs?: number;
}

/** A failure worth retrying: 5xx/429 answers and dropped connections. */
class TransientRegistryError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'TransientRegistryError';
  }
}

function basic(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

async function errorText(response: Response): Promise<string> {
  const body = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first) return `${first.code ?? ''}${first.message ? `: ${first.message}` : ''}`.trim();
  } catch {
    // not JSON
  }
  return body.trim().slice(0, 200) || `HTTP ${response.status}`;
}

export function createRegistryClient(options: RegistryClientOptions = {}): RegistryClient {
  const doFetch = options.fetch ?? fetch;
  const policy = { delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, sleep: options.sleep ?? realSleep };
  const timeoutMs = options.timeoutMs ?? 60_000;

  /**
   * One HTTP exchange; redirects are followed by hand (GET and HEAD only) so credentials
   * never cross origins. A body is sent as given; `duplex` lets fetch stream a Readable.
   */
  const send = async (url: URL, headers: Record<string, string>, options: { method?: string; body?: Buffer | Readable; timeoutMs?: number } = {}): Promise<Response> => {
    let current = url;
    let currentHeaders = headers;
    const method = options.method ?? 'GET';
    for (let hop = 0; hop < 5; hop++) {
      let response: Response;
      try {
        const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : (Readable.toWeb(options.body) as ReadableStream<Uint8Array>);
        response = await doFetch(current, {
          method,
          headers: currentHeaders,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs ?? timeoutMs),
          ...(body !== undefined && { body, duplex: 'half' }),
        } as RequestInit);
      } catch (error) {
        if (isTransientNetworkError(error) || (error as Error).name === 'TimeoutError') {
          throw new TransientRegistryError(`cannot reach ${current.host}: ${(error as Error).message}`, undefined);
        }
        throw error;
      }
      if (isTransientStatus(response.status)) {
        const text = await errorText(response);
        throw new TransientRegistryError(`${current.host} answered HTTP ${response.status}: ${text}`, response.status);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && (method === 'GET' || method === 'HEAD')) {
        await response.body?.cancel();
        const next = new URL(location, current);
        if (next.origin !== current.origin) {
          const { authorization: _dropped, ...rest } = currentHeaders;
          currentHeaders = rest;
        }
        current = next;
        continue;
      }
      return response;
    }
    throw new GateError('push-error', `too many redirects from ${url.host}`);
  };

  const fetchToken = async (challenge: AuthChallenge, request: RepositoryLocation, access: RegistryAccess): Promise<string> => {
    const realm = challenge.params.realm;
    if (!realm) throw new GateError('push-error', `registry ${request.registry} sent a Bearer challenge without a realm`);
    const url = new URL(realm);
    if (request.credentials && !isTrustedForCredentials(url)) {
      throw new GateError('registry-auth', `registry ${request.registry} asks for credentials at ${url.origin}, which is neither HTTPS nor a loopback address`, {
        remedy: 'Refusing to send the password in clear text; check the registry address.',
      });
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', `repository:${request.repository}:${access === 'push' ? 'pull,push' : 'pull'}`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.credentials) headers.authorization = basic(request.credentials);
    const response = await send(url, headers);
    if (response.status === 401 || response.status === 403) {
      throw registryAuthError({
        registry: request.registry,
        repository: request.repository,
        username: request.credentials?.username ?? '',
        access,
        detail: `token service ${url.host} answered HTTP ${response.status}: ${await errorText(response)}`,
      });
    }
    if (!response.ok) throw new GateError('push-error', `token service ${url.host} answered HTTP ${response.status}: ${await errorText(response)}`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new GateError('push-error', `token service ${url.host} returned no token`);
    return token;
  };

  /** Authorization that worked for this repository and access, reused so a body is sent once. */
  const authorizations = new Map<string, string>();

  /**
   * A request that may need credentials: first with what worked before, then — on a 401 —
   * answering the challenge (Bearer token for the repository scope, or Basic) and once more
   * with a fresh body. 401/403 after that name the registry and the access that was refused.
   */
  const authorized = async (
    location: RepositoryLocation,
    access: RegistryAccess,
    url: URL,
    headers: Record<string, string>,
    options: { method?: string; body?: () => Buffer | Readable; timeoutMs?: number } = {},
  ): Promise<Response> => {
    const key = `${location.registry}/${location.repository}:${access}`;
    const attempt = (authorization: string | undefined): Promise<Response> => {
      // Credentials go only to the registry's own origin (upload Locations may point elsewhere).
      const sameOrigin = url.origin === new URL(registryBaseUrl(location.registry)).origin;
      const withAuth = authorization !== undefined && sameOrigin ? { ...headers, authorization } : headers;
      return send(url, withAuth, {
        ...(options.method !== undefined && { method: options.method }),
        ...(options.body !== undefined && { body: options.body() }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      });
    };
    let response = await attempt(authorizations.get(key));
    if (response.status === 401) {
      const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
      await response.body?.cancel();
      const bearer = challenges.find((c) => c.scheme === 'bearer');
      const basicChallenge = challenges.find((c) => c.scheme === 'basic');
      let authorization: string | undefined;
      if (bearer) {
        authorization = `Bearer ${await fetchToken(bearer, location, access)}`;
      } else if (basicChallenge && location.credentials) {
        if (!isTrustedForCredentials(url)) throw new GateError('registry-auth', `refusing to send credentials to ${url.origin} over plain HTTP`);
        authorization = basic(location.credentials);
      }
      if (authorization !== undefined) {
        authorizations.set(key, authorization);
        response = await attempt(authorization);
      }
    }
    if (response.status === 401 || response.status === 403) {
      throw registryAuthError({
        registry: location.registry,
        repository: location.repository,
        username: location.credentials?.username ?? '',
        access,
        detail: `HTTP ${response.status} ${await errorText(response)}`,
      });
    }
    return response;
  };

  const v2 = (location: RepositoryLocation, path: string): URL => new URL(`${registryBaseUrl(location.registry)}/v2/${location.repository}/${path}`);

  const getOnce = async (request: ManifestRequest, ifMissing: 'throw' | 'undefined' = 'throw'): Promise<FetchedManifest | undefined> => {
    const response = await authorized(request, 'pull', v2(request, `manifests/${request.reference}`), { accept: MANIFEST_MEDIA_TYPES.join(', ') });
    if (response.status === 404 && ifMissing === 'undefined') {
      await response.body?.cancel();
      return undefined;
    }
    if (response.status === 404) {
      throw new GateError('push-error', `registry ${request.registry} has no manifest ${request.repository}:${request.reference}: ${await errorText(response)}`);
    }
    if (!response.ok) {
      throw new GateError('push-error', `registry ${request.registry} answered HTTP ${response.status} for ${request.repository}:${request.reference}: ${await errorText(response)}`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    let parsed: { mediaType?: string; config?: { digest?: string } };
    try {
      parsed = JSON.parse(bytes.toString('utf8')) as typeof parsed;
    } catch {
      throw new GateError('push-error', `registry ${request.registry} served a manifest for ${request.repository}:${request.reference} that is not JSON`);
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim() || parsed.mediaType || '';
    return {
      digest,
      headerDigest: response.headers.get('docker-content-digest') ?? undefined,
      mediaType,
      bytes,
      configDigest: IMAGE_MANIFEST_TYPES.has(mediaType) || IMAGE_MANIFEST_TYPES.has(parsed.mediaType ?? '') ? parsed.config?.digest : undefined,
    };
  };

  /** Retries transient failures; anything else unexpected becomes a push-error without secrets. */
  const retried = async <T>(location: RepositoryLocation, what: string, operation: () => Promise<T>, onRetry: RetryNotice | undefined): Promise<T> => {
    const secrets = location.credentials ? [location.credentials.password] : [];
    try {
      return await withRetry(
        policy,
        operation,
        (error) => error instanceof TransientRegistryError,
        (error, delay, attempt) => onRetry?.(`${what} failed (attempt ${attempt}): ${redactSecrets((error as Error).message, secrets)}; retrying in ${delay / 1000}s`),
      );
    } catch (error) {
      if (error instanceof GateError) throw error;
      const message = redactSecrets((error as Error).message, secrets);
      throw new GateError('push-error', `${what} failed: ${message}`, {
        remedy: error instanceof TransientRegistryError ? 'The registry kept failing; re-run the job later.' : 'Check that the registry implements the OCI Distribution API for pushes.',
      });
    }
  };

  const refused = async (location: RepositoryLocation, what: string, response: Response): Promise<GateError> =>
    new GateError(
      'push-error',
      redactSecrets(`registry ${location.registry} refused ${what} (HTTP ${response.status}): ${await errorText(response)}`, location.credentials ? [location.credentials.password] : []),
    );

  return {
    async getManifest(request) {
      return retried(request, `reading ${request.repository}:${request.reference} from ${request.registry}`, async () => (await getOnce(request))!, undefined);
    },

    async findManifest(request) {
      return retried(request, `reading ${request.repository}:${request.reference} from ${request.registry}`, () => getOnce(request, 'undefined'), undefined);
    },

    async listReferrers(location, digest) {
      return retried(
        location,
        `listing the referrers of ${location.registry}/${location.repository}@${digest}`,
        async () => {
          let response: Response;
          try {
            response = await authorized(location, 'pull', v2(location, `referrers/${digest}`), { accept: 'application/vnd.oci.image.index.v1+json' });
          } catch (error) {
            // Some registries guard endpoints they do not implement: a refusal here means no
            // usable referrers API; wrong credentials still fail the pushes that follow.
            if (error instanceof GateError && error.reason === 'registry-auth') return undefined;
            throw error;
          }
          const body = Buffer.from(await response.arrayBuffer());
          return response.status === 200 ? parseReferrersIndex(response.headers.get('content-type') ?? undefined, body)?.manifests : undefined;
        },
        undefined,
      );
    },

    async getBlob(location, digest, maxBytes) {
      return retried(
        location,
        `reading blob ${digest} from ${location.registry}/${location.repository}`,
        async () => {
          const response = await authorized(location, 'pull', v2(location, `blobs/${digest}`), {});
          if (!response.ok) throw await refused(location, `GET of blob ${digest}`, response);
          const declared = Number(response.headers.get('content-length') ?? '0');
          if (declared > maxBytes) {
            await response.body?.cancel();
            throw new GateError('push-error', `registry ${location.registry} holds blob ${digest} of ${declared} bytes, more than the ${maxBytes} expected`);
          }
          const chunks: Buffer[] = [];
          let size = 0;
          const reader = response.body?.getReader();
          for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
            size += read.value.length;
            if (size > maxBytes) {
              await reader!.cancel();
              throw new GateError('push-error', `registry ${location.registry} sent more than ${maxBytes} bytes for blob ${digest}`);
            }
            chunks.push(Buffer.from(read.value));
          }
          const bytes = Buffer.concat(chunks);
          const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
          if (actual !== digest) throw new GateError('push-error', `registry ${location.registry} served ${actual} when asked for blob ${digest}`);
          return bytes;
        },
        undefined,
      );
    },

    async hasBlob(location, digest, onRetry) {
      return retried(
        location,
        `checking for blob ${digest} in ${location.registry}/${location.repository}`,
        async () => {
          const response = await authorized(location, 'push', v2(location, `blobs/${digest}`), {}, { method: 'HEAD' });
          await response.body?.cancel();
          if (response.status === 200) return true;
          if (response.status === 404) return false;
          throw await refused(location, `HEAD of blob ${digest}`, response);
        },
        onRetry,
      );
    },

    async uploadBlob(location, blob, onRetry) {
      await retried(
        location,
        `uploading blob ${blob.digest} to ${location.registry}/${location.repository}`,
        async () => {
          const started = await authorized(location, 'push', v2(location, 'blobs/uploads/'), { 'content-length': '0' }, { method: 'POST', body: () => Buffer.alloc(0) });
          const uploadAt = started.headers.get('location');
          await started.body?.cancel();
          if (started.status !== 202 || !uploadAt) throw await refused(location, `to start an upload of ${blob.digest}`, started);
          const url = new URL(uploadAt, registryBaseUrl(location.registry));
          url.searchParams.set('digest', blob.digest);
          const finished = await authorized(
            location,
            'push',
            url,
            { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
            // A large layer needs longer than one request's timeout: allow for 1 MB/s at least.
            { method: 'PUT', body: blob.open, timeoutMs: timeoutMs + Math.ceil(blob.size / 1000) },
          );
          if (finished.status !== 201) throw await refused(location, `blob ${blob.digest}`, finished);
          await finished.body?.cancel();
        },
        onRetry,
      );
    },

    async putManifest(location, reference, manifest, onRetry) {
      return retried(
        location,
        `pushing manifest ${location.registry}/${location.repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`,
        async () => {
          const response = await authorized(
            location,
            'push',
            v2(location, `manifests/${reference}`),
            { 'content-type': manifest.mediaType, 'content-length': String(manifest.bytes.length) },
            { method: 'PUT', body: () => manifest.bytes },
          );
          if (response.status !== 201 && response.status !== 200) throw await refused(location, `the manifest for ${reference}`, response);
          await response.body?.cancel();
          return response.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(manifest.bytes).digest('hex')}`;
        },
        onRetry,
      );
    },
  };
}
