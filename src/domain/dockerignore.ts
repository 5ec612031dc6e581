/*
 * `.dockerignore` semantics, transcribed from the code the Docker CLI runs when it sends a
 * build context (github.com/moby/patternmatcher v0.6 and its ignorefile package), because
 * "what the engine sees" must not depend on which client built the image.
 *
 * @balena/dockerignore ports an older revision (moby 19.03) and differs from today's CLI in
 * ways that change which files are sent: it matches case-insensitively by default, does not
 * escape `+ ( ) | { }` (so `dist/app+1.whl` never matches itself), and lacks the prefix/suffix
 * fast paths whose results differ from the regexp (`**foo` matches `barfoo`). The tests keep
 * it as a second opinion where both agree.
 *
 * Paths are slash-separated and relative to the context root; the CLI on Linux and macOS
 * (where the action's Docker builds run) uses the same separator.
 */

export class DockerignorePatternError extends Error {
  readonly pattern: string;
  constructor(pattern: string, problem: string) {
    super(`.dockerignore pattern ${JSON.stringify(pattern)} ${problem}`);
    this.name = 'DockerignorePatternError';
    this.pattern = pattern;
  }
}

/** Go's path.Clean: lexical normalisation with no trailing slash; '' → '.'. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/**
 * ignorefile.ReadAll: one pattern per line; a UTF-8 BOM on the first line is dropped;
 * lines starting with `#` (before trimming) are comments; blank lines are skipped; patterns
 * are cleaned and made relative (`/foo` → `foo`), keeping a leading `!`.
 */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

export interface IgnorePattern {
  /** The cleaned pattern without its `!`. */
  readonly text: string;
  /** A `!` pattern: re-includes what earlier patterns excluded. */
  readonly exclusion: boolean;
  readonly match: (path: string) => boolean;
}

/** Per-pattern results for a directory, handed to its children (MatchInfo in Go). */
export type ParentMatches = readonly boolean[];

export interface IgnoreMatcher {
  readonly patterns: readonly IgnorePattern[];
  /** Whether any `!` pattern exists (the walk may then have to enter excluded directories). */
  readonly hasExclusions: boolean;
  /** MatchesOrParentMatches: is `path` (or one of its parent directories) excluded? */
  excludes(path: string): boolean;
  /**
   * MatchesUsingParentResults, the variant the CLI's context walk uses: `parent` carries the
   * results of the directory `path` lives in (undefined at the top level).
   */
  excludesWithParent(path: string, parent: ParentMatches | undefined): { excluded: boolean; matches: ParentMatches };
}

// Characters that are special in a regexp but literal in a filepath.Match pattern.
const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
const ANY_CHAR = '(?:[^/\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])';

/**
 * The syntax check filepath.Match performs (Go ≥ 1.16 validates the whole pattern): bracket
 * expressions must be closed, non-empty, and not start a range with `-` or `]`; a trailing
 * backslash is an error.
 */
function checkGlobSyntax(pattern: string): string | undefined {
  const chars = [...pattern];
  let i = 0;
  const escapedChar = (): boolean => {
    // getEsc: a range endpoint, possibly escaped, that must not be the last character.
    const c = chars[i];
    if (c === undefined || c === '-' || c === ']') return false;
    if (c === '\\') {
      i++;
      if (chars[i] === undefined) return false;
    }
    i++;
    return chars[i] !== undefined;
  };
  while (i < chars.length) {
    const c = chars[i];
    if (c === '\\') {
      if (i + 1 >= chars.length) return 'ends with a lone backslash';
      i += 2;
      continue;
    }
    if (c !== '[') {
      i++;
      continue;
    }
    i++;
    if (chars[i] === '^') i++;
    let ranges = 0;
    for (;;) {
      if (chars[i] === ']' && ranges > 0) {
        i++;
        break;
      }
      if (!escapedChar()) return 'has a malformed character class';
      if (chars[i] === '-') {
        i++;
        if (!escapedChar()) return 'has a malformed character class range';
      }
      ranges++;
    }
  }
  return undefined;
}

function compilePattern(text: string): { kind: MatchKind; regexp: RegExp | undefined } {
  let source = '^';
  let kind: MatchKind = 'exact';
  const chars = [...text];
  let position = 0;
  for (let i = 0; position < chars.length; i++) {
    const ch = chars[position++]!;
    if (ch === '*') {
      if (chars[position] === '*') {
        position++;
        // `**/` is treated as `**`.
        if (chars[position] === '/') position++;
        if (position >= chars.length) {
          // `**` at the end matches everything below, like .gitignore.
          if (kind === 'exact') kind = 'prefix';
          else {
            source += '.*';
            kind = 'regexp';
          }
        } else {
          source += '(.*/)?';
          kind = 'regexp';
        }
        if (i === 0) kind = 'suffix';
      } else {
        source += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      source += ANY_CHAR;
      kind = 'regexp';
    } else if (ESCAPED.has(ch)) {
      source += `\\${ch}`;
    } else if (ch === '\\') {
      if (position < chars.length) {
        source += `\\${chars[position++]}`;
        kind = 'regexp';
      } else {
        source += '\\\\';
      }
    } else if (ch === '[' || ch === ']') {
      source += ch;
      kind = 'regexp';
    } else {
      source += ch;
    }
  }
  if (kind !== 'regexp') return { kind, regexp: undefined };
  try {
    return { kind, regexp: new RegExp(`${source}$`) };
  } catch (error) {
    throw new DockerignorePatternError(text, `is not a valid pattern (${(error as Error).message})`);
  }
}

function createPattern(raw: string): IgnorePattern | undefined {
  let text = raw.trim();
  if (text === '') return undefined;
  text = cleanPath(text);
  let exclusion = false;
  if (text.startsWith('!')) {
    if (text.length === 1) throw new DockerignorePatternError(raw, 'is a lone "!" (illegal exclusion pattern)');
    exclusion = true;
    text = text.slice(1);
  }
  const problem = checkGlobSyntax(text);
  if (problem !== undefined) throw new DockerignorePatternError(raw, problem);
  const { kind, regexp } = compilePattern(text);
  const match = (path: string): boolean => {
    switch (kind) {
      case 'exact':
        return path === text;
      case 'prefix':
        return path.startsWith(text.slice(0, -2));
      case 'suffix': {
        const suffix = text.slice(2);
        if (path.endsWith(suffix)) return true;
        return suffix.startsWith('/') && path === suffix.slice(1);
      }
      case 'regexp':
        return regexp!.test(path);
    }
  };
  return { text, exclusion, match };
}

function parentDirectories(path: string): string[] {
  const parent = cleanPath(path.split('/').slice(0, -1).join('/'));
  if (parent === '.') return [];
  const parts = parent.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** patternmatcher.New: compiles the patterns in order; later patterns win. */
export function compileDockerignore(patterns: readonly string[]): IgnoreMatcher {
  const compiled = patterns.map(createPattern).filter((p): p is IgnorePattern => p !== undefined);
  const hasExclusions = compiled.some((p) => p.exclusion);

  const excludes = (path: string): boolean => {
    let matched = false;
    const parents = parentDirectories(path);
    for (const pattern of compiled) {
      // An inclusion cannot change an already-matched path, nor an exclusion an unmatched one.
      if (pattern.exclusion !== matched) continue;
      const match = pattern.match(path) || parents.some((dir) => pattern.match(dir));
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  };

  const excludesWithParent = (path: string, parent: ParentMatches | undefined): { excluded: boolean; matches: ParentMatches } => {
    let matched = false;
    const matches: boolean[] = new Array<boolean>(compiled.length).fill(false);
    compiled.forEach((pattern, i) => {
      const inherited = parent !== undefined && parent.length > 0;
      let match = inherited ? parent[i]! : false;
      if (!match) {
        if (pattern.exclusion !== matched) return;
        match = pattern.match(path);
        // Without the parent's results, look at the parents themselves.
        if (!match && !inherited) match = parentDirectories(path).some((dir) => pattern.match(dir));
      }
      matches[i] = match;
      if (match) matched = !pattern.exclusion;
    });
    return { excluded: matched, matches };
  };

  return { patterns: compiled, hasExclusions, excludes, excludesWithParent };
}

/**
 * The deprecated patternmatcher.Matches (it checks only the parent prefix with as many
 * components as the pattern): the CLI still uses it to decide whether the Dockerfile and
 * .dockerignore need an explicit `!` re-include, so we do too.
 */
export function excludedByLegacyMatch(path: string, patterns: readonly string[]): boolean {
  const file = cleanPath(path);
  if (file === '.') return false;
  const compiled = patterns.map(createPattern).filter((p): p is IgnorePattern => p !== undefined);
  const parentDirs = cleanPath(file.split('/').slice(0, -1).join('/') || '.').split('/');
  const parentPath = parentDirs.join('/');
  let matched = false;
  for (const pattern of compiled) {
    if (pattern.exclusion !== matched) continue;
    let match = pattern.match(file);
    const depth = pattern.text.split('/').length;
    if (!match && parentPath !== '.' && depth <= parentDirs.length) {
      match = pattern.match(parentDirs.slice(0, depth).join('/'));
    }
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}

/**
 * The CLI's context walk skips an excluded directory entirely unless some `!` pattern names
 * a path inside it (compared as a plain string prefix, so `!**\/keep` does not count).
 */
export function mustEnterExcludedDirectory(matcher: IgnoreMatcher, directory: string): boolean {
  if (!matcher.hasExclusions) return false;
  const prefix = `${directory}/`;
  return matcher.patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(prefix));
}
