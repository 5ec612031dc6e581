import type { TrivyReport } from '../trivy-report.js';
import type { RunContext, ScannerFacts } from './verdict-predicate.js';

/**
 * cosign's vulnerability predicate (COSIGN_VULN_PREDICATE_TYPE), field for field as cosign
 * decodes it (pkg/cosign/attestation CosignVulnPredicate: invocation, scanner{uri, version,
 * db{uri, version}, result}, metadata{scanStartedOn, scanFinishedOn}); `result` is the Trivy
 * image report, as Trivy's own `--format cosign-vuln` puts it.
 */
export interface CosignVulnPredicate {
  invocation: { parameters: unknown; uri: string; event_id: string; 'builder.id': string };
  scanner: { uri: string; version: string; db: { uri: string; version: string }; result: unknown };
  metadata: { scanStartedOn: string; scanFinishedOn: string };
}

/**
 * The report as attested: secret findings keep where and what they are, never their text.
 * Trivy masks the secret itself, but the surrounding lines it quotes are the image's content
 * and an attestation is public to anyone who can pull.
 */
export function attestableReport(report: TrivyReport): unknown {
  return {
    ...report,
    Results: report.Results?.map((result) =>
      result.Secrets
        ? {
            ...result,
            Secrets: result.Secrets.map((s) => {
              const { Code: _code, Match: _match, ...kept } = s as typeof s & { Code?: unknown };
              return kept;
            }),
          }
        : result,
    ),
  };
}

export function cosignVulnPredicate(args: {
  report: TrivyReport;
  scanner: ScannerFacts;
  scanStartedOn: Date;
  scanFinishedOn: Date;
  actionVersion: string;
  run: RunContext;
  runId: string | undefined;
}): CosignVulnPredicate {
  const { scanner } = args;
  return {
    invocation: {
      parameters: { scanners: [...scanner.scanners] },
      uri: args.run.url ?? '',
      event_id: args.runId ?? '',
      'builder.id': `container-security-gate@${args.actionVersion}`,
    },
    scanner: {
      uri: `pkg:github/aquasecurity/trivy@v${scanner.trivyVersion.replace(/^v/, '')}`,
      version: scanner.trivyVersion,
      db: { uri: 'pkg:oci/trivy-db', version: scanner.dbUpdatedAt ?? '' },
      result: attestableReport(args.report),
    },
    metadata: { scanStartedOn: args.scanStartedOn.toISOString(), scanFinishedOn: args.scanFinishedOn.toISOString() },
  };
}
