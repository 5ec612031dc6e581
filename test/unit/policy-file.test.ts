import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GateError } from '../../src/domain/gate-error.js';
import { isCalendarDate, parsePolicyFile } from '../../src/domain/policy/policy-file.js';

const FILE = '.github/container-gate.yml';

function parseError(text: string): GateError {
  try {
    parsePolicyFile(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
    return error as GateError;
  }
  throw new Error('expected parsePolicyFile to throw');
}

describe('parsePolicyFile: valid files', () => {
  it('reads exceptions with optional package and path, and their lines', () => {
    const text = [
      '# accepted risks',
      'version: 1',
      'exceptions:',
      '  - id: CVE-2024-0001',
      '    reason: not reachable',
      '    expires: 2025-12-31',
      '  - id: DS002',
      '    package: openssl',
      '    path: usr/lib/**',
      '    reason: " tracked in #12 "',
      "    expires: '2026-01-15'",
    ].join('\n');
    expect(parsePolicyFile(text, FILE)).toEqual({
      fileName: FILE,
      exceptions: [
        { id: 'CVE-2024-0001', package: undefined, path: undefined, reason: 'not reachable', expires: '2025-12-31', index: 0, line: 4 },
        { id: 'DS002', package: 'openssl', path: 'usr/lib/**', reason: 'tracked in #12', expires: '2026-01-15', index: 1, line: 7 },
      ],
    });
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing yet\n'],
    ['an empty list', 'exceptions: []\n'],
    ['a null list', 'exceptions:\n'],
  ])('%s has no exceptions', (_, text) => {
    expect(parsePolicyFile(text, FILE).exceptions).toEqual([]);
  });

  it('a YAML 1.1 document (dates as timestamps) still yields the day', () => {
    const text = '%YAML 1.1\n---\nexceptions:\n  - id: CVE-1\n    reason: r\n    expires: 2025-12-31\n';
    expect(parsePolicyFile(text, FILE).exceptions[0]?.expires).toBe('2025-12-31');
  });
});

describe('parsePolicyFile: malformed files name the file and the line at fault', () => {
  const entry = (lines: string[]) => ['exceptions:', '  - id: CVE-2024-0001', ...lines.map((l) => `    ${l}`)].join('\n');
  it.each([
    ['missing reason', entry(['expires: 2025-12-31']), 2, 'exceptions[0].reason: reason is required'],
    ['missing expires', entry(['reason: r']), 2, 'exceptions[0].expires: expires is required'],
    ['empty expires', entry(['reason: r', 'expires:']), 4, 'expires is required'],
    ['empty reason', entry(['reason: "  "', 'expires: 2025-12-31']), 3, 'reason must not be empty'],
    ['impossible date', entry(['reason: r', 'expires: 2025-02-30']), 4, 'expected a real date YYYY-MM-DD (UTC)'],
    ['date with time', entry(['reason: r', 'expires: 2025-02-03T10:00:00Z']), 4, 'YYYY-MM-DD'],
    ['day-first date', entry(['reason: r', 'expires: 31/12/2025']), 4, 'YYYY-MM-DD'],
    ['numeric id', ['exceptions:', '  - id: 42', '    reason: r', '    expires: 2025-12-31'].join('\n'), 2, 'exceptions[0].id: expected a vulnerability or rule id'],
    ['typo in a key', entry(['pkg: openssl', 'reason: r', 'expires: 2025-12-31']), 3, 'unknown key "pkg"'],
    ['unknown top-level key', 'exception:\n  - id: CVE-1\n', 1, 'unknown key "exception"'],
    ['exceptions not a list', 'exceptions: CVE-1\n', 1, 'expected a list of exceptions'],
    ['entry not a mapping', 'exceptions:\n  - CVE-1\n', 2, 'expected an exception'],
    ['second entry at fault', [entry(['reason: r', 'expires: 2025-12-31']), '  - id: CVE-2', '    reason: r', '    expires: soon'].join('\n'), 7, 'exceptions[1].expires'],
    ['a scalar document', 'just text\n', 1, 'expected a mapping'],
    ['a list document', '- id: CVE-1\n', 1, 'expected a mapping'],
    ['unknown version', 'version: 2\nexceptions: []\n', 1, 'only version 1 exists'],
    ['YAML syntax error', 'exceptions:\n  - id: [CVE-1\n    reason: r\n', undefined, 'invalid YAML'],
    ['duplicate keys', 'exceptions: []\nexceptions: []\n', 2, 'invalid YAML: Map keys must be unique'],
    ['tab indentation', 'exceptions:\n\t- id: CVE-1\n', 2, 'invalid YAML'],
  ])('%s', (_, text, line, problem) => {
    const error = parseError(text);
    expect(error.reason).toBe('input-error');
    expect(error.message).toContain(`policy file ${FILE}`);
    if (line !== undefined) expect(error.message).toContain(`${FILE} line ${line}:`);
    else expect(error.message).toMatch(new RegExp(`${FILE} line \\d+:`));
    expect(error.message).toContain(problem);
    expect(error.remedy).toContain('expires: 2025-12-31');
  });

  it('lists every problem in the details', () => {
    const error = parseError('exceptions:\n  - id: CVE-1\n  - id: CVE-2\n    reason: r\n');
    expect(error.message).toContain('(and 2 more)');
    expect(error.details).toEqual([
      'line 2: exceptions[0].reason: reason is required',
      'line 2: exceptions[0].expires: expires is required (YYYY-MM-DD, UTC)',
      'line 3: exceptions[1].expires: expires is required (YYYY-MM-DD, UTC)',
    ]);
  });

  it('an alias bomb is an input error, not a hang or a crash', () => {
    const text = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(parseError(text).reason).toBe('input-error');
  });
});

describe('parsePolicyFile fuzz', () => {
  function onlyInputErrors(text: string): void {
    try {
      parsePolicyFile(text, FILE);
    } catch (error) {
      expect(error).toBeInstanceOf(GateError);
      expect((error as GateError).reason).toBe('input-error');
      expect((error as GateError).message).toContain(FILE);
    }
  }

  it('arbitrary text throws nothing but input-error naming the file', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), onlyInputErrors), { numRuns: 1000 });
  });

  it('text built from YAML punctuation throws nothing but input-error naming the file', () => {
    const piece = fc.constantFrom('exceptions:', '\n', '  ', '- ', 'id: ', 'reason: ', 'expires: ', '2025-12-31', '&a ', '*a', '[', ']', '{', '}', ',', ':', '"', "'", '#', '!!binary ', '!!set', '? ', '|', '>', '%YAML 1.1\n---\n', '---\n', '...\n', 'null', '~', '<<: ', 'CVE-1', '\t');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((p) => p.join('')), onlyInputErrors), { numRuns: 2000 });
  });

  it('arbitrary YAML values throw nothing but input-error naming the file', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ exceptions: fc.array(fc.dictionary(fc.constantFrom('id', 'reason', 'expires', 'package', 'path', 'other'), fc.jsonValue())) }),
        ),
        (value) => onlyInputErrors(stringify(value)),
      ),
      { numRuns: 1000 },
    );
  });

  it('any well-formed exception round-trips', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,20}[A-Za-z0-9]$/);
    const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.record({ id: word, reason: word, expires: day, package: fc.option(word, { nil: undefined }) }), (e) => {
        const [parsed] = parsePolicyFile(stringify({ exceptions: [e] }), FILE).exceptions;
        expect(parsed).toMatchObject({ id: e.id, reason: e.reason, expires: e.expires, package: e.package, line: 2 });
      }),
    );
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-1-1', false],
    [' 2025-01-01', false],
  ])('%s → %s', (text, ok) => expect(isCalendarDate(text)).toBe(ok));
});
