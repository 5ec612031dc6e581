import { isPullRequestEvent } from '../github-event.js';

/** How the build reuses and leaves cache for the next one (Engine API `cachefrom`, BuildKit inline cache). */
export interface BuildCachePlan {
  /** Images whose inline cache the build may import; a missing one is skipped by BuildKit. */
  from: string[];
  /** BUILDKIT_INLINE_CACHE=1: cache metadata in the image config, pushed with the image. */
  inline: boolean;
  why: string;
}

export interface BuildCacheRequest {
  /** undefined: the published baseline; []: none. */
  cacheFrom: string[] | undefined;
  cacheTo: 'inline' | 'none';
  noCache: boolean;
  publishedReference: string;
  pushEnabled: boolean;
  eventName: string;
}

/**
 * The image that passed last time is the natural cache source: a fresh runner pulls only
 * the cache metadata and the layers it can reuse. Only runs that push and are not pull
 * requests write inline cache: a pull request reads the cache but never leaves any, so its
 * image config (and so its ID) differs from the one a pushing run builds from the same inputs.
 */
export function planBuildCache(request: BuildCacheRequest): BuildCachePlan {
  if (request.noCache) return { from: [], inline: false, why: 'no-cache: true builds every step' };
  const from = request.cacheFrom ?? [request.publishedReference];
  const pullRequest = isPullRequestEvent(request.eventName);
  const inline = request.cacheTo === 'inline' && request.pushEnabled && !pullRequest;
  const writes = request.cacheTo === 'none'
    ? 'cache-to: none'
    : pullRequest
      ? `${request.eventName} runs read the build cache but never write it`
      : request.pushEnabled
        ? 'inline cache in the pushed image'
        : 'no inline cache (nothing is pushed)';
  return { from, inline, why: `${from.length > 0 ? `cache from ${from.join(', ')}` : 'no cache-from'}; ${writes}` };
}
