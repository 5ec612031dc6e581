import { describe, expect, it } from 'vitest';
import type { ErrorReason } from '../../src/domain/gate-error.js';
import {
  classifyTrivyFailure,
  dbDownloadError,
  missingReportError,
  relevantTrivyLines,
  trivyFailureError,
  type TrivyFailure,
  type TrivyOperation,
} from '../../src/domain/trivy-failure.js';

/**
 * stderr of real Trivy v0.74.0 runs (captured on the dev machine, 2026-11-22):
 * db-*: `trivy image --download-db-only --db-repository <repo>` against 127.0.0.1:1 (refused),
 *   registry.invalid (DNS), and a loopback HTTP server answering 429 TOOMANYREQUESTS / 503 / 404
 *   MANIFEST_UNKNOWN / 401; no-db: `fs --skip-db-update` with an empty cache dir; image-missing:
 *   `image --image-src docker` of a tag the engine lacks; published-*: `image --image-src remote`
 *   against the htpasswd registry with right / wrong password; scan-timeout: `fs --timeout 1ms`;
 *   server-refused: `fs --server http://127.0.0.1:1`; bad-flag: an unknown flag.
 */
const CAPTURED_STDERR = {
  'bad-flag': [
    "2026-11-22T11:12:33Z\tFATAL\tFatal error\tunknown flag: --bogus-flag",
  ],
  'db-401': [
    "2026-11-22T11:12:31Z\tINFO\t[vulndb] Need to update DB",
    "2026-11-22T11:12:31Z\tINFO\t[vulndb] Downloading vulnerability DB...",
    "2026-11-22T11:12:31Z\tINFO\t[vulndb] Downloading artifact...\trepo=\"127.0.0.1:5799/trivy-db:2\"",
    "2026-11-22T11:12:31Z\tWARN\tSee https://trivy.dev/docs/v0.74/guide/references/troubleshooting#db",
    "2026-11-22T11:12:31Z\tFATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from 127.0.0.1:5799/trivy-db:2: OCI repository error: 1 error occurred:",
    "\t* GET http://127.0.0.1:5799/v2/trivy-db/manifests/2: UNAUTHORIZED: authentication required",
  ],
  'db-404': [
    "2026-11-22T11:12:30Z\tINFO\t[vulndb] Need to update DB",
    "2026-11-22T11:12:30Z\tINFO\t[vulndb] Downloading vulnerability DB...",
    "2026-11-22T11:12:30Z\tINFO\t[vulndb] Downloading artifact...\trepo=\"127.0.0.1:5799/trivy-db:2\"",
    "2026-11-22T11:12:30Z\tFATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from 127.0.0.1:5799/trivy-db:2: OCI repository error: 1 error occurred:",
    "\t* GET http://127.0.0.1:5799/v2/trivy-db/manifests/2: MANIFEST_UNKNOWN: manifest unknown",
  ],
  'db-429': [
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Need to update DB",
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Downloading vulnerability DB...",
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Downloading artifact...\trepo=\"127.0.0.1:5799/trivy-db:2\"",
    "2026-11-22T11:12:25Z\tERROR\t[vulndb] Failed to download artifact\trepo=\"127.0.0.1:5799/trivy-db:2\" err=\"OCI repository error: 1 error occurred:\\n\\t* Get \\\"https://127.0.0.1:5799/v2/\\\": http: server gave HTTP response to HTTPS client; GET http://127.0.0.1:5799/v2/: TOOMANYREQUESTS: You have reached your pull rate limit.\\n\\n\"",
    "2026-11-22T11:12:25Z\tFATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from any source: 1 error occurred:",
    "\t* OCI repository error: 1 error occurred:",
    "\t* Get \"https://127.0.0.1:5799/v2/\": http: server gave HTTP response to HTTPS client; GET http://127.0.0.1:5799/v2/: TOOMANYREQUESTS: You have reached your pull rate limit.",
  ],
  'db-503': [
    "2026-11-22T11:12:25Z\tINFO\t[vulndb] Need to update DB",
    "2026-11-22T11:12:25Z\tINFO\t[vulndb] Downloading vulnerability DB...",
    "2026-11-22T11:12:25Z\tINFO\t[vulndb] Downloading artifact...\trepo=\"127.0.0.1:5799/trivy-db:2\"",
    "2026-11-22T11:12:30Z\tERROR\t[vulndb] Failed to download artifact\trepo=\"127.0.0.1:5799/trivy-db:2\" err=\"OCI repository error: 1 error occurred:\\n\\t* Get \\\"https://127.0.0.1:5799/v2/\\\": http: server gave HTTP response to HTTPS client; GET http://127.0.0.1:5799/v2/: unexpected status code 503 Service Unavailable: Service Unavailable\\n\\n\"",
    "2026-11-22T11:12:30Z\tFATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from any source: 1 error occurred:",
    "\t* OCI repository error: 1 error occurred:",
    "\t* Get \"https://127.0.0.1:5799/v2/\": http: server gave HTTP response to HTTPS client; GET http://127.0.0.1:5799/v2/: unexpected status code 503 Service Unavailable: Service Unavailable",
  ],
  'db-dns': [
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Need to update DB",
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Downloading vulnerability DB...",
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Downloading artifact...\trepo=\"registry.invalid/trivy-db:2\"",
    "2026-11-22T11:12:20Z\tFATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from registry.invalid/trivy-db:2: OCI repository error: 1 error occurred:",
    "\t* Get \"https://registry.invalid/v2/\": dial tcp: lookup registry.invalid on 10.255.255.53:53: no such host",
  ],
  'db-refused': [
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Need to update DB",
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Downloading vulnerability DB...",
    "2026-11-22T11:12:20Z\tINFO\t[vulndb] Downloading artifact...\trepo=\"127.0.0.1:1/nothing:2\"",
    "2026-11-22T11:12:20Z\tFATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from 127.0.0.1:1/nothing:2: OCI repository error: 1 error occurred:",
    "\t* Get \"https://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused; Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused",
  ],
  'image-missing': [
    "2026-11-22T11:12:31Z\tINFO\t[vuln] Vulnerability scanning is enabled",
    "2026-11-22T11:12:31Z\tFATAL\tFatal error\trun error: image scan error: scan error: unable to initialize a scan service: unable to initialize artifact: unable to initialize container image: unable to find the specified image \"csg-does-not-exist:nope\" in [\"docker\"]: 1 error occurred:",
    "\t* docker error: unable to inspect the image (csg-does-not-exist:nope): Error response from daemon: no such image: csg-does-not-exist:nope: No such image: csg-does-not-exist:nope",
  ],
  'no-db': [
    "2026-11-22T11:12:20Z\tERROR\t[vulndb] The first run cannot skip downloading DB",
    "2026-11-22T11:12:20Z\tFATAL\tFatal error\trun error: init error: DB error: database error: --skip-db-update cannot be specified on the first run",
  ],
  'published-denied': [
    "2026-11-22T11:12:33Z\tINFO\t[vuln] Vulnerability scanning is enabled",
    "2026-11-22T11:12:33Z\tFATAL\tFatal error\trun error: image scan error: scan error: unable to initialize a scan service: unable to initialize artifact: unable to initialize container image: unable to find the specified image \"127.0.0.1:5000/csg/none:nope\" in [\"remote\"]: 2 errors occurred:",
    "\t* remote error: GET http://127.0.0.1:5000/v2/csg/none/manifests/nope: UNAUTHORIZED: authentication required; [map[Action:pull Class: Name:csg/none Type:repository]]",
    "\t* remote error: GET http://127.0.0.1:5000/v2/csg/none/manifests/nope: UNAUTHORIZED: authentication required; [map[Action:pull Class: Name:csg/none Type:repository]]",
  ],
  'published-missing': [
    "2026-11-22T11:12:33Z\tINFO\t[vuln] Vulnerability scanning is enabled",
    "2026-11-22T11:12:33Z\tFATAL\tFatal error\trun error: image scan error: scan error: unable to initialize a scan service: unable to initialize artifact: unable to initialize container image: unable to find the specified image \"127.0.0.1:5000/csg/none:nope\" in [\"remote\"]: 2 errors occurred:",
    "\t* remote error: GET http://127.0.0.1:5000/v2/csg/none/manifests/nope: MANIFEST_UNKNOWN: manifest unknown; map[Tag:nope]",
    "\t* remote error: GET http://127.0.0.1:5000/v2/csg/none/manifests/nope: UNAUTHORIZED: authentication required; [map[Action:pull Class: Name:csg/none Type:repository]]",
  ],
  'scan-timeout': [
    "2026-11-22T11:12:32Z\tINFO\t[vuln] Vulnerability scanning is enabled",
    "2026-11-22T11:12:32Z\tINFO\t[misconfig] Misconfiguration scanning is enabled",
    "2026-11-22T11:12:32Z\tINFO\t[checks-client] No downloadable checks were loaded as --skip-check-update is enabled, loading from existing cache...",
    "2026-11-22T11:12:32Z\tERROR\t[misconfig] Falling back to embedded checks\terr=\"failed to check cache: cache does not exist at \\\"/tmp/tx/c/policy/content\\\"\"",
    "2026-11-22T11:12:33Z\tINFO\t[secret] Secret scanning is enabled",
    "2026-11-22T11:12:33Z\tINFO\t[secret] If your scanning is slow, please try '--scanners vuln,misconfig' to disable secret scanning",
    "2026-11-22T11:12:33Z\tINFO\t[secret] Please see https://trivy.dev/docs/v0.74/guide/scanner/secret#recommendation for faster secret detection",
    "2026-11-22T11:12:33Z\tWARN\tProvide a higher timeout value, see https://trivy.dev/docs/v0.74/guide/references/troubleshooting#timeout",
    "2026-11-22T11:12:33Z\tFATAL\tFatal error\trun error: fs scan error: scan error: scan failed: failed analysis: analyze with traversal: walk dir error: unknown error with /work/main/fixtures/images/vulnerable/.gitignore: failed to analyze file: analyze file (.gitignore): semaphore acquire: context deadline exceeded",
  ],
  'published-platform-missing': [
    '2026-11-30T15:23:27Z\tFATAL\tFatal error\trun error: image scan error: scan error: unable to initialize a scan service: unable to initialize artifact: unable to initialize container image: unable to find the specified image "127.0.0.1:5000/e2e/i17-baseline-21e42532:latest" in ["remote"]: 1 error occurred:',
    '\t* remote error: no child with platform linux/s390x in index 127.0.0.1:5000/e2e/i17-baseline-21e42532:latest',
  ],
  'server-refused': [
    "2026-11-22T11:12:31Z\tINFO\t[vuln] Vulnerability scanning is enabled",
    "2026-11-22T11:12:31Z\tFATAL\tFatal error\trun error: fs scan error: scan error: scan failed: failed analysis: failed to store blob (sha256:cc03f5dcc4dc17db8907f23c17e30574f35199c44c0412e0e60f6069a3146b8a) in cache: unable to store cache on the server: backoff: permanent error (last error: twirp error internal: failed to do request: Post \"http://127.0.0.1:1/twirp/trivy.cache.v1.Cache/PutBlob\": dial tcp 127.0.0.1:1: connect: connection refused)",
  ],
} as const satisfies Record<string, readonly string[]>;

type Capture = keyof typeof CAPTURED_STDERR;

function failure(operation: TrivyOperation, stderr: readonly string[], extra: Partial<TrivyFailure> = {}): TrivyFailure {
  return { operation, subject: 'subject', exitCode: 1, signal: null, stderr, ...extra };
}

describe('classifyTrivyFailure on real Trivy stderr', () => {
  it.each<[Capture, TrivyOperation, ErrorReason, boolean, RegExp]>([
    ['db-429', 'db-download', 'db-download', true, /rate limiting/],
    ['db-503', 'db-download', 'db-download', true, /server error/],
    ['db-refused', 'db-download', 'db-download', false, /could not be downloaded/],
    ['db-dns', 'db-download', 'db-download', false, /could not be downloaded/],
    ['db-404', 'db-download', 'db-download', false, /could not be downloaded/],
    ['db-401', 'db-download', 'db-download', false, /could not be downloaded/],
    ['no-db', 'filesystem-scan', 'scan-error', false, /no usable vulnerability DB/],
    ['no-db', 'image-scan', 'scan-error', false, /no usable vulnerability DB/],
    ['image-missing', 'image-scan', 'image-not-found', false, /not in the local Docker engine/],
    ['published-missing', 'published-image-scan', 'image-not-found', false, /no such image/],
    ['published-denied', 'published-image-scan', 'registry-auth', false, /refused access/],
    ['published-platform-missing', 'published-image-scan', 'image-not-found', false, /no such image/],
    ['scan-timeout', 'filesystem-scan', 'timeout', false, /did not finish in time/],
    ['scan-timeout', 'image-scan', 'timeout', false, /did not finish in time/],
    ['bad-flag', 'filesystem-scan', 'scan-error', false, /Trivy failed/],
  ])('%s during %s → %s', (capture, operation, reason, retryable, why) => {
    const classified = classifyTrivyFailure(failure(operation, CAPTURED_STDERR[capture]));
    expect(classified.reason).toBe(reason);
    expect(classified.retryable).toBe(retryable);
    expect(classified.message).toMatch(why);
    expect(classified.remedy.length).toBeGreaterThan(10);
    // The FATAL line always reaches the log.
    expect(classified.details.some((line) => line.includes('FATAL'))).toBe(true);
  });

  it('names the unreachable Trivy server', () => {
    const classified = classifyTrivyFailure(
      failure('filesystem-scan', CAPTURED_STDERR['server-refused'], { server: 'http://127.0.0.1:1' }),
    );
    expect(classified.reason).toBe('scan-error');
    expect(classified.message).toContain('Trivy server http://127.0.0.1:1 could not be reached');
    expect(classified.remedy).toContain('trivy-server');
  });

  it('an image missing from the registry is not "not found" when the engine was asked', () => {
    // A published-image miss must not be mistaken for a local one and vice versa.
    expect(classifyTrivyFailure(failure('filesystem-scan', CAPTURED_STDERR['image-missing'])).reason).toBe('scan-error');
    expect(classifyTrivyFailure(failure('published-image-scan', CAPTURED_STDERR['db-refused'])).reason).toBe('scan-error');
  });

  it('the benign "Falling back to embedded checks" ERROR line is not shown as a cause', () => {
    const details = classifyTrivyFailure(failure('filesystem-scan', CAPTURED_STDERR['scan-timeout'])).details;
    expect(details.join('\n')).not.toContain('Falling back to embedded checks');
    expect(details.join('\n')).toContain('Provide a higher timeout value');
  });

  it('keeps the tab-indented continuation of a FATAL error', () => {
    const details = relevantTrivyLines(CAPTURED_STDERR['db-429']);
    expect(details.at(-1)).toContain('TOOMANYREQUESTS');
    expect(details.some((l) => l.includes('INFO'))).toBe(false);
  });
});

describe('classifyTrivyFailure without Trivy lines', () => {
  it.each<[TrivyOperation, ErrorReason, boolean]>([
    ['filesystem-scan', 'timeout', false],
    ['image-scan', 'timeout', false],
    ['published-image-scan', 'timeout', false],
    ['db-download', 'db-download', true],
  ])('our kill timer during %s → %s', (operation, reason, retryable) => {
    const classified = classifyTrivyFailure(
      failure(operation, ['2026-11-22T11:00:03Z\tINFO\t[vulndb] Downloading artifact...'], {
        exitCode: null,
        signal: 'SIGTERM',
        killedAfterSeconds: 330,
      }),
    );
    expect(classified.reason).toBe(reason);
    expect(classified.retryable).toBe(retryable);
    expect(classified.message).toContain('was stopped after 330s');
  });

  it.each<[string, string, boolean]>([
    ['plain 429', 'GET https://ghcr.io/v2/x/manifests/2: unexpected status code 429 Too Many Requests', true],
    ['502', 'GET https://ghcr.io/v2/: unexpected status code 502 Bad Gateway: bad gateway', true],
    ['i/o timeout', 'Get "https://mirror.gcr.io/v2/": dial tcp 1.2.3.4:443: i/o timeout', true],
    ['TLS handshake', 'Get "https://ghcr.io/v2/": net/http: TLS handshake timeout', true],
    ['reset', 'read tcp 10.0.0.1:5555->1.2.3.4:443: read: connection reset by peer', true],
    ['denied', 'GET https://ghcr.io/token: DENIED: denied', false],
  ])('DB download: %s → retryable %s', (_name, line, retryable) => {
    const classified = classifyTrivyFailure(failure('db-download', [`2026-11-22T11:00:00Z\tFATAL\tFatal error\t${line}`]));
    expect(classified.reason).toBe('db-download');
    expect(classified.retryable).toBe(retryable);
  });

  it('a crash without FATAL keeps the tail of the output as evidence', () => {
    const lines = ['panic: runtime error: invalid memory address', 'goroutine 1 [running]:', 'main.main()'];
    const classified = classifyTrivyFailure(failure('image-scan', lines, { exitCode: 2 }));
    expect(classified.reason).toBe('scan-error');
    expect(classified.message).toContain('exited with code 2');
    expect(classified.details).toEqual(lines);
  });

  it('caps the details it carries', () => {
    const long = Array.from({ length: 500 }, (_, i) => `2026-11-22T11:00:00Z\tERROR\tline ${i} ${'x'.repeat(2000)}`);
    const details = relevantTrivyLines(long);
    expect(details.length).toBeLessThanOrEqual(40);
    expect(details.every((l) => l.length <= 601)).toBe(true);
    expect(details.at(-1)).toContain('line 499');
  });
});

describe('errors built from failures', () => {
  it('trivyFailureError carries reason, remedy and the stderr details', () => {
    const error = trivyFailureError(failure('image-scan', CAPTURED_STDERR['image-missing'], { subject: 'csg-does-not-exist:nope' }));
    expect(error.reason).toBe('image-not-found');
    expect(error.message).toContain('csg-does-not-exist:nope');
    expect(error.remedy).toBeDefined();
    expect(error.details.join('\n')).toContain('No such image');
  });

  it('missingReportError fails closed on a zero exit without a report', () => {
    const error = missingReportError('filesystem-scan', '/ctx', '/work/r.json', []);
    expect(error.reason).toBe('scan-error');
    expect(error.message).toContain('/work/r.json');
  });

  it('dbDownloadError summarises every repository and keeps each one\'s lines', () => {
    const rateLimited = classifyTrivyFailure(failure('db-download', CAPTURED_STDERR['db-429']));
    const refused = classifyTrivyFailure(failure('db-download', CAPTURED_STDERR['db-refused']));
    const error = dbDownloadError([
      { repository: 'mirror.gcr.io/aquasec/trivy-db:2', failure: rateLimited },
      { repository: 'mirror.gcr.io/aquasec/trivy-db:2', failure: rateLimited },
      { repository: '127.0.0.1:1/nothing:2', failure: refused },
    ]);
    expect(error.reason).toBe('db-download');
    expect(error.message).toContain('mirror.gcr.io/aquasec/trivy-db:2 (2 tries): the registry is rate limiting');
    expect(error.message).toContain('127.0.0.1:1/nothing:2 (1 try)');
    expect(error.details).toContain('127.0.0.1:1/nothing:2:');
    expect(error.details.some((l) => l.includes('connection refused'))).toBe(true);
  });
});
