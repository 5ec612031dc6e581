import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, readFile, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { HttpClient } from '@actions/http-client';

/**
 * Fetches release files with a bounded, injectable retry.
 *
 * Why not tc.downloadTool: it retries 5xx/network errors with fixed 10–20 s sleeps that only a
 * test-only global can shorten, and its errors carry no URL. We use the same HTTP client it
 * uses (@actions/http-client: proxy variables, redirects to GitHub's asset host) with our
 * own retry loop, so the delays are data and a test can inject a sleep that does not wait.
 * `file://` URLs are copied, for air-gapped runners with the release on a mounted share.
 */

export interface DownloadPolicy {
  /** Delay before each retry; its length is the number of retries (attempts = length + 1). */
  retryDelaysMs: readonly number[];
  sleep: (ms: number) => Promise<void>;
  /** Idle socket timeout per request. */
  requestTimeoutMs: number;
  log: (line: string) => void;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [2_000, 5_000];

/** Why a download failed, for the installer to turn into a message with context. */
export class DownloadError extends Error {
  constructor(
    readonly url: string,
    /** `request`: the request could not even be made (e.g. a redirect to an invalid URL); not retried. */
    readonly kind: 'not-found' | 'http' | 'network' | 'request',
    message: string,
    readonly attempts: number,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

/** Only server-side trouble and dropped connections are worth another attempt; a 404 stays a 404. */
function isRetryable(error: DownloadError): boolean {
  if (error.kind === 'network') return true;
  return error.status !== undefined && (error.status >= 500 || error.status === 408 || error.status === 429);
}

async function withRetries<T>(url: string, policy: DownloadPolicy, attempt: () => Promise<T>): Promise<T> {
  const total = policy.retryDelaysMs.length + 1;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const failure = toDownloadError(url, error, n);
      const delay = policy.retryDelaysMs[n - 1];
      if (!isRetryable(failure) || delay === undefined) throw failure;
      policy.log(`${failure.message}; retrying in ${Math.round(delay / 100) / 10}s (attempt ${n + 1} of ${total})`);
      await policy.sleep(delay);
    }
  }
}

function toDownloadError(url: string, error: unknown, attempts: number): DownloadError {
  if (error instanceof DownloadError) {
    return new DownloadError(error.url, error.kind, error.message, attempts, error.status, { cause: error.cause });
  }
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  const suffix = typeof code === 'string' && !detail.includes(code) ? ` (${code})` : '';
  const kind = error instanceof TypeError ? 'request' : 'network';
  return new DownloadError(url, kind, `GET ${url} failed: ${detail}${suffix}`, attempts, undefined, { cause: error });
}

function httpClient(policy: DownloadPolicy): HttpClient {
  return new HttpClient('container-security-gate', [], {
    allowRetries: false,
    allowRedirects: true,
    maxRedirects: 10,
    socketTimeout: policy.requestTimeoutMs,
  });
}

async function get(client: HttpClient, url: string) {
  const response = await client.get(url);
  const status = response.message.statusCode ?? 0;
  if (status === 200) return response;
  // Drain the body so the socket is released before the next attempt.
  response.message.resume();
  const kind = status === 404 || status === 410 ? 'not-found' : 'http';
  const reason = response.message.statusMessage ? ` ${response.message.statusMessage}` : '';
  throw new DownloadError(url, kind, `GET ${url} returned HTTP ${status}${reason}`, 1, status);
}

function localPath(url: string): string | undefined {
  return url.startsWith('file:') ? fileURLToPath(url) : undefined;
}

function localNotFound(url: string, error: unknown): never {
  if ((error as { code?: unknown }).code === 'ENOENT') {
    throw new DownloadError(url, 'not-found', `${url} does not exist`, 1, undefined, { cause: error });
  }
  throw error;
}

/** Streams `url` into `dest`; a partial file is deleted before a retry or on failure. */
export async function downloadToFile(url: string, dest: string, policy: DownloadPolicy): Promise<void> {
  const file = localPath(url);
  if (file !== undefined) {
    await copyFile(file, dest).catch((error: unknown) => localNotFound(url, error));
    return;
  }
  const client = httpClient(policy);
  try {
    await withRetries(url, policy, async () => {
      try {
        const response = await get(client, url);
        await pipeline(response.message, createWriteStream(dest));
      } catch (error) {
        await rm(dest, { force: true });
        throw error;
      }
    });
  } finally {
    client.dispose();
  }
}

/** A small text file (checksums.txt); refuses anything larger than `maxBytes`. */
export async function downloadText(url: string, policy: DownloadPolicy, maxBytes = 1024 * 1024): Promise<string> {
  const file = localPath(url);
  const tooLarge = (size: number) =>
    new DownloadError(url, 'http', `${url} is ${size} bytes, more than the ${maxBytes} a checksums file can be`, 1);
  if (file !== undefined) {
    const content = await readFile(file).catch((error: unknown) => localNotFound(url, error));
    if (content.length > maxBytes) throw tooLarge(content.length);
    return content.toString('utf8');
  }
  const client = httpClient(policy);
  try {
    return await withRetries(url, policy, async () => {
      const response = await get(client, url);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.message as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          response.message.destroy();
          throw tooLarge(size);
        }
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString('utf8');
    });
  } finally {
    client.dispose();
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
