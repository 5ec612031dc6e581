import type { TrivyReport } from '../trivy-report.js';

/**
 * The platforms' image reports as one Trivy-shaped report about the image index: the
 * `result` of the index's cosign vuln attestation. Every result keeps Trivy's fields (so
 * policies that read `Results[].Vulnerabilities[]` work unchanged) and gains `Platform`; the
 * `Target` is prefixed with the platform so two platforms' `app (debian 12.5)` stay apart.
 * Metadata is per image (ImageID, config): the index report has none, and lists instead
 * each platform with the image ID that was scanned (`Platforms`), findings or not.
 */
export function indexReport(artifactName: string, platforms: readonly { platform: string; report: TrivyReport }[]): TrivyReport {
  const created = platforms.map((p) => p.report.CreatedAt).filter((c): c is string => typeof c === 'string').sort();
  return {
    SchemaVersion: platforms[0]!.report.SchemaVersion,
    ...(created.length > 0 && { CreatedAt: created[0] }),
    ArtifactName: artifactName,
    ArtifactType: 'container_image_index',
    Platforms: platforms.map(({ platform, report }) => ({ Platform: platform, ImageID: report.Metadata?.ImageID ?? null })),
    Results: platforms.flatMap(({ platform, report }) =>
      (report.Results ?? []).map((result) => ({ ...result, Target: `${platform}: ${result.Target}`, Platform: platform })),
    ),
  };
}
