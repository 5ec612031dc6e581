import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { githubOpenApi, type OpenApiDescription, type OpenApiOperation } from './openapi-validator.js';

/*
 * A small GitHub REST API on 127.0.0.1 for the GitHub adapter's tests.
 *
 * Every request is matched to an operation of GitHub's official OpenAPI description and
 * validated (path and query parameters, body, unknown fields); every response this server
 * sends is validated against the operation's documented status codes and schemas. Anything
 * that does not conform is recorded in `violations` (and an invalid request is answered
 * 422/404 like GitHub would), so a test that ends with violations fails: see `takeViolations`.
 *
 * It keeps issues, comments and labels in memory and implements the handful of operations the
 * adapter uses with GitHub's semantics (pagination with Link headers, label filters, the 65,536
 * character body limit, permissions of a read-only token), so tests assert outcomes.
 */

export type Permission = 'write' | 'read';

export interface TestServerOptions {
  owner?: string;
  repo?: string;
  /** The token requests must carry (`authorization: token …` or `Bearer …`). */
  token?: string;
  /** What the token may do: a fork's pull request gets `read` for both. */
  permissions?: { issues?: Permission; pullRequests?: Permission };
  /** The user the token belongs to. */
  login?: string;
  /**
   * What kind of token it is. `installation` (GITHUB_TOKEN or a GitHub App's installation
   * token): `GET /user` answers 403 "Resource not accessible by integration", as GitHub does,
   * and GraphQL `viewer` names the bot. `user` (a personal access token): `GET /user` answers.
   * Default: installation.
   */
  tokenKind?: 'installation' | 'user';
  /** GraphQL answers with errors instead of the viewer (an identity that cannot be found). */
  graphqlFails?: boolean;
}

export interface StoredLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface StoredIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  labels: string[];
  isPullRequest: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  login: string;
}

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  login: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  body: unknown;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Injected faults model infrastructure answers (5xx, rate limits) GitHub sends for any operation. */
  fault?: boolean;
}

/** GitHub's limit on issue and comment bodies. */
export const GITHUB_BODY_LIMIT = 65_536;

const DOCS = 'https://docs.github.com/rest';

export class GitHubTestServer {
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readonly login: string;
  readonly tokenKind: 'installation' | 'user';
  graphqlFails: boolean;
  permissions: { issues: Permission; pullRequests: Permission };
  readonly issues = new Map<number, StoredIssue>();
  readonly comments = new Map<number, StoredComment>();
  readonly labels = new Map<string, StoredLabel>();
  readonly requests: RecordedRequest[] = [];
  private readonly violationList: string[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly holds = new Map<string, { count: number; waiting: (() => void)[] }>();
  private readonly api: OpenApiDescription;
  private server: Server | undefined;
  private nextId = 1000;
  private nextNumber = 1;
  private clock = Date.parse('2026-01-05T09:00:00Z');
  url = '';

  constructor(options: TestServerOptions = {}) {
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'app';
    this.token = options.token ?? 'ghs_testtoken0123456789';
    this.login = options.login ?? 'github-actions[bot]';
    this.tokenKind = options.tokenKind ?? 'installation';
    this.graphqlFails = options.graphqlFails ?? false;
    this.permissions = { issues: options.permissions?.issues ?? 'write', pullRequests: options.permissions?.pullRequests ?? 'write' };
    this.api = githubOpenApi();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.violationList.push(`test server crashed: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const hold of this.holds.values()) hold.waiting.splice(0).forEach((release) => release());
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get violations(): readonly string[] {
    return this.violationList;
  }

  /** Returns and clears the violations: tests call it in afterEach and expect []. */
  takeViolations(): string[] {
    return this.violationList.splice(0);
  }

  /** The next `times` requests to `operationId` get `fault` instead of being handled. */
  failNext(operationId: string, fault: Fault, times = 1): void {
    this.api.operation(operationId); // a typo in a test must not silently inject nothing
    const queue = this.faults.get(operationId) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(operationId, queue);
  }

  /**
   * Holds requests to `operationId` until `count` of them are waiting, then lets them all
   * through together: makes concurrent runs see the same state, deterministically.
   */
  holdUntil(operationId: string, count: number): void {
    this.api.operation(operationId);
    this.holds.set(operationId, { count, waiting: [] });
  }

  /** Seeds an issue or pull request as if someone else had created it. */
  seedIssue(fields: Partial<Pick<StoredIssue, 'title' | 'body' | 'state' | 'labels' | 'isPullRequest' | 'login'>> = {}): StoredIssue {
    for (const name of fields.labels ?? []) this.ensureLabel(name);
    return this.storeIssue({
      title: fields.title ?? 'seeded',
      body: fields.body ?? null,
      labels: fields.labels ?? [],
      isPullRequest: fields.isPullRequest ?? false,
      login: fields.login ?? 'octocat',
      state: fields.state ?? 'open',
    });
  }

  seedComment(issueNumber: number, body: string, login = 'octocat'): StoredComment {
    const now = this.tick();
    const comment: StoredComment = { id: this.nextId++, issueNumber, body, createdAt: now, updatedAt: now, login };
    this.comments.set(comment.id, comment);
    return comment;
  }

  commentsOn(issueNumber: number): StoredComment[] {
    return [...this.comments.values()].filter((c) => c.issueNumber === issueNumber).sort((a, b) => a.id - b.id);
  }

  openIssues(): StoredIssue[] {
    return [...this.issues.values()].filter((i) => i.state === 'open' && !i.isPullRequest);
  }

  /** Operation ids of the requests received, in order. */
  operations(): string[] {
    return this.requests.map((r) => r.operationId ?? `${r.method} ${r.path}`);
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private ensureLabel(name: string): StoredLabel {
    const existing = this.labels.get(name.toLowerCase());
    if (existing) return existing;
    const label: StoredLabel = { id: this.nextId++, name, color: 'ededed', description: null };
    this.labels.set(name.toLowerCase(), label);
    return label;
  }

  private storeIssue(fields: Pick<StoredIssue, 'title' | 'body' | 'labels' | 'isPullRequest' | 'login' | 'state'>): StoredIssue {
    const now = this.tick();
    const issue: StoredIssue = {
      ...fields,
      number: this.nextNumber++,
      id: this.nextId++,
      stateReason: fields.state === 'closed' ? 'completed' : null,
      createdAt: now,
      updatedAt: now,
      closedAt: fields.state === 'closed' ? now : null,
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const record: RecordedRequest = { method, path: url.pathname, operationId: undefined, status: 0, body: undefined };
    this.requests.push(record);

    const send = (reply: Reply, operation: OpenApiOperation | undefined): void => {
      record.status = reply.status;
      if (operation) {
        const problems = this.api.validateResponse(operation, reply.status, reply.body, {
          allowUndocumented: reply.fault === true || [401, 403, 429].includes(reply.status) || reply.status >= 500,
        });
        for (const problem of problems) this.violationList.push(`${method} ${url.pathname} → ${problem}`);
      }
      const headers: Record<string, string> = {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        'x-ratelimit-used': '1',
        'x-ratelimit-resource': 'core',
        'x-github-api-version-selected': '2022-11-28',
        ...reply.headers,
      };
      if (reply.body === undefined) {
        res.writeHead(reply.status, headers).end();
      } else {
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(reply.body));
      }
    };

    let body: unknown;
    const hasBody = raw.length > 0;
    if (hasBody) {
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) {
        this.violationList.push(`${method} ${url.pathname}: body sent with content-type ${req.headers['content-type'] ?? '(none)'}`);
      }
      try {
        body = JSON.parse(raw);
      } catch {
        this.violationList.push(`${method} ${url.pathname}: body is not JSON`);
        send({ status: 400, body: { message: 'Problems parsing JSON', documentation_url: DOCS } }, undefined);
        return;
      }
    }
    record.body = body;

    if (url.pathname === '/graphql') {
      send(this.graphql(method, req.headers.authorization ?? '', body), undefined);
      return;
    }

    const matched = this.api.match(method, url.pathname);
    if (!matched) {
      this.violationList.push(`${method} ${url.pathname}: no such operation in GitHub's OpenAPI description`);
      send({ status: 404, body: { message: 'Not Found', documentation_url: DOCS } }, undefined);
      return;
    }
    const { operation } = matched;
    record.operationId = operation.operationId;

    const { problems, params } = this.api.validateRequest(matched, url.searchParams, body, hasBody);
    if (problems.length > 0) {
      for (const problem of problems) this.violationList.push(`${method} ${url.pathname} (${operation.operationId}): ${problem}`);
      send({ status: 422, fault: true, body: { message: 'Validation Failed', documentation_url: DOCS, errors: problems.map((p) => ({ code: 'invalid', message: p })) } }, operation);
      return;
    }

    const authorization = req.headers.authorization ?? '';
    if (authorization !== `token ${this.token}` && authorization !== `Bearer ${this.token}`) {
      send({ status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' } }, operation);
      return;
    }

    const fault = this.faults.get(operation.operationId)?.shift();
    if (fault) {
      send({ ...fault, fault: true }, operation);
      return;
    }

    const hold = this.holds.get(operation.operationId);
    if (hold) {
      await new Promise<void>((resolve) => {
        hold.waiting.push(resolve);
        if (hold.waiting.length >= hold.count) {
          this.holds.delete(operation.operationId);
          hold.waiting.splice(0).forEach((release) => release());
        }
      });
    }

    const reply = this.dispatch(operation.operationId, params, body as Record<string, unknown> | undefined, url);
    send(reply, operation);
  }

  /**
   * GitHub's GraphQL endpoint is not part of the REST description, so this one is held to its
   * own contract here: POST, JSON `{ query }`, and only the one query the gate sends
   * (`viewer { login }`); anything else is a violation.
   */
  private graphql(method: string, authorization: string, body: unknown): Reply {
    const query = (body as { query?: unknown } | undefined)?.query;
    const keys = typeof body === 'object' && body !== null ? Object.keys(body) : [];
    if (method !== 'POST' || typeof query !== 'string' || keys.some((k) => k !== 'query' && k !== 'variables')) {
      this.violationList.push(`${method} /graphql: not a GraphQL request (${JSON.stringify(body)})`);
      return { status: 400, body: { message: 'Problems parsing JSON' } };
    }
    if (!/^\s*(query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query)) {
      this.violationList.push(`POST /graphql: unexpected query ${JSON.stringify(query)}`);
      return { status: 200, body: { errors: [{ message: 'unexpected query' }] } };
    }
    if (authorization !== `token ${this.token}` && authorization !== `Bearer ${this.token}`) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } };
    }
    if (this.graphqlFails) return { status: 200, body: { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] } };
    return { status: 200, body: { data: { viewer: { login: this.login } } } };
  }

  private forbidden(permission: string): Reply {
    return {
      status: 403,
      headers: { 'x-accepted-github-permissions': permission },
      body: { message: 'Resource not accessible by integration', documentation_url: `${DOCS}/issues`, status: '403' },
    };
  }

  private notFound(): Reply {
    return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
  }

  private tooLong(resource: string, body: unknown): Reply | undefined {
    if (typeof body !== 'string' || body.length <= GITHUB_BODY_LIMIT) return undefined;
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        documentation_url: DOCS,
        errors: [{ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${GITHUB_BODY_LIMIT} characters)` }],
      },
    };
  }

  private canWriteIssue(issue: StoredIssue | undefined): boolean {
    // Comments on a pull request go through the issues API and accept either permission.
    return this.permissions.issues === 'write' || (issue?.isPullRequest === true && this.permissions.pullRequests === 'write');
  }

  private dispatch(operationId: string, params: Record<string, unknown>, body: Record<string, unknown> | undefined, url: URL): Reply {
    if (operationId === 'users/get-authenticated') {
      if (this.tokenKind === 'installation') {
        return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: `${DOCS}/users/users#get-the-authenticated-user`, status: '403' } };
      }
      return { status: 200, body: this.authenticatedUserJson() };
    }
    if (params.owner !== this.owner || params.repo !== this.repo) return this.notFound();
    const issueNumber = params.issue_number as number | undefined;
    const issue = issueNumber === undefined ? undefined : this.issues.get(issueNumber);
    switch (operationId) {
      case 'issues/list-for-repo': {
        const state = (params.state as string | undefined) ?? 'open';
        const wanted = typeof params.labels === 'string' ? params.labels.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean) : [];
        const direction = (params.direction as string | undefined) ?? 'desc';
        const items = [...this.issues.values()]
          .filter((i) => state === 'all' || i.state === state)
          .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
          .sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number));
        return this.page(items.map((i) => this.issueJson(i)), params, url);
      }
      case 'issues/get':
        return issue ? { status: 200, body: this.issueJson(issue) } : this.notFound();
      case 'issues/create': {
        if (this.permissions.issues !== 'write') return this.forbidden('issues=write');
        const tooLong = this.tooLong('Issue', body?.body);
        if (tooLong) return tooLong;
        const labels = ((body?.labels as unknown[] | undefined) ?? []).map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name)));
        for (const name of labels) this.ensureLabel(name);
        const created = this.storeIssue({
          title: String(body?.title),
          body: (body?.body as string | undefined) ?? null,
          labels: labels.map((l) => this.ensureLabel(l).name),
          isPullRequest: false,
          login: this.login,
          state: 'open',
        });
        return { status: 201, body: this.issueJson(created) };
      }
      case 'issues/update': {
        if (!issue) return this.notFound();
        if (this.permissions.issues !== 'write') return this.forbidden('issues=write');
        const tooLong = this.tooLong('Issue', body?.body);
        if (tooLong) return tooLong;
        const now = this.tick();
        if (typeof body?.title === 'string') issue.title = body.title;
        if (typeof body?.body === 'string') issue.body = body.body;
        if (body?.state === 'closed' && issue.state === 'open') {
          issue.state = 'closed';
          issue.closedAt = now;
          issue.stateReason = (body.state_reason as StoredIssue['stateReason']) ?? 'completed';
        } else if (body?.state === 'open' && issue.state === 'closed') {
          issue.state = 'open';
          issue.closedAt = null;
          issue.stateReason = 'reopened';
        }
        issue.updatedAt = now;
        return { status: 200, body: this.issueJson(issue) };
      }
      case 'issues/list-comments':
        if (!issue) return this.notFound();
        return this.page(this.commentsOn(issue.number).map((c) => this.commentJson(c)), params, url);
      case 'issues/create-comment': {
        if (!issue) return this.notFound();
        if (!this.canWriteIssue(issue)) return this.forbidden(issue.isPullRequest ? 'issues=write; pull_requests=write' : 'issues=write');
        const tooLong = this.tooLong('IssueComment', body?.body);
        if (tooLong) return tooLong;
        const comment = this.seedComment(issue.number, String(body?.body), this.login);
        issue.updatedAt = comment.createdAt;
        return { status: 201, body: this.commentJson(comment) };
      }
      case 'issues/update-comment': {
        const comment = this.comments.get(params.comment_id as number);
        if (!comment) return this.notFound();
        if (!this.canWriteIssue(this.issues.get(comment.issueNumber))) return this.forbidden('issues=write; pull_requests=write');
        const tooLong = this.tooLong('IssueComment', body?.body);
        if (tooLong) return tooLong;
        comment.body = String(body?.body);
        comment.updatedAt = this.tick();
        return { status: 200, body: this.commentJson(comment) };
      }
      case 'issues/delete-comment': {
        const comment = this.comments.get(params.comment_id as number);
        if (!comment) return this.notFound();
        if (!this.canWriteIssue(this.issues.get(comment.issueNumber))) return this.forbidden('issues=write; pull_requests=write');
        this.comments.delete(comment.id);
        return { status: 204 };
      }
      case 'issues/get-label': {
        const label = this.labels.get(String(params.name).toLowerCase());
        return label ? { status: 200, body: this.labelJson(label) } : this.notFound();
      }
      case 'issues/create-label': {
        if (this.permissions.issues !== 'write' && this.permissions.pullRequests !== 'write') return this.forbidden('issues=write; pull_requests=write');
        const name = String(body?.name);
        if (this.labels.has(name.toLowerCase())) {
          return { status: 422, body: { message: 'Validation Failed', documentation_url: DOCS, errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] } };
        }
        const label = this.ensureLabel(name);
        if (typeof body?.color === 'string') label.color = body.color;
        if (typeof body?.description === 'string') label.description = body.description;
        return { status: 201, body: this.labelJson(label) };
      }
      default:
        this.violationList.push(`${operationId} is valid GitHub API but not implemented by the test server`);
        return { status: 501, fault: true, body: { message: `not implemented: ${operationId}`, documentation_url: DOCS } };
    }
  }

  private page(items: unknown[], params: Record<string, unknown>, url: URL): Reply {
    const perPage = Math.min(Math.max((params.per_page as number | undefined) ?? 30, 1), 100);
    const page = Math.max((params.page as number | undefined) ?? 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (n: number): string => {
      const next = new URL(url.pathname + url.search, this.url);
      next.searchParams.set('page', String(n));
      return next.toString();
    };
    const links: string[] = [];
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
    return {
      status: 200,
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  private userJson(login: string): Record<string, unknown> {
    const base = `${this.url}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id: login === this.login ? 41898282 : 583231,
      node_id: 'MDQ6VXNlcjE=',
      avatar_url: 'https://avatars.githubusercontent.com/u/1?v=4',
      gravatar_id: '',
      url: base,
      html_url: `https://github.test/${encodeURIComponent(login)}`,
      followers_url: `${base}/followers`,
      following_url: `${base}/following{/other_user}`,
      gists_url: `${base}/gists{/gist_id}`,
      starred_url: `${base}/starred{/owner}{/repo}`,
      subscriptions_url: `${base}/subscriptions`,
      organizations_url: `${base}/orgs`,
      repos_url: `${base}/repos`,
      events_url: `${base}/events{/privacy}`,
      received_events_url: `${base}/received_events`,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
      site_admin: false,
    };
  }

  /** GET /user for a user's token: the public-user view. */
  private authenticatedUserJson(): Record<string, unknown> {
    return {
      ...this.userJson(this.login),
      user_view_type: 'public',
      name: null,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2020-01-01T00:00:00Z',
    };
  }

  private labelJson(label: StoredLabel): Record<string, unknown> {
    return {
      id: label.id,
      node_id: `LA_${label.id}`,
      url: `${this.url}/repos/${this.owner}/${this.repo}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      description: label.description,
      color: label.color,
      default: false,
    };
  }

  private issueJson(issue: StoredIssue): Record<string, unknown> {
    const repoUrl = `${this.url}/repos/${this.owner}/${this.repo}`;
    const url = `${repoUrl}/issues/${issue.number}`;
    const html = `https://github.test/${this.owner}/${this.repo}/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`;
    return {
      id: issue.id,
      node_id: `I_${issue.id}`,
      url,
      repository_url: repoUrl,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: html,
      number: issue.number,
      state: issue.state,
      state_reason: issue.stateReason,
      title: issue.title,
      body: issue.body,
      user: this.userJson(issue.login),
      labels: issue.labels.map((name) => this.labelJson(this.ensureLabel(name))),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: this.commentsOn(issue.number).length,
      ...(issue.isPullRequest
        ? { pull_request: { url: `${repoUrl}/pulls/${issue.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: null } }
        : {}),
      closed_at: issue.closedAt,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      author_association: 'OWNER',
    };
  }

  private commentJson(comment: StoredComment): Record<string, unknown> {
    const repoUrl = `${this.url}/repos/${this.owner}/${this.repo}`;
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${repoUrl}/issues/comments/${comment.id}`,
      body: comment.body,
      html_url: `https://github.test/${this.owner}/${this.repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
      user: this.userJson(comment.login),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${repoUrl}/issues/${comment.issueNumber}`,
      author_association: 'NONE',
    };
  }
}

export async function startGitHubTestServer(options: TestServerOptions = {}): Promise<GitHubTestServer> {
  return new GitHubTestServer(options).start();
}
