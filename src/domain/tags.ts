import { branchFromRef, gitTagFromRef, pullNumberFromRef, type GithubEventContext } from './github-event.js';
import { inputValueError, TAG_LENGTH_MAX } from './reference.js';

/*
 * Case: tags keep their case (they are case-sensitive and `v1.2.3-RC.1` is what the
 * user wrote). Branch names are the one exception: they are lowercased, because
 * branch tags end up in URLs, hostnames and deployment names that are lowercase
 * anyway, and `Feature/Login` and `feature/login` naming two images is a surprise.
 */

const INVALID_RUN = /[^A-Za-z0-9_.-]+/g;
const LEADING_DOTS_AND_DASHES = /^[.-]+/;
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

function cleanTag(raw: string): string {
  return raw.trim().replace(INVALID_RUN, '-').replace(LEADING_DOTS_AND_DASHES, '').slice(0, TAG_LENGTH_MAX);
}

/**
 * Makes `raw` a valid tag the way docker/metadata-action does: each run of characters
 * outside `[A-Za-z0-9_.-]` becomes one `-`, leading `.`/`-` go, the rest is cut to 128
 * characters. Case is kept. Nothing left is an input-error naming `inputName`.
 */
export function sanitiseTag(raw: string, inputName = 'tags'): string {
  const tag = cleanTag(raw);
  if (tag === '') {
    throw inputValueError(inputName, raw, `cannot be made into a tag: a tag needs a letter, digit or '_' (letters, digits, '_', '.', '-'; at most ${TAG_LENGTH_MAX} characters)`, 'v1.2.3');
  }
  return tag;
}

/**
 * `v1.2.3` → 1.2.3, 1.2, 1. A pre-release (`v1.2.3-rc.1`) gets only its full version,
 * so `1.2` and `1` never move to a release candidate. Build metadata (`+build.5`) is
 * kept in the full version with `+` (not allowed in tags) as `-`. Not a version → undefined.
 */
export function versionTags(gitTag: string): string[] | undefined {
  const match = SEMVER.exec(gitTag);
  if (!match) return undefined;
  const [, major, minor, patch, prerelease, build] = match;
  const full = `${major}.${minor}.${patch}${prerelease ? `-${prerelease}` : ''}${build ? `-${build}` : ''}`;
  return prerelease ? [cleanTag(full)] : [cleanTag(full), `${major}.${minor}`, `${major}`];
}

/** A branch or git tag that leaves nothing after sanitising: the user has to say which tags to use. */
function tagFromRefName(name: string, kind: 'branch' | 'git tag'): string {
  const tag = cleanTag(name);
  if (tag === '') {
    throw inputValueError('tags', name, `is a ${kind} name that cannot be made into an image tag, and no 'tags' were given`, `${kind === 'branch' ? 'main' : 'v1.2.3'}, sha-0123abc`);
  }
  return tag;
}

function uniqueInOrder(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}

/**
 * Tags for a build the user gave no tags for, most specific first (the `version`
 * label takes the first): version tags or the branch, `latest` for the default
 * branch, `pr-N` for pull requests, and always `sha-<7>`.
 *
 * Pull requests get only `pr-N` and `sha-`: for `pull_request_target` GITHUB_REF is the
 * base branch, and a PR build must never take the base branch's tag or `latest`.
 */
export function defaultTags(event: GithubEventContext): string[] {
  const sha = event.sha.toLowerCase();
  if (!/^[0-9a-f]{7,}$/.test(sha)) throw inputValueError('tags', event.sha, 'cannot be tagged: the commit is not a hex hash (GITHUB_SHA)', 'sha-0123abc');
  const shaTag = `sha-${sha.slice(0, 7)}`;

  const prNumber = event.prNumber ?? pullNumberFromRef(event.ref);
  if (prNumber !== undefined) return [`pr-${prNumber}`, shaTag];

  const gitTag = gitTagFromRef(event.ref);
  if (gitTag !== undefined) return uniqueInOrder([...(versionTags(gitTag) ?? [tagFromRefName(gitTag, 'git tag')]), shaTag]);

  const branch = branchFromRef(event.ref);
  if (branch !== undefined) {
    const latest = branch === event.defaultBranch ? ['latest'] : [];
    return uniqueInOrder([tagFromRefName(branch.toLowerCase(), 'branch'), ...latest, shaTag]);
  }
  return [shaTag];
}

/** User tags replace the defaults entirely; either way the result is valid, unique and in a stable order. */
export function resolveTags(userTags: readonly string[], event: GithubEventContext): string[] {
  if (userTags.length === 0) return defaultTags(event);
  return uniqueInOrder(userTags.map((tag) => sanitiseTag(tag, 'tags')));
}
