import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GateError } from '../../domain/gate-error.js';
import type { TrivyReport } from '../../domain/trivy-report.js';
import { runTrivy } from '../trivy/run-trivy.js';

/**
 * The CycloneDX SBOM of the image, from the image report the gate decided on: `trivy convert`
 * turns the JSON report (which lists the packages) into CycloneDX without scanning again, so
 * the SBOM describes exactly the scanned image. Trivy writes CycloneDX 1.6+; anything older
 * than 1.5 is refused, as is anything that is not a CycloneDX BOM.
 */
export async function writeCycloneDxSbom(args: {
  trivyPath: string;
  /** Recorded when the binary was verified: it is checked again before it runs (undefined: not checked, as for an unverified test binary). */
  trivySha256: string | undefined;
  report: TrivyReport;
  /** Where the SBOM goes (the `sbom` output); the report is written next to it. */
  outputFile: string;
  timeoutSeconds: number;
}): Promise<Buffer> {
  await mkdir(dirname(args.outputFile), { recursive: true });
  const reportFile = `${args.outputFile}.trivy-report.json`;
  await writeFile(reportFile, JSON.stringify(args.report));
  const stderr: string[] = [];
  // The report quotes what the scan saw: it must not stay beside the `sbom` output (which
  // workflows upload as an artifact, a whole directory of them with `platforms`).
  const result = await runTrivy({
    trivyPath: args.trivyPath,
    trivySha256: args.trivySha256,
    args: ['convert', '--format', 'cyclonedx', '--output', args.outputFile, '--quiet', '--', reportFile],
    cwd: dirname(args.outputFile),
    killAfterMs: args.timeoutSeconds * 1000,
    onLine: (line) => stderr.push(line),
  }).finally(() => rm(reportFile, { force: true }));
  if (result.exitCode !== 0) {
    throw new GateError('attest-error', `trivy convert --format cyclonedx failed (exit ${result.exitCode ?? result.signal})`, {
      details: [...result.stderr, ...stderr].slice(-20),
    });
  }
  const bytes = await readFile(args.outputFile);
  let bom: { bomFormat?: unknown; specVersion?: unknown };
  try {
    bom = JSON.parse(bytes.toString('utf8')) as typeof bom;
  } catch {
    throw new GateError('attest-error', `trivy convert wrote ${args.outputFile}, which is not JSON`);
  }
  const [major, minor] = String(bom.specVersion ?? '').split('.').map(Number);
  if (bom.bomFormat !== 'CycloneDX' || major !== 1 || minor === undefined || !(minor >= 5)) {
    throw new GateError('attest-error', `trivy convert wrote a ${String(bom.bomFormat)} ${String(bom.specVersion)} document, not CycloneDX 1.5 or newer`);
  }
  return bytes;
}
