import Docker from 'dockerode';
import { GateError } from '../../domain/gate-error.js';
import { describeEndpoint, engineEndpoint, engineRequest, readBody, type EngineEndpoint } from './engine-http.js';

/** What the engine says about itself on GET /_ping. */
export interface EngineInfo {
  apiVersion: string;
  osType: string;
  /** `Builder-Version` header: '2' = BuildKit by default, '1' = classic; absent on engines before 23.0 unless configured. */
  builderVersion: string | undefined;
  /** Human-readable endpoint, for messages. */
  address: string;
}

export interface DockerEngine {
  docker: Docker;
  endpoint: EngineEndpoint;
  info: EngineInfo;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPERM', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CONNECTION_ERRORS.has(code);
}

export function engineUnreachable(address: string, error: unknown): GateError {
  const code = (error as { code?: string } | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const remedy =
    code === 'EACCES' || code === 'EPERM'
      ? `The runner user may not use ${address}: add it to the 'docker' group (self-hosted runners) or run the job on a GitHub-hosted runner.`
      : `Start the Docker engine or point DOCKER_HOST at it (currently ${address}). GitHub-hosted Linux runners have Docker running; on self-hosted runners install and start it.`;
  return new GateError('docker-error', `cannot reach the Docker engine at ${address}: ${detail}`, { remedy, cause: error });
}

/**
 * Connects to the engine the Docker CLI would use (DOCKER_HOST, DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH) and pings it, so that an absent engine fails before any work starts.
 */
export async function openDockerEngine(options: { docker?: Docker } = {}): Promise<DockerEngine> {
  const docker = options.docker ?? new Docker();
  let endpoint: EngineEndpoint;
  try {
    endpoint = await engineEndpoint(docker);
  } catch (error) {
    throw new GateError('docker-error', (error as Error).message, { remedy: 'Set DOCKER_HOST to unix:///var/run/docker.sock or a tcp:// address.' });
  }
  const address = describeEndpoint(endpoint);
  let response;
  try {
    response = await engineRequest(endpoint, { method: 'GET', path: '/_ping', signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw engineUnreachable(address, error);
  }
  const body = await readBody(response, 4096).catch(() => '');
  if (response.statusCode !== 200) {
    throw new GateError('docker-error', `the Docker engine at ${address} answered /_ping with HTTP ${response.statusCode}: ${body.trim()}`, {
      remedy: 'Check that DOCKER_HOST points at a Docker engine and that it is healthy (`docker info`).',
    });
  }
  const header = (name: string): string | undefined => {
    const value = response.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    docker,
    endpoint,
    info: {
      apiVersion: header('Api-Version') ?? '',
      osType: header('Ostype') ?? '',
      builderVersion: header('Builder-Version'),
      address,
    },
  };
}

function apiAtLeast(version: string, minimum: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor = 0, wantMinor = 0] = minimum.split('.').map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

export type BuilderKind = 'buildkit' | 'classic';

/**
 * BuildKit when the engine offers it: `Builder-Version: 2`, or no header on a Linux engine
 * with API ≥ 1.39 (Docker 18.09–22.x ship BuildKit but only advertise it when configured).
 * An engine that says '1' was configured for the classic builder; we respect that unless
 * build secrets need BuildKit. Secrets are never downgraded to anything else.
 */
export function chooseBuilder(info: EngineInfo, needsBuildKit: boolean): BuilderKind {
  const capable = info.osType.toLowerCase() !== 'windows' && apiAtLeast(info.apiVersion, '1.39');
  if (info.builderVersion === '2') return 'buildkit';
  if (info.builderVersion === '1' && !needsBuildKit) return 'classic';
  if (capable) return 'buildkit';
  if (needsBuildKit) {
    throw new GateError('docker-error', `build-secrets need BuildKit, which the Docker engine at ${info.address} does not offer (API ${info.apiVersion || 'unknown'}, ${info.osType || 'unknown OS'})`, {
      remedy: 'Use a Linux Docker engine 18.09 or newer, or remove build-secrets. Secrets are never passed as build args.',
    });
  }
  return 'classic';
}
