// Real Trivy outputs from two schema eras (shared/trivy-reports beside the repository, from
// Trivy's own integration tests): read where they live, never copied into the project.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTrivyReport, type TrivyReport } from '../../src/domain/trivy-report.js';

export const reportsDir = path.resolve(import.meta.dirname, '../../../shared/trivy-reports');

/** Every JSON report, newest era first: `alpine-310.json.golden`, …, `v0.58.1/…`. */
export function goldenReportFiles(): string[] {
  const top = readdirSync(reportsDir).filter((f) => f.endsWith('.json.golden'));
  const old = readdirSync(path.join(reportsDir, 'v0.58.1'))
    .filter((f) => f.endsWith('.json.golden'))
    .map((f) => path.join('v0.58.1', f));
  return [...top, ...old];
}

export function goldenText(name: string): string {
  return readFileSync(path.join(reportsDir, name), 'utf8');
}

export function goldenJson(name: string): Record<string, unknown> {
  return JSON.parse(goldenText(name)) as Record<string, unknown>;
}

export function goldenReport(name: string): TrivyReport {
  return parseTrivyReport(goldenText(name), name);
}

export type JsonPath = (string | number)[];

/** Every path into a JSON value, the root included: where the report mutations apply. */
export function allJsonPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...allJsonPaths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) paths.push(...allJsonPaths(item, [...prefix, key]));
  }
  return paths;
}
