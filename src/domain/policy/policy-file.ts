import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { GateError } from '../gate-error.js';
import type { ParsedPolicy, PolicyException } from './policy-exception.js';
import { OPENVEX_JUSTIFICATIONS } from '../vex/openvex.js';

const EXAMPLE = [
  'exceptions:',
  '  - id: CVE-2024-12345',
  '    package: openssl        # optional',
  '    path: usr/lib/app/**    # optional',
  '    reason: not reachable, fix tracked in #123',
  '    expires: 2025-12-31     # YYYY-MM-DD, UTC, inclusive',
].join('\n');

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day in YYYY-MM-DD form (2025-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const expiresSchema = z.preprocess(
  // A YAML 1.1 document (`%YAML 1.1`) reads 2025-12-31 as a timestamp; take the UTC day back.
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({ error: (issue) => (issue.input == null ? 'expires is required (YYYY-MM-DD, UTC)' : 'expected a date YYYY-MM-DD (UTC)') })
    .refine(isCalendarDate, { message: 'expected a real date YYYY-MM-DD (UTC)' }),
);

const text = (key: string, what: string) =>
  z
    .string({ error: (issue) => (issue.input == null ? `${key} is required` : `expected ${what} (text)`) })
    .trim()
    .min(1, { message: `${what} must not be empty` });

const exceptionSchema = z.strictObject(
  {
    id: text('id', 'a vulnerability or rule id'),
    package: text('package', 'a package name').optional(),
    path: text('path', 'a path').optional(),
    reason: text('reason', 'a reason'),
    justification: z
      .enum(OPENVEX_JUSTIFICATIONS, { error: `expected an OpenVEX justification: ${OPENVEX_JUSTIFICATIONS.join(', ')}` })
      .optional(),
    expires: expiresSchema,
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'expected an exception (id, reason, expires…)' : undefined) },
);

const policySchema = z.strictObject(
  {
    version: z.literal(1, { error: 'only version 1 exists' }).optional(),
    exceptions: z
      .array(exceptionSchema, { error: 'expected a list of exceptions' })
      .nullish()
      .transform((list) => list ?? []),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'expected a mapping with an `exceptions:` list' : undefined) },
);

function allowedKeys(path: readonly PropertyKey[]): string {
  return Object.keys(path.length === 0 ? policySchema.shape : exceptionSchema.shape).join(', ');
}

function policyError(fileName: string, line: number | undefined, problem: string, details: string[] = []): GateError {
  const where = line === undefined ? fileName : `${fileName} line ${line}`;
  return new GateError('input-error', `policy file ${where}: ${problem}`, {
    remedy: `Fix the policy file (input policy-file). Expected shape:\n${EXAMPLE}`,
    details,
  });
}

/** The YAML node at `path`, or the deepest one that exists on the way there. */
function nodeAt(doc: Document, path: readonly PropertyKey[], atKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = (doc.contents as Node | null) ?? undefined;
  for (const [i, segment] of path.entries()) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      // An empty value (`expires:`) has no node of its own: point at the key.
      next = pair ? (atKey && i === path.length - 1 ? pair.key : (pair.value ?? pair.key)) : undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined || next === null) break;
    node = next;
    found = next as Node;
  }
  return found;
}

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[], atKey = false): number | undefined {
  const offset = nodeAt(doc, path, atKey)?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(top level)';
}

/**
 * Parses the policy file (`.github/container-gate.yml` by default). `fileName` is named in every
 * error together with the line at fault. Anything wrong — YAML syntax, unknown keys (a typo such
 * as `pkg:` would silently widen an exception), a missing reason or expiry — is an `input-error`.
 */
export function parsePolicyFile(source: string, fileName: string): ParsedPolicy {
  try {
    return parseOrThrow(source, fileName);
  } catch (error) {
    if (error instanceof GateError) throw error;
    // yaml can throw on pathological input (e.g. alias bombs); still the user's file at fault.
    throw policyError(fileName, undefined, `cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseOrThrow(source: string, fileName: string): ParsedPolicy {
  const counter = new LineCounter();
  // logLevel 'error': yaml would otherwise print Node warnings (e.g. for collection keys) into the action log.
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    // The line is already in our message; drop yaml's own position and code excerpt.
    const problem = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '') || 'syntax error';
    throw policyError(fileName, line, `invalid YAML: ${problem}`, doc.errors.map((e) => e.message));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    // toJS throws for an alias without an anchor (`*missing`) or an alias bomb: point at the first alias.
    let line: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        if (node.range) line = counter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    throw policyError(fileName, line, `cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      // Point at the unknown key itself, not at the mapping that holds it.
      const unknownKey = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined;
      const path = unknownKey ? [...issue.path, issue.keys[0]!] : issue.path;
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${allowedKeys(issue.path)})`
          : issue.message;
      return { path, line: lineOf(doc, counter, path, unknownKey), message };
    });
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw policyError(
      fileName,
      first.line,
      `${formatPath(first.path)}: ${first.message}${more}`,
      problems.map((p) => `line ${p.line ?? '?'}: ${formatPath(p.path)}: ${p.message}`),
    );
  }
  const exceptions: PolicyException[] = parsed.data.exceptions.map((e, index) => ({
    id: e.id,
    package: e.package,
    path: e.path,
    reason: e.reason,
    ...(e.justification !== undefined && { justification: e.justification }),
    expires: e.expires,
    index,
    line: lineOf(doc, counter, ['exceptions', index]) ?? 1,
  }));
  return { fileName, exceptions };
}
