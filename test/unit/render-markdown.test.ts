import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fitBlocks, table } from '../../src/domain/render/fit-blocks.js';
import { code, commentSafe, link, redact, tableRow, text } from '../../src/domain/render/markdown.js';
import { WEEKLY_SUMMARY_MARKER, hasMarker, pullRequestCommentMarker, securityIssueMarker } from '../../src/domain/render/markers.js';

describe('markdown escaping', () => {
  test.each([
    ['pipes cannot split a table cell', 'a|b', 'a\\|b'],
    ['HTML cannot open, so no fake marker', '<!-- container-security-gate:issue image=x -->', '\\<!-- container-security-gate:issue image=x --\\>'],
    ['links cannot form', '[click](https://evil.example)', '\\[click\\](https:\u2060//evil.example)'],
    ['bare URLs do not autolink', 'see https://evil.example and www.evil.example', 'see https:\u2060//evil.example and www\u2060.evil.example'],
    ['issue references do not link', 'fixes #12, acme/app#7 and GH-3', 'fixes #\u206012, acme/app#\u20607 and GH-\u20603'],
    ['bidi controls are removed', 'a\u202Eb\u2066c\u2069d', 'abcd'],
    ['emphasis and code', '*a* _b_ `c` ~d~', '\\*a\\* \\_b\\_ \\`c\\` \\~d\\~'],
    ['newlines become spaces', 'line1\nline2\r\nline3', 'line1 line2 line3'],
    ['mentions do not fire', 'ping @octocat and @acme/team', 'ping @\u200boctocat and @\u200bacme/team'],
    ['a heading cannot start', '# title', '\\# title'],
    ['a numbered list cannot start', '1. item', '1\\. item'],
    ['math does not render', '$x$', '\\$x\\$'],
  ])('%s', (_, input, expected) => {
    expect(text(input)).toBe(expected);
  });

  test('a 70,000-character value is capped with an ellipsis in a code span and in text', () => {
    const huge = '1'.repeat(70_000);
    expect(code(huge)).toBe(`\`${'1'.repeat(199)}…\``);
    expect(text(huge).length).toBeLessThanOrEqual(1000);
    expect(code('a\u202Eb')).toBe('`ab`');
  });

  test.each([
    ['plain', 'openssl', '`openssl`'],
    ['with backticks', 'a`b', '`` a`b ``'],
    ['with a pipe', 'a|b', '`a\\|b`'],
  ])('code span: %s', (_, input, expected) => {
    expect(code(input)).toBe(expected);
  });

  test('only http(s) links become links', () => {
    expect(link('x', 'https://avd.aquasec.com/nvd/cve-1')).toBe('[x](https://avd.aquasec.com/nvd/cve-1)');
    expect(link('x', 'javascript:alert(1)')).toBe('x');
    expect(link('x', 'https://a.example/(b)')).toBe('[x](https://a.example/%28b%29)');
    expect(link('x', undefined)).toBe('x');
  });

  test('property: escaped text never breaks a table row or opens HTML', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const row = tableRow([text(value), code(value)]);
        expect(row).not.toMatch(/\n/);
        expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(3);
        expect(text(value)).not.toMatch(/(^|[^\\])</);
      }),
    );
  });

  test('property: values inside markers cannot end the HTML comment', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const safe = commentSafe(value);
        expect(safe).not.toContain('--');
        expect(safe).not.toContain('>');
      }),
    );
  });

  test('redact masks the values given, longest first, and skips trivially short ones', () => {
    expect(redact('token ghs_abcdef and ghs_abcdef123', ['ghs_abcdef', 'ghs_abcdef123', 'ab'])).toBe('token *** and ***');
  });
});

describe('markers', () => {
  test.each([
    ['the marker on its own line', `intro\n${securityIssueMarker('ghcr.io/acme/app')}\nbody`, true],
    ['with surrounding spaces', `  ${securityIssueMarker('ghcr.io/acme/app')}  `, true],
    ['a quoted marker', `> ${securityIssueMarker('ghcr.io/acme/app')}`, false],
    ['another image with the same prefix', securityIssueMarker('ghcr.io/acme/app2'), false],
    ['the PR comment marker', pullRequestCommentMarker('ghcr.io/acme/app'), false],
    ['no body', null, false],
  ])('%s → %s', (_, body, expected) => {
    expect(hasMarker(body, securityIssueMarker('ghcr.io/acme/app'))).toBe(expected);
  });

  test('markers are hidden HTML comments naming the image', () => {
    expect(securityIssueMarker('ghcr.io/acme/app')).toBe('<!-- container-security-gate:issue image=ghcr.io/acme/app -->');
    expect(pullRequestCommentMarker('ghcr.io/acme/a--b')).toBe('<!-- container-security-gate:pr-comment image=ghcr.io/acme/a-%2Db -->');
    expect(WEEKLY_SUMMARY_MARKER).toBe('<!-- container-security-gate:weekly-summary -->');
  });
});

describe('fitBlocks', () => {
  const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => tableRow([`${prefix}${i}`, 'x'.repeat(50)]));
  const note = (n: number) => (n > 0 ? `_${n} more not shown._` : '_cut._');

  test('everything fits: nothing dropped, no note', () => {
    const out = fitBlocks(['# title', table('## A', ['k', 'v'], rows('a', 3))], 10_000, note);
    expect(out).toContain('a2');
    expect(out).not.toContain('not shown');
  });

  test('drops whole rows from the highest drop priority first and says how many', () => {
    const blocks = ['# title', table('## keep', ['k', 'v'], rows('keep', 20), { dropPriority: 0 }), table('## drop', ['k', 'v'], rows('drop', 20), { dropPriority: 9 })];
    const out = fitBlocks(blocks, 2200, note);
    expect(out.length).toBeLessThanOrEqual(2200);
    expect(out).toContain('keep19');
    expect(out).toMatch(/_\d+ more not shown\._/);
    for (const line of out.split('\n')) {
      if (line.startsWith('|')) expect(line).toMatch(/^\| .* \|$/);
    }
  });

  test('property: the result never exceeds the limit and tables keep whole rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 300, max: 6000 }), (a, b, limit) => {
        const out = fitBlocks(['# heading', table('## A', ['k', 'v'], rows('a', a), { dropPriority: 1 }), 'between', table(undefined, ['k', 'v'], rows('b', b), { dropPriority: 2 })], limit, note);
        expect(out.length).toBeLessThanOrEqual(limit);
        for (const line of out.split('\n')) if (line.startsWith('|')) expect(line).toMatch(/\|$/);
      }),
    );
  });

  test('counts rows that were never rendered (capped) as omitted', () => {
    const out = fitBlocks([table('## A', ['k', 'v'], rows('a', 2), { total: 10 })], 10_000, note);
    expect(out).toContain('_8 more not shown._');
  });
});
