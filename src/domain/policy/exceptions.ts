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

function matchesId(exception: PolicyException, finding: Finding): boolean {
  const wanted = exception.id.trim().toUpperCase();
  const ids = [finding.id, ...finding.aliases];
  if (ids.some((id) => id.toUpperCase() === wanted)) return true;
  return finding.kind === 'misconfiguration' && ids.some((id) => checkId(id) === checkId(exception.id));
}

/** `*` stays within one path segment, `**` crosses segments; a leading `/` is ignored on both sides. */
export function pathMatches(pattern: string, path: string): boolean {
  const strip = (p: string) => p.trim().replace(/^\/+/, '');
  const source = strip(pattern)
    .split(/(\*\*\/?|\*)/)
    .map((part) =>
      part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`).test(strip(path));
}

export function exceptionMatches(exception: PolicyException, finding: Finding): boolean {
  if (!matchesId(exception, finding)) return false;
  if (exception.package !== undefined && exception.package !== finding.packageName) return false;
  if (exception.path !== undefined) {
    const places = [finding.target, finding.packagePath].filter((p): p is string => p !== undefined);
    if (!places.some((place) => pathMatches(exception.path!, place))) return false;
  }
  return true;
}

/** The first active exception (in file order) that covers the finding. */
export function findException(active: readonly PolicyException[], finding: Finding): PolicyException | undefined {
  return active.find((exception) => exceptionMatches(exception, finding));
}
