import { describe, expect, test } from 'vitest';
import { couldIssueCommand, inertText, redactDeep, redactSecrets } from '../../src/domain/text-safety.js';
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
