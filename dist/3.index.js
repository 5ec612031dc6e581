export const id = 3;
export const ids = [3];
export const modules = {

/***/ 39003:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHubReporter: () => (/* binding */ createGitHubReporter)
});

// EXTERNAL MODULE: ./build/domain/render/markers.js
var markers = __webpack_require__(79497);
;// CONCATENATED MODULE: ./build/adapters/github/api-failure.js
/*
 * Turning a failed GitHub API call into one warning line that says what could not be done,
 * why, and what to change — naming the workflow permission when the token lacked one.
 */
/** `https://api.github.com/repos/…` → `https://api.github.com`; anything unparsable stays as it is, clipped. */
function originOf(url) {
    if (typeof url !== 'string' || url === '')
        return undefined;
    try {
        return new URL(url).origin;
    }
    catch {
        return url.slice(0, 200);
    }
}
/** Reads an Octokit RequestError (or anything else thrown) without depending on its class. */
function apiFailureOf(error) {
    const e = error;
    // A RequestError without a response never reached a server: its 500 is Octokit's, not GitHub's.
    const noResponse = e?.response === undefined && e?.request !== undefined;
    const status = noResponse ? undefined : typeof e?.status === 'number' ? e.status : undefined;
    const headers = {};
    for (const [name, value] of Object.entries(e?.response?.headers ?? {}))
        headers[name.toLowerCase()] = value === undefined ? undefined : String(value);
    const data = e?.response?.data;
    const details = Array.isArray(data?.errors)
        ? data.errors.map((d) => (typeof d === 'string' ? d : String(d.message ?? d.code ?? ''))).filter(Boolean)
        : [];
    const message = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
    const unreachable = noResponse ? (originOf(e?.request?.url) ?? 'the GitHub API') : undefined;
    return { status, message: message.split('\n')[0].slice(0, 300), headers, details, ...(unreachable !== undefined && { unreachable }) };
}
/** 403/429 with no requests left, or with Retry-After (secondary rate limit). */
function isRateLimited(failure) {
    return (failure.status === 403 || failure.status === 429) && (failure.headers['x-ratelimit-remaining'] === '0' || failure.headers['retry-after'] !== undefined);
}
/** Server errors and network failures (Octokit reports those as 500): worth another try. */
function isRetryable(failure) {
    return failure.status === undefined || failure.status >= 500;
}
function describeApiFailure(error, action, permission, attempts = 1) {
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
        return (`could not ${action}: the GitHub API at ${failure.unreachable} is unreachable (${message}) after ${attempts} attempt${attempts === 1 ? '' : 's'}; ` +
            `check GITHUB_API_URL and the runner's network. ${unchanged}`);
    }
    switch (status) {
        case undefined:
            return `could not ${action}: ${message}. ${unchanged}`;
        case 401:
            return `could not ${action}: GitHub rejected the token (401 ${message}); check the github-token input. ${unchanged}`;
        case 403: {
            const accepted = failure.headers['x-accepted-github-permissions'];
            return (`could not ${action}: the token lacks the permission (403 ${message}). Grant it in the workflow: ` +
                `\`permissions: ${permission}\`${accepted ? ` (GitHub accepts: ${accepted})` : ''}. ` +
                `Pull requests from forks only get a read-only token. ${unchanged}`);
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
function isForbidden(error) {
    const failure = apiFailureOf(error);
    return failure.status === 403 && !isRateLimited(failure);
}

;// CONCATENATED MODULE: ./build/adapters/github/gate-identity.js
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
function sameLogin(a, b) {
    return a !== undefined && a !== null && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
const VIEWER_QUERY = 'query { viewer { login } }';
async function gateIdentity(client) {
    try {
        const { data } = await client.rest.users.getAuthenticated();
        if (typeof data.login === 'string' && data.login !== '')
            return data.login;
    }
    catch (error) {
        const status = error.status;
        // 401/403: an installation token (or no user scope); anything else is not about identity.
        if (status !== 401 && status !== 403)
            return undefined;
    }
    try {
        const answer = await client.graphql(VIEWER_QUERY);
        const login = answer.viewer?.login;
        return typeof login === 'string' && login !== '' ? login : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./build/domain/render/security-issue.js
var security_issue = __webpack_require__(42456);
;// CONCATENATED MODULE: ./build/adapters/github/marked-issues.js



/** Lists stop after this many pages (10,000 issues with the label); older ones are not looked at. */
const MAX_PAGES = 100;
async function listMarkedIssues(client, repository, label, marker, state, 
/** Only issues opened by this login (the gate's identity) count; undefined: none do. */
author) {
    if (author === undefined)
        return [];
    let pages = 0;
    const issues = await client.paginate(client.rest.issues.listForRepo, { ...repository, labels: label, state, sort: 'created', direction: 'asc', per_page: 100 }, (response, done) => {
        pages += 1;
        if (pages >= MAX_PAGES)
            done();
        return response.data
            // A marker is only text: an issue someone else opened with it is not the gate's.
            .filter((issue) => !issue.pull_request && (0,markers/* hasMarker */.xY)(issue.body, marker) && sameLogin(issue.user?.login, author))
            .map((issue) => ({ number: issue.number, body: issue.body ?? '', state: issue.state, url: issue.html_url, author: issue.user?.login }));
    });
    return issues.sort((a, b) => a.number - b.number);
}
/** Creates the label if it does not exist. Failures are left to the issue calls that follow to report. */
async function ensureLabel(client, repository, label) {
    try {
        await client.rest.issues.getLabel({ ...repository, name: label });
    }
    catch (error) {
        if (error.status !== 404)
            return;
        try {
            await client.rest.issues.createLabel({ ...repository, name: label, color: 'b60205', description: 'Findings reported by container-security-gate' });
        }
        catch {
            // 422 already_exists (a concurrent run made it) or no permission: issues.create reports the latter.
        }
    }
}
async function closeIssue(client, repository, issueNumber, comment, reason) {
    await client.rest.issues.createComment({ ...repository, issue_number: issueNumber, body: comment });
    await client.rest.issues.update({ ...repository, issue_number: issueNumber, state: 'closed', state_reason: reason });
}
/**
 * The oldest open marked issue, creating one when there is none, and closing duplicates as
 * described above.
 */
async function findOrCreateMarkedIssue(client, repository, options) {
    const open = options.existing ?? (await listMarkedIssues(client, repository, options.label, options.marker, 'open', options.author));
    const closedDuplicates = [];
    if (open.length > 0) {
        const [kept, ...extra] = open;
        // Left behind by an earlier run that died mid-race: close all but the oldest.
        for (const duplicate of extra) {
            await closeIssue(client, repository, duplicate.number, (0,security_issue/* duplicateIssueComment */.c4)(kept.number), 'duplicate');
            closedDuplicates.push(duplicate.number);
        }
        return { kept: kept, createdKept: false, created: false, closedDuplicates };
    }
    const { data } = await client.rest.issues.create({ ...repository, title: options.title, body: options.body(), labels: [options.label] });
    const mine = { number: data.number, body: data.body ?? '', state: data.state, url: data.html_url, author: data.user?.login };
    // What GitHub says this run created is by the gate, whatever the identity lookup found.
    const after = await listMarkedIssues(client, repository, options.label, options.marker, 'open', options.author ?? data.user?.login);
    if (!after.some((i) => i.number === mine.number))
        after.push(mine);
    after.sort((a, b) => a.number - b.number);
    const oldest = after[0];
    if (oldest.number === mine.number)
        return { kept: mine, createdKept: true, created: true, closedDuplicates };
    await closeIssue(client, repository, mine.number, (0,security_issue/* duplicateIssueComment */.c4)(oldest.number), 'duplicate');
    closedDuplicates.push(mine.number);
    return { kept: oldest, createdKept: false, created: true, closedDuplicates };
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(92413);
;// CONCATENATED MODULE: ./build/adapters/github/octokit-client.js



const DEFAULT_MAX_ATTEMPTS = 3;
/**
 * Octokit from @actions/github (proxy settings, user agent) with a small retry: 5xx and
 * network failures are tried again a few times, with a growing pause. Rate limits are not
 * retried — waiting out an hour-long reset would stall the job; the caller warns instead.
 * A retried POST that GitHub had in fact completed can leave a duplicate; for issues and PR
 * comments the re-list after creating (marked-issues.ts) removes it again.
 */
function createGitHubClient(options) {
    const octokit = (0,github/* getOctokit */.Q)(options.token, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {});
    const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const delay = options.retryDelayMs ?? 1000;
    const timeout = options.requestTimeoutMs ?? 30_000;
    octokit.hook.wrap('request', async (request, endpoint) => {
        for (let attempt = 1;; attempt++) {
            try {
                return await request({ ...endpoint, request: { ...endpoint.request, signal: AbortSignal.timeout(timeout) } });
            }
            catch (error) {
                if (attempt >= maxAttempts || !isRetryable(apiFailureOf(error)))
                    throw error;
                await (0,promises_.setTimeout)(delay * 2 ** (attempt - 1));
            }
        }
    });
    return octokit;
}

;// CONCATENATED MODULE: ./build/adapters/github/octokit-reporter.js





function splitRepository(repository) {
    const [owner, repo, ...rest] = repository.split('/');
    if (!owner || !repo || rest.length > 0)
        throw new Error(`'${repository}' is not owner/name`);
    return { owner, repo };
}
/** A token must never reach a log line, even inside an error message. */
function redact(token, lines) {
    return token ? lines.map((line) => line.split(token).join('***')) : lines;
}
const FALLBACK_NOTICE = 'The pull request comment could not be written (pull requests from forks get a read-only token without `pull-requests: write`), so the report is shown here instead.';
function noToken(what, permission) {
    return `no github-token: skipped the ${what}. Pass \`github-token: \${{ github.token }}\` and grant \`permissions: ${permission}\`. The verdict is not affected.`;
}
/**
 * The GitHub reporter, talking to the REST API through @actions/github's Octokit.
 * Never throws: every failure becomes a warning in the result.
 */
function createGitHubReporter(options) {
    const token = options.token.trim();
    const attempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    let repository;
    let client;
    let setupProblem;
    try {
        repository = splitRepository(options.repository);
        if (token)
            client = createGitHubClient({ ...options, token });
    }
    catch (error) {
        setupProblem = `could not set up the GitHub API client: ${error instanceof Error ? error.message : String(error)}. The verdict is not affected.`;
    }
    // Looked up once, on first use: a run without reports never asks.
    let identity;
    const identityOf = (github) => (identity ??= gateIdentity(github));
    const ready = (what, permission) => {
        if (setupProblem)
            return setupProblem;
        if (!client || !repository)
            return noToken(what, permission);
        return { client, repository };
    };
    return {
        async upsertPullRequestComment(request) {
            const action = `write the pull request comment on #${request.pullNumber}`;
            const context = ready('pull request comment', 'pull-requests: write');
            if (typeof context === 'string')
                return { outcome: 'fallback', notice: FALLBACK_NOTICE, warnings: redact(token, [context]) };
            try {
                return await upsertComment(context.client, context.repository, request, await identityOf(context.client));
            }
            catch (error) {
                const warning = describeApiFailure(error, action, 'pull-requests: write', attempts);
                const notice = isForbidden(error) ? FALLBACK_NOTICE : `The pull request comment could not be written (${warning}), so the report is shown here instead.`;
                return { outcome: 'fallback', notice: redact(token, [notice])[0], warnings: redact(token, [warning]) };
            }
        },
        async syncSecurityIssue(request) {
            if (request.content.action === 'skip')
                return { outcome: 'skipped', closedDuplicates: [], warnings: [] };
            const context = ready('security issue', 'issues: write');
            if (typeof context === 'string')
                return { outcome: 'failed', closedDuplicates: [], warnings: redact(token, [context]) };
            const closedDuplicates = [];
            try {
                return await syncIssue(context.client, context.repository, request, closedDuplicates, await identityOf(context.client));
            }
            catch (error) {
                const warning = describeApiFailure(error, `update the security issue for ${request.content.title}`, 'issues: write', attempts);
                return { outcome: 'failed', closedDuplicates, warnings: redact(token, [warning]) };
            }
        },
        async syncWeeklySummary(request) {
            const context = ready('weekly summary issue', 'issues: write');
            if (typeof context === 'string')
                return { outcome: 'failed', closedDuplicates: [], warnings: redact(token, [context]) };
            try {
                return await syncSummary(context.client, context.repository, request, await identityOf(context.client));
            }
            catch (error) {
                const warning = describeApiFailure(error, 'update the weekly summary issue', 'issues: write', attempts);
                return { outcome: 'failed', closedDuplicates: [], warnings: redact(token, [warning]) };
            }
        },
    };
}
/** Marked comments written by `author` (the gate); a marked comment by anyone else is not the gate's. */
async function markedComments(client, repository, pullNumber, marker, author) {
    if (author === undefined)
        return [];
    const comments = await client.paginate(client.rest.issues.listComments, { ...repository, issue_number: pullNumber, per_page: 100 }, (response) => response.data.filter((c) => (0,markers/* hasMarker */.xY)(c.body, marker) && sameLogin(c.user?.login, author)));
    return comments.sort((a, b) => a.id - b.id);
}
/**
 * One comment per image: the oldest marked comment is updated in place. A run that created a
 * comment lists again; if an older marked one appeared meanwhile (a concurrent run), it moves
 * its body there and deletes its own — the same "oldest wins" rule as for issues.
 */
async function upsertComment(client, repository, request, identity) {
    const { marker, body } = request.content;
    const existing = await markedComments(client, repository, request.pullNumber, marker, identity);
    const oldest = existing[0];
    if (oldest) {
        const { data } = await client.rest.issues.updateComment({ ...repository, comment_id: oldest.id, body });
        // Extra marked comments (all by the gate) are leftovers of an earlier race.
        for (const extra of existing.slice(1)) {
            await client.rest.issues.deleteComment({ ...repository, comment_id: extra.id });
        }
        return { outcome: 'updated', commentUrl: data.html_url, warnings: [] };
    }
    const { data: created } = await client.rest.issues.createComment({ ...repository, issue_number: request.pullNumber, body });
    const after = await markedComments(client, repository, request.pullNumber, marker, identity ?? created.user?.login);
    const first = after[0];
    if (first && first.id !== created.id) {
        const { data } = await client.rest.issues.updateComment({ ...repository, comment_id: first.id, body });
        await client.rest.issues.deleteComment({ ...repository, comment_id: created.id });
        return { outcome: 'updated', commentUrl: data.html_url, warnings: [] };
    }
    return { outcome: 'created', commentUrl: created.html_url, warnings: [] };
}
async function syncIssue(client, repository, request, closedDuplicates, identity) {
    const { content, label } = request;
    const open = await listMarkedIssues(client, repository, label, content.marker, 'open', identity);
    if (content.action === 'close') {
        if (open.length === 0)
            return { outcome: 'unchanged', closedDuplicates, warnings: [] };
        for (const issue of open)
            await closeIssue(client, repository, issue.number, content.closingComment, 'completed');
        return { outcome: 'closed', issueNumber: open[0].number, issueUrl: open[0].url, closedDuplicates, warnings: [] };
    }
    if (open.length === 0)
        await ensureLabel(client, repository, label);
    const found = await findOrCreateMarkedIssue(client, repository, {
        label,
        marker: content.marker,
        title: content.title,
        body: () => content.body,
        existing: open,
        author: identity,
    });
    closedDuplicates.push(...found.closedDuplicates);
    if (!found.createdKept) {
        await client.rest.issues.createComment({ ...repository, issue_number: found.kept.number, body: content.scanComment });
    }
    return {
        outcome: found.createdKept ? 'created' : 'appended',
        issueNumber: found.kept.number,
        issueUrl: found.kept.url,
        closedDuplicates,
        warnings: [],
    };
}
async function syncSummary(client, repository, request, identity) {
    // Only the gate's own summaries carry history: a closed look-alike by anyone else seeds nothing.
    const all = await listMarkedIssues(client, repository, request.label, request.marker, 'all', identity);
    const open = all.filter((i) => i.state === 'open');
    if (open.length === 0)
        await ensureLabel(client, repository, request.label);
    // With no open summary, continue the history of the newest closed one.
    const previousClosed = all.filter((i) => i.state !== 'open').pop();
    const found = await findOrCreateMarkedIssue(client, repository, {
        label: request.label,
        marker: request.marker,
        title: request.title,
        body: () => request.render(previousClosed?.body),
        existing: open,
        author: identity,
    });
    if (!found.createdKept) {
        await client.rest.issues.update({ ...repository, issue_number: found.kept.number, body: request.render(found.kept.body) });
    }
    return {
        outcome: found.createdKept ? 'created' : 'updated',
        issueNumber: found.kept.number,
        issueUrl: found.kept.url,
        closedDuplicates: found.closedDuplicates,
        warnings: [],
    };
}


/***/ })

};
