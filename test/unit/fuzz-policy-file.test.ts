import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GateError } from '../../src/domain/gate-error.js';
import { isCalendarDate, parsePolicyFile } from '../../src/domain/policy/policy-file.js';

// Property tests for the policy file: whatever is in it, parsing either yields exceptions that
// are complete and point at real lines, or stops with an input-error naming the file and the
// line at fault — never a TypeError from a half-read document.

const RUNS = 200;
const FILE = '.github/container-gate.yml';

/** Lines built from the policy file's own vocabulary, YAML punctuation and a few traps. */
const yamlishLine = fc
  .tuple(
    fc.constantFrom('', '  ', '    ', '      ', '\t', ' '),
    fc.constantFrom('', '- ', '-', '? ', ': '),
    fc.constantFrom('exceptions', 'version', 'id', 'package', 'path', 'reason', 'expires', 'pkg', 'Exceptions', '"id"', "'reason'", '<<', '', '[', '{'),
    fc.constantFrom(':', ': ', ':  ', '', ' :', ':\t'),
    fc.constantFrom(
      '',
      'CVE-2024-12345',
      'DS002',
      'openssl',
      'usr/lib/**',
      '2025-12-31',
      '2025-02-30',
      "'2026-01-15'",
      '2025-12-31T10:00:00Z',
      '1',
      '2',
      'null',
      '~',
      'true',
      '[]',
      '{}',
      '[a, b',
      '{id: x}',
      '&anchor x',
      '*anchor',
      '*missing',
      '!!binary aGk=',
      '!!int x',
      '|',
      '>-',
      '"unterminated',
      "'it''s'",
      '# comment',
      '%',
      '@reserved',
      '`backtick`',
      '---',
      '...',
      '\u0000',
      '\uFEFF',
      'é',
    ),
  )
  .map((parts) => parts.join(''));

const yamlishText = fc.oneof(
  fc.array(yamlishLine, { maxLength: 12 }).map((lines) => lines.join('\n')),
  fc.array(yamlishLine, { maxLength: 12 }).map((lines) => lines.join('\r\n')),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('e', 'x', ':', '-', ' ', '\n', '\t', '[', ']', '{', '}', '"', "'", '#', '&', '*', '!', '|', '>', '%', '@', ','), maxLength: 60 }),
);

/** Right keys, any values: lists where strings belong, numbers for dates, extra keys… */
const wrongValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.date({ noInvalidDate: true }), fc.constantFrom('', ' ', '2025-13-01', '31-12-2025', '2025-12-31', 'CVE-1'));
const exceptionEntry = fc.dictionary(fc.constantFrom('id', 'package', 'path', 'reason', 'expires', 'pkg', 'ID', 'note'), wrongValue, { maxKeys: 6 });
const structuredButWrong = fc
  .oneof(
    fc.record({ exceptions: fc.array(fc.oneof(exceptionEntry, wrongValue), { maxLength: 4 }) }, { requiredKeys: [] }),
    fc.record({ version: wrongValue, exceptions: fc.oneof(wrongValue, fc.array(exceptionEntry, { maxLength: 3 })) }, { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 8 }), wrongValue, { maxKeys: 3 }),
    wrongValue,
  )
  .map((document) => stringify(document));

function linesIn(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function parse(text: string): { value: ReturnType<typeof parsePolicyFile> } | { error: unknown } {
  try {
    return { value: parsePolicyFile(text, FILE) };
  } catch (error) {
    return { error };
  }
}

function checkOutcome(text: string): void {
  const result = parse(text);
  if ('error' in result) {
    expect(result.error).toBeInstanceOf(GateError);
    const error = result.error as GateError;
    expect(error.reason).toBe('input-error');
    const match = new RegExp(`^policy file ${FILE.replace(/\./g, '\\.')} line (\\d+): .+`).exec(error.message);
    expect(match, error.message).not.toBeNull();
    const line = Number(match![1]);
    expect(line, error.message).toBeGreaterThanOrEqual(1);
    expect(line, error.message).toBeLessThanOrEqual(linesIn(text) + 1);
    return;
  }
  const { fileName, exceptions } = result.value;
  expect(fileName).toBe(FILE);
  exceptions.forEach((exception, index) => {
    expect(exception.index).toBe(index);
    expect(exception.id.trim()).not.toBe('');
    expect(exception.reason.trim()).not.toBe('');
    expect(isCalendarDate(exception.expires), exception.expires).toBe(true);
    expect(exception.line).toBeGreaterThanOrEqual(1);
    expect(exception.line).toBeLessThanOrEqual(linesIn(text));
  });
}

describe('fuzz: parsePolicyFile', () => {
  it('YAML-ish text: valid exceptions, or an input-error naming the file and a line in it', () => {
    // An alias to an anchor that does not exist only fails when the document is converted.
    fc.assert(fc.property(yamlishText, checkOutcome), { numRuns: RUNS, examples: [['exceptions:\n  - id: *missing\n']] });
  });

  it('structured but wrong documents: valid exceptions, or an input-error naming the file and a line in it', () => {
    fc.assert(fc.property(structuredButWrong, checkOutcome), { numRuns: RUNS });
  });

  it('a valid file with one line broken keeps pointing at a line of the file', () => {
    const valid = [
      'version: 1',
      'exceptions:',
      '  - id: CVE-2024-0001',
      '    reason: not reachable',
      '    expires: 2025-12-31',
      '  - id: DS002',
      '    package: openssl',
      '    path: usr/lib/**',
      '    reason: tracked in #12',
      "    expires: '2026-01-15'",
    ];
    fc.assert(
      fc.property(fc.nat(valid.length - 1), yamlishLine, (at, replacement) => {
        const lines = [...valid];
        lines[at] = replacement;
        checkOutcome(lines.join('\n'));
      }),
      { numRuns: RUNS },
    );
  });
});
