import { GateError } from './gate-error.js';
import { parseReference } from './reference.js';

/** One reference to push: `registry/repository:tag`. */
export interface PushTarget {
  reference: string;
  registry: string;
  repository: string;
  /** `registry/repository`, the name the engine tags and pushes. */
  name: string;
  tag: string;
}

export interface PushPlan {
  imageId: string;
  registry: string;
  targets: PushTarget[];
}

const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;

/**
 * The registry an auth `serveraddress` stands for: `https://ghcr.io/` → `ghcr.io`,
 * Docker Hub's legacy `https://index.docker.io/v1/` → `docker.io`.
 */
export function registryOfServerAddress(serveraddress: string): string {
  const host = serveraddress
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

/**
 * Checks the push before anything is tagged: a full image ID, tagged references only, and
 * every target on the registry the credentials are for (one set of credentials cannot
 * push anywhere else, and sending them elsewhere would leak them).
 */
export function planPush(imageId: string, references: readonly string[], serveraddress: string): PushPlan {
  if (!IMAGE_ID.test(imageId)) {
    throw new GateError('internal-error', `push was asked for '${imageId}', which is not a full image ID (sha256:<64 hex>)`);
  }
  if (references.length === 0) {
    throw new GateError('input-error', 'nothing to push: no target references', { remedy: 'for example: tags: latest' });
  }
  const registry = registryOfServerAddress(serveraddress);
  const seen = new Set<string>();
  const targets: PushTarget[] = [];
  for (const text of references) {
    const reference = parseReference(text, 'tags');
    if (reference.digest !== undefined || reference.tag === undefined) {
      throw new GateError('input-error', `push target ${JSON.stringify(text)} needs a tag and no digest`, { remedy: `for example: ${reference.name}:latest` });
    }
    if (reference.registry !== registry) {
      throw new GateError('input-error', `push target ${reference.name}:${reference.tag} is on ${reference.registry}, but the credentials are for ${registry}`, {
        remedy: 'Push to one registry per step, with that registry\'s credentials.',
      });
    }
    const full = `${reference.name}:${reference.tag}`;
    if (seen.has(full)) continue;
    seen.add(full);
    targets.push({ reference: full, registry: reference.registry, repository: reference.repository, name: reference.name, tag: reference.tag });
  }
  return { imageId, registry, targets };
}
