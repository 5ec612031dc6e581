/** The Trivy scanners the gate can run. */
export type Scanner = 'vuln' | 'secret' | 'misconfig' | 'license';

/** What this run is compared with: nothing, the published image, or a Trivy JSON report on disk. */
export type Baseline = { kind: 'none' } | { kind: 'registry' } | { kind: 'file'; path: string };
