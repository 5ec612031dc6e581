import { createHash } from 'node:crypto';
import { GateError, toGateError } from './domain/gate-error.js';
import type { ImageFacts } from './domain/image-facts.js';
import { errorDecision, type Decision } from './domain/policy/decision.js';
import { baselineScope } from './domain/policy/baseline.js';
import type { ParsedPolicy } from './domain/policy/policy-exception.js';
import { openAttestSession, type Attested, type AttestSession } from './attest-phase.js';
import { evaluatePlatforms, evaluatePlatformsEach, type PlatformScan } from './domain/platforms/evaluate-platforms.js';
import { imageIndex, IMAGE_INDEX_MEDIA_TYPE } from './domain/platforms/image-index.js';
import { formatPlatform, matchesPlatform, type Platform } from './domain/platforms/platform.js';
import { planPush } from './domain/push-plan.js';
import type { TrivyReport } from './domain/trivy-report.js';
import type { Inputs } from './inputs.js';
import {
  describeReport,
  formatSize,
  logDecision,
  buildRequestFor,
  finishContextScan,
  finishImageScan,
  readBaselineFile,
  readInputFiles,
  prepareScanner,
  prepareScanning,
  readIgnoreFile,
  publishedReference,
  started,
  startScan,
  tagsByRepository,
  type PipelinePorts,
  type PlatformImage,
  type Progress,
  type PublishedManifest,
  type PushedImage,
  type RunResult,
  type ScannerPort,
  type StartedScan,
} from './pipeline.js';
import { policyFromInputs, type RunPlan } from './plan.js';
import { attestPlatformsBeforeTags, type PlatformsAttestStep } from './platforms-attest.js';
import { HeldLog } from './held-log.js';

/** One platform's image, built, scanned and inspected. */
interface ScannedPlatform extends PlatformScan {
  imageId: string;
  requested: Platform;
  /** This platform judged alone, once the run is judged: what its verdict attestation records. */
  decision?: Decision;
}

/** A platform's manifest published by digest in one repository: what an attach phase signs. */
export interface PublishedPlatform {
  platform: Platform;
  imageId: string;
  manifest: PublishedManifest;
}

/**
 * `platforms: linux/amd64,linux/arm64`: (install ∥ builds, one platform after another, each
 * inspected) → (context scan ∥ each image scanned by ID once built, beside the next build) →
 * one decision, the worst of the platforms → push
 * only on pass: every platform's manifest by digest, its SBOM and attestations, one OCI index
 * over them and the index's attestations, the tags last. Any platform's error is the run's
 * error, and nothing is pushed (never a partial index).
 */
export async function runPlatformsGate(inputs: Inputs, plan: RunPlan, ports: PipelinePorts): Promise<RunResult> {
  const progress: Progress = {};
  const scanned: ScannedPlatform[] = [];
  let pushed: PushedImage | undefined;
  let attested: Attested | undefined;
  let decision: Decision;
  // A failed install, build or scan must not leave builds or scans running (and the step waiting for them).
  const stopWork = new AbortController();
  try {
    // A signing key that cannot be read fails the run before anything is built.
    const attestSession = plan.push.enabled ? openAttestSession(inputs, ports.attest) : undefined;
    const policyFile = await readInputFiles(inputs, ports);
    const scanning = started(prepareScanner(inputs, ports, progress));
    const builds = startPlatformBuilds(inputs, plan, ports, stopWork.signal);
    const scanner = await scanning;
    const contextScan = startScan((lines) => scanner.scanFilesystem(plan.contextDir, stopWork.signal, lines));
    const imageScans = startPlatformScans(builds, scanner, stopWork.signal);
    for (const [i, build] of builds.entries()) scanned.push(await finishPlatform(build, imageScans[i]!, plan, ports));
    progress.filesystem = await finishContextScan(contextScan, plan, ports.log);
    const filesystemBaseline = await ports.log.group('Baseline', () => readPlatformBaselines(inputs, plan, scanner, ports, scanned));
    decision = await judgePlatforms(inputs, progress, filesystemBaseline, scanned, policyFile, ports);
    ({ decision, pushed, attested } = await pushIfPassed(decision, scanned, plan, ports, attestStep(attestSession, decision, scanned, inputs, plan, ports, progress)));
  } catch (error) {
    decision = errorDecision(toGateError(error), {}, ports.now());
  } finally {
    stopWork.abort();
  }
  return {
    decision,
    imageId: undefined,
    trivyVersion: progress.trivyVersion,
    pushed,
    reports: { filesystem: progress.filesystem, image: undefined },
    database: progress.database,
    platforms: platformImages(scanned, pushed),
    attested,
  };
}

/**
 * The attest step of a passed multi-platform gate (undefined when nothing is signed): each
 * platform's SBOM starts now, overlapping the uploads; its attachments run before the tags.
 */
function attestStep(session: AttestSession | undefined, decision: Decision, scanned: readonly ScannedPlatform[], inputs: Inputs, plan: RunPlan, ports: PipelinePorts, progress: Progress): PlatformsAttestStep | undefined {
  if (session === undefined || decision.verdict !== 'pass' || !plan.push.enabled) return undefined;
  return attestPlatformsBeforeTags({
    session,
    port: ports.attest!,
    inputs,
    decision,
    platforms: scanned.map((s) => ({ platform: s.platform, imageId: s.imageId, report: s.image, decision: s.decision ?? decision })),
    trivy: { path: progress.trivyPath!, version: progress.trivyVersion! },
    registry: plan.registry.server,
    now: () => ports.now(),
  });
}

/** One platform's build, started before its group opens: its lines are held until then. */
interface StartedPlatformBuild {
  platform: Platform;
  name: string;
  log: HeldLog;
  /** The image, inspected and checked to be of the platform asked for. */
  built: Promise<{ image: { imageId: string; scanReference: string }; facts: ImageFacts }>;
}

/**
 * Every platform's build, started now (while Trivy installs), one after another: the engine
 * works on one build at a time, and the first image scan waits only for the first build. A
 * failed build stops the chain; the run reports it when it reaches that platform.
 */
function startPlatformBuilds(inputs: Inputs, plan: RunPlan, ports: PipelinePorts, signal: AbortSignal): StartedPlatformBuild[] {
  let previous: Promise<unknown> = Promise.resolve();
  return inputs.platforms.map((platform) => {
    const name = formatPlatform(platform);
    const log = new HeldLog();
    const built = started(
      previous.then(async () => {
        // The run may have stopped while the build before this one ran.
        signal.throwIfAborted();
        const image = await ports.engine.build({ ...buildRequestFor(inputs, plan, name), signal }, log);
        const facts = await ports.engine.inspect(image.imageId);
        assertPlatform(platform, facts);
        return { image, facts };
      }),
    );
    previous = built;
    return { platform, name, log, built };
  });
}

/**
 * Each platform's image scan, started as soon as its image is built and the scan before it has
 * ended: it runs while the next platform builds, and two image scans never share the layer cache.
 */
function startPlatformScans(builds: readonly StartedPlatformBuild[], scanner: ScannerPort, signal: AbortSignal): StartedScan[] {
  let previous: Promise<unknown> = Promise.resolve();
  return builds.map((build) => {
    const before = previous;
    const scan = startScan(async (lines) => {
      const { image } = await build.built;
      await before.catch(() => undefined);
      return scanner.scanImage({ ref: image.scanReference, id: image.imageId }, signal, lines);
    });
    previous = scan.report;
    return scan;
  });
}

/** A platform's build and scan, started earlier, awaited in their groups and described. */
async function finishPlatform(build: StartedPlatformBuild, imageScan: StartedScan, plan: RunPlan, ports: PipelinePorts): Promise<ScannedPlatform> {
  const { log } = ports;
  const { image: built, facts } = await log.group(`Build ${plan.image.name} for ${build.name}`, () => (build.log.release(log), build.built));
  const image = await finishImageScan(imageScan, built, log, build.name);
  return { platform: build.name, requested: build.platform, imageId: built.imageId, image, imageFacts: facts };
}

/** The engine must have built what was asked: an image of another platform must never be published as this one. */
function assertPlatform(requested: Platform, facts: ImageFacts): void {
  const actual = facts.platform;
  if (actual && matchesPlatform(requested, actual)) return;
  throw new GateError('build-error', `the build for ${formatPlatform(requested)} produced image ${facts.id} for ${actual ? formatPlatform(actual) || 'no platform' : 'an unknown platform'}`, {
    remedy: 'Use an engine with BuildKit (DOCKER_BUILDKIT=1, Docker 20.10+), which builds for the requested platform.',
  });
}

/**
 * `baseline: registry`: each platform compared with the same platform of the published index.
 * `baseline: <file>`: an image report is compared with every platform, a context report with
 * the context. Returns the context's baseline; the platforms' are set on each scan.
 */
async function readPlatformBaselines(inputs: Inputs, plan: RunPlan, scanner: ScannerPort, ports: PipelinePorts, scanned: ScannedPlatform[]): Promise<TrivyReport | undefined> {
  const baseline = inputs.baseline;
  if (baseline.kind === 'none') return undefined;
  if (baseline.kind === 'file') {
    const report = await readBaselineFile(baseline.path, ports);
    if (baselineScope(report) === 'filesystem') return report;
    for (const s of scanned) s.baseline = report;
    return undefined;
  }
  const reference = publishedReference(inputs, plan);
  for (const s of scanned) {
    s.baseline = await scanner.scanPublished(reference, s.platform);
    if (s.baseline === undefined) ports.log.info(`baseline: ${reference} (${s.platform}) is not published yet; nothing to compare with`);
  }
  return undefined;
}

async function judgePlatforms(inputs: Inputs, progress: Progress, filesystemBaseline: TrivyReport | undefined, scanned: readonly ScannedPlatform[], policyFile: ParsedPolicy | undefined, ports: PipelinePorts): Promise<Decision> {
  const { decision, platforms } = evaluatePlatformsEach({
    policy: policyFromInputs(inputs),
    filesystem: progress.filesystem,
    filesystemBaseline,
    platforms: scanned,
    policyFile,
    database: progress.database,
    ignoreFile: await readIgnoreFile(inputs, ports),
    now: ports.now(),
  });
  scanned.forEach((s, i) => (s.decision = platforms[i]!.decision));
  ports.log.info(`platforms: ${scanned.map((s) => s.platform).join(', ')}`);
  logDecision(decision, ports.log);
  return decision;
}

async function pushIfPassed(
  decision: Decision,
  scanned: readonly ScannedPlatform[],
  plan: RunPlan,
  ports: PipelinePorts,
  attest: PlatformsAttestStep | undefined,
): Promise<{ decision: Decision; pushed: PushedImage | undefined; attested: Attested | undefined }> {
  if (decision.verdict !== 'pass') {
    ports.log.info('not pushing: the gate did not pass');
    return { decision, pushed: undefined, attested: undefined };
  }
  if (!plan.push.enabled) {
    ports.log.info(`not pushing: ${plan.push.why}`);
    return { decision, pushed: undefined, attested: undefined };
  }
  try {
    const pushed = await pushPlatforms(scanned, plan, ports, attest);
    return { decision, pushed, attested: attest?.attested() };
  } catch (error) {
    // The gate passed but the index (or its attestations) did not arrive: that is not a pass.
    return { decision: errorDecision(toGateError(error), decision, ports.now()), pushed: undefined, attested: undefined };
  }
}

/**
 * publish every platform by digest → attest each platform → index by digest → attest the
 * index → tag. No tag exists until the index, everything it names and their attestations
 * are in the registry; an attest failure leaves the index by digest only.
 */
async function pushPlatforms(scanned: readonly ScannedPlatform[], plan: RunPlan, ports: PipelinePorts, attest: PlatformsAttestStep | undefined): Promise<PushedImage> {
  const { log, registry } = ports;
  const references: string[] = [];
  let first: { digest: string; size: number; platforms: PublishedPlatform[] } | undefined;
  // planPush checks the targets against the registry the credentials are for (the image ID is any of ours).
  const push = planPush(scanned[0]!.imageId, plan.targets, plan.registry.server);
  for (const [repository, tags] of tagsByRepository(push.targets)) {
    const where = `${push.registry}/${repository}`;
    const published = await publishPlatforms(scanned, where, repository, ports);
    const named = published.map((p) => ({ platform: formatPlatform(p.platform), digest: p.manifest.digest, imageId: p.imageId }));
    // The platforms' attachments are independent: signed and uploaded side by side.
    if (attest) await log.group(`Attest ${named.map((p) => `${where}@${p.digest} (${p.platform})`).join(', ')}`, () => Promise.all(named.map((p) => attest.platform(repository, p))));
    const index = Buffer.from(imageIndex(published.map((p) => ({ ...p.manifest, platform: p.platform }))));
    const digest = `sha256:${createHash('sha256').update(index).digest('hex')}`;
    await log.group(`Publish image index ${where}@${digest}`, () => registry.putManifest(repository, digest, index, IMAGE_INDEX_MEDIA_TYPE));
    if (attest) await log.group(`Attest image index ${where}@${digest}`, () => attest.index(repository, digest, named));
    first ??= { digest, size: index.length, platforms: published };
    references.push(...(await log.group(`Tag ${tags.map((t) => `${push.registry}/${repository}:${t}`).join(', ')}`, () => registry.tag(repository, digest, tags))));
  }
  return {
    references,
    digest: first!.digest,
    compressedSizeBytes: first!.platforms.reduce((sum, p) => sum + p.manifest.compressedSize, first!.size),
    platforms: first!.platforms.map((p) => ({ platform: formatPlatform(p.platform), imageId: p.imageId, digest: p.manifest.digest })),
  };
}

async function publishPlatforms(scanned: readonly ScannedPlatform[], where: string, repository: string, ports: PipelinePorts): Promise<PublishedPlatform[]> {
  const published: PublishedPlatform[] = [];
  for (const s of scanned) {
    const manifest = await ports.log.group(`Publish ${s.platform} image ${s.imageId} to ${where}`, () => ports.registry.publishManifest(s.imageId, repository));
    if (manifest.configDigest !== s.imageId) {
      throw new GateError('push-error', `the ${s.platform} manifest ${manifest.digest} names config ${manifest.configDigest}, not the scanned image ${s.imageId}`);
    }
    ports.log.info(`published ${where}@${manifest.digest} (${s.platform}): ${formatSize(manifest.compressedSize)} in the registry (compressed)`);
    published.push({ platform: s.requested, imageId: s.imageId, manifest });
  }
  return published;
}

function platformImages(scanned: readonly ScannedPlatform[], pushed: PushedImage | undefined): PlatformImage[] {
  return scanned.map((s) => {
    const digest = pushed?.platforms?.find((p) => p.platform === s.platform)?.digest;
    return { platform: s.platform, imageId: s.imageId, ...(digest && { digest }) };
  });
}

/**
 * `mode: summary` over an index: every platform asked for (`platforms`, or all the published
 * index offers) scanned straight from the registry (`baseline-tag`) and judged by the same
 * policy. A platform the index lacks is an error: the summary must not quietly cover less than asked.
 */
export async function runPublishedPlatformsScan(inputs: Inputs, plan: RunPlan, ports: PipelinePorts, platformNames: readonly string[] = inputs.platforms.map(formatPlatform)): Promise<RunResult> {
  const progress: Progress = {};
  let decision: Decision;
  try {
    const { policyFile, scanner } = await prepareScanning(inputs, ports, progress);
    const reference = publishedReference(inputs, plan);
    const platforms: PlatformScan[] = [];
    for (const platform of platformNames) {
      const image = await ports.log.group(`Scan published image ${reference} (${platform})`, () => scanner.scanPublished(reference, platform));
      if (image === undefined) {
        throw new GateError('image-not-found', `${reference} is not published, so there is nothing to summarise`, {
          remedy: 'Point image and baseline-tag at a published image, or run mode: gate first.',
        });
      }
      ports.log.info(`${platform}: ${describeReport(image)}`);
      platforms.push({ platform, image });
    }
    decision = evaluatePlatforms({
      policy: policyFromInputs(inputs),
      platforms,
      policyFile,
      database: progress.database,
      ignoreFile: await readIgnoreFile(inputs, ports),
      now: ports.now(),
    });
    ports.log.info(`platforms: ${platforms.map((p) => p.platform).join(', ')}`);
    logDecision(decision, ports.log);
  } catch (error) {
    decision = errorDecision(toGateError(error), {}, ports.now());
  }
  return { decision, imageId: undefined, trivyVersion: progress.trivyVersion, pushed: undefined, reports: { filesystem: undefined, image: undefined }, database: progress.database };
}
