import { z } from 'zod';
import { GateError } from './domain/gate-error.js';
import { RANKED_SEVERITIES, severitiesAtOrAbove, type RankedSeverity, type Severity } from './domain/severity.js';

/**
 * Every input the action reads, with its default. action.yml declares the same names;
 * a test keeps the two (and README's table) in sync.
 */
export const INPUT_NAMES = [
  'mode',
  'image',
  'tags',
  'context',
  'dockerfile',
  'build-args',
  'build-secrets',
  'target',
  'labels',
  'no-cache',
  'network',
  'push',
  'registry-username',
  'registry-password',
  'fail-on',
  'issue-on',
  'unknown-severity',
  'ignore-unfixed',
  'scanners',
  'trivy-version',
  'trivy-path',
  'trivy-download-url',
  'db-repository',
  'trivy-cache-dir',
  'skip-db-update',
  'timeout',
  'trivy-server',
  'policy-file',
  'ignore-file',
  'baseline',
  'baseline-tag',
  'block-on-increase',
  'require-non-root',
  'require-healthcheck',
  'max-image-size',
  'config-secrets',
  'github-token',
  'issue-label',
  'create-issue',
  'pr-comment',
  'sarif-file',
  'audit-log',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export type Scanner = 'vuln' | 'secret' | 'misconfig' | 'license';
export type RuleMode = 'fail' | 'warn' | 'off';
export type PushMode = 'auto' | 'true' | 'false';
export type BuildNetwork = 'default' | 'none' | 'host';
export type Baseline = { kind: 'none' } | { kind: 'registry' } | { kind: 'file'; path: string };

export interface BuildSecret {
  id: string;
  value: string;
}

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
  network: BuildNetwork;
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
  /** Use the DB already in trivyCacheDir (air-gapped runners); never download. */
  skipDbUpdate: boolean;
  timeoutSeconds: number;
  trivyServer: string | undefined;
  policyFile: string;
  ignoreFile: string | undefined;
  baseline: Baseline;
  baselineTag: string;
  blockOnIncrease: boolean;
  requireNonRoot: RuleMode;
  requireHealthcheck: RuleMode;
  maxImageSizeBytes: number | undefined;
  configSecrets: RuleMode;
  githubToken: string;
  issueLabel: string;
  createIssue: boolean;
  prComment: boolean;
  sarifFile: string;
  auditLog: string | undefined;
}

/** The runner environment the defaults come from (GITHUB_* variables). */
export interface RunnerEnvironment {
  repository: string | undefined;
  actor: string | undefined;
  runnerTemp: string;
  env: Record<string, string | undefined>;
}

export const DEFAULT_TRIVY_VERSION = '0.74.0';
export const DEFAULT_DB_REPOSITORIES = [
  'mirror.gcr.io/aquasec/trivy-db:2',
  'ghcr.io/aquasecurity/trivy-db:2',
  'public.ecr.aws/aquasecurity/trivy-db:2',
];

export type InputReader = (name: InputName) => string;

function inputError(name: InputName, problem: string, example: string): GateError {
  return new GateError('input-error', `input '${name}': ${problem}`, {
    remedy: `for example: ${name}: ${example}`,
  });
}

/** Lists accept newlines and commas, like docker/metadata-action; blank entries are dropped. */
export function splitList(raw: string, { commas = true } = {}): string[] {
  const lines = raw.split(/\r?\n/);
  const items = commas ? lines.flatMap((l) => l.split(',')) : lines;
  return items.map((s) => s.trim()).filter((s) => s.length > 0 && !s.startsWith('#'));
}

function parseBoolean(name: InputName, raw: string, fallback: boolean): boolean {
  const value = raw.trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw inputError(name, `'${raw}' is not a boolean`, 'true');
}

function parseEnum<T extends string>(name: InputName, raw: string, allowed: readonly T[], fallback: T, example?: T): T {
  const value = raw.trim().toLowerCase();
  if (value === '') return fallback;
  const match = allowed.find((a) => a.toLowerCase() === value);
  if (!match) throw inputError(name, `'${raw}' is not one of ${allowed.join(', ')}`, example ?? fallback);
  return match;
}

/**
 * `HIGH` is a threshold (HIGH and above); `CRITICAL,HIGH` or `HIGH,LOW` is an exact list;
 * `none` disables the gate. UNKNOWN may be listed explicitly.
 */
export function parseSeverities(name: InputName, raw: string, fallback: string): Severity[] {
  const text = raw.trim() === '' ? fallback : raw;
  const items = splitList(text).map((s) => s.toUpperCase());
  if (items.length === 1 && items[0] === 'NONE') return [];
  const invalid = items.filter((s) => !['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].includes(s));
  if (invalid.length > 0 || items.length === 0) {
    throw inputError(name, `unknown severity '${invalid.join(', ') || raw}'`, 'CRITICAL,HIGH (or a threshold: HIGH, or none)');
  }
  if (items.length === 1 && items[0] !== 'UNKNOWN') return severitiesAtOrAbove(items[0] as RankedSeverity);
  return [...new Set(items)] as Severity[];
}

function parseKeyValues(name: InputName, raw: string, example: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of splitList(raw, { commas: false })) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw inputError(name, `'${line}' is not KEY=VALUE`, example);
    result[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return result;
}

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;

/** `id=value` or `id=env:NAME`; values are resolved here so that they can be masked at once. */
export function parseBuildSecrets(raw: string, env: Record<string, string | undefined>): BuildSecret[] {
  const secrets: BuildSecret[] = [];
  for (const line of splitList(raw, { commas: false })) {
    const eq = line.indexOf('=');
    const id = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!SECRET_ID.test(id)) {
      throw inputError('build-secrets', `entry ${secrets.length + 1} has no valid id (letters, digits, . _ -)`, 'npm_token=env:NPM_TOKEN');
    }
    const spec = line.slice(eq + 1);
    if (spec.startsWith('env:')) {
      const variable = spec.slice(4).trim();
      const value = env[variable];
      if (value === undefined || value === '') {
        throw inputError('build-secrets', `secret '${id}' reads environment variable '${variable}', which is not set`, `${id}=env:${variable} with env: { ${variable}: \${{ secrets.${variable} }} }`);
      }
      secrets.push({ id, value });
    } else {
      secrets.push({ id, value: spec });
    }
  }
  return secrets;
}

/** `50MB`, `1.5GB`, `200MiB`, `1048576` → bytes. Decimal units match what `docker images` prints. */
export function parseSize(name: InputName, raw: string): number | undefined {
  const text = raw.trim();
  if (text === '' || text.toLowerCase() === 'off') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?$/i.exec(text);
  if (!match) throw inputError(name, `'${raw}' is not a size`, '50MB');
  const units: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
  return Math.round(Number(match[1]) * units[(match[2] ?? 'b').toLowerCase()]!);
}

/** `600`, `90s`, `10m`, `1h` → seconds. */
export function parseDuration(name: InputName, raw: string, fallbackSeconds: number): number {
  const text = raw.trim();
  if (text === '') return fallbackSeconds;
  const match = /^(\d+)\s*(s|m|h)?$/i.exec(text);
  if (!match || Number(match[1]) <= 0) throw inputError(name, `'${raw}' is not a duration`, '10m');
  const factor = { s: 1, m: 60, h: 3600 }[(match[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

const VERSION = z.string().regex(/^v?\d+\.\d+\.\d+$/);

export function readInputs(read: InputReader, runner: RunnerEnvironment): Inputs {
  const get = (name: InputName): string => read(name).trim();
  const rules = ['fail', 'warn', 'off'] as const;

  const repository = runner.repository;
  const image = get('image') || (repository ? `ghcr.io/${repository}` : '');
  if (!image) throw inputError('image', 'no image name given and GITHUB_REPOSITORY is not set', 'ghcr.io/acme/app');

  const trivyVersionRaw = get('trivy-version') || DEFAULT_TRIVY_VERSION;
  if (!VERSION.safeParse(trivyVersionRaw).success) throw inputError('trivy-version', `'${trivyVersionRaw}' is not a version`, DEFAULT_TRIVY_VERSION);

  const baselineRaw = get('baseline');
  const baseline: Baseline =
    baselineRaw === '' || baselineRaw.toLowerCase() === 'none'
      ? { kind: 'none' }
      : baselineRaw.toLowerCase() === 'registry'
        ? { kind: 'registry' }
        : { kind: 'file', path: baselineRaw };

  const scanners = splitList(get('scanners') || 'vuln,secret,misconfig').map((s) => s.toLowerCase());
  const knownScanners: Scanner[] = ['vuln', 'secret', 'misconfig', 'license'];
  const unknownScanner = scanners.find((s) => !knownScanners.includes(s as Scanner));
  if (unknownScanner !== undefined || scanners.length === 0) {
    throw inputError('scanners', `unknown scanner '${unknownScanner ?? ''}'`, 'vuln,secret,misconfig');
  }

  const serverRaw = get('trivy-server');
  if (serverRaw && !/^https?:\/\/[^\s]+$/.test(serverRaw)) throw inputError('trivy-server', `'${serverRaw}' is not an http(s) URL`, 'http://trivy.internal:4954');
  const downloadUrl = get('trivy-download-url') || 'https://github.com/aquasecurity/trivy/releases/download';
  if (!/^(https?|file):\/\/[^\s]+$/.test(downloadUrl)) throw inputError('trivy-download-url', `'${downloadUrl}' is not a URL`, 'https://mirror.example.com/trivy/releases/download');

  const unknownSeverity = parseEnum('unknown-severity', get('unknown-severity').toUpperCase(), RANKED_SEVERITIES, 'HIGH');

  return {
    mode: parseEnum('mode', get('mode'), ['gate', 'summary'] as const, 'gate'),
    image,
    tags: splitList(get('tags')),
    context: get('context') || '.',
    dockerfile: get('dockerfile') || 'Dockerfile',
    buildArgs: parseKeyValues('build-args', read('build-args'), 'NODE_VERSION=20'),
    buildSecrets: parseBuildSecrets(read('build-secrets'), runner.env),
    target: get('target') || undefined,
    labels: parseKeyValues('labels', read('labels'), 'org.opencontainers.image.vendor=Acme'),
    noCache: parseBoolean('no-cache', get('no-cache'), false),
    network: parseEnum('network', get('network'), ['default', 'none', 'host'] as const, 'default', 'none'),
    push: parseEnum('push', get('push'), ['auto', 'true', 'false'] as const, 'auto'),
    registryUsername: get('registry-username') || runner.actor || '',
    registryPassword: read('registry-password') || read('github-token'),
    failOn: parseSeverities('fail-on', get('fail-on'), 'CRITICAL,HIGH'),
    issueOn: parseSeverities('issue-on', get('issue-on'), 'MEDIUM'),
    unknownSeverity,
    ignoreUnfixed: parseBoolean('ignore-unfixed', get('ignore-unfixed'), false),
    scanners: [...new Set(scanners)] as Scanner[],
    trivyVersion: trivyVersionRaw.replace(/^v/, ''),
    trivyPath: get('trivy-path') || undefined,
    trivyDownloadUrl: downloadUrl.replace(/\/+$/, ''),
    dbRepository: splitList(get('db-repository')).length > 0 ? splitList(get('db-repository')) : DEFAULT_DB_REPOSITORIES,
    trivyCacheDir: get('trivy-cache-dir') || `${runner.runnerTemp}/container-security-gate/trivy-cache`,
    skipDbUpdate: parseBoolean('skip-db-update', get('skip-db-update'), false),
    timeoutSeconds: parseDuration('timeout', get('timeout'), 600),
    trivyServer: serverRaw || undefined,
    policyFile: get('policy-file') || '.github/container-gate.yml',
    ignoreFile: get('ignore-file') || undefined,
    baseline,
    baselineTag: get('baseline-tag') || 'latest',
    blockOnIncrease: parseBoolean('block-on-increase', get('block-on-increase'), true),
    requireNonRoot: parseEnum('require-non-root', get('require-non-root'), rules, 'fail', 'warn'),
    requireHealthcheck: parseEnum('require-healthcheck', get('require-healthcheck'), rules, 'warn', 'fail'),
    maxImageSizeBytes: parseSize('max-image-size', get('max-image-size')),
    configSecrets: parseEnum('config-secrets', get('config-secrets'), rules, 'fail', 'warn'),
    githubToken: read('github-token'),
    issueLabel: get('issue-label') || 'container-security',
    createIssue: parseBoolean('create-issue', get('create-issue'), true),
    prComment: parseBoolean('pr-comment', get('pr-comment'), true),
    sarifFile: get('sarif-file') || `${runner.runnerTemp}/container-security-gate.sarif`,
    auditLog: get('audit-log') || undefined,
  };
}

/** The values that must never be printed: registered with core.setSecret before anything runs. */
export function secretValues(inputs: Inputs): string[] {
  return [inputs.registryPassword, inputs.githubToken, ...inputs.buildSecrets.map((s) => s.value)].filter((v) => v.length > 0);
}
