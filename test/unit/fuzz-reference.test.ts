import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/domain/gate-error.js';
import type { GithubEventContext } from '../../src/domain/github-event.js';
import {
  formatReference,
  isValidTag,
  NAME_LENGTH_MAX,
  NAME_PATTERN,
  normaliseReference,
  parseReference,
  quoteInputValue,
  TAG_LENGTH_MAX,
  targetReferences,
  type ImageReference,
} from '../../src/domain/reference.js';
import { defaultTags, resolveTags, sanitiseTag } from '../../src/domain/tags.js';

// Property tests for image references and tags: no input crashes them, every rejection is an
// input-error that quotes the value and names the input, and everything accepted is valid
// for a registry and stable when read again.

const RUNS = 200;

/** Characters that matter to the grammar, plus some that never belong in it. */
const referenceChar = fc.constantFrom(
  ...'abcz09AZ._-/:@'.split(''),
  '__',
  '--',
  'sha256:',
  '[',
  ']',
  ' ',
  '\t',
  '\n',
  '+',
  '%',
  'é',
  'İ',
  '\u0000',
  '\u200b',
  '😀',
);

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: length, maxLength: length });
const alphanumeric = fc.string({ unit: fc.constantFrom(...'abcxyz0129'.split('')), minLength: 1, maxLength: 6 });
/** A path component as the grammar has it: alphanumeric runs joined by . _ __ or dashes. */
const component = fc
  .tuple(alphanumeric, fc.array(fc.tuple(fc.constantFrom('.', '_', '__', '-', '--'), alphanumeric), { maxLength: 2 }))
  .map(([first, rest]) => first + rest.map(([separator, run]) => separator + run).join(''));
const tag = fc
  .tuple(fc.constantFrom('v', 'V', '1', '_'), fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '-', '_'), maxLength: 135 }))
  .map(([first, rest]) => first + rest);

/** Close to the grammar — registry, path, tag, digest — so that parsing gets past the first check. */
const nearReference = fc
  .tuple(
    fc.option(fc.constantFrom('ghcr.io', 'localhost', '127.0.0.1:5000', 'registry.example.com:443', '[::1]:5000', 'Docker.IO', 'index.docker.io', 'my_registry', 'a-.io', 'ghcr.io:', 'x'.repeat(250) + '.io'), { nil: undefined }),
    fc.array(component, { minLength: 1, maxLength: 4 }),
    fc.option(tag, { nil: undefined, freq: 2 }),
    fc.option(fc.oneof(hex(64).map((h) => `sha256:${h}`), hex(128).map((h) => `sha512:${h}`), hex(40).map((h) => `md5:${h}`), hex(63).map((h) => `sha256:${h}`), hex(64).map((h) => `sha256:${h.toUpperCase()}`)), { nil: undefined, freq: 2 }),
  )
  .map(([registry, path, tag, digest]) => `${registry ? `${registry}/` : ''}${path.join('/')}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`);

/** A near-reference with one character inserted, replaced or removed somewhere. */
const mutatedReference = fc
  .tuple(nearReference, fc.nat(), referenceChar, fc.constantFrom('insert', 'replace', 'delete'))
  .map(([text, at, char, how]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    if (how === 'insert') return `${text.slice(0, i)}${char}${text.slice(i)}`;
    if (how === 'replace') return `${text.slice(0, i)}${char}${text.slice(i + 1)}`;
    return `${text.slice(0, i)}${text.slice(i + 1)}`;
  });

const anyReferenceText = fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: referenceChar, maxLength: 40 }) },
  { weight: 3, arbitrary: nearReference },
  { weight: 2, arbitrary: mutatedReference },
);

function outcome<T>(run: () => T): { value: T } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

/** A rejection is an input-error of the named input that quotes the value and says what is wrong. */
function expectInputError(error: unknown, inputName: string, value: string): void {
  expect(error).toBeInstanceOf(GateError);
  const gateError = error as GateError;
  expect(gateError.reason).toBe('input-error');
  const prefix = `input '${inputName}': ${quoteInputValue(value)} `;
  expect(gateError.message.startsWith(prefix), gateError.message).toBe(true);
  expect(gateError.message.length - prefix.length, gateError.message).toBeGreaterThan(5);
  expect(gateError.remedy, gateError.message).toMatch(/^for example: /);
}

function expectWellFormedName(reference: ImageReference): void {
  expect(reference.name).toBe(`${reference.registry}/${reference.repository}`);
  expect(reference.name).toBe(reference.name.toLowerCase());
  expect(reference.name.length).toBeLessThanOrEqual(NAME_LENGTH_MAX);
  expect(NAME_PATTERN.test(reference.name), reference.name).toBe(true);
}

describe('fuzz: image references', () => {
  it('parseReference accepts a reference that reads back the same, or rejects it naming the input and the value', () => {
    fc.assert(
      fc.property(anyReferenceText, fc.constantFrom('image', 'baseline-image'), (text, inputName) => {
        const result = outcome(() => parseReference(text, inputName));
        if ('error' in result) return expectInputError(result.error, inputName, text);
        const reference = result.value;
        expectWellFormedName(reference);
        if (reference.tag !== undefined) expect(isValidTag(reference.tag)).toBe(true);
        expect(parseReference(formatReference(reference), inputName)).toEqual(reference);
      }),
      { numRuns: RUNS },
    );
  });

  it('normaliseReference gives a repository without tag or digest, stable when normalised again', () => {
    fc.assert(
      fc.property(anyReferenceText, (text) => {
        const result = outcome(() => normaliseReference(text));
        if ('error' in result) return expectInputError(result.error, 'image', text);
        const reference = result.value;
        expectWellFormedName(reference);
        expect(reference.tag).toBeUndefined();
        expect(reference.digest).toBeUndefined();
        expect(normaliseReference(reference.name)).toEqual(reference);
      }),
      { numRuns: RUNS },
    );
  });
});

const tagText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', 'Z', '9', '_', '.', '-', '/', ' ', '+', '@', ':', 'é', '\n', '\t'), maxLength: 150 }),
  fc.constantFrom('', '.', '-', '...', '---', ' ', 'feature/Login', 'v1.2.3+build.5', 'refs/heads/main', `${'x'.repeat(200)}`),
);

describe('fuzz: tags', () => {
  it('sanitiseTag yields a valid, stable tag exactly when the text has a letter, digit or _', () => {
    fc.assert(
      fc.property(tagText, (raw) => {
        const result = outcome(() => sanitiseTag(raw, 'tags'));
        const hasWordCharacter = /[A-Za-z0-9_]/.test(raw);
        if ('error' in result) {
          expect(hasWordCharacter, `rejected ${JSON.stringify(raw)}`).toBe(false);
          return expectInputError(result.error, 'tags', raw);
        }
        expect(hasWordCharacter).toBe(true);
        const tag = result.value;
        expect(isValidTag(tag), tag).toBe(true);
        expect(tag.length).toBeLessThanOrEqual(TAG_LENGTH_MAX);
        expect(sanitiseTag(tag)).toBe(tag);
      }),
      { numRuns: RUNS },
    );
  });

  const event = fc.record({
    eventName: fc.constantFrom('push', 'pull_request', 'schedule', 'workflow_dispatch'),
    ref: fc.oneof(
      tagText.map((name) => `refs/heads/${name}`),
      tagText.map((name) => `refs/tags/${name}`),
      fc.nat(99999).map((n) => `refs/pull/${n}/merge`),
      fc.constantFrom('', 'refs/heads/', 'refs/tags/', 'HEAD'),
    ),
    sha: fc.oneof(hex(40), fc.string({ maxLength: 12 })),
    defaultBranch: fc.constantFrom('main', 'Main', 'develop'),
    repository: fc.constant('acme/app'),
    serverUrl: fc.constant('https://github.com'),
  }) satisfies fc.Arbitrary<GithubEventContext>;

  it('resolveTags gives unique valid tags that make pushable references, or an input-error about tags', () => {
    fc.assert(
      fc.property(fc.array(tagText, { maxLength: 4 }), event, (userTags, context) => {
        const result = outcome(() => resolveTags(userTags, context));
        if ('error' in result) {
          expect(result.error).toBeInstanceOf(GateError);
          expect((result.error as GateError).reason).toBe('input-error');
          expect((result.error as GateError).message).toMatch(/^input 'tags': /);
          return;
        }
        const tags = result.value;
        expect(tags.length).toBeGreaterThan(0);
        expect(new Set(tags).size).toBe(tags.length);
        for (const tag of tags) expect(isValidTag(tag), tag).toBe(true);
        const image = normaliseReference('ghcr.io/acme/app');
        for (const [i, target] of targetReferences(image, tags).entries()) {
          expect(parseReference(target)).toEqual({ ...image, tag: tags[i] });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('defaultTags for a well-formed commit never fails on a pull request, and names tags when a ref cannot be a tag', () => {
    fc.assert(
      fc.property(event, (context) => {
        const result = outcome(() => defaultTags(context));
        if ('value' in result) {
          for (const tag of result.value) expect(isValidTag(tag), tag).toBe(true);
          return;
        }
        expect(result.error).toBeInstanceOf(GateError);
        const error = result.error as GateError;
        expect(error.reason).toBe('input-error');
        expect(error.message).toMatch(/^input 'tags': /);
        if (/^[0-9a-f]{40}$/.test(context.sha)) expect(context.ref).not.toMatch(/^refs\/pull\/\d+\//);
      }),
      { numRuns: RUNS },
    );
  });
});
