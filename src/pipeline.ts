import { GateError, toGateError } from './domain/gate-error.js';
import type { ImageFacts } from './domain/image-facts.js';
import { errorDecision, type Decision } from './domain/policy/decision.js';
import { evaluateGate, type GateInput } from './domain/policy/evaluate-gate.js';
import { parsePolicyFile } from './domain/policy/policy-file.js';
import type { ParsedPolicy } from './domain/policy/policy-exception.js';
import { parseTrivyReport, type TrivyReport } from './domain/trivy-report.js';
import { parseIgnoreFile } from './domain/trivy-ignore-file.js';
import { planPush, type PushTarget } from './domain/push-plan.js';
import { formatReference } from './domain/reference.js';
import { reportCves } from './domain/exploits/enrich.js';
import { EXPLOIT_SOURCE_LABEL, type ExploitData, type ExploitSourceName } from './domain/exploits/exploit-data.js';
import { buildOpenVex, type OpenVexDocument, type VexProduct } from './domain/vex/openvex.js';
import { ACTION_VERSION } from './version.js';
import { sanitiseTag } from './domain/tags.js';
import { attestBeforeTags, openAttestSession, type Attested, type AttestPort, type AttestSession } from './attest-phase.js';
import type { Inputs } from './inputs.js';
import { policyFromInputs, type RunPlan } from './plan.js';
import { HeldLog } from './held-log.js';

/**
 * The pipeline's view of the outside world. main.ts wires the real adapters (Trivy,
 * dockerode, the registry); tests can wire real or in-memory parts.
 */
export interface PipelinePorts {
  installTrivy(): Promise<{ path: string; version: string }>;
  openScanner(trivyPath: string): ScannerPort;
  engine: EnginePort;
  registry: RegistryPort;
  /** Signing and attaching the SBOM and attestations; undefined = never attest (e.g. benchmarks). */
  attest?: AttestPort;
  /**
   * Resolves every file an input names before anything reads it: a link out of where the file
   * belongs is an input-error (the pull request controls these files).
   */
  checkInputFiles(): Promise<void>;
  /** Deletes Trivy's raw JSON reports (they quote secrets in clear text); main calls it when the run is over. */
  removeRawReports?(): Promise<void>;
  /** undefined when the file does not exist; any other read failure (or a link out of the workspace) throws. */
  readOptionalFile(path: string, input: 'policy-file' | 'baseline' | 'ignore-file'): Promise<string | undefined>;
  now(): Date;
  log: PipelineLog;
  /** KEV and EPSS feeds; absent = the run has none (in-memory pipelines). */
  exploitData?: ExploitDataPort;
  /** Writes the OpenVEX document and returns its path; absent = not written. */
  saveVexDocument?(document: OpenVexDocument): Promise<string>;
  /**
   * The manifest or index a published tag names (`mode: summary` learns its platforms from
   * it); undefined when the tag does not exist. Absent = the published image is scanned as one.
   */
  readPublishedManifest?(reference: { registry: string; repository: string; tag: string }): Promise<{ mediaType: string; bytes: Buffer } | undefined>;
}

export interface ExploitDataPort {
  /**
   * Today's KEV and EPSS rows about `cves` (canonical CVE IDs). Never rejects: a feed that
   * cannot be had comes back `missing` with its classified cause.
   */
  load(cves: ReadonlySet<string>): Promise<ExploitData>;
}

/** The vulnerability DB the scans use: its UpdatedAt (metadata.json); undefined when unknown. */
export interface DatabaseInfo {
  updatedAt: string | undefined;
}

export interface ScannerPort {
  /**
   * Once per job (later calls share the first): DB from cache or registry, then saved. Returns
   * the DB's date, or nothing when it cannot be seen (client/server mode).
   */
  prepareDatabase(): Promise<DatabaseInfo | undefined | void>;
  /** Aborting `signal` stops the scan (the run already failed elsewhere); `log` gets its lines (default: the scanner's). */
  scanFilesystem(dir: string, signal?: AbortSignal, log?: LineLog): Promise<TrivyReport>;
  /**
   * Scans the built image and proves the report is about `id`: from `archive` (the verified
   * export the push will upload) when given, else through the local engine by `ref`.
   * Aborting `signal` stops it; `log` gets its lines (default: the scanner's).
   */
  scanImage(image: { ref: string; id: string; archive?: string }, signal?: AbortSignal, log?: LineLog): Promise<TrivyReport>;
  /**
   * Scans a published image straight from its registry; undefined when the tag does not exist.
   * `platform` picks one image of a published index (`linux/arm64`).
   */
  scanPublished(reference: string, platform?: string): Promise<TrivyReport | undefined>;
}

export interface BuildRequest {
  contextDir: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  buildSecrets: { id: string; value: string }[];
  target: string | undefined;
  labels: Record<string, string>;
  noCache: boolean;
  network: Inputs['network'];
  /** Images to import BuildKit cache from, and whether to write inline cache (RunPlan.caches.build). */
  cache?: { from: string[]; inline: boolean } | undefined;
  /** `linux/arm64`: a build for that platform; undefined = the engine's own platform. */
  platform?: string;
  /** Aborts the build (the run failed elsewhere while it was going). */
  signal?: AbortSignal;
}

export interface EnginePort {
  /** Builds and returns the image ID and a local reference Trivy can scan it by. */
  build(request: BuildRequest, log: LineLog): Promise<{ imageId: string; scanReference: string }>;
  inspect(imageId: string): Promise<ImageFacts>;
}

/** A blob or manifest as the registry addresses it (an OCI descriptor). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface PublishedManifest extends Descriptor {
  /** The manifest's config.digest: the scanned image ID. */
  configDigest: string;
  /** Config plus layers as the registry stores them (gzipped): what a pull downloads. */
  compressedSize: number;
}

/**
 * The registry the image is pushed to: one registry, the one the credentials are for
 * (`plan.registry`); `repository` is the path on it (`acme/app`). Pushing is split so that
 * no target tag exists until everything it will name is in place: `publishManifest` pushes
 * the scanned image by digest only; later phases may add blobs and manifests that refer to
 * it (attestations, an index over platforms); `tag` comes last.
 */
export interface RegistryPort {
  /**
   * Reads the image from the engine by ID, proves its config hashes to `imageId`, uploads
   * what the registry lacks and PUTs the manifest by digest. Creates no tag. `knownFrom`:
   * tags in `repository` whose images may share layers with this one (the target tags),
   * so that layers already there are not compressed and uploaded again.
   */
  publishManifest(imageId: string, repository: string, knownFrom?: readonly string[]): Promise<PublishedManifest>;
  /**
   * Starts the work of a later publishManifest to `repository` while the scans run: what the
   * repository already holds, and (unless it holds the whole image) reading `imageId` out of
   * the engine. Nothing is uploaded. Resolves with the verified export archive when one is
   * written (the image scan reads it: the bytes that will be pushed), else undefined; never
   * rejects (publishManifest reports the failure). release() removes what it kept.
   */
  prepare?(imageId: string, repository: string, knownFrom: readonly string[]): Promise<string | undefined>;
  release?(): Promise<void>;
  /** Uploads one blob (skipped when the registry has it). */
  putBlob(repository: string, bytes: Buffer, mediaType: string): Promise<Descriptor>;
  /** PUTs a manifest or index under `reference` (a digest, or a tag that is not a target). */
  putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<Descriptor>;
  /**
   * Points each tag at the manifest `digest` by PUTting its exact bytes, checking the
   * digest the registry reports; resolves with the full references, in order.
   */
  tag(repository: string, digest: string, tags: readonly string[]): Promise<string[]>;
}

export interface LineLog {
  info(line: string): void;
  warning(line: string): void;
}

export interface PipelineLog extends LineLog {
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export interface RunResult {
  decision: Decision;
  imageId: string | undefined;
  trivyVersion: string | undefined;
  pushed: PushedImage | undefined;
  reports: { filesystem: TrivyReport | undefined; image: TrivyReport | undefined };
  /** The OpenVEX document of the policy file's exceptions, and where it was written. */
  vex?: { document: OpenVexDocument; path: string | undefined } | undefined;
  /** The SBOM and attestations attached to the pushed digest; undefined when none were. */
  attested?: Attested | undefined;
  /** The vulnerability DB the scans used, when one was prepared and its date is known. */
  database?: DatabaseInfo | undefined;
  /** With several platforms: each platform's scanned image (and its manifest, once pushed). */
  platforms?: PlatformImage[];
}

export interface PlatformImage {
  /** `linux/arm64` */
  platform: string;
  imageId: string;
  /** The platform's manifest digest in the registry, once published. */
  digest?: string;
}

export interface PushedImage {
  references: string[];
  /** The manifest digest; with several platforms, the image index's. */
  digest: string;
  /** What the registry stores for the image (config + gzipped layers); ImageFacts.sizeBytes is the uncompressed size. */
  compressedSizeBytes: number;
  /** With several platforms: each platform's manifest the index names. */
  platforms?: PlatformImage[];
}

/** What is known so far; an error keeps it so the reports still show what was learnt. */
export interface Progress {
  trivyVersion?: string;
  trivyPath?: string;
  database?: DatabaseInfo;
  imageId?: string;
  filesystem?: TrivyReport;
  image?: TrivyReport;
  facts?: ImageFacts;
}

async function readPolicy(inputs: Inputs, ports: PipelinePorts): Promise<ParsedPolicy | undefined> {
  const text = await ports.readOptionalFile(inputs.policyFile, 'policy-file');
  return text === undefined ? undefined : parsePolicyFile(text, inputs.policyFile);
}

/** `baseline: <file>`: the Trivy JSON report it names, which must exist. */
export async function readBaselineFile(path: string, ports: Pick<PipelinePorts, 'readOptionalFile'>): Promise<TrivyReport> {
  const text = await ports.readOptionalFile(path, 'baseline');
  if (text === undefined) {
    throw new GateError('input-error', `input 'baseline': the report ${path} does not exist`, {
      remedy: 'for example: baseline: reports/previous.json (a Trivy JSON report), or baseline: registry',
    });
  }
  return parseTrivyReport(text, path);
}

async function readBaseline(inputs: Inputs, plan: RunPlan, scanner: ScannerPort, ports: PipelinePorts): Promise<TrivyReport | undefined> {
  const baseline = inputs.baseline;
  if (baseline.kind === 'none') return undefined;
  if (baseline.kind === 'file') return readBaselineFile(baseline.path, ports);
  const reference = publishedReference(inputs, plan);
  const report = await scanner.scanPublished(reference);
  if (report === undefined) ports.log.info(`baseline: ${reference} is not published yet; nothing to compare with`);
  return report;
}

/**
 * What every mode does first: the policy file (a bad one fails before any work), Trivy, its DB.
 * Only the vulnerability scanner reads the DB: secret, misconfig and license scans run without
 * one, so an offline runner that does not scan for vulnerabilities never needs to download it.
 */
export async function prepareScanning(inputs: Inputs, ports: PipelinePorts, progress: Progress): Promise<{ policyFile: ParsedPolicy | undefined; scanner: ScannerPort }> {
  const policyFile = await readInputFiles(inputs, ports);
  return { policyFile, scanner: await prepareScanner(inputs, ports, progress) };
}

/** The input files checked and the policy file read: before anything is installed or built. */
export async function readInputFiles(inputs: Inputs, ports: PipelinePorts): Promise<ParsedPolicy | undefined> {
  await ports.checkInputFiles();
  return readPolicy(inputs, ports);
}

/** Trivy installed (verified) and its vulnerability DB ready. */
export async function prepareScanner(inputs: Inputs, ports: PipelinePorts, progress: Progress): Promise<ScannerPort> {
  const trivy = await ports.log.group('Install Trivy', () => ports.installTrivy());
  progress.trivyVersion = trivy.version;
  progress.trivyPath = trivy.path;
  const scanner = ports.openScanner(trivy.path);
  if (inputs.scanners.includes('vuln')) {
    const database = await ports.log.group('Trivy vulnerability database', () => scanner.prepareDatabase());
    if (database) progress.database = database;
  } else {
    ports.log.info(`Trivy DB: not needed, the vulnerability scanner is not among the scanners (${inputs.scanners.join(', ')})`);
  }
  return scanner;
}

/**
 * KEV and EPSS rows about the CVEs the scans found. A feed that is missing is a warning and the
 * decision says it was made without it; with `exploit-data: required` it is an error.
 */
async function loadExploitData(inputs: Inputs, ports: PipelinePorts, reports: (TrivyReport | undefined)[]): Promise<ExploitData | undefined> {
  const feeds = ports.exploitData;
  if (feeds === undefined || inputs.exploitData === 'off') return undefined;
  return ports.log.group('Exploit data (CISA KEV, FIRST EPSS)', async () => {
    const data = await feeds.load(reportCves(reports));
    const missing: string[] = [];
    for (const name of ['kev', 'epss'] as ExploitSourceName[]) {
      const source = data[name];
      const label = EXPLOIT_SOURCE_LABEL[name];
      if (source.status === 'loaded') {
        ports.log.info(`${label} of ${source.date ?? 'unknown date'} (${source.rows} rows${source.fromCache ? ', from the cache' : ''}): ${source.entries.size} of this run's CVEs listed`);
      } else if (source.status === 'missing') {
        missing.push(`${label}: ${source.cause}`);
        if (inputs.exploitData !== 'required') ports.log.warning(`${label} unavailable; the decision is made without it: ${source.cause}`);
      }
    }
    if (inputs.exploitData === 'required' && missing.length > 0) {
      throw new GateError('exploit-data', `exploit data is required and could not be loaded: ${missing.join('; ')}`, {
        remedy: 'Fix the source named above, give local copies (kev-file, epss-file), or set exploit-data: optional.',
        details: missing,
      });
    }
    return data;
  });
}

/**
 * VEX out: the policy file's active exceptions as OpenVEX about the image (by digest when it
 * was pushed, else by the scanned image ID). Never changes the verdict.
 */
export async function writeVexDocument(
  decision: Decision,
  product: VexProduct,
  author: string,
  ports: Pick<PipelinePorts, 'log' | 'saveVexDocument'>,
): Promise<RunResult['vex']> {
  if (decision.verdict === 'error' || ports.saveVexDocument === undefined) return undefined;
  const { document, omitted } = buildOpenVex({ decision, product, author, tooling: `container-security-gate ${ACTION_VERSION}` });
  for (const { exception, why } of omitted) ports.log.warning(`VEX: exception ${exception.id} (line ${exception.line}) is not in the VEX document: ${why}`);
  if (document === undefined) return undefined;
  try {
    const path = await ports.saveVexDocument(document);
    ports.log.info(`VEX: ${document.statements.length} statement(s) written to ${path}`);
    return { document, path };
  } catch (error) {
    ports.log.warning(`VEX document was not written: ${error instanceof Error ? error.message : String(error)}`);
    return { document, path: undefined };
  }
}

/** The ignore file's entries, for the warning about entries that never expire; none when there is no file. */
export async function readIgnoreFile(inputs: Inputs, ports: PipelinePorts): Promise<GateInput['ignoreFile']> {
  if (!inputs.ignoreFile) return undefined;
  const text = await ports.readOptionalFile(inputs.ignoreFile, 'ignore-file');
  return text === undefined ? undefined : { path: inputs.ignoreFile, entries: parseIgnoreFile(text, inputs.ignoreFile) };
}

/** Warnings go to the log as they are decided, not only to the summary. */
export function logDecision(decision: Decision, log: PipelineLog): void {
  log.info(`decision: ${decision.summary}`);
  for (const reason of decision.reasons) if (reason.level === 'warn') log.warning(reason.message);
}

export function publishedReference(inputs: Inputs, plan: RunPlan): string {
  return formatReference({ registry: plan.image.registry, repository: plan.image.repository, tag: sanitiseTag(inputs.baselineTag, 'baseline-tag') });
}

/** Runs a promise now but keeps its rejection from going unhandled until it is awaited. */
export function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The build as the inputs and plan ask for it; `platform` for one image of a multi-platform run. */
export function buildRequestFor(inputs: Inputs, plan: RunPlan, platform?: string): BuildRequest {
  return {
    contextDir: plan.contextDir,
    dockerfile: plan.dockerfile,
    buildArgs: inputs.buildArgs,
    buildSecrets: inputs.buildSecrets,
    target: inputs.target,
    labels: plan.labels,
    noCache: inputs.noCache,
    network: inputs.network,
    cache: plan.caches.build,
    ...(platform !== undefined && { platform }),
  };
}

/** A scan started before its group opens: its lines are held until then (scans overlap each other and the build). */
export interface StartedScan {
  report: Promise<TrivyReport>;
  log: HeldLog;
}

export function startScan(scan: (log: LineLog) => Promise<TrivyReport>): StartedScan {
  const log = new HeldLog();
  return { report: started(scan(log)), log };
}

/** The context scan started beside the build, awaited and described. */
export function finishContextScan(contextScan: StartedScan, plan: RunPlan, log: PipelineLog): Promise<TrivyReport> {
  return log.group('Scan build context', async () => {
    contextScan.log.release(log);
    const report = await contextScan.report;
    log.info(`context ${plan.contextDir}: ${describeReport(report)}`);
    return report;
  });
}

/**
 * The image scan started as soon as the build ends (beside the rest of the context scan), awaited
 * and described; `platform` names the image of a multi-platform run.
 */
export function finishImageScan(imageScan: StartedScan, built: { imageId: string }, log: PipelineLog, platform?: string): Promise<TrivyReport> {
  return log.group(`Scan image ${built.imageId}${platform ? ` (${platform})` : ''}`, async () => {
    imageScan.log.release(log);
    const report = await imageScan.report;
    log.info(`${platform ? `${platform} ` : ''}image ${built.imageId}: ${describeReport(report)}`);
    return report;
  });
}

/** Every scan, the baseline, the exploit data and the policy file, judged into one decision. */
async function decide(
  inputs: Inputs,
  plan: RunPlan,
  ports: PipelinePorts,
  scanner: ScannerPort,
  policyFile: ParsedPolicy | undefined,
  progress: Progress,
): Promise<Decision> {
  const baseline = await ports.log.group('Baseline', () => readBaseline(inputs, plan, scanner, ports));
  const exploitData = await loadExploitData(inputs, ports, [progress.filesystem, progress.image]);
  const decision = evaluateGate({
    policy: policyFromInputs(inputs),
    filesystem: progress.filesystem,
    image: progress.image,
    imageFacts: progress.facts,
    baseline,
    policyFile,
    exploitData,
    database: progress.database,
    ignoreFile: await readIgnoreFile(inputs, ports),
    now: ports.now(),
  });
  logDecision(decision, ports.log);
  return decision;
}

/**
 * Push (by digest, attestations, then tags) only a pass, only when the plan pushes. A pass whose
 * image did not arrive is not a pass: the decision becomes the push's error.
 */
async function pushIfPassed(
  decision: Decision,
  image: { id: string; facts: ImageFacts },
  inputs: Inputs,
  plan: RunPlan,
  ports: PipelinePorts,
  progress: Progress,
  attestSession: AttestSession | undefined,
): Promise<{ decision: Decision; pushed?: PushedImage; attested?: Attested }> {
  if (decision.verdict !== 'pass') {
    ports.log.info('not pushing: the gate did not pass');
    return { decision };
  }
  if (!plan.push.enabled) {
    ports.log.info(`not pushing: ${plan.push.why}`);
    return { decision };
  }
  try {
    const attest = attestSession && attestStep(attestSession, inputs, plan, ports, decision, progress, image.id);
    const pushed = await pushImage(image.id, plan, ports, image.facts, attest?.beforeTag);
    const attested = attest?.attested();
    return { decision, pushed, ...(attested && { attested }) };
  } catch (error) {
    return { decision: errorDecision(toGateError(error), decision, ports.now()) };
  }
}

/**
 * install → context scan ∥ (build → image scan) → decide → push (by digest, attest, tag) → VEX.
 * Push happens only for a `pass` decision about the exact image ID that was scanned; every
 * failure is an `error`.
 */
export async function runGate(inputs: Inputs, plan: RunPlan, ports: PipelinePorts): Promise<RunResult> {
  const { log } = ports;
  const progress: Progress = {};
  let outcome: { decision: Decision; pushed?: PushedImage; attested?: Attested };
  let vex: RunResult['vex'];
  // A failed install, build or scan must not leave the build or a scan running (and the step waiting for it).
  const stopWork = new AbortController();
  try {
    // A signing key that cannot be read fails the run before anything is built.
    const attestSession = plan.push.enabled ? openAttestSession(inputs, ports.attest) : undefined;
    const policyFile = await readInputFiles(inputs, ports);
    const scanning = started(prepareScanner(inputs, ports, progress));
    const build = startBuild(inputs, plan, ports, stopWork.signal);
    const scanner = await scanning;
    // The context scan needs nothing from the build, so it runs while the image builds.
    const contextScan = startScan((lines) => scanner.scanFilesystem(plan.contextDir, stopWork.signal, lines));
    const built = await log.group(`Build ${plan.image.name}`, () => (build.log.release(log), build.built));
    progress.imageId = built.imageId;
    // The image scan reads the image by its ID, not the context: it need not wait for the context scan.
    const imageScan = startScan((lines) => scanBuiltImage(scanner, built, build.pushExport, stopWork.signal, lines));
    progress.filesystem = await finishContextScan(contextScan, plan, log);
    progress.image = await finishImageScan(imageScan, built, log);
    const facts = (progress.facts = await ports.engine.inspect(built.imageId));
    const decision = await decide(inputs, plan, ports, scanner, policyFile, progress);
    outcome = await pushIfPassed(decision, { id: built.imageId, facts }, inputs, plan, ports, progress, attestSession);
    vex = await writeVexDocument(
      outcome.decision,
      outcome.pushed
        ? { kind: 'pushed', registry: plan.image.registry, repository: plan.image.repository, digest: outcome.pushed.digest }
        : { kind: 'built', imageId: built.imageId },
      `container-security-gate policy file ${inputs.policyFile}`,
      ports,
    );
  } catch (error) {
    outcome = { decision: errorDecision(toGateError(error), {}, ports.now()) };
  } finally {
    stopWork.abort();
    await ports.registry.release?.();
  }
  return {
    decision: outcome.decision,
    imageId: progress.imageId,
    trivyVersion: progress.trivyVersion,
    pushed: outcome.pushed,
    reports: { filesystem: progress.filesystem, image: progress.image },
    vex,
    attested: outcome.attested,
    database: progress.database,
  };
}

/** The attest step for a passed gate: its SBOM starts now, its attachments run before the tags. */
function attestStep(session: AttestSession, inputs: Inputs, plan: RunPlan, ports: PipelinePorts, decision: Decision, progress: Progress, imageId: string) {
  return attestBeforeTags({
    session,
    port: ports.attest!,
    inputs,
    decision,
    report: progress.image!,
    trivy: { path: progress.trivyPath!, version: progress.trivyVersion! },
    imageId,
    registry: plan.registry.server,
    now: () => ports.now(),
  });
}

/**
 * publish by digest → attest (SBOM and attestations, when on) → tag. The target tags are created last, from
 * the manifest the registry already holds by digest, so none of them ever names anything
 * but the scanned image; a failure before `tag` leaves them as they were.
 */
async function pushImage(
  imageId: string,
  plan: RunPlan,
  ports: PipelinePorts,
  facts: ImageFacts,
  beforeTag?: (repository: string, digest: string) => Promise<void>,
): Promise<PushedImage> {
  const { log, registry } = ports;
  const push = planPush(imageId, plan.targets, plan.registry.server);
  const references: string[] = [];
  let published: PublishedManifest | undefined;
  for (const [repository, tags] of tagsByRepository(push.targets)) {
    const manifest = await log.group(`Publish ${imageId} to ${push.registry}/${repository}`, () => registry.publishManifest(imageId, repository, tags));
    log.info(`published ${push.registry}/${repository}@${manifest.digest}: ${formatSize(manifest.compressedSize)} in the registry (compressed), ${formatSize(facts.sizeBytes)} uncompressed`);
    published ??= manifest;
    if (beforeTag) await log.group(`Attest ${push.registry}/${repository}@${manifest.digest}`, () => beforeTag(repository, manifest.digest));
    references.push(...(await log.group(`Tag ${tags.map((t) => `${push.registry}/${repository}:${t}`).join(', ')}`, () => registry.tag(repository, manifest.digest, tags))));
  }
  return { references, digest: published!.digest, compressedSizeBytes: published!.compressedSize };
}

interface StartedBuild {
  /** The build's lines, held until its group opens. */
  log: HeldLog;
  built: Promise<{ imageId: string; scanReference: string }>;
  /** A push's export of the built image (see scanBuiltImage); undefined without a push. */
  pushExport: Promise<string | undefined> | undefined;
}

/**
 * The build needs nothing from Trivy, so it starts while Trivy is verified and its DB fetched,
 * and a push's export starts the moment the image is built. Nothing leaves before a pass; a
 * failed install aborts the build (`signal`), and release() settles the export.
 */
function startBuild(inputs: Inputs, plan: RunPlan, ports: PipelinePorts, signal: AbortSignal): StartedBuild {
  const log = new HeldLog();
  const built = started(ports.engine.build({ ...buildRequestFor(inputs, plan), signal }, log));
  const pushExport = plan.push.enabled ? started(built.then((image) => preparePush(image.imageId, plan, ports))) : undefined;
  return { log, built, pushExport };
}

/** The first repository's publish, started early (pushImage goes through the repositories in the same order). */
function preparePush(imageId: string, plan: RunPlan, ports: PipelinePorts): Promise<string | undefined> | undefined {
  const first = [...tagsByRepository(planPush(imageId, plan.targets, plan.registry.server).targets)][0];
  return first ? ports.registry.prepare?.(imageId, first[0], first[1]) : undefined;
}

/**
 * When the push writes out an export of the image, Trivy scans that file: the engine is read
 * once instead of twice at the same time, and the bytes analysed are the bytes uploaded.
 * Otherwise (no push, or the registry already holds every layer) Trivy reads the engine.
 */
async function scanBuiltImage(
  scanner: ScannerPort,
  built: { imageId: string; scanReference: string },
  pushExport: Promise<string | undefined> | undefined,
  signal: AbortSignal,
  log: LineLog,
): Promise<TrivyReport> {
  const archive = await pushExport;
  return scanner.scanImage({ ref: built.scanReference, id: built.imageId, ...(archive !== undefined && { archive }) }, signal, log);
}

export function tagsByRepository(targets: readonly PushTarget[]): Map<string, string[]> {
  const byRepository = new Map<string, string[]>();
  for (const target of targets) byRepository.set(target.repository, [...(byRepository.get(target.repository) ?? []), target.tag]);
  return byRepository;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function describeReport(report: TrivyReport): string {
  let vulnerabilities = 0;
  let secrets = 0;
  let misconfigurations = 0;
  let licenses = 0;
  let suppressed = 0;
  for (const result of report.Results ?? []) {
    vulnerabilities += result.Vulnerabilities?.length ?? 0;
    secrets += result.Secrets?.length ?? 0;
    misconfigurations += result.Misconfigurations?.filter((m) => m.Status === 'FAIL').length ?? 0;
    licenses += result.Licenses?.length ?? 0;
    suppressed += result.ExperimentalModifiedFindings?.length ?? 0;
  }
  return (
    `${vulnerabilities} vulnerabilities, ${secrets} secrets, ${misconfigurations} failed misconfiguration checks, ${licenses} licenses` +
    `${suppressed > 0 ? `; ${suppressed} suppressed by an ignore file or VEX` : ''}`
  );
}

/**
 * `mode: summary` (scheduled workflows): nothing is built or pushed; the published image
 * (`baseline-tag`, default latest) is scanned straight from the registry and judged by the
 * same policy, so the weekly summary and the verdict reflect what users actually pull.
 */
export async function runPublishedScan(inputs: Inputs, plan: RunPlan, ports: PipelinePorts): Promise<RunResult> {
  const { log } = ports;
  const progress: Progress = {};
  let decision: Decision;
  try {
    const { policyFile, scanner } = await prepareScanning(inputs, ports, progress);
    const reference = publishedReference(inputs, plan);
    const report = await log.group(`Scan published image ${reference}`, () => scanner.scanPublished(reference));
    if (report === undefined) {
      throw new GateError('image-not-found', `${reference} is not published, so there is nothing to summarise`, {
        remedy: 'Point image and baseline-tag at a published image, or run mode: gate first.',
      });
    }
    progress.image = report;
    const exploitData = await loadExploitData(inputs, ports, [report]);
    decision = evaluateGate({
      policy: policyFromInputs(inputs),
      image: report,
      policyFile,
      exploitData,
      database: progress.database,
      ignoreFile: await readIgnoreFile(inputs, ports),
      now: ports.now(),
    });
    logDecision(decision, log);
  } catch (error) {
    decision = errorDecision(toGateError(error), {}, ports.now());
  }
  return {
    decision,
    imageId: undefined,
    trivyVersion: progress.trivyVersion,
    pushed: undefined,
    reports: { filesystem: undefined, image: progress.image },
    database: progress.database,
  };
}
