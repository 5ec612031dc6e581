/**
 * Every way the action can end other than `pass`, as a short machine-readable code.
 * `fail` verdicts carry a finding-related reason; everything else is an `error`.
 */
export const ERROR_REASONS = [
  'input-error',
  'scan-error',
  'db-download',
  'timeout',
  'image-not-found',
  'trivy-install',
  'build-error',
  'docker-error',
  'push-error',
  'registry-auth',
  'attest-error',
  'internal-error',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export const FAIL_REASONS = ['vulnerable', 'policy', 'regressed'] as const;
export type FailReason = (typeof FAIL_REASONS)[number];

export type Verdict = 'pass' | 'fail' | 'error';
export type Reason = 'passed' | FailReason | ErrorReason;

/**
 * An error the action knows how to explain: a reason code for the `reason` output,
 * what went wrong, and what the user can do about it.
 */
export class GateError extends Error {
  readonly reason: ErrorReason;
  readonly remedy: string | undefined;
  /** Lines of tool output (e.g. Trivy stderr) worth showing next to the message. */
  readonly details: readonly string[];

  constructor(
    reason: ErrorReason,
    message: string,
    options: { remedy?: string; cause?: unknown; details?: readonly string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GateError';
    this.reason = reason;
    this.remedy = options.remedy;
    this.details = options.details ?? [];
  }
}

/** Anything thrown that is not a GateError is a bug or an unclassified failure: fail closed. */
export function toGateError(error: unknown): GateError {
  if (error instanceof GateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new GateError('internal-error', `unexpected failure: ${message}`, {
    cause: error,
    remedy: 'This is not a finding in your image. Re-run the job; if it persists, report it with the log.',
  });
}

export function describeGateError(error: GateError): string {
  return error.remedy ? `${error.message}\n  → ${error.remedy}` : error.message;
}
