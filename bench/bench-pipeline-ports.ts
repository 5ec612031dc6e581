// Pipeline ports for measuring runGate with real parts: the real Trivy binary (run as the
// CLI, offline, on a private copy of the fixture DB) and the project's Docker adapter.
// `serialise` makes the build wait for the context scan, i.e. the pipeline without overlap.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageBuilder } from '../src/adapters/docker/image-builder.js';
import { parseTrivyReport, type TrivyReport } from '../src/domain/trivy-report.js';
import type { PipelinePorts, ScannerPort } from '../src/pipeline.js';
import { TRIVY_OFFLINE_FLAGS, type TestEnv } from '../test/env/test-env.js';
import { runCommandOk } from './harness.js';

export interface BenchPortsOptions {
  env: TestEnv;
  /** Trivy --cache-dir holding the fixture DB. */
  cacheDir: string;
  /** Where Trivy writes its JSON reports. */
  workDir: string;
  builder: ImageBuilder;
  serialise: boolean;
}

export function createBenchPorts({ env, cacheDir, workDir, builder, serialise }: BenchPortsOptions): PipelinePorts {
  let reports = 0;
  // The build may be asked for before the context scan starts (runGate starts it while Trivy is
  // installed): serialised, it waits for the scan to start, then to end.
  let contextScanStarted: (scan: Promise<unknown>) => void = () => undefined;
  const contextScan = new Promise<unknown>((resolve) => (contextScanStarted = resolve));

  const trivy = async (args: string[]): Promise<TrivyReport> => {
    const output = path.join(workDir, `report-${++reports}.json`);
    await runCommandOk(env.trivyPath, [...args, '--cache-dir', cacheDir, '--format', 'json', '--output', output, ...TRIVY_OFFLINE_FLAGS], {
      env: { ...process.env, DOCKER_HOST: env.dockerHost },
    });
    return parseTrivyReport(await readFile(output, 'utf8'), output);
  };

  const scanner: ScannerPort = {
    prepareDatabase: async () => undefined,
    scanFilesystem: (dir) => {
      const scan = trivy(['fs', '--scanners', 'vuln,secret,misconfig', dir]);
      contextScanStarted(scan.catch(() => undefined));
      return scan;
    },
    scanImage: ({ id }) => trivy(['image', '--image-src', 'docker', '--scanners', 'vuln,secret', id]),
    scanPublished: async () => undefined,
  };

  return {
    installTrivy: async () => ({ path: env.trivyPath, version: env.trivyVersion }),
    openScanner: () => scanner,
    engine: {
      async build(request, log) {
        if (serialise) await contextScan;
        const { imageId } = await builder.buildImage({ ...request, context: request.contextDir }, log);
        return { imageId, scanReference: imageId };
      },
      inspect: (imageId) => builder.inspectImageFacts(imageId),
    },
    registry: {
      publishManifest: () => Promise.reject(new Error('the benchmark never pushes')),
      putBlob: () => Promise.reject(new Error('the benchmark never pushes')),
      putManifest: () => Promise.reject(new Error('the benchmark never pushes')),
      tag: () => Promise.reject(new Error('the benchmark never pushes')),
    },
    checkInputFiles: async () => undefined,
    readOptionalFile: async () => undefined,
    now: () => new Date(),
    log: { info: () => undefined, warning: () => undefined, group: (_title, body) => body() },
  };
}
