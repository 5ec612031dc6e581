import { z } from 'zod';
import type { BuildNetwork, BuildSecret } from './domain/build-settings.js';
import { GateError } from './domain/gate-error.js';
import { urlCredentials } from './domain/text-safety.js';
import type { RuleMode } from './domain/policy/gate-policy.js';
import type { DbAgeLimit } from './input-values.js';
import type { Baseline, Scanner } from './domain/scan-settings.js';
import { parsePlatforms, type Platform } from './domain/platforms/platform.js';
import { DEFAULT_TRIVY_VERSION } from './domain/trivy-release.js';
import { INPUT_NAMES, type InputName } from './input-names.js';
import { RANKED_SEVERITIES, type RankedSeverity, type Severity } from './domain/severity.js';
import {
  inputError,
  parseBaseline,
  parseBoolean,
  parseBuildSecrets,
  parseDbAge,
  parseDuration,
  parseEnum,
  parseKeyValues,
  parseScanners,
  parseSeverities,
  parseSize,
  parseUrl,
  splitList,
} from './input-values.js';

// Re-exported so callers keep one import for everything about inputs; the types live where they are used.
export { DEFAULT_TRIVY_VERSION, INPUT_NAMES, type InputName, urlCredentials };
export type { Baseline, BuildNetwork, BuildSecret, RuleMode, Scanner };



export type PushMode = 'auto' | 'true' | 'false';

export interface Inputs {
  mode: 'gate' | 'summary';
  image: string;
  tags: string[];
  context: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  buildSecrets: BuildSecret[];
  target: string | undefined;
  labels: Record<string, string>;
  noCache: boolean;
  /** Image references to reuse build cache from; undefined: the published baseline-tag; [] : none. */
  cacheFrom: string[] | undefined;
  cacheTo: 'inline' | 'none';
  network: BuildNetwork;
  /** Empty: one build for the engine's own platform. */
  platforms: Platform[];
  push: PushMode;
  registryUsername: string;
  registryPassword: string;
  failOn: Severity[];
  issueOn: Severity[];
  /** UNKNOWN findings are gated as this severity; never silently dropped. */
  unknownSeverity: RankedSeverity;
  ignoreUnfixed: boolean;
  scanners: Scanner[];
  trivyVersion: string;
  trivyPath: string | undefined;
  trivyDownloadUrl: string;
  dbRepository: string[];
  /** Trivy's cache directory (DB, checks); kept between runs through the cache service. */
  trivyCacheDir: string;
  /** Image scans keep Trivy's per-layer analysis in trivyCacheDir between runs. */
  trivyLayerCache: boolean;
  /** Use the DB already in trivyCacheDir (air-gapped runners); never download. */
  skipDbUpdate: boolean;
  /** The oldest vulnerability DB accepted, and whether an older one warns or fails; undefined = no check. */
  maxDbAge: DbAgeLimit | undefined;
  timeoutSeconds: number;
  trivyServer: string | undefined;
  /** Trivy's --token for the server (given through TRIVY_TOKEN, masked). */
  trivyServerToken: string;
  policyFile: string;
  ignoreFile: string | undefined;
  baseline: Baseline;
  baselineTag: string;
  blockOnIncrease: boolean;
  /** Severities the baseline comparison counts; undefined = the issue-on severities. */
  compareOn: Severity[] | undefined;
  requireNonRoot: RuleMode;
  requireHealthcheck: RuleMode;
  maxImageSizeBytes: number | undefined;
  configSecrets: RuleMode;
  githubToken: string;
  issueLabel: string;
  createIssue: boolean;
  prComment: boolean;
  sarifFile: string;
  /** Write report.html next to the SARIF file. */
  htmlReport: boolean;
  auditLog: string | undefined;
  /** A vulnerability in CISA's KEV catalog blocks whatever its severity. */
  failOnKev: boolean;
  /** EPSS score (0–1) at or above which a vulnerability blocks; undefined = off. */
  epssThreshold: number | undefined;
  /** Missing KEV/EPSS data: a warning (`optional`), an error (`required`), or not loaded (`off`). */
  exploitData: 'optional' | 'required' | 'off';
  kevUrl: string;
  epssUrl: string;
  kevFile: string | undefined;
  epssFile: string | undefined;
  /** VEX sources for Trivy's --vex: files (OpenVEX, CSAF), or `repo` / `oci`. */
  vex: string[];
  /** Keep Trivy's raw JSON reports under RUNNER_TEMP after the run (they hold cleartext secrets). */
  keepReports: boolean;
  /** `auto`: keyless when the job can get an OIDC token (id-token: write), otherwise none. */
  attest: AttestMode;
  /** PEM text of the signing key for `attest: key` (masked line by line). */
  attestKey: string;
  attestKeyPassword: string;
}

export type AttestMode = 'auto' | 'keyless' | 'key' | 'off';

/** The runner environment the defaults come from (GITHUB_* variables). */
export interface RunnerEnvironment {
  repository: string | undefined;
  actor: string | undefined;
  runnerTemp: string;
  env: Record<string, string | undefined>;
}

export const DEFAULT_DB_REPOSITORIES = [
  'mirror.gcr.io/aquasec/trivy-db:2',
  'ghcr.io/aquasecurity/trivy-db:2',
  'public.ecr.aws/aquasecurity/trivy-db:2',
];

export type InputReader = (name: InputName) => string;

const VERSION = z.string().regex(/^v?\d+\.\d+\.\d+$/);

/**
 * One input as a zod field: the raw string from core.getInput in, a typed value out. A parser's
 * GateError becomes a zod issue on that input, so every problem is reported against its name.
 */
function field<T>(parse: (raw: string) => T) {
  return z.string().transform((raw, ctx): T => {
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof GateError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, params: { remedy: error.remedy } });
      return z.NEVER;
    }
  });
}

function oneOf<T extends string>(name: InputName, allowed: readonly T[], fallback: T, example?: T) {
  return field((raw) => parseEnum(name, raw, allowed, fallback, example));
}

function bool(name: InputName, fallback: boolean) {
  return field((raw) => parseBoolean(name, raw, fallback));
}

const text = (fallback: string) => field((raw) => raw.trim() || fallback);
const optionalText = field((raw) => raw.trim() || undefined);
const RULE_MODES = ['fail', 'warn', 'off'] as const;

export const DEFAULT_KEV_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
export const DEFAULT_EPSS_URL = 'https://epss.cyentia.com/epss_scores-current.csv.gz';

/** `0.5`, `50%` or empty (off): the EPSS score at or above which a vulnerability blocks. */
function parseEpssThreshold(raw: string): number | undefined {
  const value = raw.trim();
  if (value === '' || value.toLowerCase() === 'off') return undefined;
  const percent = value.endsWith('%');
  const n = Number(percent ? value.slice(0, -1) : value);
  const score = percent ? n / 100 : n;
  if (!Number.isFinite(n) || value === '%' || score < 0 || score > 1) {
    throw inputError('epss-threshold', `'${value}' is not an EPSS score from 0 to 1 (or a percentage)`, '0.5');
  }
  return score;
}

/** The schema of every input, keyed by the names action.yml declares; defaults that depend on the runner come from `runner`. */
export function inputsSchema(runner: RunnerEnvironment) {
  return z
    .object({
      mode: oneOf('mode', ['gate', 'summary'] as const, 'gate'),
      image: field((raw) => {
        const image = raw.trim() || (runner.repository ? `ghcr.io/${runner.repository}` : '');
        if (!image) throw inputError('image', 'no image name given and GITHUB_REPOSITORY is not set', 'ghcr.io/acme/app');
        return image;
      }),
      tags: field((raw) => splitList(raw)),
      context: text('.'),
      dockerfile: text('Dockerfile'),
      'build-args': field((raw) => parseKeyValues('build-args', raw, 'NODE_VERSION=20')),
      'build-secrets': field((raw) => parseBuildSecrets(raw, runner.env)),
      target: optionalText,
      labels: field((raw) => parseKeyValues('labels', raw, 'org.opencontainers.image.vendor=Acme')),
      'no-cache': bool('no-cache', false),
      'cache-from': field((raw) => (raw.trim() === '' ? undefined : raw.trim().toLowerCase() === 'none' ? [] : splitList(raw))),
      'cache-to': oneOf('cache-to', ['inline', 'none'] as const, 'inline'),
      network: oneOf('network', ['default', 'none', 'host'] as const, 'default', 'none'),
      platforms: field((raw) => parsePlatforms(splitList(raw))),
      push: oneOf('push', ['auto', 'true', 'false'] as const, 'auto'),
      'registry-username': field((raw) => raw.trim() || runner.actor || ''),
      'registry-password': z.string(),
      'fail-on': field((raw) => parseSeverities('fail-on', raw, 'CRITICAL,HIGH')),
      'issue-on': field((raw) => parseSeverities('issue-on', raw, 'MEDIUM')),
      'unknown-severity': field((raw) => parseEnum('unknown-severity', raw.toUpperCase(), RANKED_SEVERITIES, 'HIGH')),
      'ignore-unfixed': bool('ignore-unfixed', false),
      scanners: field(parseScanners),
      'trivy-version': field((raw) => {
        const version = raw.trim() || DEFAULT_TRIVY_VERSION;
        if (!VERSION.safeParse(version).success) throw inputError('trivy-version', `'${version}' is not a version`, DEFAULT_TRIVY_VERSION);
        return version.replace(/^v/, '');
      }),
      'trivy-path': optionalText,
      'trivy-download-url': field(
        (raw) =>
          parseUrl('trivy-download-url', raw, /^(https?|file):\/\//, 'https://mirror.example.com/trivy/releases/download') ??
          'https://github.com/aquasecurity/trivy/releases/download',
      ),
      'db-repository': field((raw) => (splitList(raw).length > 0 ? splitList(raw) : DEFAULT_DB_REPOSITORIES)),
      'trivy-cache-dir': text(`${runner.runnerTemp}/container-security-gate/trivy-cache`),
      'trivy-layer-cache': bool('trivy-layer-cache', true),
      'skip-db-update': bool('skip-db-update', false),
      'max-db-age': field(parseDbAge),
      timeout: field((raw) => parseDuration('timeout', raw, 600)),
      'trivy-server': field((raw) => parseUrl('trivy-server', raw, /^https?:\/\//, 'http://trivy.internal:4954')),
      'trivy-server-token': z.string(),
      'policy-file': text('.github/container-gate.yml'),
      'ignore-file': optionalText,
      baseline: field(parseBaseline),
      'baseline-tag': text('latest'),
      'block-on-increase': bool('block-on-increase', true),
      'compare-on': field((raw) => (raw.trim() === '' ? undefined : parseSeverities('compare-on', raw, 'MEDIUM'))),
      'require-non-root': oneOf('require-non-root', RULE_MODES, 'fail', 'warn'),
      'require-healthcheck': oneOf('require-healthcheck', RULE_MODES, 'warn', 'fail'),
      'max-image-size': field((raw) => parseSize('max-image-size', raw)),
      'config-secrets': oneOf('config-secrets', RULE_MODES, 'fail', 'warn'),
      'github-token': z.string(),
      'issue-label': text('container-security'),
      'create-issue': bool('create-issue', true),
      'pr-comment': bool('pr-comment', true),
      'sarif-file': text(`${runner.runnerTemp}/container-security-gate.sarif`),
      'html-report': bool('html-report', true),
      'audit-log': optionalText,
      'fail-on-kev': bool('fail-on-kev', true),
      'epss-threshold': field((raw) => parseEpssThreshold(raw)),
      'exploit-data': oneOf('exploit-data', ['optional', 'required', 'off'] as const, 'optional', 'required'),
      'kev-url': field((raw) => parseUrl('kev-url', raw, /^https?:\/\//, 'https://mirror.example.com/kev/known_exploited_vulnerabilities.json') ?? DEFAULT_KEV_URL),
      'epss-url': field((raw) => parseUrl('epss-url', raw, /^https?:\/\//, 'https://mirror.example.com/epss/epss_scores-current.csv.gz') ?? DEFAULT_EPSS_URL),
      'kev-file': optionalText,
      'epss-file': optionalText,
      vex: field((raw) => splitList(raw, { commas: false })),
      'keep-reports': bool('keep-reports', false),
      attest: oneOf('attest', ['auto', 'keyless', 'key', 'off'] as const, 'auto', 'key'),
      'attest-key': z.string(),
      'attest-key-password': z.string(),
    } satisfies Record<InputName, z.ZodType>)
    .superRefine((raw, ctx) => {
      const problem = attestProblem(raw.attest, raw['attest-key'], runner.env);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.input], message: problem.message, params: { remedy: problem.remedy } });
    })
    .transform(
      (raw): Inputs => ({
        mode: raw.mode,
        image: raw.image,
        tags: raw.tags,
        context: raw.context,
        dockerfile: raw.dockerfile,
        buildArgs: raw['build-args'],
        buildSecrets: raw['build-secrets'],
        target: raw.target,
        labels: raw.labels,
        noCache: raw['no-cache'],
        cacheFrom: raw['cache-from'],
        cacheTo: raw['cache-to'],
        network: raw.network,
        platforms: raw.platforms,
        push: raw.push,
        registryUsername: raw['registry-username'],
        // ghcr.io accepts the workflow token; any other registry needs its own password.
        registryPassword: raw['registry-password'] || raw['github-token'],
        failOn: raw['fail-on'],
        issueOn: raw['issue-on'],
        unknownSeverity: raw['unknown-severity'],
        ignoreUnfixed: raw['ignore-unfixed'],
        scanners: raw.scanners,
        trivyVersion: raw['trivy-version'],
        trivyPath: raw['trivy-path'],
        trivyDownloadUrl: raw['trivy-download-url'],
        dbRepository: raw['db-repository'],
        trivyCacheDir: raw['trivy-cache-dir'],
        trivyLayerCache: raw['trivy-layer-cache'],
        skipDbUpdate: raw['skip-db-update'],
        maxDbAge: raw['max-db-age'],
        timeoutSeconds: raw.timeout,
        trivyServer: raw['trivy-server'],
        trivyServerToken: raw['trivy-server-token'].trim(),
        policyFile: raw['policy-file'],
        ignoreFile: raw['ignore-file'],
        baseline: raw.baseline,
        baselineTag: raw['baseline-tag'],
        blockOnIncrease: raw['block-on-increase'],
        compareOn: raw['compare-on'],
        requireNonRoot: raw['require-non-root'],
        requireHealthcheck: raw['require-healthcheck'],
        maxImageSizeBytes: raw['max-image-size'],
        configSecrets: raw['config-secrets'],
        githubToken: raw['github-token'],
        issueLabel: raw['issue-label'],
        createIssue: raw['create-issue'],
        prComment: raw['pr-comment'],
        sarifFile: raw['sarif-file'],
        htmlReport: raw['html-report'],
        auditLog: raw['audit-log'],
        failOnKev: raw['fail-on-kev'],
        epssThreshold: raw['epss-threshold'],
        exploitData: raw['exploit-data'],
        kevUrl: raw['kev-url'],
        epssUrl: raw['epss-url'],
        kevFile: raw['kev-file'],
        epssFile: raw['epss-file'],
        vex: raw.vex,
        keepReports: raw['keep-reports'],
        attest: raw.attest,
        attestKey: raw['attest-key'].trim(),
        attestKeyPassword: raw['attest-key-password'],
      }),
    );
}

/** Reads every input through the schema; the first problem becomes an input-error naming the input. */
export function readInputs(read: InputReader, runner: RunnerEnvironment): Inputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, read(name)]));
  const parsed = inputsSchema(runner).safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0]!;
  const message = issues
    .map((issue) => (issue.message.startsWith('input ') ? issue.message : `input '${String(issue.path[0])}': ${issue.message}`))
    .join('; ');
  const remedy = first.code === 'custom' ? (first.params?.remedy as string | undefined) : undefined;
  throw new GateError('input-error', message, remedy === undefined ? {} : { remedy });
}

/** The values that must never be printed: registered with core.setSecret before anything runs. */
export function secretValues(inputs: Inputs): string[] {
  return [
    inputs.registryPassword,
    inputs.githubToken,
    ...inputs.buildSecrets.map((s) => s.value),
    inputs.trivyServerToken,
    ...urlCredentials(inputs.trivyServer),
    ...secretLines(inputs.attestKey),
    inputs.attestKeyPassword,
  ].filter((v) => v.length > 0);
}

/**
 * A multi-line secret (a PEM key) masked as a whole and line by line: the runner matches masks
 * within one log line, so only per-line masks hide a key printed over several lines. PEM armour
 * lines are not secret and would only blank out unrelated text.
 */
export function secretLines(value: string): string[] {
  if (value.trim() === '') return [];
  const lines = value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 8 && !/^-----(BEGIN|END) [A-Z ]+-----$/.test(l));
  return [value, ...lines];
}

/** Cross-input checks for `attest`: a key mode without a key, keyless without an OIDC token. */
function attestProblem(mode: AttestMode, key: string, env: Record<string, string | undefined>): { input: InputName; message: string; remedy: string } | undefined {
  if (mode === 'key' && key.trim() === '') {
    return { input: 'attest', message: "input 'attest': attest: key signs with attest-key, which is empty", remedy: 'for example: attest: key with attest-key: ${{ secrets.COSIGN_PRIVATE_KEY }} (and attest-key-password for a cosign.key), or attest: off' };
  }
  if (mode === 'keyless' && !env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    return { input: 'attest', message: "input 'attest': keyless signing needs the job's OIDC token (permissions: id-token: write), and this job has none", remedy: 'for example: permissions: { id-token: write } on the job, or attest: key with attest-key' };
  }
  return undefined;
}
