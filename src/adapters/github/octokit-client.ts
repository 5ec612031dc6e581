import { setTimeout as sleep } from 'node:timers/promises';
import { getOctokit } from '@actions/github';
import { apiFailureOf, isRetryable } from './api-failure.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  token: string;
  /** API root; default: GITHUB_API_URL as @actions/github reads it (tests point it at 127.0.0.1). */
  baseUrl?: string;
  /** Tries per request for 5xx and network failures (default 3). */
  maxAttempts?: number;
  /** Wait before the 2nd try; doubles each time (default 1000 ms). */
  retryDelayMs?: number;
  /** Per-try timeout (default 30 s). */
  requestTimeoutMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * Octokit from @actions/github (proxy settings, user agent) with a small retry: 5xx and
 * network failures are tried again a few times, with a growing pause. Rate limits are not
 * retried — waiting out an hour-long reset would stall the job; the caller warns instead.
 * A retried POST that GitHub had in fact completed can leave a duplicate; for issues and PR
 * comments the re-list after creating (marked-issues.ts) removes it again.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const octokit = getOctokit(options.token, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {});
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const delay = options.retryDelayMs ?? 1000;
  const timeout = options.requestTimeoutMs ?? 30_000;
  octokit.hook.wrap('request', async (request, endpoint) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request({ ...endpoint, request: { ...endpoint.request, signal: AbortSignal.timeout(timeout) } });
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryable(apiFailureOf(error))) throw error;
        await sleep(delay * 2 ** (attempt - 1));
      }
    }
  });
  return octokit;
}
