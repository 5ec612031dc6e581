import { GateError } from './gate-error.js';

/*
 * The image reference grammar, transcribed from github.com/distribution/reference
 * (v0.6.0, regexp.go) — the grammar Docker, containerd and registries share:
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ["/" path-component]*
 */
const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_NAME_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_NAME_COMPONENT}(?:\\.${DOMAIN_NAME_COMPONENT})*`;
const IPV6_ADDRESS = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6_ADDRESS})(?::[0-9]+)?`;
const PATH = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN}/)?${PATH}`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';

export const DOMAIN_PATTERN = new RegExp(`^${DOMAIN}$`);
export const PATH_COMPONENT_PATTERN = new RegExp(`^${PATH_COMPONENT}$`);
export const PATH_PATTERN = new RegExp(`^${PATH}$`);
export const NAME_PATTERN = new RegExp(`^${NAME}$`);
export const TAG_PATTERN = new RegExp(`^${TAG}$`);
export const DIGEST_PATTERN = new RegExp(`^${DIGEST}$`);
/** Groups: 1 name, 2 tag, 3 digest. */
export const REFERENCE_PATTERN = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** Older Docker clients apply the limit to the whole name, newer ones to the path; we apply it to the whole name so both accept it. */
export const NAME_LENGTH_MAX = 255;
export const TAG_LENGTH_MAX = 128;

/** Algorithms registries accept, with the encoded length each requires (opencontainers/go-digest). */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_LEGACY = 'index.docker.io';
const IMAGE_ID = /^[a-f0-9]{64}$/;

export interface ImageReference {
  /** Lowercase registry host, with port if any: `ghcr.io`, `127.0.0.1:5000`, `docker.io`. */
  registry: string;
  /** Lowercase repository path: `acme/app`, `library/alpine`. */
  repository: string;
  /** `registry/repository`. */
  name: string;
  /** Case kept. */
  tag?: string;
  digest?: string;
}

/** Shows a user value safely in a log line: quoted, control characters escaped, long values cut. */
export function quoteInputValue(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
}

export function inputValueError(inputName: string, value: string, problem: string, example: string): GateError {
  return new GateError('input-error', `input '${inputName}': ${quoteInputValue(value)} ${problem}`, {
    remedy: `for example: ${inputName}: ${example}`,
  });
}

export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

/**
 * Where the name ends and the tag and digest begin: a digest follows the `@`; a tag
 * follows the last `:` only if no `/` comes after it (otherwise that `:` is a port).
 */
function splitReference(text: string): { name: string; tag?: string; digest?: string } {
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const rest = at >= 0 ? text.slice(0, at) : text;
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  return {
    name: hasTag ? rest.slice(0, colon) : rest,
    ...(hasTag && { tag: rest.slice(colon + 1) }),
    ...(digest !== undefined && { digest }),
  };
}

/**
 * Docker CLI rules: the first component names a registry only if it contains `.` or
 * `:` or is `localhost`; otherwise the name is on Docker Hub, where one-component
 * names live under `library/`. (The CLI also treats an uppercase first component as
 * a registry; we lowercase names instead, so `Acme/app` means docker.io/acme/app.)
 */
function splitRegistry(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = name.slice(0, slash);
  const isRegistry = slash >= 0 && (first === 'localhost' || /[.:]/.test(first));
  const registry = isRegistry ? (first === DOCKER_HUB_LEGACY ? DOCKER_HUB : first) : DOCKER_HUB;
  const repository = isRegistry ? name.slice(slash + 1) : name;
  return { registry, repository: registry === DOCKER_HUB && !repository.includes('/') ? `library/${repository}` : repository };
}

function nameProblem(registry: string, repository: string): string | undefined {
  if (!DOMAIN_PATTERN.test(registry)) return `has a registry ${quoteInputValue(registry)} that is not a host name or IP address with an optional :port`;
  if (repository === '') return 'has no repository path after the registry';
  const bad = repository.split('/').find((component) => !PATH_COMPONENT_PATTERN.test(component));
  if (bad === '') return 'has an empty path component (a leading, trailing or doubled `/`)';
  if (bad !== undefined) {
    return `has a path component ${quoteInputValue(bad)} that is not valid: use lowercase letters and digits, joined by '.', '_', '__' or '-'`;
  }
  const name = `${registry}/${repository}`;
  if (name.length > NAME_LENGTH_MAX) return `is ${name.length} characters long; an image name may have at most ${NAME_LENGTH_MAX}`;
  return undefined;
}

function digestProblem(digest: string): string | undefined {
  if (!DIGEST_PATTERN.test(digest)) return `has a digest ${quoteInputValue(digest)} that is not algorithm:hex`;
  const [algorithm = '', hex = ''] = digest.split(':');
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return `has a digest algorithm ${quoteInputValue(algorithm)}; registries accept sha256, sha384 and sha512`;
  if (hex.length !== length || !/^[0-9a-f]+$/.test(hex)) return `has a ${algorithm} digest that is not ${length} lowercase hex characters`;
  return undefined;
}

/**
 * Parses a full reference, `[registry[:port]/]path[:tag][@digest]`, into its
 * normalised parts: registry and path lowercased, Docker Hub short names expanded,
 * tag case kept. Anything outside the grammar is an input-error naming `inputName`.
 */
export function parseReference(text: string, inputName = 'image'): ImageReference {
  const example = 'ghcr.io/acme/app';
  const fail = (problem: string): GateError => inputValueError(inputName, text, problem, example);
  const trimmed = text.trim();
  if (trimmed === '') throw fail('is empty: an image reference names a repository');
  if (trimmed.includes('://')) throw fail('is a URL; an image reference has no scheme');
  if (IMAGE_ID.test(trimmed)) throw fail('is a 64-character image ID, not a repository name');

  const parts = splitReference(trimmed);
  if (parts.digest?.includes('@')) throw fail("has more than one '@'");
  const { registry, repository } = splitRegistry(parts.name.toLowerCase());
  const problem =
    nameProblem(registry, repository) ??
    (parts.tag !== undefined && !isValidTag(parts.tag)
      ? `has a tag ${quoteInputValue(parts.tag)} that is not valid: letters, digits, '_', '.' and '-', not starting with '.' or '-', at most ${TAG_LENGTH_MAX} characters`
      : undefined) ??
    (parts.digest !== undefined ? digestProblem(parts.digest) : undefined);
  if (problem !== undefined) throw fail(problem);

  return {
    registry,
    repository,
    name: `${registry}/${repository}`,
    ...(parts.tag !== undefined && { tag: parts.tag }),
    ...(parts.digest !== undefined && { digest: parts.digest }),
  };
}

/**
 * The `image` input: a repository to build and push, without tag or digest. Tags come
 * from the `tags` input so that one build can carry several; a digest only exists
 * after the build, so neither belongs here.
 */
export function normaliseReference(text: string, inputName = 'image'): ImageReference {
  const reference = parseReference(text, inputName);
  if (reference.digest !== undefined) {
    throw inputValueError(inputName, text, 'carries a digest; the image is built here, so its digest is only known after the build', reference.name);
  }
  if (reference.tag !== undefined) {
    const looksLikeBareRegistry = !text.includes('/') && /^\d+$/.test(reference.tag);
    const problem = looksLikeBareRegistry
      ? `looks like a registry address without a repository path (it reads as ${reference.name}:${reference.tag})`
      : `carries the tag ${quoteInputValue(reference.tag)}; '${inputName}' names the repository only and tags come from the 'tags' input`;
    const example = looksLikeBareRegistry ? `${text.trim()}/acme/app` : `${reference.name} (and tags: ${reference.tag})`;
    throw inputValueError(inputName, text, problem, example);
  }
  return reference;
}

export function formatReference(reference: Pick<ImageReference, 'registry' | 'repository' | 'tag' | 'digest'>): string {
  const tag = reference.tag !== undefined ? `:${reference.tag}` : '';
  const digest = reference.digest !== undefined ? `@${reference.digest}` : '';
  return `${reference.registry}/${reference.repository}${tag}${digest}`;
}

/** The references to push: one per tag, in the order given. */
export function targetReferences(image: ImageReference, tags: readonly string[]): string[] {
  if (tags.length === 0) throw new GateError('input-error', "input 'tags': no tags to push", { remedy: 'for example: tags: latest' });
  const invalid = tags.find((tag) => !isValidTag(tag));
  if (invalid !== undefined) throw inputValueError('tags', invalid, 'is not a valid tag', 'v1.2.3');
  return [...new Set(tags)].map((tag) => formatReference({ registry: image.registry, repository: image.repository, tag }));
}
