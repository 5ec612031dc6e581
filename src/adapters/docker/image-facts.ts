import type Docker from 'dockerode';
import { GateError } from '../../domain/gate-error.js';
import type { ImageFacts } from '../../domain/image-facts.js';
import { engineUnreachable, isConnectionError } from './docker-engine.js';

interface InspectBody {
  Id?: string;
  Size?: number;
  Os?: string;
  Architecture?: string;
  Variant?: string;
  Config?: {
    User?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] | null } | null;
  } | null;
}

interface HistoryEntry {
  CreatedBy?: string;
}

function engineFailure(address: string, imageId: string, error: unknown): GateError {
  if (isConnectionError(error)) return engineUnreachable(address, error);
  if ((error as { statusCode?: number }).statusCode === 404) {
    return new GateError('image-not-found', `image ${imageId} is not in the Docker engine`, {
      cause: error,
      remedy: 'The image was removed between build and inspection (e.g. by a parallel prune); re-run the job.',
    });
  }
  return new GateError('docker-error', `could not inspect image ${imageId}: ${(error as Error).message}`, { cause: error });
}

/**
 * Facts about the built image for the hardening rules: config (user, healthcheck, env,
 * labels), size, and the history with the oldest step first (Dockerfile order; the engine
 * reports newest first).
 */
export async function inspectImageFacts(docker: Docker, imageId: string, address: string): Promise<ImageFacts> {
  const image = docker.getImage(imageId);
  let inspect: InspectBody;
  let history: HistoryEntry[];
  try {
    inspect = (await image.inspect()) as InspectBody;
    history = (await image.history()) as HistoryEntry[];
  } catch (error) {
    throw engineFailure(address, imageId, error);
  }
  if (inspect.Id !== imageId) {
    throw new GateError('image-not-found', `the engine returned image ${String(inspect.Id)} when asked for ${imageId}`, {
      remedy: 'Pass the full image ID (sha256:…) as returned by the build.',
    });
  }
  const config = inspect.Config ?? {};
  const test = config.Healthcheck?.Test;
  return {
    id: inspect.Id,
    user: config.User ?? '',
    healthcheck: test && test.length > 0 ? { test: [...test] } : undefined,
    env: [...(config.Env ?? [])],
    labels: { ...(config.Labels ?? {}) },
    sizeBytes: inspect.Size ?? 0,
    history: [...history].reverse().map((h) => ({ createdBy: h.CreatedBy ?? '' })),
    platform: { os: inspect.Os ?? '', architecture: inspect.Architecture ?? '', ...(inspect.Variant && { variant: inspect.Variant }) },
  };
}
