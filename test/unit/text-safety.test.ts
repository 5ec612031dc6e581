import { describe, expect, test } from 'vitest';
import { escapeHtml, jsonForScript } from '../../src/domain/render/html-report/escape.js';
import { htmlReportChunks } from '../../src/domain/render/html-report/html-report.js';
import { code, escapedText, text } from '../../src/domain/render/markdown.js';
import { sarifTextChunks } from '../../src/domain/render/sarif.js';
import { renderSecurityIssue } from '../../src/domain/render/security-issue.js';
import { renderSummary } from '../../src/domain/render/summary.js';
import { CELL_LIMIT, capText, couldIssueCommand, inertText, neutraliseReferences, redactDeep, redactSecrets, redactSecretsInChunks } from '../../src/domain/text-safety.js';
import { CONTEXT, decide, report, vuln } from '../support/render-fixtures.js';
import { runnerCommands } from '../support/runner-commands.js';

const SECRET = 'Canary-Secret-9f3b';

describe('redaction ignores letter case', () => {
  test.each([
    ['as given', `token=${SECRET}`],
    ['upper-cased (the engine quotes a bad instruction upper-cased)', `TOKEN=${SECRET.toUpperCase()}`],
    ['lower-cased', `token=${SECRET.toLowerCase()}`],
    ['mixed case', 'token=cAnArY-sEcReT-9F3B'],
    ['URL-encoded', `token=${encodeURIComponent(`${SECRET}/x`)}`],
    ['base64', `auth=${Buffer.from(SECRET).toString('base64')}`],
  ])('%s', (_, line) => {
    const secrets = [SECRET, `${SECRET}/x`];
    const out = redactSecrets(line, secrets);
    expect(out).toContain('***');
    expect(out.toLowerCase()).not.toContain(SECRET.toLowerCase());
  });

  test('short values are left alone; regex characters in a secret are literal', () => {
    expect(redactSecrets('a b c', ['a'])).toBe('a b c');
    expect(redactSecrets('x.*+?y and x.*+?Y', ['x.*+?y'])).toBe('*** and ***');
  });

  test('a list of secrets that grows between calls (the log registers them as it learns them) is redacted in full each time', () => {
    const secrets: string[] = [];
    expect(redactSecrets(`a ${SECRET} b`, secrets)).toBe(`a ${SECRET} b`);
    secrets.push('first-Secret-1');
    expect(redactSecrets(`a ${SECRET} first-secret-1`, secrets, 3)).toBe(`a ${SECRET} ***`);
    secrets.push(SECRET);
    expect(redactSecrets(`a ${SECRET} first-secret-1`, secrets, 3)).toBe('a *** ***');
    // Lists that join to the same text are still different lists.
    expect(redactSecrets('ab\u0000cd and ab', ['ab\u0000cd'], 2)).toBe('*** and ab');
    expect(redactSecrets('ab\u0000cd and ab', ['ab', 'cd'], 2)).toBe('***\u0000*** and ***');
  });

  test('redactDeep reaches every string of a JSON value', () => {
    const value = { a: [SECRET.toUpperCase(), { b: `pre ${SECRET} post` }], n: 1 };
    expect(JSON.stringify(redactDeep(value, [SECRET])).toLowerCase()).not.toContain(SECRET.toLowerCase());
  });
});

describe('relayed text cannot issue workflow commands', () => {
  const hostile = [
    '::error::PWNED',
    '  ::add-mask::PWNED',
    '::set-output name=verdict::pass',
    '::stop-commands::PWNED',
    'progress\r::warning::PWNED',
    'x ##[error]PWNED',
    '\u00a0::notice::PWNED',
    '\u0085::notice::PWNED',
  ];

  test.each(hostile)('%j is fenced', (line) => {
    expect(couldIssueCommand(line)).toBe(true);
    const written = `${inertText(line, 'f00dfeed')}\n`;
    expect(runnerCommands(written).filter((c) => c.includes('PWNED') || c.startsWith('set-output'))).toEqual([]);
  });

  test('plain lines are written unchanged', () => {
    expect(inertText('#5 [2/3] RUN echo hi', 'tok')).toBe('#5 [2/3] RUN echo hi');
    expect(couldIssueCommand('a :: b')).toBe(false);
  });

  test('the runner model sees commands outside a fence (a test that can fail)', () => {
    expect(runnerCommands('x\r::error::PWNED\n')).toEqual(['error::PWNED']);
    expect(runnerCommands('::stop-commands::t\n::error::a\n::t::\n::error::b\n')).toEqual(['stop-commands::t', 't::', 'error::b']);
  });
});

describe('redaction sees through the escapes the renderers apply', () => {
  // Punctuation each renderer rewrites: `_` (Markdown), `&<>"'` (HTML, JSON for a script), `\` and
  // `"` (JSON), `@` `#` `:` `.` (the mention and reference guards add an invisible joiner).
  const SECRET_WITH_PUNCTUATION = "ghs_Tokn&Evil<Qx7\"Yaz9'Mno2@Abc1#742:Www8.Zed5\\Kap3|Rum4`Fiz6*Bop1";
  const runs = (secret: string) => secret.match(/[A-Za-z0-9]{4,}/g)!;

  test.each<[string, (value: string) => string]>([
    ['Markdown text', (v) => escapedText(v)],
    ['Markdown text, the fast path', (v) => text(v)],
    ['a Markdown code span', (v) => code(v)],
    ['HTML', (v) => escapeHtml(v)],
    ['JSON for a script block', (v) => jsonForScript({ v })],
    ['JSON', (v) => JSON.stringify({ v })],
    ['Markdown inside JSON (SARIF help)', (v) => JSON.stringify({ v: escapedText(v) })],
    ['HTML inside JSON', (v) => JSON.stringify({ v: escapeHtml(v) })],
    ['the reference guard', (v) => neutraliseReferences(v)],
  ])('%s', (_what, render) => {
    for (const secret of [SECRET_WITH_PUNCTUATION, 'ghs_Canary0123456789abcdefXYZ']) {
      for (const written of [secret, secret.toUpperCase(), secret.toLowerCase()]) {
        const out = redactSecrets(render(`before ${written} after`), [secret]);
        expect(out).toContain('***');
        for (const run of runs(secret)) expect(out.toLowerCase(), `${run} of ${written}`).not.toContain(run.toLowerCase());
        // In pieces, as the reports are written.
        const pieces = [...redactSecretsInChunks(render(`before ${written} after`).match(/[\s\S]{1,7}/g)!, [secret])].join('');
        expect(pieces).toBe(out);
      }
    }
  });

  test('the tolerance does not reach across ordinary text', () => {
    expect(redactSecrets('ghs\\_tok and ghs_tok', ['ghs_tok'])).toBe('*** and ***');
    expect(redactSecrets('ghs-tok ghs__tok ghs tok', ['ghs_tok'])).toBe('ghs-tok ghs__tok ghs tok');
  });
});

describe('the reports a run writes never carry a github-token with an underscore, however it was escaped', () => {
  const TOKEN = 'ghs_Canary0123456789abcdefXYZ';
  const decision = decide({
    image: report({
      kind: 'image',
      os: [
        { ...vuln('CVE-2024-0001', 'CRITICAL', `lib-${TOKEN}`), Title: `title ${TOKEN.toUpperCase()}`, Description: `see ${TOKEN}` },
        vuln('CVE-2024-0002', 'HIGH', `lib_${TOKEN.toLowerCase()}_x`),
      ],
    }),
  });
  const context = { ...CONTEXT, secrets: [TOKEN] };
  test.each<[string, () => string]>([
    ['job summary', () => renderSummary(decision, context)],
    ['security issue', () => renderSecurityIssue(decision, context).body],
    ['SARIF', () => [...sarifTextChunks(decision, { contextPath: '.', imageName: 'ghcr.io/acme/app', toolVersion: '0.1.0' }, [TOKEN])].join('')],
    ['report.html', () => [...htmlReportChunks(decision, context)].join('')],
  ])('%s', (_what, render) => {
    const out = render().toLowerCase();
    expect(out).toContain('cve-2024-0001');
    expect(out).not.toContain('canary0123456789abcdefxyz');
  });
});

describe('a secret cut short by a length limit is masked too', () => {
  const TOKEN = 'ghs_Canary0123456789abcdefXYZ';
  test.each<[string, number, (value: string) => string]>([
    ['capText', CELL_LIMIT, (v) => capText(v)],
    ['Markdown text (1,000 characters)', 1000, (v) => escapedText(v)],
    ['a Markdown code span', CELL_LIMIT, (v) => code(v)],
  ])('%s: every cut from 4 characters on', (_what, limit, render) => {
    for (let kept = 4; kept < TOKEN.length; kept++) {
      // The limit keeps its first limit − 1 characters and adds an ellipsis.
      const value = `${'x'.repeat(limit - 1 - kept)}${TOKEN.toUpperCase()} tail`;
      const rendered = render(value);
      expect(rendered.replace(/\\/g, ''), `kept ${kept}`).toContain(`${TOKEN.toUpperCase().slice(0, kept)}\u2026`);
      const out = redactSecrets(rendered, [TOKEN]);
      expect(out.replace(/\\/g, '').toLowerCase(), `kept ${kept}`).not.toContain(TOKEN.slice(0, kept).toLowerCase());
      expect(out).toContain('***');
    }
  });

  test('an ordinary ellipsis stays', () => {
    expect(redactSecrets('ghs… and gh… and ghs_x… stay', ['ghs_Canary0123'])).toBe('ghs… and gh… and ghs_x… stay');
  });
});
