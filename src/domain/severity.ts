/** Trivy's severities, most severe first. Anything else in a report is a schema error. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severities that have a rank; UNKNOWN is handled by an explicit rule instead. */
export const RANKED_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type RankedSeverity = (typeof RANKED_SEVERITIES)[number];

const RANK: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** `HIGH` → [CRITICAL, HIGH]: a single value is a threshold, that severity and above. */
export function severitiesAtOrAbove(threshold: RankedSeverity): RankedSeverity[] {
  return RANKED_SEVERITIES.filter((s) => RANK[s] >= RANK[threshold]);
}

export type SeverityCounts = Record<Severity, number>;

export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}
