import { GateError } from '../../domain/gate-error.js';
import { planPush, type PushTarget } from '../../domain/push-plan.js';
import { redactSecrets, registryAuthError } from '../registry/registry-auth-error.js';
import { createRegistryClient, type FetchedManifest, type RegistryClient } from '../registry/registry-client.js';
import { DEFAULT_RETRY_DELAYS_MS, realSleep, withRetry, type Sleep } from '../registry/retry.js';
import type { ProgressSink } from './buildkit-trace.js';
import { engineUnreachable, isConnectionError, type DockerEngine } from './docker-engine.js';
import { engineRequest, readBody } from './engine-http.js';
import { jsonMessages, messageError } from './json-messages.js';

export interface RegistryAuth {
  username: string;
  password: string;
  /** Registry the credentials are for: `ghcr.io`, `127.0.0.1:5000`. */
  serveraddress: string;
}

export interface PushRequest {
  /** The image ID that was scanned; nothing else is ever pushed. */
  imageId: string;
  /** Full references, `registry/repository:tag`. */
  targets: readonly string[];
  auth: RegistryAuth;
  signal?: AbortSignal;
}

export interface PushedReference {
  reference: string;
  /** Manifest digest as served by the registry. */
  digest: string;
}

export interface PushResult {
  /** Manifest digest of the first target (the `digest` output). */
  digest: string;
  pushed: PushedReference[];
}

export interface ImagePusher {
  pushImage(request: PushRequest, log: ProgressSink): Promise<PushResult>;
}

export interface DockerImagePusherOptions {
  registryClient?: RegistryClient;
  sleep?: Sleep;
  retryDelaysMs?: readonly number[];
}

const AUTH_FAILURE = /unauthori[sz]ed|authentication required|no basic auth credentials|denied|forbidden|\b40[13]\b|incorrect username or password|insufficient_scope/i;
const TRANSIENT_FAILURE =
  /\b5\d\d\b|internal server error|bad gateway|service unavailable|gateway time-?out|connection reset|broken pipe|i\/o timeout|timed? ?out|\bEOF\b|connection refused|too many requests|\b429\b|TLS handshake/i;

/** A failed push attempt, already classified. */
class PushAttemptError extends Error {
  constructor(
    message: string,
    readonly kind: 'auth' | 'transient' | 'fatal',
  ) {
    super(message);
    this.name = 'PushAttemptError';
  }
}

function classify(message: string): PushAttemptError['kind'] {
  if (AUTH_FAILURE.test(message)) return 'auth';
  if (TRANSIENT_FAILURE.test(message)) return 'transient';
  return 'fatal';
}

/** X-Registry-Auth: padded URL-safe base64 of the JSON (the engine decodes with base64.URLEncoding). */
export function encodeRegistryAuth(auth: RegistryAuth): string {
  return Buffer.from(JSON.stringify({ username: auth.username, password: auth.password, serveraddress: auth.serveraddress }))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

const NOISY_STATUSES = new Set(['Pushing', 'Preparing', 'Waiting']);

/** `Retrying in 5 seconds` → `Retrying in # seconds`: one line per kind of status, not per second. */
function statusKind(status: string): string {
  return status.replace(/\d+/g, '#');
}

async function tagAndVerify(engine: DockerEngine, imageId: string, target: PushTarget): Promise<void> {
  try {
    await engine.docker.getImage(imageId).tag({ repo: target.name, tag: target.tag });
    const tagged = (await engine.docker.getImage(target.reference).inspect()) as { Id?: string };
    if (tagged.Id !== imageId) {
      throw new GateError('push-error', `${target.reference} resolves to ${String(tagged.Id)} after tagging, not to the scanned image ${imageId}`, {
        remedy: 'Another process re-tagged the image concurrently; re-run the job.',
      });
    }
  } catch (error) {
    if (error instanceof GateError) throw error;
    if (isConnectionError(error)) throw engineUnreachable(engine.info.address, error);
    throw new GateError('push-error', `could not tag ${imageId} as ${target.reference}: ${(error as Error).message}`, { cause: error });
  }
}

/** One `POST /images/{name}/push`; resolves with the digest the engine reported, if any. */
async function pushOnce(engine: DockerEngine, target: PushTarget, authHeader: string, log: ProgressSink, secrets: readonly string[], signal: AbortSignal | undefined): Promise<string | undefined> {
  let response;
  try {
    response = await engineRequest(engine.endpoint, {
      method: 'POST',
      path: `/images/${encodeURIComponent(target.name)}/push?tag=${encodeURIComponent(target.tag)}`,
      headers: { 'X-Registry-Auth': authHeader },
      ...(signal && { signal }),
    });
  } catch (error) {
    if (isConnectionError(error)) throw engineUnreachable(engine.info.address, error);
    throw error;
  }
  if (response.statusCode !== 200) {
    const body = redactSecrets(await readBody(response, 64 * 1024), secrets);
    let message = body.trim();
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? message;
    } catch {
      // plain text
    }
    throw new PushAttemptError(`the engine refused to push ${target.reference} (HTTP ${response.statusCode}): ${message}`, response.statusCode === 500 ? classify(message) : 'fatal');
  }
  let digest: string | undefined;
  let failure: string | undefined;
  // The engine retries each layer upload itself (5 tries, up to ~50 s); once it has, repeating
  // the whole push would multiply that wait without a better chance of success.
  let engineRetried = false;
  const lastStatus = new Map<string, string>();
  for await (const message of jsonMessages(response)) {
    const error = messageError(message);
    if (error !== undefined) {
      failure = redactSecrets(error, secrets);
      log.info(`ERROR: ${failure}`);
      continue;
    }
    const aux = message.aux as { Tag?: unknown; Digest?: unknown } | undefined;
    if (aux && typeof aux.Digest === 'string') digest = aux.Digest;
    if (typeof message.status === 'string' && /^Retrying in \d+ seconds?/.test(message.status)) engineRetried = true;
    if (typeof message.status === 'string' && !(message.id && NOISY_STATUSES.has(message.status))) {
      const key = message.id ?? '';
      if (message.id && lastStatus.get(key) === statusKind(message.status)) continue;
      lastStatus.set(key, statusKind(message.status));
      log.info(redactSecrets(message.id ? `${message.id}: ${message.status}` : message.status, secrets));
    }
  }
  if (failure !== undefined) {
    const kind = classify(failure);
    throw new PushAttemptError(failure, kind === 'transient' && engineRetried ? 'fatal' : kind);
  }
  return digest;
}

function verifyManifest(target: PushTarget, imageId: string, manifest: FetchedManifest, engineDigest: string | undefined): void {
  const mismatch = (what: string): GateError =>
    new GateError('push-error', `after pushing ${target.reference}: ${what}`, {
      remedy: 'Something else pushed to this tag at the same time, or the registry rewrote the manifest; the pushed image is not the scanned one. Re-run the job.',
    });
  if (manifest.headerDigest !== undefined && manifest.headerDigest !== manifest.digest) {
    throw mismatch(`the registry's Docker-Content-Digest ${manifest.headerDigest} does not match the manifest it served (${manifest.digest})`);
  }
  if (engineDigest !== undefined && engineDigest !== manifest.digest) {
    throw mismatch(`the engine reported digest ${engineDigest} but the registry serves ${manifest.digest}`);
  }
  // Classic image store: the image ID is the config digest. containerd image store: it is the manifest digest.
  if (manifest.configDigest !== imageId && manifest.digest !== imageId) {
    throw mismatch(`the registry serves config ${manifest.configDigest ?? `(none: ${manifest.mediaType})`}, not the scanned image ${imageId}`);
  }
}

async function push(engine: DockerEngine, request: PushRequest, log: ProgressSink, options: DockerImagePusherOptions): Promise<PushResult> {
  const plan = planPush(request.imageId, request.targets, request.auth.serveraddress);
  const authHeader = encodeRegistryAuth(request.auth);
  const secrets = [request.auth.password, authHeader];
  const policy = { delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, sleep: options.sleep ?? realSleep };
  const registry = options.registryClient ?? createRegistryClient({ sleep: policy.sleep, retryDelaysMs: policy.delaysMs });

  for (const target of plan.targets) await tagAndVerify(engine, plan.imageId, target);

  const pushed: PushedReference[] = [];
  for (const target of plan.targets) {
    log.info(`pushing ${target.reference}`);
    let engineDigest: string | undefined;
    try {
      let attempts = 0;
      engineDigest = await withRetry(
        policy,
        (attempt) => {
          attempts = attempt;
          return pushOnce(engine, target, authHeader, log, secrets, request.signal);
        },
        // A refusal is retried once: when the engine's first request to the registry (its
        // /v2/ ping) fails with a 5xx, it pushes without credentials and reports
        // "unauthorized" — a registry hiccup dressed as an auth failure.
        (error) => error instanceof PushAttemptError && (error.kind === 'transient' || (error.kind === 'auth' && attempts === 1)),
        (error, delay, attempt) => log.warning(`push of ${target.reference} failed (attempt ${attempt}): ${(error as Error).message}; retrying in ${delay / 1000}s`),
      );
    } catch (error) {
      if (error instanceof GateError) throw error;
      const message = redactSecrets((error as Error).message, secrets);
      if (error instanceof PushAttemptError && error.kind === 'auth') {
        throw registryAuthError({ registry: target.registry, repository: target.repository, username: request.auth.username, access: 'push', detail: message });
      }
      throw new GateError('push-error', `pushing ${target.reference} failed: ${message}`, {
        remedy: error instanceof PushAttemptError && error.kind === 'transient' ? 'The registry kept failing; re-run the job later.' : 'See the push output above.',
      });
    }
    const manifest = await registry.getManifest({
      registry: target.registry,
      repository: target.repository,
      reference: target.tag,
      credentials: { username: request.auth.username, password: request.auth.password },
    });
    verifyManifest(target, plan.imageId, manifest, engineDigest);
    log.info(`verified ${target.reference}@${manifest.digest} (config ${manifest.configDigest ?? manifest.digest})`);
    pushed.push({ reference: target.reference, digest: manifest.digest });
  }
  return { digest: pushed[0]!.digest, pushed };
}

export function createDockerImagePusher(engine: DockerEngine, options: DockerImagePusherOptions = {}): ImagePusher {
  return { pushImage: (request, log) => push(engine, request, log, options) };
}
