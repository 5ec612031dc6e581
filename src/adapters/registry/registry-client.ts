import { createHash } from 'node:crypto';
import { GateError } from '../../domain/gate-error.js';
import { isTrustedForCredentials, registryBaseUrl } from './registry-address.js';
import { redactSecrets, registryAuthError } from './registry-auth-error.js';
import { DEFAULT_RETRY_DELAYS_MS, isTransientNetworkError, isTransientStatus, realSleep, withRetry, type Sleep } from './retry.js';
import { parseWwwAuthenticate, type AuthChallenge } from './www-authenticate.js';

/*
 * A small client for the OCI Distribution API: enough to read back a manifest after a push
 * and check that the registry serves exactly the image we scanned. Authentication follows
 * the registry's 401 challenge: Basic (distribution with htpasswd), or the Bearer token
 * flow (GHCR, Docker Hub) — GET <realm>?service=…&scope=repository:<repo>:pull with the
 * credentials as Basic auth, then the token as Bearer.
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

export interface RegistryClient {
  getManifest(request: ManifestRequest): Promise<FetchedManifest>;
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
  const tokens = new Map<string, string>();

  /** One HTTP exchange; redirects are followed by hand so credentials never cross origins. */
  const send = async (url: URL, headers: Record<string, string>): Promise<Response> => {
    let current = url;
    let currentHeaders = headers;
    for (let hop = 0; hop < 5; hop++) {
      let response: Response;
      try {
        response = await doFetch(current, { headers: currentHeaders, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
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
      if (response.status >= 300 && response.status < 400 && location) {
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

  const fetchToken = async (challenge: AuthChallenge, request: ManifestRequest): Promise<string> => {
    const realm = challenge.params.realm;
    if (!realm) throw new GateError('push-error', `registry ${request.registry} sent a Bearer challenge without a realm`);
    const url = new URL(realm);
    if (request.credentials && !isTrustedForCredentials(url)) {
      throw new GateError('registry-auth', `registry ${request.registry} asks for credentials at ${url.origin}, which is neither HTTPS nor a loopback address`, {
        remedy: 'Refusing to send the password in clear text; check the registry address.',
      });
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', `repository:${request.repository}:pull`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.credentials) headers.authorization = basic(request.credentials);
    const response = await send(url, headers);
    if (response.status === 401 || response.status === 403) {
      throw registryAuthError({
        registry: request.registry,
        repository: request.repository,
        username: request.credentials?.username ?? '',
        access: 'pull',
        detail: `token service ${url.host} answered HTTP ${response.status}: ${await errorText(response)}`,
      });
    }
    if (!response.ok) throw new GateError('push-error', `token service ${url.host} answered HTTP ${response.status}: ${await errorText(response)}`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new GateError('push-error', `token service ${url.host} returned no token`);
    return token;
  };

  const getOnce = async (request: ManifestRequest): Promise<FetchedManifest> => {
    const url = new URL(`${registryBaseUrl(request.registry)}/v2/${request.repository}/manifests/${request.reference}`);
    const scopeKey = `${request.registry}/${request.repository}`;
    const headers: Record<string, string> = { accept: MANIFEST_MEDIA_TYPES.join(', ') };
    const cached = tokens.get(scopeKey);
    if (cached) headers.authorization = `Bearer ${cached}`;

    let response = await send(url, headers);
    if (response.status === 401) {
      const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
      await response.body?.cancel();
      const bearer = challenges.find((c) => c.scheme === 'bearer');
      const basicChallenge = challenges.find((c) => c.scheme === 'basic');
      if (bearer) {
        const token = await fetchToken(bearer, request);
        tokens.set(scopeKey, token);
        response = await send(url, { ...headers, authorization: `Bearer ${token}` });
      } else if (basicChallenge && request.credentials) {
        if (!isTrustedForCredentials(url)) throw new GateError('registry-auth', `refusing to send credentials to ${url.origin} over plain HTTP`);
        response = await send(url, { ...headers, authorization: basic(request.credentials) });
      }
    }
    if (response.status === 401 || response.status === 403) {
      throw registryAuthError({
        registry: request.registry,
        repository: request.repository,
        username: request.credentials?.username ?? '',
        access: 'pull',
        detail: `HTTP ${response.status} ${await errorText(response)}`,
      });
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

  return {
    async getManifest(request) {
      const secrets = request.credentials ? [request.credentials.password] : [];
      try {
        return await withRetry(policy, () => getOnce(request), (error) => error instanceof TransientRegistryError);
      } catch (error) {
        if (error instanceof GateError) throw error;
        const message = redactSecrets((error as Error).message, secrets);
        throw new GateError('push-error', `could not read ${request.repository}:${request.reference} from ${request.registry}: ${message}`, {
          remedy: 'The registry kept failing; re-run the job later.',
        });
      }
    },
  };
}
