export type Sleep = (milliseconds: number) => Promise<void>;

export const realSleep: Sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Exponential backoff without jitter: one runner, one registry — nothing to de-synchronise. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];

export interface RetryPolicy {
  /** Delay before each retry; its length is the number of retries. */
  delaysMs: readonly number[];
  sleep: Sleep;
}

/**
 * Runs `attempt` until it succeeds, it fails with a non-transient error, or the retries
 * are used up; the last error is rethrown unchanged.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  isTransient: (error: unknown) => boolean,
  onRetry: (error: unknown, delayMs: number, attemptNumber: number) => void = () => undefined,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const delay = policy.delaysMs[n - 1];
      if (delay === undefined || !isTransient(error)) throw error;
      onRetry(error, delay, n);
      await policy.sleep(delay);
    }
  }
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Network-level failures worth another attempt (the error or its cause carries the code). */
export function isTransientNetworkError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  }
  return false;
}

/** 5xx and 429 answers: the registry is struggling, not refusing. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
