import type { Finding } from '../findings.js';
import type { PolicyException } from './policy-exception.js';

/**
 * The first instant an exception no longer applies: midnight UTC after its expiry day.
 * `expires: 2025-12-31` covers all of 31 December (UTC) and stops at 2026-01-01T00:00:00Z.
 */
export function exceptionEnd(exception: Pick<PolicyException, 'expires'>): number {
  const [y, m, d] = exception.expires.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d + 1);
}

export function isExceptionActive(exception: Pick<PolicyException, 'expires'>, now: Date): boolean {
  return now.getTime() < exceptionEnd(exception);
}

/** Misconfiguration check IDs changed spelling between Trivy versions: DS002, DS-0002, AVD-DS-0002 are one check. */
function checkId(id: string): string {
  const m = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/i.exec(id.trim());
  return m ? `${m[1]!.toUpperCase()}-${m[2]}` : id.trim().toUpperCase();
}

function stripLeadingSlashes(path: string): string {
  return path.trim().replace(/^\/+/, '');
}

/** `*` stays within one path segment, `**` crosses segments; a leading `/` is ignored on both sides. */
function compilePathPattern(pattern: string): RegExp {
  const source = stripLeadingSlashes(pattern)
    .split(/(\*\*\/?|\*)/)
    .map((part) =>
      part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

export function pathMatches(pattern: string, path: string): boolean {
  return compilePathPattern(pattern).test(stripLeadingSlashes(path));
}

/** One exception with what matching needs worked out once, not once per finding. */
interface CompiledException {
  exception: PolicyException;
  /** Position in the list it was indexed from: the first match in file order wins. */
  position: number;
  path: RegExp | undefined;
}

/**
 * Active exceptions, looked up by ID rather than tried one by one against every finding:
 * a report can hold tens of thousands of findings and a policy file hundreds of exceptions.
 */
export interface ExceptionIndex {
  /** By `id.trim().toUpperCase()`: IDs match case-insensitively. */
  byId: Map<string, CompiledException[]>;
  /** By check ID spelling (`DS-2`), for misconfigurations only. */
  byCheckId: Map<string, CompiledException[]>;
}

function add(map: Map<string, CompiledException[]>, key: string, entry: CompiledException): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

export function indexExceptions(exceptions: readonly PolicyException[]): ExceptionIndex {
  const index: ExceptionIndex = { byId: new Map(), byCheckId: new Map() };
  exceptions.forEach((exception, position) => {
    const entry = { exception, position, path: exception.path === undefined ? undefined : compilePathPattern(exception.path) };
    add(index.byId, exception.id.trim().toUpperCase(), entry);
    add(index.byCheckId, checkId(exception.id), entry);
  });
  return index;
}

/** Package and path scope; the ID already matched. */
function scopeMatches(entry: CompiledException, finding: Finding): boolean {
  const { exception, path } = entry;
  if (exception.package !== undefined && exception.package !== finding.packageName) return false;
  if (path !== undefined) {
    if (path.test(stripLeadingSlashes(finding.target))) return true;
    return finding.packagePath !== undefined && path.test(stripLeadingSlashes(finding.packagePath));
  }
  return true;
}

/** The earliest entry of `candidates` (sorted by position) that covers the finding and precedes `best`. */
function earliest(candidates: readonly CompiledException[] | undefined, finding: Finding, best: CompiledException | undefined) {
  if (candidates === undefined) return best;
  for (const entry of candidates) {
    if (best !== undefined && entry.position >= best.position) return best;
    if (scopeMatches(entry, finding)) return entry;
  }
  return best;
}

/** The first exception (in the indexed list's order) that covers the finding. */
export function findException(index: ExceptionIndex, finding: Finding): PolicyException | undefined {
  if (index.byId.size === 0) return undefined;
  const misconfiguration = finding.kind === 'misconfiguration';
  let best = earliest(index.byId.get(finding.id.toUpperCase()), finding, undefined);
  if (misconfiguration) best = earliest(index.byCheckId.get(checkId(finding.id)), finding, best);
  for (const alias of finding.aliases) {
    best = earliest(index.byId.get(alias.toUpperCase()), finding, best);
    if (misconfiguration) best = earliest(index.byCheckId.get(checkId(alias)), finding, best);
  }
  return best?.exception;
}

export function exceptionMatches(exception: PolicyException, finding: Finding): boolean {
  return findException(indexExceptions([exception]), finding) !== undefined;
}
