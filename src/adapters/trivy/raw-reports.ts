import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The raw report files the scanner writes into its work directory (see scanner.ts nextReportFile). */
const RAW_REPORT = /^trivy-[a-z]+-\d+\.json$/;

/**
 * Deletes Trivy's raw JSON reports once the run is over: they quote Dockerfile lines, ENV and
 * history in clear text (the secrets the config check found), and RUNNER_TEMP may outlive the
 * job on a self-hosted runner. Returns the files removed; a missing directory removes nothing.
 */
export async function removeRawReports(workDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(workDir);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const reports = names.filter((name) => RAW_REPORT.test(name)).map((name) => join(workDir, name));
  await Promise.all(reports.map((file) => rm(file, { force: true })));
  return reports;
}
