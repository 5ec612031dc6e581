import dockerignore from '@balena/dockerignore';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanPath,
  compileDockerignore,
  DockerignorePatternError,
  excludedByLegacyMatch,
  mustEnterExcludedDirectory,
  parseDockerignore,
  type ParentMatches,
} from '../../src/domain/dockerignore.js';

// The package is CommonJS with `module.exports.default = factory`; NodeNext types see the namespace.
const ignore = dockerignore.default;

// Cases transcribed from github.com/moby/patternmatcher patternmatcher_test.go (TestMatches):
// `exact` matches the path itself, `inexact` only through a parent directory.
type Expect = 'exact' | 'inexact' | 'fail';
const MATCHES: [pattern: string, path: string, expect: Expect][] = [
  ['**', 'file', 'exact'],
  ['**', 'file/', 'exact'],
  ['**/', 'file', 'exact'],
  ['**/', 'file/', 'exact'],
  ['**', '/', 'exact'],
  ['**/', '/', 'exact'],
  ['**', 'dir/file', 'exact'],
  ['**/', 'dir/file', 'exact'],
  ['**', 'dir/file/', 'exact'],
  ['**/', 'dir/file/', 'exact'],
  ['**/**', 'dir/file', 'exact'],
  ['**/**', 'dir/file/', 'exact'],
  ['dir/**', 'dir/file', 'exact'],
  ['dir/**', 'dir/file/', 'exact'],
  ['dir/**', 'dir/dir2/file', 'exact'],
  ['dir/**', 'dir/dir2/file/', 'exact'],
  ['**/dir', 'dir', 'exact'],
  ['**/dir', 'dir/file', 'inexact'],
  ['**/dir2/*', 'dir/dir2/file', 'exact'],
  ['**/dir2/*', 'dir/dir2/file/', 'inexact'],
  ['**/dir2/**', 'dir/dir2/dir3/file', 'exact'],
  ['**/dir2/**', 'dir/dir2/dir3/file/', 'exact'],
  ['**file', 'file', 'exact'],
  ['**file', 'dir/file', 'exact'],
  ['**/file', 'dir/file', 'exact'],
  ['**file', 'dir/dir/file', 'exact'],
  ['**/file', 'dir/dir/file', 'exact'],
  ['**/file*', 'dir/dir/file', 'exact'],
  ['**/file*', 'dir/dir/file.txt', 'exact'],
  ['**/file*txt', 'dir/dir/file.txt', 'exact'],
  ['**/file*.txt', 'dir/dir/file.txt', 'exact'],
  ['**/file*.txt*', 'dir/dir/file.txt', 'exact'],
  ['**/**/*.txt', 'dir/dir/file.txt', 'exact'],
  ['**/**/*.txt2', 'dir/dir/file.txt', 'fail'],
  ['**/*.txt', 'file.txt', 'exact'],
  ['**/**/*.txt', 'file.txt', 'exact'],
  ['a**/*.txt', 'a/file.txt', 'exact'],
  ['a**/*.txt', 'a/dir/file.txt', 'exact'],
  ['a**/*.txt', 'a/dir/dir/file.txt', 'exact'],
  ['a/*.txt', 'a/dir/file.txt', 'fail'],
  ['a/*.txt', 'a/file.txt', 'exact'],
  ['a/*.txt**', 'a/file.txt', 'exact'],
  ['a[b-d]e', 'ae', 'fail'],
  ['a[b-d]e', 'ace', 'exact'],
  ['a[b-d]e', 'aae', 'fail'],
  ['a[^b-d]e', 'aze', 'exact'],
  ['.*', '.foo', 'exact'],
  ['.*', 'foo', 'fail'],
  ['abc.def', 'abcdef', 'fail'],
  ['abc.def', 'abc.def', 'exact'],
  ['abc.def', 'abcZdef', 'fail'],
  ['abc?def', 'abcZdef', 'exact'],
  ['abc?def', 'abcdef', 'fail'],
  ['**/foo/bar', 'foo/bar', 'exact'],
  ['**/foo/bar', 'dir/foo/bar', 'exact'],
  ['**/foo/bar', 'dir/dir2/foo/bar', 'exact'],
  ['abc/**', 'abc', 'fail'],
  ['abc/**', 'abc/def', 'exact'],
  ['abc/**', 'abc/def/ghi', 'exact'],
  ['**/.foo', '.foo', 'exact'],
  ['**/.foo', 'bar.foo', 'fail'],
  ['a(b)c/def', 'a(b)c/def', 'exact'],
  ['a(b)c/def', 'a(b)c/xyz', 'fail'],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', 'exact'],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'exact'],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'exact'],
  ['a\\\\', 'a\\', 'exact'],
  ['a\\*b', 'a*b', 'exact'],
];

const MULTI: [patterns: string[], path: string, excluded: boolean][] = [
  [['**', '!util/docker/web'], 'util/docker/web/foo', false],
  [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
  [['**', '!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['docs', '!docs/README.md'], 'docs/README.md', false],
  [['docs/', '!docs/README.md'], 'docs/README.md', false],
  [['docs/*', '!docs/README.md'], 'docs/README.md', false],
  [['*.go', '!fileutils.go'], 'fileutils.go', false],
  [['!fileutils.go', '*.go'], 'fileutils.go', true],
];

/** MatchesUsingParentResults, fed the way the context walk feeds it: one directory at a time. */
function excludedByWalk(patterns: string[], path: string): boolean {
  const matcher = compileDockerignore(patterns);
  // Parents as Go's filepath.Dir sees them ("a/b/" has the parents "a" and "a/b").
  const parentPath = cleanPath(path.slice(0, Math.max(0, path.lastIndexOf('/'))));
  const parts = parentPath === '.' ? [] : parentPath.split('/');
  let parent: ParentMatches | undefined;
  for (let i = 1; i <= parts.length; i++) parent = matcher.excludesWithParent(parts.slice(0, i).join('/'), parent).matches;
  return matcher.excludesWithParent(path, parent).excluded;
}

describe('dockerignore matching (moby/patternmatcher semantics)', () => {
  it.each(MATCHES)('%j against %j: %s', (pattern, path, expected) => {
    const matcher = compileDockerignore([pattern]);
    expect(matcher.excludes(path)).toBe(expected !== 'fail');
    expect(excludedByWalk([pattern], path)).toBe(expected !== 'fail');
    expect(matcher.excludesWithParent(path, undefined).excluded).toBe(expected !== 'fail');
  });

  it.each(MULTI)('%j against %j → excluded %s', (patterns, path, excluded) => {
    expect(compileDockerignore(patterns).excludes(path)).toBe(excluded);
    expect(excludedByWalk(patterns, path)).toBe(excluded);
  });

  // filepath.Match cases from the same file (TestMatch), through the legacy Matches.
  const GLOB: [pattern: string, path: string, match: boolean | 'error'][] = [
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ab/c', true],
    ['a*/b', 'abc/b', true],
    ['a*/b', 'a/c/b', false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['a*b?c*x', 'abxbbxdbxebxczzy', false],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[e-g]', 'abc', false],
    ['ab[^c]', 'abc', false],
    ['ab[^b-d]', 'abc', false],
    ['ab[^e-g]', 'abc', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'ab', false],
    ['a?b', 'a☺b', true],
    ['a[^a]b', 'a☺b', true],
    ['a???b', 'a☺b', false],
    ['a[^a][^a][^a]b', 'a☺b', false],
    ['[a-ζ]*', 'α', true],
    ['*[a-ζ]', 'A', false],
    ['a?b', 'a/b', false],
    ['a*b', 'a/b', false],
    ['[\\]a]', ']', true],
    ['[\\-]', '-', true],
    ['[x\\-]', 'x', true],
    ['[x\\-]', '-', true],
    ['[x\\-]', 'z', false],
    ['[\\-x]', 'x', true],
    ['[\\-x]', '-', true],
    ['[\\-x]', 'a', false],
    ['[]a]', ']', 'error'],
    ['[-]', '-', 'error'],
    ['[x-]', 'x', 'error'],
    ['[-x]', 'x', 'error'],
    ['\\', 'a', 'error'],
    ['[a-b-c]', 'a', 'error'],
    ['[', 'a', 'error'],
    ['[^', 'a', 'error'],
    ['[^bc', 'a', 'error'],
    ['a[', 'a', 'error'],
    ['a[', 'ab', 'error'],
    ['*x', 'xxx', true],
    ['a?b', 'a😀b', true],
  ];
  it.each(GLOB)('glob %j against %j → %s', (pattern, path, expected) => {
    if (expected === 'error') {
      expect(() => excludedByLegacyMatch(path, [pattern])).toThrow(DockerignorePatternError);
      expect(() => compileDockerignore([pattern])).toThrow(DockerignorePatternError);
    } else {
      expect(excludedByLegacyMatch(path, [pattern])).toBe(expected);
    }
  });

  it('rejects a lone "!" and an inverted range', () => {
    expect(() => compileDockerignore(['!'])).toThrow(/illegal exclusion/);
    expect(() => compileDockerignore(['[z-a]'])).toThrow(DockerignorePatternError);
  });

  it('never excludes the context root itself', () => {
    expect(excludedByLegacyMatch('.', ['*'])).toBe(false);
    expect(excludedByLegacyMatch('/any/path/there', [])).toBe(false);
  });
});

describe('where we part from @balena/dockerignore (and agree with the Docker CLI)', () => {
  const balena = (patterns: string[]) => ignore({ ignorecase: false }).add(patterns);
  const CASES: [patterns: string[], path: string, excluded: boolean, note: string][] = [
    [['*.MD'], 'README.md', false, 'matching is case-sensitive (balena defaults to case-insensitive)'],
    [['dist/app+1.whl'], 'dist/app+1.whl', true, '+ is literal'],
    [['a(b)c'], 'a(b)c', true, 'parentheses are literal'],
    [['x{1}'], 'x{1}', true, 'braces are literal'],
    [['**foo'], 'barfoo', true, 'a leading ** is a plain suffix match'],
  ];
  it.each(CASES)('%j vs %j → %s (%s)', (patterns, path, excluded) => {
    expect(compileDockerignore(patterns).excludes(path)).toBe(excluded);
  });

  it('balena really does differ on these cases (keep the list honest)', () => {
    expect(ignore().add(['*.MD']).ignores('README.md')).toBe(true);
    expect(balena(['dist/app+1.whl']).ignores('dist/app+1.whl')).toBe(false);
    expect(balena(['**foo']).ignores('barfoo')).toBe(false);
  });

  it('agrees with balena on patterns without regexp metacharacters or a leading **', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', '.x', '*', '?', 'a*', '*b', '**', '[ab]', 'a?');
    const pattern = fc
      .tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([negate, parts, leadingSlash]) => `${negate ? '!' : ''}${leadingSlash ? '/' : ''}${parts.join('/')}`)
      .filter((p) => !/^!?\/?\*\*[^/]/.test(p) && p !== '!');
    const path = fc.array(fc.constantFrom('a', 'b', 'ab', '.x', 'ba', 'aab'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), path, (patterns, file) => {
        const parsed = parseDockerignore(patterns.join('\n'));
        expect(compileDockerignore(parsed).excludes(file)).toBe(balena(parsed).ignores(file));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseDockerignore (ignorefile.ReadAll)', () => {
  it.each([
    ['comments, blanks and whitespace', '# comment\n\n  foo  \n #not-a-comment\n', ['foo', '#not-a-comment']],
    ['leading slash and cleaning', '/foo\n./bar/../baz/\n/\n', ['foo', 'baz', '/']],
    ['negation with spaces', '!  /docs/README.md\n', ['!docs/README.md']],
    ['BOM and CRLF', '\uFEFFa\r\nb\r\n', ['a', 'b']],
    ['lone !', '!\n', ['!']],
  ])('%s', (_name, text, expected) => {
    expect(parseDockerignore(text)).toEqual(expected);
  });

  it.each([
    ['', '.'],
    ['a/', 'a'],
    ['./a/./b/', 'a/b'],
    ['a/../../b', '../b'],
    ['/../a', '/a'],
    ['a//b', 'a/b'],
  ])('cleanPath(%j) = %j', (input, output) => {
    expect(cleanPath(input)).toBe(output);
  });
});

describe('which excluded directories the walk still enters', () => {
  it.each([
    [['node_modules', '!node_modules/keep.txt'], 'node_modules', true],
    [['node_modules', '!**/keep.txt'], 'node_modules', false],
    [['node_modules'], 'node_modules', false],
    [['a', '!a/b/c'], 'a', true],
    [['a', '!a/b/c'], 'a/b', true],
    [['a', '!ab'], 'a', false],
  ])('%j, directory %j → %s', (patterns, directory, expected) => {
    expect(mustEnterExcludedDirectory(compileDockerignore(patterns), directory)).toBe(expected);
  });
});
