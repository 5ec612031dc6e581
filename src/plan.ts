import { isAbsolute, normalize, relative, resolve } from 'node:path';
import { planBuildCache, type BuildCachePlan } from './domain/caching/build-cache.js';
import { decideCacheWrites, type CacheWrites } from './domain/caching/cache-writes.js';
import { GateError } from './domain/gate-error.js';
import type { GatePolicy } from './domain/policy/gate-policy.js';
import { autoPush, type GithubEventContext } from './domain/github-event.js';
import { ociLabels, versionFromTags } from './domain/labels.js';
import { formatReference, normaliseReference, targetReferences, type ImageReference } from './domain/reference.js';
import { resolveTags, sanitiseTag } from './domain/tags.js';
import type { Inputs } from './inputs.js';

/** What this run will do, decided before anything runs: every later step reads only this. */
export interface RunPlan {
  image: ImageReference;
  tags: string[];
  /** Full references that will be pushed if the gate passes. */
  targets: string[];
  push: { enabled: boolean; why: string };
  labels: Record<string, string>;
  /** Absolute build context. */
  contextDir: string;
  /** Dockerfile path relative to the context, with forward slashes. */
  dockerfile: string;
  registry: { server: string; username: string; password: string };
  /** What this run reuses and what it may leave for later runs. */
  caches: { writes: CacheWrites; build: BuildCachePlan };
}

export function decidePush(mode: Inputs['push'], event: GithubEventContext): { enabled: boolean; why: string } {
  if (mode === 'false') return { enabled: false, why: 'push: false' };
  if (mode === 'true') return { enabled: true, why: 'push: true' };
  const auto = autoPush(event.eventName, event.ref);
  return auto.push
    ? { enabled: true, why: `push: auto pushes on ${event.eventName} events` }
    : { enabled: false, why: `push: auto does not push on ${event.eventName} events (${auto.why}); set push: true to push anyway` };
}

/** Keeps the Dockerfile inside the context: the engine only ever sees the context. */
function dockerfileInContext(contextDir: string, dockerfile: string): string {
  const absolute = isAbsolute(dockerfile) ? normalize(dockerfile) : resolve(contextDir, dockerfile);
  const inside = relative(contextDir, absolute);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new GateError('input-error', `input 'dockerfile': '${dockerfile}' is not inside the build context ${contextDir}`, {
      remedy: 'for example: dockerfile: Dockerfile (a path relative to the context)',
    });
  }
  return inside.split('\\').join('/');
}

export function planRun(inputs: Inputs, event: GithubEventContext, options: { workspace: string; now: Date }): RunPlan {
  const image = normaliseReference(inputs.image, 'image');
  const tags = resolveTags(inputs.tags, event);
  const targets = targetReferences(image, tags);
  const push = inputs.mode === 'summary' ? { enabled: false, why: 'mode: summary never builds or pushes' } : decidePush(inputs.push, event);
  const contextDir = resolve(options.workspace, inputs.context);
  const dockerfile = dockerfileInContext(contextDir, inputs.dockerfile);

  if (push.enabled && inputs.registryPassword === '') {
    throw new GateError('input-error', `input 'registry-password': pushing to ${image.registry} needs a password or token, and none was given`, {
      remedy: image.registry === 'ghcr.io'
        ? "give the job `permissions: packages: write` and keep the default github-token, or set registry-password"
        : 'for example: registry-password: ${{ secrets.REGISTRY_TOKEN }} (or push: false)',
    });
  }

  const version = versionFromTags(tags);
  const labels = ociLabels(event, {
    // The commit's time when the event says it: an unchanged commit rebuilds to the same image ID.
    created: event.commitTime ?? options.now,
    ...(version !== undefined && { version }),
    userLabels: inputs.labels,
  });

  return {
    image,
    tags,
    targets,
    push,
    labels,
    contextDir,
    dockerfile,
    registry: { server: image.registry, username: inputs.registryUsername, password: inputs.registryPassword },
    caches: {
      writes: decideCacheWrites(event, event.refProtected === true),
      build: planBuildCache({
        cacheFrom: inputs.cacheFrom,
        cacheTo: inputs.cacheTo,
        noCache: inputs.noCache,
        publishedReference: formatReference({ registry: image.registry, repository: image.repository, tag: sanitiseTag(inputs.baselineTag, 'baseline-tag') }),
        pushEnabled: push.enabled,
        eventName: event.eventName,
      }),
    },
  };
}

/** The slice of the inputs the policy decides with. */
export function policyFromInputs(inputs: Inputs): GatePolicy {
  return {
    failOn: [...inputs.failOn],
    issueOn: [...inputs.issueOn],
    unknownSeverity: inputs.unknownSeverity,
    ignoreUnfixed: inputs.ignoreUnfixed,
    blockOnIncrease: inputs.blockOnIncrease,
    compareOn: inputs.compareOn === undefined ? undefined : [...inputs.compareOn],
    maxDbAge: inputs.maxDbAge,
    requireNonRoot: inputs.requireNonRoot,
    requireHealthcheck: inputs.requireHealthcheck,
    maxImageSizeBytes: inputs.maxImageSizeBytes,
    configSecrets: inputs.configSecrets,
    failOnKev: inputs.failOnKev,
    epssThreshold: inputs.epssThreshold,
  };
}
