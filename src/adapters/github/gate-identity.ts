import type { GitHubClient } from './octokit-client.js';

/*
 * Who the gate posts as, so that it adopts only comments and issues it wrote itself. A hidden
 * marker is just text: anyone who can comment can paste it, so a marked comment by someone
 * else must never be edited, appended to, closed, or read as the weekly history.
 *
 * Found without asking for any permission beyond what posting needs:
 * 1. `GET /user` answers for a user's token (a personal access token, classic or fine-grained)
 *    with that user's login.
 * 2. Installation tokens — the workflow's GITHUB_TOKEN (GitHub Actions is an app) and a GitHub
 *    App's installation token — get 403 "Resource not accessible by integration" there, and
 *    `GET /app` needs the app's JWT. GraphQL's `viewer` answers for both with the bot account
 *    the token acts as: `github-actions[bot]` for GITHUB_TOKEN, `<app-slug>[bot]` for an app.
 * If neither answers, the identity is unknown and nothing existing is adopted: the gate posts
 * its own and learns its login from what GitHub says it created (the author of that item).
 */

/** GitHub logins are case-insensitive. */
export function sameLogin(a: string | undefined | null, b: string | undefined): boolean {
  return a !== undefined && a !== null && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

const VIEWER_QUERY = 'query { viewer { login } }';

export async function gateIdentity(client: GitHubClient): Promise<string | undefined> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    if (typeof data.login === 'string' && data.login !== '') return data.login;
  } catch (error) {
    const status = (error as { status?: number }).status;
    // 401/403: an installation token (or no user scope); anything else is not about identity.
    if (status !== 401 && status !== 403) return undefined;
  }
  try {
    const answer = await client.graphql<{ viewer?: { login?: unknown } }>(VIEWER_QUERY);
    const login = answer.viewer?.login;
    return typeof login === 'string' && login !== '' ? login : undefined;
  } catch {
    return undefined;
  }
}
