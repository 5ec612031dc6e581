import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logInfo, logWarning } from './adapters/actions/workflow-log.js';
import { areaOf, readContainedFile } from './adapters/files/contained-file.js';
import { checkInputFiles, type CheckedInputFiles } from './adapters/files/input-files.js';
import { createActionsDbCache } from './adapters/cache/db-cache.js';
import { createActionsLayerCache } from './adapters/cache/layer-cache.js';
import { createExploitFeeds } from './adapters/exploit-data/exploit-feeds.js';
import { createActionsFeedCache } from './adapters/exploit-data/feed-cache.js';
import { openDockerEngine, type DockerEngine } from './adapters/docker/docker-engine.js';
import { createDockerImageBuilder } from './adapters/docker/image-builder.js';
import { exportImage, imageDiffIds } from './adapters/docker/image-export.js';
import { createImagePublisher } from './adapters/registry/image-publisher.js';
import { createPublishedManifestReader } from './adapters/registry/published-manifest.js';
import { installTrivy } from './adapters/trivy/install.js';
import { createLiveAttestPort } from './live-attest-port.js';
import { attachmentRegistry } from './adapters/attest/attachment-registry.js';
import { createTrivyScanner } from './adapters/trivy/scanner.js';
import type { Inputs } from './inputs.js';
import type { PipelinePorts } from './pipeline.js';
import { createRunWorkDir } from './adapters/run-work-dir.js';
import { removeRawReports } from './adapters/trivy/raw-reports.js';
import type { RunPlan } from './plan.js';

/** The real outside world: Trivy on this runner, the Docker engine, the registry, files, the clock. */
export function createLivePorts(inputs: Inputs, plan: RunPlan, env: Record<string, string | undefined> = process.env): PipelinePorts {
  const log = { info: (line: string) => logInfo(line), warning: (line: string) => logWarning(line) };
  let engine: Promise<DockerEngine> | undefined;
  // One connection for build, inspect and push; opened on first use so `mode: summary` never needs an engine.
  const openEngine = (): Promise<DockerEngine> => (engine ??= openDockerEngine());
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const runnerTemp = env.RUNNER_TEMP ?? '/tmp';
  let checked: CheckedInputFiles | undefined;
  // Everything this run writes and runs (reports, the verified Trivy) lives in its own directory.
  const runDir = createRunWorkDir(runnerTemp);
  // Recorded by the installer, in memory only: the scanner checks the binary against it before each run.
  let trivySha256: string | undefined;

  const registry = createImagePublisher({
    registry: plan.registry.server,
    credentials: { username: plan.registry.username, password: plan.registry.password },
    // By ID, never by tag: a tag in a shared engine can be moved by another job at any time.
    exportImage: async (imageId, workDir, signal, keep) => exportImage(await openEngine(), imageId, workDir, signal, keep),
    imageDiffIds: async (imageId) => imageDiffIds(await openEngine(), imageId),
    tempRoot: runDir,
    log,
  });

  return {
    log: { ...log, group: (title, body) => core.group(title, body) },
    now: () => new Date(),
    installTrivy: async () => {
      const installation = await installTrivy(
        { version: inputs.trivyVersion, downloadBaseUrl: inputs.trivyDownloadUrl, trivyPath: inputs.trivyPath, platform: process.platform, arch: process.arch },
        { log: log.info, workDir: runDir },
      );
      trivySha256 = installation.sha256;
      return installation;
    },
    openScanner: (trivyPath) =>
      createTrivyScanner({
        trivyPath,
        trivySha256,
        cacheDir: inputs.trivyCacheDir,
        timeoutSeconds: inputs.timeoutSeconds,
        scanners: inputs.scanners,
        server: inputs.trivyServer,
        serverToken: inputs.trivyServerToken,
        dbRepositories: inputs.dbRepository,
        skipDbUpdate: inputs.skipDbUpdate,
        // The checked copy: Trivy never opens the file in the checkout itself.
        ignoreFile: checked?.ignoreFile,
        // Files relative to the workspace; `repo` and `oci` are Trivy's own sources, by name.
        // `repo` and `oci` are Trivy's own sources, by name; files are the checked copies, in order.
        vex: vexSources(inputs.vex, checked?.vexFiles ?? []),
        workDir: join(runDir, 'trivy'),
        log,
        dockerHost: env.DOCKER_HOST,
        registryAuth: plan.registry.password ? { username: plan.registry.username, password: plan.registry.password } : undefined,
        cache: createActionsDbCache({ log: { ...log, notice: (line) => core.notice(line) } }),
        layerCache: inputs.trivyLayerCache
          ? createActionsLayerCache({
              log,
              trivyVersion: inputs.trivyPath ? 'trivy-path' : inputs.trivyVersion,
              scanners: inputs.scanners,
              writes: plan.caches.writes,
              runId: `${env.GITHUB_RUN_ID ?? Date.now()}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
            })
          : undefined,
      }),
    engine: {
      async build(request, buildLog) {
        const builder = createDockerImageBuilder(await openEngine());
        const result = await builder.buildImage({ ...request, context: request.contextDir, registryAuth: plan.registry }, buildLog);
        // Trivy reads the image from the engine by its ID, so the report names exactly this image.
        return { imageId: result.imageId, scanReference: result.imageId };
      },
      async inspect(imageId) {
        return createDockerImageBuilder(await openEngine()).inspectImageFacts(imageId);
      },
    },
    exploitData: {
      // Made on first use: the local feed files are the checked copies, known only after checkInputFiles.
      load: (cves) =>
        createExploitFeeds({
          mode: inputs.exploitData,
          kev: { url: inputs.kevUrl, file: checked?.kevFile },
          epss: { url: inputs.epssUrl, file: checked?.epssFile },
          workDir: join(runDir, 'exploit-data'),
          timeoutMs: Math.min(inputs.timeoutSeconds, 120) * 1000,
          cache: createActionsFeedCache({ log }),
          log,
        }).load(cves),
    },
    saveVexDocument: async (document) => {
      // The run's own directory: nobody else can have pre-created or swapped the file.
      const path = join(runDir, 'openvex.json');
      await mkdir(runDir, { recursive: true });
      await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
      return path;
    },
    registry,
    readPublishedManifest: createPublishedManifestReader({
      credentials: plan.registry.password ? { username: plan.registry.username, password: plan.registry.password } : undefined,
    }),
    // Attachments go through the same push path as the image, next to its digest.
    attest: createLiveAttestPort(inputs, attachmentRegistry(registry, { registry: plan.registry.server, credentials: { username: plan.registry.username, password: plan.registry.password } }), runDir, () => trivySha256, env),
    async checkInputFiles() {
      checked = await checkInputFiles({
        workspace,
        runnerTemp,
        contextDir: inputs.mode === 'gate' ? plan.contextDir : undefined,
        dockerfile: plan.dockerfile,
        policyFile: inputs.policyFile,
        ignoreFile: inputs.ignoreFile,
        baselineFile: inputs.baseline.kind === 'file' ? inputs.baseline.path : undefined,
        sarifFile: inputs.sarifFile,
        auditLog: inputs.auditLog,
        kevFile: inputs.kevFile,
        epssFile: inputs.epssFile,
        vexFiles: inputs.vex.filter((source) => !isTrivyVexSource(source)),
        stagingDir: runDir,
      });
    },
    readOptionalFile: async (path, input) => {
      const bytes = await readContainedFile(input, path, workspace, await areaOf(workspace, 'the workspace'));
      return bytes?.toString('utf8');
    },
    async removeRawReports() {
      await removeRawReports(join(runDir, 'trivy'));
    },
  };
}

/** Trivy's own VEX sources, named rather than read from a file. */
function isTrivyVexSource(source: string): boolean {
  return source === 'repo' || source === 'repository' || source === 'oci';
}

/** The `vex` input with every file replaced by its checked copy, keeping the order given. */
function vexSources(given: readonly string[], checkedFiles: readonly string[]): string[] {
  let next = 0;
  return given.map((source) => (isTrivyVexSource(source) ? source : (checkedFiles[next++] ?? source)));
}
