import { GateError, type ErrorReason } from './gate-error.js';

/*
 * Turns a failed Trivy run into a reason a person can act on. Input is what the run left
 * behind (exit status and stderr lines); the patterns are taken from real Trivy v0.74.0
 * output (see test/unit/trivy-failure.test.ts for the captured lines).
 */

export type TrivyOperation = 'db-download' | 'filesystem-scan' | 'image-scan' | 'published-image-scan';

export interface TrivyFailure {
  operation: TrivyOperation;
  /** What the run was about: the DB repository, the directory or the image. */
  subject: string;
  exitCode: number | null;
  signal: string | null;
  /** Set when our own kill timer ended the run (Trivy's --timeout did not). */
  killedAfterSeconds?: number | undefined;
  stderr: readonly string[];
  /** Client/server mode: the server the scan talked to. */
  server?: string | undefined;
}

export interface TrivyFailureClass {
  reason: ErrorReason;
  /** The cause in a few words, e.g. "the registry is rate limiting downloads". */
  why: string;
  message: string;
  remedy: string;
  /** For DB downloads: worth another try against the same repository after a pause. */
  retryable: boolean;
  /** The stderr lines worth showing. */
  details: string[];
}

const MAX_DETAIL_LINES = 40;
const MAX_DETAIL_LENGTH = 600;

/** Logged as ERROR by every misconfiguration scan with --skip-check-update; not a failure. */
const BENIGN_LINES = [/Falling back to embedded checks/];

const TIMEOUT = [/context deadline exceeded/i, /Provide a higher timeout value/i];
const RATE_LIMIT = [/TOOMANYREQUESTS/, /\b429\b/, /rate limit/i, /too many requests/i];
const SERVER_ERROR = [/unexpected status code 5\d\d/i, /\bstatus(?: code)?:? 5\d\d\b/i, /\b50[0234] (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)/i];
const NETWORK_TIMEOUT = [/i\/o timeout/i, /TLS handshake timeout/i, /Client\.Timeout exceeded/i, /connection reset by peer/i, /unexpected EOF/i];
const LOCAL_IMAGE_MISSING = [/unable to find the specified image/i, /No such image/i];
// `no child with platform`: the published index lacks the platform asked for (`--platform`).
const MANIFEST_MISSING = [/MANIFEST_UNKNOWN/, /NAME_UNKNOWN/, /no child with platform/];
const REGISTRY_DENIED = [/UNAUTHORIZED/, /DENIED/, /authentication required/i];
const NO_LOCAL_DB = [
  /--skip-db-update cannot be specified on the first run/,
  /--skip-db-update cannot be specified with the old DB schema/,
  /version of DB schema doesn't match/,
  /init error: DB error/,
];
const DB_IN_USE = [/vulnerability database may be in use by another process/, /cache may be in use by another process/];
const JAVA_DB = [/Java DB/];
const SERVER_UNREACHABLE = [/twirp error/i, /unable to store cache on the server/i];

function anyLine(lines: readonly string[], patterns: readonly RegExp[]): boolean {
  return lines.some((line) => patterns.some((pattern) => pattern.test(line)));
}

/**
 * The lines that explain the failure: from the first FATAL on, plus earlier ERROR/WARN lines,
 * minus known noise. Trivy continues a FATAL error on tab-indented lines, which are kept.
 */
export function relevantTrivyLines(stderr: readonly string[]): string[] {
  const lines = stderr.map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  const fatalAt = lines.findIndex((line) => /\bFATAL\b/.test(line));
  const before = (fatalAt === -1 ? lines : lines.slice(0, fatalAt)).filter(
    (line) => /\t(ERROR|WARN)\t|\b(ERROR|WARN)\b/.test(line) && !BENIGN_LINES.some((p) => p.test(line)),
  );
  const fatal = fatalAt === -1 ? [] : lines.slice(fatalAt);
  let picked = [...before, ...fatal];
  // Nothing recognisable (a crash, a panic): the tail of the output is the best evidence.
  if (picked.length === 0) picked = lines.slice(-MAX_DETAIL_LINES);
  return picked
    .slice(-MAX_DETAIL_LINES)
    .map((line) => (line.length > MAX_DETAIL_LENGTH ? `${line.slice(0, MAX_DETAIL_LENGTH)}…` : line));
}

function describeExit(failure: TrivyFailure): string {
  if (failure.killedAfterSeconds !== undefined) return `was stopped after ${failure.killedAfterSeconds}s`;
  if (failure.signal !== null) return `was ended by ${failure.signal}`;
  return `exited with code ${failure.exitCode ?? 'unknown'}`;
}

const OPERATION_NAME: Record<TrivyOperation, string> = {
  'db-download': 'vulnerability DB download',
  'filesystem-scan': 'filesystem scan',
  'image-scan': 'image scan',
  'published-image-scan': 'scan of the published image',
};

export function classifyTrivyFailure(failure: TrivyFailure): TrivyFailureClass {
  const lines = failure.stderr;
  const details = relevantTrivyLines(lines);
  const what = `Trivy ${OPERATION_NAME[failure.operation]} of ${failure.subject} ${describeExit(failure)}`;
  const result = (reason: ErrorReason, why: string, remedy: string, retryable = false): TrivyFailureClass => ({
    reason,
    why,
    message: `${what}: ${why}`,
    remedy,
    retryable,
    details,
  });

  const timedOut = failure.killedAfterSeconds !== undefined || anyLine(lines, TIMEOUT);

  if (failure.operation === 'db-download') {
    if (timedOut) {
      return result('db-download', 'the download timed out', dbDownloadRemedy(), true);
    }
    if (anyLine(lines, RATE_LIMIT)) {
      return result('db-download', 'the registry is rate limiting downloads (429 TOOMANYREQUESTS)', dbDownloadRemedy(), true);
    }
    if (anyLine(lines, SERVER_ERROR)) {
      return result('db-download', 'the registry answered with a server error (5xx)', dbDownloadRemedy(), true);
    }
    if (anyLine(lines, NETWORK_TIMEOUT)) {
      return result('db-download', 'the connection to the registry timed out or broke', dbDownloadRemedy(), true);
    }
    return result('db-download', 'the DB could not be downloaded from this repository', dbDownloadRemedy());
  }

  if (timedOut) {
    return result(
      'timeout',
      'the scan did not finish in time',
      "Raise the 'timeout' input (seconds), or make the build context or image smaller (.dockerignore).",
    );
  }

  if (failure.operation === 'image-scan' && anyLine(lines, LOCAL_IMAGE_MISSING)) {
    return result(
      'image-not-found',
      'the image is not in the local Docker engine',
      'The image must be built in this job by the same Docker engine Trivy talks to (check DOCKER_HOST).',
    );
  }

  if (failure.operation === 'published-image-scan') {
    if (anyLine(lines, MANIFEST_MISSING)) {
      return result('image-not-found', 'the registry has no such image', 'Check the image name and tag.');
    }
    if (anyLine(lines, REGISTRY_DENIED)) {
      return result(
        'registry-auth',
        'the registry refused access',
        "Check 'registry-username' and 'registry-password' (for GHCR: `permissions: packages: read`).",
      );
    }
  }

  if (anyLine(lines, JAVA_DB)) {
    return result(
      'db-download',
      'the Java DB (needed for .jar files) is not available',
      "Allow the runner to reach the Java DB (mirror.gcr.io/aquasec/trivy-java-db), or prepare it in 'trivy-cache-dir' for air-gapped runs.",
    );
  }

  if (anyLine(lines, DB_IN_USE)) {
    return result('scan-error', 'the Trivy cache is locked by another process', "Give each concurrent job its own 'trivy-cache-dir'.");
  }

  if (anyLine(lines, NO_LOCAL_DB)) {
    return result(
      'scan-error',
      'there is no usable vulnerability DB in the cache directory',
      "With 'skip-db-update: true' the DB must already be in 'trivy-cache-dir' (db/trivy.db and db/metadata.json, schema 2); otherwise set 'skip-db-update: false'.",
    );
  }

  if (failure.server !== undefined && anyLine(lines, SERVER_UNREACHABLE)) {
    return result(
      'scan-error',
      `the Trivy server ${failure.server} could not be reached`,
      "Check that the server in 'trivy-server' is running and reachable from the runner, or remove the input to scan locally.",
    );
  }

  return result('scan-error', 'Trivy failed', 'See the Trivy lines below; re-run with ACTIONS_STEP_DEBUG for the full log.');
}

function dbDownloadRemedy(): string {
  return "Retry later, list a mirror in 'db-repository', or prepare the DB in 'trivy-cache-dir' and set 'skip-db-update: true'.";
}

export function trivyFailureError(failure: TrivyFailure): GateError {
  const classified = classifyTrivyFailure(failure);
  return new GateError(classified.reason, classified.message, {
    remedy: classified.remedy,
    details: classified.details,
  });
}

/** A zero exit is not enough: no report (or an unreadable one) is a failure too. */
export function missingReportError(operation: TrivyOperation, subject: string, outputFile: string, stderr: readonly string[]): GateError {
  return new GateError(
    'scan-error',
    `Trivy ${OPERATION_NAME[operation]} of ${subject} exited 0 but wrote no report to ${outputFile}`,
    {
      remedy: 'The gate cannot decide without a report. Check the disk space of the runner and the Trivy lines below.',
      details: relevantTrivyLines(stderr),
    },
  );
}

export interface DbDownloadAttempt {
  repository: string;
  failure: TrivyFailureClass;
}

/** Every repository failed: one error that says what happened at each. */
export function dbDownloadError(attempts: readonly DbDownloadAttempt[]): GateError {
  const repositories = [...new Set(attempts.map((a) => a.repository))];
  const lastPerRepository = repositories.map((repository) => {
    const last = [...attempts].reverse().find((a) => a.repository === repository);
    const tries = attempts.filter((a) => a.repository === repository).length;
    return { repository, tries, failure: last?.failure };
  });
  const summary = lastPerRepository
    .map(({ repository, tries, failure }) => `${repository} (${tries} ${tries === 1 ? 'try' : 'tries'}): ${failure?.why ?? 'failed'}`)
    .join('; ');
  return new GateError('db-download', `the Trivy vulnerability DB could not be downloaded from any repository: ${summary}`, {
    remedy: dbDownloadRemedy(),
    details: lastPerRepository.flatMap(({ repository, failure }) => [`${repository}:`, ...(failure?.details ?? []).map((l) => `  ${l}`)]),
  });
}
