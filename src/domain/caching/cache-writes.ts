import { branchFromRef, isPullRequestEvent, type GithubEventContext } from '../github-event.js';

/**
 * Whether this run may write caches that other runs read (Trivy's layer cache in the
 * Actions cache, the image's inline build cache).
 *
 * Why this is enough for the Actions cache: an entry is scoped to the ref that saved it, and
 * a run restores only from its own ref, its base ref and the default branch. A pull
 * request's entries live under refs/pull/N/merge and are visible to that pull request alone.
 * The gap is `pull_request_target` (and other pull_request* events run in the base ref's
 * scope): they build the pull request's code but would save into the base branch's scope,
 * so no pull-request event writes. Beyond that, only the default branch and refs GitHub
 * marks protected (GITHUB_REF_PROTECTED: branch protection or a ruleset) write, so what a
 * protected run restores was written by a protected run of this repository.
 */
export interface CacheWrites {
  allowed: boolean;
  why: string;
}

export function decideCacheWrites(event: Pick<GithubEventContext, 'eventName' | 'ref' | 'defaultBranch'>, refProtected: boolean): CacheWrites {
  if (isPullRequestEvent(event.eventName)) {
    return { allowed: false, why: `${event.eventName} runs read caches but never write them` };
  }
  const branch = branchFromRef(event.ref);
  if (branch !== undefined && event.defaultBranch !== undefined && branch === event.defaultBranch) {
    return { allowed: true, why: `${event.ref} is the default branch` };
  }
  if (refProtected) return { allowed: true, why: `${event.ref} is a protected ref` };
  return { allowed: false, why: `${event.ref || 'this ref'} is neither the default branch nor protected (GITHUB_REF_PROTECTED), so caches are read only` };
}
