/*
 * Turning a failed GitHub API call into one warning line that says what could not be done,
 * why, and what to change — naming the workflow permission when the token lacked one.
 */

export type WorkflowPermission = 'issues: write' | 'pull-requests: write';

export interface ApiFailure {
  status: number | undefined;
  message: string;
  headers: Record<string, string | undefined>;
  /** GitHub's validation errors (422), when present. */
  details: string[];
  /**
   * Set when no HTTP response came back at all (refused, reset, DNS, TLS, bad port): Octokit
   * reports those as status 500, a status no server sent. The origin that could not be reached.
   */
  unreachable?: string | undefined;
}

/** `https://api.github.com/repos/…` → `https://api.github.com`; anything unparsable stays as it is, clipped. */
function originOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return url.slice(0, 200);
  }
}

/** Reads an Octokit RequestError (or anything else thrown) without depending on its class. */
export function apiFailureOf(error: unknown): ApiFailure {
  const e = error as
    | { status?: unknown; message?: unknown; response?: { headers?: Record<string, unknown>; data?: unknown }; request?: { url?: unknown } }
    | undefined;
  // A RequestError without a response never reached a server: its 500 is Octokit's, not GitHub's.
  const noResponse = e?.response === undefined && e?.request !== undefined;
  const status = noResponse ? undefined : typeof e?.status === 'number' ? e.status : undefined;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(e?.response?.headers ?? {})) headers[name.toLowerCase()] = value === undefined ? undefined : String(value);
  const data = e?.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const details = Array.isArray(data?.errors)
    ? data.errors.map((d) => (typeof d === 'string' ? d : String((d as { message?: unknown; code?: unknown }).message ?? (d as { code?: unknown }).code ?? ''))).filter(Boolean)
    : [];
  const message = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
  const unreachable = noResponse ? (originOf(e?.request?.url) ?? 'the GitHub API') : undefined;
  return { status, message: message.split('\n')[0]!.slice(0, 300), headers, details, ...(unreachable !== undefined && { unreachable }) };
}

/** 403/429 with no requests left, or with Retry-After (secondary rate limit). */
export function isRateLimited(failure: ApiFailure): boolean {
  return (failure.status === 403 || failure.status === 429) && (failure.headers['x-ratelimit-remaining'] === '0' || failure.headers['retry-after'] !== undefined);
}

/** Server errors and network failures (Octokit reports those as 500): worth another try. */
export function isRetryable(failure: ApiFailure): boolean {
  return failure.status === undefined || failure.status >= 500;
}

export function describeApiFailure(error: unknown, action: string, permission: WorkflowPermission, attempts = 1): string {
  const failure = apiFailureOf(error);
  const { status, message } = failure;
  const unchanged = 'The verdict is not affected.';
  if (isRateLimited(failure)) {
    const reset = Number(failure.headers['x-ratelimit-reset']);
    const when = failure.headers['retry-after']
      ? ` (retry after ${failure.headers['retry-after']}s)`
      : Number.isFinite(reset) && reset > 0
        ? ` (resets at ${new Date(reset * 1000).toISOString()})`
        : '';
    return `GitHub API rate limit reached while trying to ${action}${when}; skipped. ${unchanged}`;
  }
  if (failure.unreachable !== undefined) {
    return (
      `could not ${action}: the GitHub API at ${failure.unreachable} is unreachable (${message}) after ${attempts} attempt${attempts === 1 ? '' : 's'}; ` +
      `check GITHUB_API_URL and the runner's network. ${unchanged}`
    );
  }
  switch (status) {
    case undefined:
      return `could not ${action}: ${message}. ${unchanged}`;
    case 401:
      return `could not ${action}: GitHub rejected the token (401 ${message}); check the github-token input. ${unchanged}`;
    case 403: {
      const accepted = failure.headers['x-accepted-github-permissions'];
      return (
        `could not ${action}: the token lacks the permission (403 ${message}). Grant it in the workflow: ` +
        `\`permissions: ${permission}\`${accepted ? ` (GitHub accepts: ${accepted})` : ''}. ` +
        `Pull requests from forks only get a read-only token. ${unchanged}`
      );
    }
    case 404:
      return `could not ${action}: not found (404 ${message}); for a private repository the token needs \`permissions: ${permission}\`. ${unchanged}`;
    case 410:
      return `could not ${action}: issues are disabled in this repository (410). ${unchanged}`;
    case 422:
      return `could not ${action}: GitHub refused the request (422 ${message}${failure.details.length > 0 ? `: ${failure.details.join('; ')}` : ''}). ${unchanged}`;
    default:
      return status >= 500
        ? `could not ${action}: GitHub API error ${status} after ${attempts} attempt${attempts === 1 ? '' : 's'} (${message}). ${unchanged}`
        : `could not ${action}: GitHub API error ${status} (${message}). ${unchanged}`;
  }
}

export function isForbidden(error: unknown): boolean {
  const failure = apiFailureOf(error);
  return failure.status === 403 && !isRateLimited(failure);
}
