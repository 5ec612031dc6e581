import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import {
  DOMAIN_PATTERN,
  formatReference,
  isValidTag,
  NAME_LENGTH_MAX,
  NAME_PATTERN,
  normaliseReference,
  parseReference,
  PATH_COMPONENT_PATTERN,
  PATH_PATTERN,
  REFERENCE_PATTERN,
  TAG_PATTERN,
  targetReferences,
  type ImageReference,
} from '../../src/domain/reference.js';

const SHA256 = 'sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa';

function caught(action: () => unknown): GateError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
    return error as GateError;
  }
  throw new Error('expected a GateError, nothing was thrown');
}

/** The contract for every failure: an input-error that names the input and shows a valid example. */
function expectInputError(error: unknown, inputName: string): void {
  expect(error).toBeInstanceOf(GateError);
  const gateError = error as GateError;
  expect(gateError.reason).toBe('input-error');
  expect(gateError.message).toContain(`input '${inputName}'`);
  expect(gateError.remedy).toContain(`for example: ${inputName}: `);
}

describe('normaliseReference', () => {
  it.each([
    ['alpine', 'docker.io', 'library/alpine'],
    ['user/app', 'docker.io', 'user/app'],
    ['Acme/App', 'docker.io', 'acme/app'],
    ['docker.io/alpine', 'docker.io', 'library/alpine'],
    ['docker.io/library/alpine', 'docker.io', 'library/alpine'],
    ['index.docker.io/alpine', 'docker.io', 'library/alpine'],
    ['index.docker.io/user/app', 'docker.io', 'user/app'],
    ['ghcr.io/Acme/My_App', 'ghcr.io', 'acme/my_app'],
    ['GHCR.IO/acme/app', 'ghcr.io', 'acme/app'],
    ['127.0.0.1:5000/acme/app', '127.0.0.1:5000', 'acme/app'],
    ['localhost/app', 'localhost', 'app'],
    ['localhost:5000/team/app', 'localhost:5000', 'team/app'],
    ['registry:5000/app', 'registry:5000', 'app'],
    ['[::1]:5000/acme/app', '[::1]:5000', 'acme/app'],
    ['registry.example.com:443/team/sub/app', 'registry.example.com:443', 'team/sub/app'],
    ['ghcr.io/a/b__c/d---e/f.g', 'ghcr.io', 'a/b__c/d---e/f.g'],
    ['  ghcr.io/acme/app \n', 'ghcr.io', 'acme/app'],
    // One component is a Docker Hub name even if it looks like a host, as in the Docker CLI.
    ['localhost', 'docker.io', 'library/localhost'],
  ])('%j → %s/%s', (text, registry, repository) => {
    const reference = normaliseReference(text);
    expect(reference).toEqual({ registry, repository, name: `${registry}/${repository}` });
    expect(formatReference(reference)).toBe(`${registry}/${repository}`);
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['https://ghcr.io/acme/app', 'is a URL'],
    ['ghcr.io/acme/my app', 'path component "my app"'],
    ['ghcr.io/acme/-app', 'path component "-app"'],
    ['ghcr.io/acme/app.', 'path component "app."'],
    ['ghcr.io/acme/a...b', 'path component "a...b"'],
    ['ghcr.io//app', 'empty path component'],
    ['ghcr.io/acme/app/', 'empty path component'],
    ['ghcr.io/', 'no repository path'],
    ['bad_host.io/app', 'registry "bad_host.io"'],
    ['-bad.io/app', 'registry "-bad.io"'],
    ['ghcr.io:port/app', 'registry "ghcr.io:port"'],
    ['a'.repeat(64).replace(/a/g, 'f'), 'image ID'],
    [`ghcr.io/${'a'.repeat(NAME_LENGTH_MAX)}`, 'at most 255'],
    ['ghcr.io/acme/app:v1', "tags come from the 'tags' input"],
    [`ghcr.io/acme/app@${SHA256}`, 'carries a digest'],
    ['127.0.0.1:5000', 'registry address without a repository path'],
    ['ghcr.io/acme/app@x@y', "more than one '@'"],
  ])('%j is an input-error: %s', (text, fragment) => {
    const error = caught(() => normaliseReference(text));
    expectInputError(error, 'image');
    expect(error.message).toContain(fragment);
  });

  it.each([
    ['ghcr.io/Acme/App:v1', 'for example: image: ghcr.io/acme/app (and tags: v1)'],
    ['127.0.0.1:5000', 'for example: image: 127.0.0.1:5000/acme/app'],
  ])('%j: the remedy shows the valid form', (text, remedy) => {
    expect(caught(() => normaliseReference(text)).remedy).toBe(remedy);
  });

  it('names the input it was given', () => {
    expectInputError(caught(() => normaliseReference('Not An Image', 'baseline-image')), 'baseline-image');
  });

  it('shows user text escaped, so a value cannot inject workflow commands into the log', () => {
    const error = caught(() => normaliseReference('app\n::error::pwned'));
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('\\n::error::pwned');
  });

  it('accepts a name exactly at the length limit and rejects one character more', () => {
    const path = `acme/${'a'.repeat(NAME_LENGTH_MAX - 'ghcr.io/acme/'.length)}`;
    expect(normaliseReference(`ghcr.io/${path}`).name).toHaveLength(NAME_LENGTH_MAX);
    expectInputError(caught(() => normaliseReference(`ghcr.io/${path}a`)), 'image');
  });

  it('counts the expanded Docker Hub name against the limit', () => {
    const short = 'a'.repeat(NAME_LENGTH_MAX - 'docker.io/'.length); // fits as typed, not after library/ is added
    expect(caught(() => normaliseReference(short)).message).toContain('at most 255');
  });
});

describe('parseReference', () => {
  it.each<[string, ImageReference]>([
    ['ghcr.io/Acme/App:V1.2-RC', { registry: 'ghcr.io', repository: 'acme/app', name: 'ghcr.io/acme/app', tag: 'V1.2-RC' }],
    ['127.0.0.1:5000/acme/app:latest', { registry: '127.0.0.1:5000', repository: 'acme/app', name: '127.0.0.1:5000/acme/app', tag: 'latest' }],
    ['127.0.0.1:5000/acme/app', { registry: '127.0.0.1:5000', repository: 'acme/app', name: '127.0.0.1:5000/acme/app' }],
    [`alpine@${SHA256}`, { registry: 'docker.io', repository: 'library/alpine', name: 'docker.io/library/alpine', digest: SHA256 }],
    [`alpine:3.19@${SHA256}`, { registry: 'docker.io', repository: 'library/alpine', name: 'docker.io/library/alpine', tag: '3.19', digest: SHA256 }],
    ['localhost:5000/app:_x', { registry: 'localhost:5000', repository: 'app', name: 'localhost:5000/app', tag: '_x' }],
  ])('%j', (text, expected) => {
    const reference = parseReference(text);
    expect(reference).toEqual(expected);
    expect(formatReference(reference)).toMatch(REFERENCE_PATTERN);
  });

  it.each([
    ['app:-bad', 'tag "-bad"'],
    ['app:.bad', 'tag ".bad"'],
    [`app:${'t'.repeat(129)}`, 'at most 128'],
    ['app:', 'tag ""'],
    ['app@md5:0123456789abcdef0123456789abcdef', 'digest algorithm "md5"'],
    [`app@${SHA256.toUpperCase().replace('SHA256', 'sha256')}`, '64 lowercase hex'],
    ['app@sha256:abc', 'not algorithm:hex'],
    ['app@sha512:' + 'a'.repeat(64), '128 lowercase hex'],
  ])('%j is an input-error: %s', (text, fragment) => {
    const error = caught(() => parseReference(text));
    expectInputError(error, 'image');
    expect(error.message).toContain(fragment);
  });
});

describe('targetReferences', () => {
  const image = normaliseReference('127.0.0.1:5000/acme/app');

  it('gives one reference per tag, in order, without duplicates', () => {
    expect(targetReferences(image, ['1.2.3', 'latest', '1.2.3', 'sha-0123abc'])).toEqual([
      '127.0.0.1:5000/acme/app:1.2.3',
      '127.0.0.1:5000/acme/app:latest',
      '127.0.0.1:5000/acme/app:sha-0123abc',
    ]);
  });

  it('refuses a tag outside the grammar and an empty tag list', () => {
    expectInputError(caught(() => targetReferences(image, ['ok', 'not ok'])), 'tags');
    expectInputError(caught(() => targetReferences(image, [])), 'tags');
  });

  it('drops a tag or digest the image reference carries', () => {
    const tagged = parseReference(`ghcr.io/acme/app:old@${SHA256}`);
    expect(targetReferences(tagged, ['new'])).toEqual(['ghcr.io/acme/app:new']);
  });
});

describe('isValidTag', () => {
  it.each([
    ['latest', true],
    ['V1.2.3-RC.1', true],
    ['_private', true],
    ['t'.repeat(128), true],
    ['t'.repeat(129), false],
    ['.hidden', false],
    ['-dash', false],
    ['a/b', false],
    ['a+b', false],
    ['', false],
    ['é', false],
  ])('%j → %s', (tag, valid) => {
    expect(isValidTag(tag)).toBe(valid);
  });
});

/** Strings near the grammar: its alphabet in both cases, plus a few characters it rejects. */
const referenceLike = fc.string({
  unit: fc.constantFrom(...'abcXYZ019._-/:@[]'.split(''), ' ', 'é', '#', '\n'),
  maxLength: 60,
});
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), referenceLike);

const validDigest = fc
  .constantFrom(['sha256', 64] as const, ['sha384', 96] as const, ['sha512', 128] as const)
  .chain(([algorithm, length]) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: length, maxLength: length }).map((hex) => `${algorithm}:${hex}`));
/** References built from the grammar's parts, with digests registries accept. */
const wellFormedReference = fc
  .tuple(fc.stringMatching(NAME_PATTERN, { size: 'small' }), fc.option(fc.stringMatching(TAG_PATTERN)), fc.option(validDigest))
  .map(([name, tag, digest]) => `${name}${tag === null ? '' : `:${tag}`}${digest === null ? '' : `@${digest}`}`);

function randomCase(text: string, flips: readonly boolean[]): string {
  return [...text].map((char, i) => (flips[i % Math.max(flips.length, 1)] ? char.toUpperCase() : char)).join('');
}

describe('reference properties', () => {
  it('any string: a grammar-valid, length-bounded reference, or an input-error naming the input', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyText, (text) => {
        let reference: ImageReference;
        try {
          reference = parseReference(text, 'image');
        } catch (error) {
          expectInputError(error, 'image');
          return;
        }
        accepted += 1;
        expect(formatReference(reference)).toMatch(REFERENCE_PATTERN);
        expect(reference.registry).toMatch(DOMAIN_PATTERN);
        expect(reference.repository).toMatch(PATH_PATTERN);
        expect(reference.name.length).toBeLessThanOrEqual(NAME_LENGTH_MAX);
        expect(reference.registry).toBe(reference.registry.toLowerCase());
        if (reference.tag !== undefined) expect(reference.tag).toMatch(TAG_PATTERN);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100); // the generator must reach the accepting side too
  });

  it('accepts every name the grammar accepts, in any case, unless too long or the Docker CLI reads its first component differently', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.stringMatching(NAME_PATTERN, { size: 'small' }), fc.array(fc.boolean(), { minLength: 1 }), (name, flips) => {
        fc.pre(!/^[a-f0-9]{64}$/.test(name)); // an image ID, which Docker refuses as a name
        const text = randomCase(name, flips);
        let reference: ImageReference;
        try {
          reference = normaliseReference(text);
        } catch (error) {
          expectInputError(error, 'image');
          const message = (error as GateError).message;
          // The grammar reads `0__a.a/a` as a path and `[A]/a` as a registry; the Docker CLI
          // decides by the first component alone (registry if it has `.` or `:`), and reads
          // the first as a registry that is no host and the second as an invalid path component.
          const first = name.includes('/') ? (name.split('/')[0] ?? '').toLowerCase() : '';
          const readAsRegistry = /[.:]/.test(first) || first === 'localhost';
          if (first !== '' && readAsRegistry && !DOMAIN_PATTERN.test(first)) expect(message).toContain('has a registry');
          else if (first !== '' && !readAsRegistry && !PATH_COMPONENT_PATTERN.test(first)) expect(message).toContain('path component');
          else expect(message).toContain(`at most ${NAME_LENGTH_MAX}`);
          return;
        }
        accepted += 1;
        expect(reference).toEqual(normaliseReference(name.toLowerCase()));
        expect(reference.name).toMatch(NAME_PATTERN);
      }),
      { numRuns: 1000 },
    );
    // The generator must reach the accepting side (about 31% of runs): a sanity bound, not a statistic.
    expect(accepted).toBeGreaterThan(150);
  });

  it('normalising twice equals normalising once', () => {
    const candidates = fc.oneof(wellFormedReference, fc.stringMatching(REFERENCE_PATTERN, { size: 'small' }), referenceLike, fc.string());
    let accepted = 0;
    fc.assert(
      fc.property(candidates, (text) => {
        let once: ImageReference;
        try {
          once = parseReference(text);
        } catch {
          return;
        }
        accepted += 1;
        expect(parseReference(formatReference(once))).toEqual(once);
        if (once.tag === undefined && once.digest === undefined) expect(normaliseReference(formatReference(once))).toEqual(once);
      }),
      { numRuns: 2000 },
    );
    // About 38% of runs are accepted; half of that is a safe lower bound.
    expect(accepted).toBeGreaterThan(190);
  });

  it('keeps tag and digest exactly as given', () => {
    let withDigest = 0;
    fc.assert(
      fc.property(wellFormedReference, (text) => {
        let reference: ImageReference;
        try {
          reference = parseReference(text);
        } catch (error) {
          expectInputError(error, 'image');
          return;
        }
        const [, , tag, digest] = REFERENCE_PATTERN.exec(text) ?? [];
        expect(reference.tag).toBe(tag);
        expect(reference.digest).toBe(digest);
        if (digest !== undefined) withDigest += 1;
      }),
      { numRuns: 1000 },
    );
    // About 25% of runs carry a digest; half of that is a safe lower bound.
    expect(withDigest).toBeGreaterThan(120);
  });
});
