import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { GateError } from '../../domain/gate-error.js';
import type { ImageFacts } from '../../domain/image-facts.js';
import type { BuildNetwork, BuildSecret } from '../../domain/build-settings.js';
import { redactSecrets } from '../registry/registry-auth-error.js';
import { createContextArchive, type ContextArchive } from './build-context-archive.js';
import { BuildOutput } from './build-output.js';
import type { ProgressSink } from './buildkit-trace.js';
import { openBuildKitSession, type BuildKitSession } from './buildkit-session.js';
import { chooseBuilder, engineUnreachable, isConnectionError, type BuilderKind, type DockerEngine } from './docker-engine.js';
import { inspectImageFacts } from './image-facts.js';
import { jsonMessages } from './json-messages.js';

export type { ProgressSink } from './buildkit-trace.js';

export interface BuildRequest {
  /** Context directory. */
  context: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  buildArgs: Record<string, string>;
  /** Served to `RUN --mount=type=secret,id=…` through the BuildKit session only. */
  buildSecrets: readonly BuildSecret[];
  target: string | undefined;
  /** Final labels, OCI ones included. */
  labels: Record<string, string>;
  noCache: boolean;
  network: BuildNetwork;
  /**
   * `from`: images whose BuildKit inline cache may be reused (Engine API `cachefrom`; the
   * engine reads their cache metadata from the registry, asking the session for
   * `registryAuth`, and skips a reference that does not exist). `inline`: write that metadata into this image's config.
   */
  cache?: { from: readonly string[]; inline: boolean } | undefined;
  /** Credentials BuildKit asks the session for when it reads `cache.from` (only for that registry; never logged). */
  registryAuth?: { server: string; username: string; password: string } | undefined;
  /** `os/arch[/variant]` for BuildKit's platform parameter; undefined = the engine's own platform. */
  platform?: string;
  /** Optional local tags for the built image (the push step tags the scanned ID itself). */
  localTags?: readonly string[];
  /** See ContextArchiveOptions.mtimeEpochSeconds. */
  mtimeEpochSeconds?: number;
  signal?: AbortSignal;
}

export interface BuildResult {
  /** sha256:… */
  imageId: string;
  builder: BuilderKind;
  /** The network mode RUN steps got. */
  network: 'default' | 'none' | 'host';
}

/** Builds images and reports facts about them; the real one talks to a Docker engine. */
export interface ImageBuilder {
  buildImage(request: BuildRequest, log: ProgressSink): Promise<BuildResult>;
  inspectImageFacts(imageId: string): Promise<ImageFacts>;
}

export interface DockerImageBuilderOptions {
  /** Force a builder instead of asking the engine (tests, or engines that misreport). */
  builder?: BuilderKind;
}

const SECRET_MIN_LENGTH_FOR_SUBSTRING_CHECK = 4;

/** A secret must never travel as a build arg: that would put it in the image history. */
function assertSecretsNotInBuildArgs(buildArgs: Record<string, string>, secrets: readonly BuildSecret[]): void {
  for (const [name, value] of Object.entries(buildArgs)) {
    const leaked = secrets.find((s) => s.value === value || (s.value.length >= SECRET_MIN_LENGTH_FOR_SUBSTRING_CHECK && value.includes(s.value)));
    if (leaked) {
      throw new GateError('input-error', `input 'build-args': ${name} carries the value of build secret '${leaked.id}'; build args are recorded in the image history`, {
        remedy: `Remove ${name} from build-args and read the secret in the Dockerfile with RUN --mount=type=secret,id=${leaked.id}.`,
      });
    }
  }
}

/**
 * 'default' means the engine's default network for build containers — the `bridge` network
 * on a standard engine, with outbound access. An engine started with `--bridge=none` has no
 * such network: its classic builder then gives RUN steps no network at all, while BuildKit
 * fails with "network bridge not found". We make BuildKit behave like the classic builder
 * there ('none'), and never widen to 'host' on our own.
 */
async function effectiveNetwork(engine: DockerEngine, builder: BuilderKind, requested: BuildNetwork, log: ProgressSink): Promise<BuildResult['network']> {
  if (requested !== 'default' || builder !== 'buildkit') return requested;
  try {
    await engine.docker.getNetwork('bridge').inspect();
    return 'default';
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    log.warning(`the Docker engine has no default bridge network, so RUN steps get no network (network: none); set network: host if they need one`);
    return 'none';
  }
}

function postBuild(engine: DockerEngine, archive: ContextArchive, query: Record<string, unknown>, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    engine.docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: archive.stream,
        options: query,
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        ...(signal && { abortSignal: signal }),
      },
      (error, response) => (error ? reject(error) : resolve(response as IncomingMessage)),
    );
  });
}

function buildQuery(request: BuildRequest, archive: ContextArchive, builder: BuilderKind, network: string, session: BuildKitSession | undefined): Record<string, unknown> {
  return {
    dockerfile: archive.dockerfile,
    ...(request.localTags && request.localTags.length > 0 && { t: [...request.localTags] }),
    // BuildKit reads BUILDKIT_INLINE_CACHE itself; an undeclared build arg never reaches the image history.
    buildargs: request.cache?.inline ? { ...request.buildArgs, BUILDKIT_INLINE_CACHE: '1' } : request.buildArgs,
    // A JSON array in one parameter (docker-modem would repeat a plain array).
    ...(request.cache && request.cache.from.length > 0 && { cachefrom: JSON.stringify(request.cache.from) }),
    labels: request.labels,
    ...(request.target && { target: request.target }),
    ...(request.platform && { platform: request.platform }),
    nocache: request.noCache,
    networkmode: network,
    // Remove intermediate containers of the classic builder even when a step fails.
    rm: true,
    forcerm: true,
    version: builder === 'buildkit' ? '2' : '1',
    ...(session && { session: session.id }),
  };
}

/** Build output passes through here: a RUN step that prints a secret must not publish it. */
function redactingSink(sink: ProgressSink, secrets: readonly BuildSecret[]): ProgressSink {
  const values = secrets.map((s) => s.value);
  if (values.length === 0) return sink;
  return { info: (line) => sink.info(redactSecrets(line, values)), warning: (line) => sink.warning(redactSecrets(line, values)) };
}

async function build(engine: DockerEngine, request: BuildRequest, unsafeLog: ProgressSink, forced: BuilderKind | undefined): Promise<BuildResult> {
  const log = redactingSink(unsafeLog, request.buildSecrets);
  const secretValues = request.buildSecrets.map((s) => s.value);
  const needsBuildKit = request.buildSecrets.length > 0;
  const builder = forced ?? chooseBuilder(engine.info, needsBuildKit);
  if (builder === 'classic' && needsBuildKit) {
    throw new GateError('docker-error', 'build-secrets need BuildKit, but the classic builder was selected', {
      remedy: 'Secrets are only ever delivered through a BuildKit session; use an engine with BuildKit or remove build-secrets.',
    });
  }
  assertSecretsNotInBuildArgs(request.buildArgs, request.buildSecrets);

  let network: BuildResult['network'];
  try {
    network = await effectiveNetwork(engine, builder, request.network, log);
  } catch (error) {
    throw isConnectionError(error) ? engineUnreachable(engine.info.address, error) : error;
  }
  const archive = await createContextArchive({
    context: request.context,
    dockerfile: request.dockerfile,
    mtimeEpochSeconds: request.mtimeEpochSeconds,
  });
  const tracked = trackArchive(archive);

  let session: BuildKitSession | undefined;
  const output = new BuildOutput(log);
  log.info(`building ${request.dockerfile} in ${request.context} with ${builder === 'buildkit' ? 'BuildKit' : 'the classic builder'} (network: ${network})`);
  if (request.cache && (request.cache.from.length > 0 || request.cache.inline)) {
    log.info(`build cache: ${request.cache.from.length > 0 ? `reusing ${request.cache.from.join(', ')} where it exists` : 'no cache-from'}${request.cache.inline ? '; inline cache written into the image' : ''}`);
  }
  try {
    // BuildKit fetches registry credentials through the session, so cache-from needs one too.
    const readsCache = builder === 'buildkit' && request.cache !== undefined && request.cache.from.length > 0;
    if (needsBuildKit || readsCache) {
      const contextId = createHash('sha256').update(path.resolve(request.context)).digest('hex').slice(0, 24);
      try {
        session = await openBuildKitSession(engine.endpoint, {
          secrets: request.buildSecrets,
          name: 'container-security-gate',
          sharedKey: contextId,
          ...(request.signal && { signal: request.signal }),
          ...(readsCache && request.registryAuth?.password && { registryAuth: request.registryAuth }),
        });
      } catch (error) {
        tracked.abandon();
        if (isConnectionError(error)) throw engineUnreachable(engine.info.address, error);
        throw new GateError('docker-error', `could not open a BuildKit session for ${needsBuildKit ? 'build-secrets' : 'cache-from'}: ${(error as Error).message}`, {
          cause: error,
          remedy: 'The engine must support POST /session (Docker 18.09+ on Linux).',
        });
      }
    }
    let response: IncomingMessage;
    try {
      response = await postBuild(engine, archive, buildQuery(request, archive, builder, network, session), request.signal);
    } catch (error) {
      await tracked.rethrowOwnFailure();
      if (isConnectionError(error)) throw engineUnreachable(engine.info.address, error);
      const status = (error as { statusCode?: number }).statusCode;
      const message = (error as { json?: { message?: string } }).json?.message ?? (error as Error).message;
      throw new GateError('build-error', `the Docker engine rejected the build${status ? ` (HTTP ${status})` : ''}: ${String(message).trim()}`, {
        cause: error,
        remedy: 'Check the dockerfile, target and build-args inputs.',
      });
    }
    try {
      for await (const message of jsonMessages(response)) output.handle(message);
    } catch (error) {
      await tracked.rethrowOwnFailure();
      throw isConnectionError(error)
        ? engineUnreachable(engine.info.address, error)
        : new GateError('docker-error', `the build output stream broke: ${(error as Error).message}`, { cause: error });
    }
    output.finish();
  } finally {
    session?.close();
  }
  if (session && needsBuildKit) {
    const unused = request.buildSecrets.map((s) => s.id).filter((id) => !session!.requestedSecrets.includes(id));
    if (unused.length > 0) log.info(`build secrets not requested by any RUN step (or their steps were cached): ${unused.join(', ')}`);
  }

  await tracked.rethrowOwnFailure();
  if (output.errors.length > 0) {
    throw new GateError('build-error', redactSecrets(`the image build failed: ${output.errors[output.errors.length - 1]}`, secretValues), {
      details: output.failureDetails().map((line) => redactSecrets(line, secretValues)),
      remedy: 'Fix the failing Dockerfile step shown in the details.',
    });
  }
  if (output.imageId === undefined) {
    throw new GateError('build-error', 'the Docker engine finished the build without reporting an image ID', {
      details: output.failureDetails().map((line) => redactSecrets(line, secretValues)),
      remedy: 'Re-run the job; if it persists, report the engine version with the log.',
    });
  }
  return { imageId: output.imageId, builder, network };
}

/**
 * When the build request fails, the cause may be our own archive (an unreadable file):
 * that error explains more than the engine's "unexpected EOF", so it wins. Otherwise the
 * archive is abandoned so that its writer does not wait for a reader that has gone.
 */
function trackArchive(archive: ContextArchive): { abandon(): void; rethrowOwnFailure(): Promise<void> } {
  let failure: unknown;
  let abandoned = false;
  archive.done.catch((error: unknown) => {
    if (!abandoned) failure = error;
  });
  const abandon = (): void => {
    if (abandoned) return;
    abandoned = true;
    archive.stream.destroy();
  };
  return {
    abandon,
    async rethrowOwnFailure() {
      // Let a pending archive rejection land before deciding whose failure this is.
      await new Promise((resolve) => setImmediate(resolve));
      if (failure !== undefined) throw failure;
      abandon();
    },
  };
}

export function createDockerImageBuilder(engine: DockerEngine, options: DockerImageBuilderOptions = {}): ImageBuilder {
  return {
    buildImage: (request, log) => build(engine, request, log, options.builder),
    inspectImageFacts: (imageId) => inspectImageFacts(engine.docker, imageId, engine.info.address),
  };
}
