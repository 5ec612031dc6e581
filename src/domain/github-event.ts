import { GateError } from './gate-error.js';

/**
 * What the run is about, as plain data: which event, which ref, which commit.
 * Derived once from the runner's GITHUB_* variables and the event payload, so the
 * tag and label rules downstream never touch the environment.
 */
export interface GithubEventContext {
  /** GITHUB_EVENT_NAME, e.g. `push`, `pull_request`, `schedule`. */
  eventName: string;
  /** GITHUB_REF, e.g. `refs/heads/main`; empty for events that have no ref. */
  ref: string;
  /** The commit the image is built from (lowercase hex); for pull requests the head commit. */
  sha: string;
  defaultBranch?: string;
  prNumber?: number;
  /** `${serverUrl}/${repository}`: the page GHCR links a package to. */
  repositoryUrl?: string;
  /** `owner/name` as GitHub spells it (case kept). */
  repository: string;
  actor?: string;
  /** GITHUB_SERVER_URL without a trailing slash, e.g. `https://github.com`. */
  serverUrl: string;
  /** GITHUB_REF_PROTECTED: the ref has branch protection or a ruleset. */
  refProtected?: boolean;
  /**
   * When the built commit was made: SOURCE_DATE_EPOCH when set, else a push event's
   * head_commit timestamp (only when it is the built commit). The image's `created` label
   * takes it, so rebuilding an unchanged commit gives the same config, hence the same image ID.
   */
  commitTime?: Date;
}

const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/; // SHA-1 and SHA-256 repositories
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const SERVER_URL = /^https?:\/\/[^\s/]+(?:\/[^\s]*)?$/;
const PULL_REF = /^refs\/pull\/(\d+)\//;

/** `refs/heads/feature/x` → `feature/x`; anything else → undefined. */
export function branchFromRef(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') && ref.length > 'refs/heads/'.length ? ref.slice('refs/heads/'.length) : undefined;
}

/** `refs/tags/v1.2.3` → `v1.2.3`; anything else → undefined. */
export function gitTagFromRef(ref: string): string | undefined {
  return ref.startsWith('refs/tags/') && ref.length > 'refs/tags/'.length ? ref.slice('refs/tags/'.length) : undefined;
}

/** `refs/pull/42/merge` → 42. */
export function pullNumberFromRef(ref: string): number | undefined {
  const match = PULL_REF.exec(ref);
  return match ? Number(match[1]) : undefined;
}

/** Every `pull_request*` event (pull_request, pull_request_target, pull_request_review…) carries `pull_request`. */
export function isPullRequestEvent(eventName: string): boolean {
  return eventName.startsWith('pull_request');
}

/**
 * Which events `push: auto` pushes on: only those whose code is this repository's own
 * (a push to one of its branches or tags, a release, a manual or scheduled run). Everything
 * else may build code from a pull request: `pull_request*` obviously, and `workflow_run`,
 * `issue_comment` and `merge_group` workflows often check out the pull request's head.
 * Unknown events never push on their own either.
 */
export const AUTO_PUSH_EVENTS: Readonly<Record<string, string>> = {
  push: 'a push to a branch or tag of this repository',
  release: 'a release of this repository',
  workflow_dispatch: 'a manual run on a branch or tag of this repository',
  schedule: 'a scheduled run on the default branch',
};

export function autoPush(eventName: string, ref: string): { push: boolean; why: string } {
  if (!(eventName in AUTO_PUSH_EVENTS)) {
    return { push: false, why: isPullRequestEvent(eventName) ? 'it builds pull request code' : 'the event may build code that is not this repository\'s own' };
  }
  if (eventName === 'push' && !ref.startsWith('refs/heads/') && !ref.startsWith('refs/tags/')) {
    return { push: false, why: `${ref || 'an empty ref'} is not a branch or tag` };
  }
  return { push: true, why: AUTO_PUSH_EVENTS[eventName]! };
}

function environmentError(variable: string, problem: string, example: string): GateError {
  return new GateError('input-error', `runner environment: ${variable} ${problem}`, {
    remedy: `run the action inside a GitHub Actions job (the runner sets ${variable}), or set it yourself, e.g. ${variable}=${example}`,
  });
}

function payloadError(eventName: string, field: string): GateError {
  return new GateError('input-error', `runner environment: the ${eventName} event payload (GITHUB_EVENT_PATH) has no ${field}`, {
    remedy: 'run the action from a workflow triggered by GitHub, whose event file carries the full webhook payload',
  });
}

/** Reads `payload.a.b.c` without trusting the payload's shape. */
function pick(payload: unknown, ...path: string[]): unknown {
  let value = payload;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function pickString(payload: unknown, ...path: string[]): string | undefined {
  const value = pick(payload, ...path);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function required(env: Record<string, string | undefined>, variable: string, example: string): string {
  const value = env[variable]?.trim();
  if (!value) throw environmentError(variable, 'is not set', example);
  return value;
}

/**
 * The pull request's number and the commit to name the image after.
 *
 * For pull requests GITHUB_SHA is the merge commit GitHub creates on
 * `refs/pull/N/merge`: it is not in the branch's history, is recreated whenever
 * the base moves, and no one can find it on the PR page. The head commit is what
 * reviewers, checks and `git log` show, so `sha-<head>` and the revision label point
 * at a commit people can look up (docker/metadata-action offers the same choice via
 * DOCKER_METADATA_PR_HEAD_SHA). For `pull_request_target` GITHUB_SHA is even the
 * base branch's tip, which would make a PR image claim to be the base commit.
 */
function pullRequestFacts(eventName: string, ref: string, payload: unknown): { prNumber: number; sha: string } {
  const number = pick(payload, 'pull_request', 'number') ?? pick(payload, 'number');
  const prNumber = typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : pullNumberFromRef(ref);
  if (prNumber === undefined) throw payloadError(eventName, 'pull_request.number');
  const head = pickString(payload, 'pull_request', 'head', 'sha')?.toLowerCase();
  if (head === undefined || !COMMIT_SHA.test(head)) throw payloadError(eventName, 'pull_request.head.sha');
  return { prNumber, sha: head };
}

/**
 * Scheduled runs always run on the default branch; older schedule payloads carry
 * nothing but the cron string, so the branch of GITHUB_REF is the default branch.
 */
function defaultBranchOf(eventName: string, ref: string, payload: unknown): string | undefined {
  return pickString(payload, 'repository', 'default_branch') ?? (eventName === 'schedule' ? branchFromRef(ref) : undefined);
}

/** Pure: the caller reads `process.env` and parses the file at GITHUB_EVENT_PATH. */
export function eventContextFrom(env: Record<string, string | undefined>, payload: unknown): GithubEventContext {
  const eventName = required(env, 'GITHUB_EVENT_NAME', 'push');
  const repository = required(env, 'GITHUB_REPOSITORY', 'acme/app');
  if (!REPOSITORY.test(repository)) throw environmentError('GITHUB_REPOSITORY', `'${repository}' is not owner/name`, 'acme/app');
  const runSha = required(env, 'GITHUB_SHA', '0123456789abcdef0123456789abcdef01234567').toLowerCase();
  if (!COMMIT_SHA.test(runSha)) throw environmentError('GITHUB_SHA', 'is not a commit hash', '0123456789abcdef0123456789abcdef01234567');
  // Same fallback as @actions/github's Context: github.com when the runner does not say.
  const serverUrl = (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, '');
  if (!SERVER_URL.test(serverUrl)) throw environmentError('GITHUB_SERVER_URL', 'is not an http(s) URL', 'https://github.com');
  const ref = env.GITHUB_REF?.trim() ?? '';
  const actor = env.GITHUB_ACTOR?.trim() || undefined;

  const pr = isPullRequestEvent(eventName) ? pullRequestFacts(eventName, ref, payload) : undefined;
  const defaultBranch = defaultBranchOf(eventName, ref, payload);
  const commitTime = sourceDateEpoch(env) ?? (eventName === 'push' ? headCommitTime(payload, runSha) : undefined);
  return {
    eventName,
    ref,
    sha: pr?.sha ?? runSha,
    ...(defaultBranch !== undefined && { defaultBranch }),
    ...(pr !== undefined && { prNumber: pr.prNumber }),
    repositoryUrl: `${serverUrl}/${repository}`,
    repository,
    ...(actor !== undefined && { actor }),
    serverUrl,
    ...(env.GITHUB_REF_PROTECTED?.trim() === 'true' && { refProtected: true }),
    ...(commitTime !== undefined && { commitTime }),
  };
}

/** SOURCE_DATE_EPOCH (reproducible-builds.org): whole seconds since 1970; anything else is an error, not ignored. */
function sourceDateEpoch(env: Record<string, string | undefined>): Date | undefined {
  const value = env.SOURCE_DATE_EPOCH?.trim();
  if (!value) return undefined;
  // Up to 9999-12-31T23:59:59Z: labels are RFC 3339, four-digit years.
  if (!/^\d{1,12}$/.test(value) || Number(value) > 253_402_300_799) throw environmentError('SOURCE_DATE_EPOCH', `'${value}' is not whole seconds since 1970 (up to year 9999)`, '1767225600');
  return new Date(Number(value) * 1000);
}

/** A push event's head_commit.timestamp, when head_commit is the commit being built. */
function headCommitTime(payload: unknown, sha: string): Date | undefined {
  const head = (payload as { head_commit?: { id?: unknown; timestamp?: unknown } } | undefined)?.head_commit;
  if (typeof head?.id !== 'string' || head.id.toLowerCase() !== sha || typeof head.timestamp !== 'string') return undefined;
  const time = new Date(head.timestamp);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
