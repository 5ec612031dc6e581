export const id = 196;
export const ids = [196];
export const modules = {

/***/ 42347:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FF: () => (/* binding */ logWarning),
/* harmony export */   Ig: () => (/* binding */ forLog),
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   fH: () => (/* binding */ logInfo)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var _domain_text_safety_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(11781);



/*
 * The job log, for text the gate relays (RUN output, Trivy and registry messages, paths and
 * names from the pull request). A line the runner could take for a workflow command is
 * fenced with `::stop-commands::<token>` … `::<token>::`, the runner's own way of echoing
 * untrusted text; the token is random per run, so the text cannot know it and end the fence.
 * Annotations (core.warning, core.error) need no fence: @actions/core escapes their
 * line breaks, so their text stays one command's data.
 */
const STOP_TOKEN = `csg${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(16).toString('hex')}`;
const secrets = [];
/**
 * A secret to take out of every line and annotation, in any letter case. The runner masks
 * what core.setSecret registered, but only as registered: a tool that re-cases a secret
 * (or a runner that does not mask, like a local run) would print it.
 */
function registerSecret(value) {
    if (value !== '' && !secrets.includes(value))
        secrets.push(value);
}
/** Text for the log or an annotation: secrets out, in any case. */
function forLog(text) {
    return (0,_domain_text_safety_js__WEBPACK_IMPORTED_MODULE_2__/* .redactSecrets */ .fp)(text, secrets, 3);
}
function logInfo(line) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_domain_text_safety_js__WEBPACK_IMPORTED_MODULE_2__/* .inertText */ .UJ)(forLog(line), STOP_TOKEN));
}
function logWarning(line) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(forLog(line));
}


/***/ }),

/***/ 80949:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   fg: () => (/* binding */ sha256Hex),
/* harmony export */   pT: () => (/* binding */ statementAbout)
/* harmony export */ });
/* unused harmony export IN_TOTO_STATEMENT_V1 */
/**
 * in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md):
 * what every attestation the gate signs says, about exactly one subject, the pushed manifest digest.
 */
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** DSSE payloadType of an in-toto statement. */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const SHA256_DIGEST = /^sha256:([0-9a-f]{64})$/;
/** `sha256:<hex>` → its hex; anything else is a programming error upstream (digests come from the registry). */
function sha256Hex(digest) {
    const match = SHA256_DIGEST.exec(digest);
    if (!match)
        throw new Error(`not a sha256 digest: ${digest}`);
    return match[1];
}
function statementAbout(subject, predicateType, predicate) {
    return {
        _type: IN_TOTO_STATEMENT_V1,
        subject: [{ name: subject.repository, digest: { sha256: sha256Hex(subject.digest) } }],
        predicateType,
        predicate,
    };
}


/***/ }),

/***/ 37530:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ runContextFrom),
/* harmony export */   o: () => (/* binding */ gateVerdictPredicate)
/* harmony export */ });
/**
 * What the gate decided about one image, as attested data. Only a `pass` is ever attested:
 * a failed gate attaches nothing, so the type says so.
 */
function gateVerdictPredicate(args) {
    const { decision, scanner, run } = args;
    if (decision.verdict !== 'pass' || decision.policy === undefined) {
        throw new Error(`only a passed gate is attested (verdict ${decision.verdict})`);
    }
    const policy = decision.policy;
    return {
        gate: { name: 'container-security-gate', version: args.actionVersion },
        verdict: 'pass',
        reason: decision.reason,
        summary: decision.summary,
        reasons: decision.reasons.map((r) => ({ level: r.level, rule: r.rule, message: r.message })),
        image: { ...(args.image.id !== undefined && { id: args.image.id }), digest: args.image.digest },
        ...(args.scope && 'platform' in args.scope && { platform: args.scope.platform }),
        ...(args.scope && 'platforms' in args.scope && { platforms: args.scope.platforms.map((p) => ({ platform: p.platform, digest: p.digest, imageId: p.imageId })) }),
        policy: {
            failOn: [...policy.failOn],
            issueOn: [...policy.issueOn],
            unknownSeverity: policy.unknownSeverity,
            ignoreUnfixed: policy.ignoreUnfixed,
            compareOn: { baseline: args.baseline, blockOnIncrease: policy.blockOnIncrease },
            hardening: {
                requireNonRoot: policy.requireNonRoot,
                requireHealthcheck: policy.requireHealthcheck,
                maxImageSizeBytes: policy.maxImageSizeBytes ?? null,
                configSecrets: policy.configSecrets,
            },
            exceptions: decision.exceptions.used.map(({ exception, findings }) => ({
                id: exception.id,
                package: exception.package ?? null,
                path: exception.path ?? null,
                reason: exception.reason,
                expires: exception.expires,
                findings,
            })),
        },
        counts: { filesystem: { ...decision.counts.filesystem }, image: { ...decision.counts.image }, total: { ...decision.counts.total } },
        baseline: decision.baseline ? { verdict: decision.baseline.verdict, newCount: decision.baseline.newCount, fixedCount: decision.baseline.fixedCount } : null,
        hardening: decision.hardening.map((h) => ({ rule: h.rule, mode: h.mode, status: h.status })),
        scanner: {
            name: 'trivy',
            version: scanner.trivyVersion,
            db: { updatedAt: scanner.dbUpdatedAt ?? null, version: scanner.dbVersion ?? null },
            scanners: [...scanner.scanners],
        },
        evaluatedAt: decision.evaluatedAt,
        attestedAt: args.now.toISOString(),
        run: {
            url: run.url ?? null,
            repository: run.repository ?? null,
            sha: run.sha ?? null,
            ref: run.ref ?? null,
            workflow: run.workflow ?? null,
        },
    };
}
/** The run URL GitHub shows for this job, from the runner's environment. */
function runContextFrom(env) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const repository = env.GITHUB_REPOSITORY;
    const runId = env.GITHUB_RUN_ID;
    const attempt = env.GITHUB_RUN_ATTEMPT;
    return {
        url: repository && runId ? `${server}/${repository}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}` : undefined,
        repository,
        sha: env.GITHUB_SHA,
        ref: env.GITHUB_REF,
        workflow: env.GITHUB_WORKFLOW_REF,
    };
}


/***/ }),

/***/ 47709:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Oj: () => (/* binding */ reportCves),
/* harmony export */   Y_: () => (/* binding */ enrichFindings),
/* harmony export */   fh: () => (/* binding */ formatEpss)
/* harmony export */ });
/* unused harmony export findingCve */
/* harmony import */ var _exploit_data_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90510);

/** The CVE a vulnerability is known by: its own ID, else the first CVE among its aliases. */
function findingCve(finding) {
    if (finding.kind !== 'vulnerability')
        return undefined;
    const own = (0,_exploit_data_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalCve */ .Nh)(finding.id);
    if (own !== undefined)
        return own;
    for (const alias of finding.aliases) {
        const cve = (0,_exploit_data_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalCve */ .Nh)(alias);
        if (cve !== undefined)
            return cve;
    }
    return undefined;
}
/**
 * Every CVE the reports mention (vulnerability IDs and Trivy's VendorIDs aliases): the only
 * rows of the feeds worth keeping.
 */
function reportCves(reports) {
    const cves = new Set();
    for (const report of reports) {
        for (const result of report?.Results ?? []) {
            for (const v of result.Vulnerabilities) {
                const own = (0,_exploit_data_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalCve */ .Nh)(v.VulnerabilityID);
                if (own !== undefined)
                    cves.add(own);
                const vendorIds = v.VendorIDs;
                if (Array.isArray(vendorIds)) {
                    for (const id of vendorIds) {
                        const cve = typeof id === 'string' ? (0,_exploit_data_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalCve */ .Nh)(id) : undefined;
                        if (cve !== undefined)
                            cves.add(cve);
                    }
                }
            }
        }
    }
    return cves;
}
/** Sets `exploit` on every vulnerability the loaded feeds know; one map lookup per feed per finding. */
function enrichFindings(findings, data) {
    if (data === undefined)
        return;
    const kev = data.kev.status === 'loaded' && data.kev.entries.size > 0 ? data.kev.entries : undefined;
    const epss = data.epss.status === 'loaded' && data.epss.entries.size > 0 ? data.epss.entries : undefined;
    if (kev === undefined && epss === undefined)
        return;
    for (const finding of findings) {
        if (finding.kind !== 'vulnerability')
            continue;
        // The usual case first: the ID is a canonical CVE (no regex, no new string).
        const cve = kev?.has(finding.id) || epss?.has(finding.id) ? finding.id : findingCve(finding);
        if (cve === undefined)
            continue;
        const inKev = kev?.get(cve);
        const score = epss?.get(cve);
        if (inKev === undefined && score === undefined)
            continue;
        const exploit = { cve };
        if (inKev !== undefined)
            exploit.kev = inKev;
        if (score !== undefined)
            exploit.epss = score;
        finding.exploit = exploit;
    }
}
/** `12.3%` for 0.1234; scores below 0.1% keep two significant digits. */
function formatEpss(score) {
    const percent = score * 100;
    if (percent >= 10)
        return `${percent.toFixed(1)}%`;
    if (percent >= 0.1)
        return `${percent.toFixed(2)}%`;
    return `${percent.toPrecision(2)}%`;
}


/***/ }),

/***/ 90510:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nh: () => (/* binding */ canonicalCve),
/* harmony export */   U8: () => (/* binding */ ExploitDataError),
/* harmony export */   pA: () => (/* binding */ EXPLOIT_SOURCE_LABEL)
/* harmony export */ });
/*
 * Exploit data: CISA's Known Exploited Vulnerabilities catalog (KEV) and FIRST's Exploit
 * Prediction Scoring System (EPSS). Severity says how bad a vulnerability could be; these say
 * whether it is being exploited now (KEV) or how likely it is to be in the next 30 days (EPSS).
 */
/** A feed that could not be read; `problem` classifies it. Thrown by the parsers. */
class ExploitDataError extends Error {
    problem;
    constructor(problem, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'ExploitDataError';
        this.problem = problem;
    }
}
const CVE = /^CVE-\d{4}-\d{4,}$/;
/** Worth normalising: `cve-…`, or padded with whitespace. */
const LOOSE_CVE = /^\s*cve-/i;
/** Canonical spelling (`CVE-2021-44228`) or undefined when `id` is not a CVE ID. */
function canonicalCve(id) {
    // Most IDs already are canonical: no new string for them (tens of thousands per report).
    if (CVE.test(id))
        return id;
    if (!LOOSE_CVE.test(id))
        return undefined;
    const upper = id.trim().toUpperCase();
    return CVE.test(upper) ? upper : undefined;
}
const EXPLOIT_SOURCE_LABEL = {
    kev: 'CISA KEV catalog',
    epss: 'FIRST EPSS scores',
};


/***/ }),

/***/ 75511:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dN: () => (/* binding */ describeExploitData),
/* harmony export */   g: () => (/* binding */ exploitRule),
/* harmony export */   r7: () => (/* binding */ exploitDataReasons),
/* harmony export */   wo: () => (/* binding */ summariseExploitData)
/* harmony export */ });
/* harmony import */ var _exploit_data_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90510);
/* harmony import */ var _enrich_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(47709);


/** The exploit rule that blocks a finding, if any: KEV before EPSS. */
function exploitRule(finding, policy) {
    const exploit = finding.exploit;
    if (exploit === undefined)
        return undefined;
    if (exploit.kev !== undefined && policy.failOnKev !== false)
        return 'known-exploited';
    const threshold = policy.epssThreshold;
    if (threshold !== undefined && exploit.epss !== undefined && exploit.epss.score >= threshold)
        return 'epss';
    return undefined;
}
function sourceSummary(source) {
    switch (source.status) {
        case 'loaded':
            return { status: 'loaded', date: source.date, origin: source.origin };
        case 'missing':
            return { status: 'missing', origin: source.origin, cause: source.cause };
        case 'off':
            return { status: 'off' };
    }
}
function summariseExploitData(data, evaluations) {
    const kev = new Set();
    let maxEpss;
    for (const e of evaluations) {
        const exploit = e.finding.exploit;
        if (exploit === undefined)
            continue;
        if (exploit.kev !== undefined && e.status !== 'excepted')
            kev.add(exploit.cve);
        if (exploit.epss !== undefined && (maxEpss === undefined || exploit.epss.score > maxEpss))
            maxEpss = exploit.epss.score;
    }
    const madeWithout = ['kev', 'epss'].filter((name) => data[name].status === 'missing');
    return { kev: sourceSummary(data.kev), epss: sourceSummary(data.epss), madeWithout, kevCount: kev.size, maxEpss };
}
/** A warning per missing feed: the decision stands on severity and says what it lacked. */
function exploitDataReasons(summary) {
    return summary.madeWithout.map((name) => ({
        level: 'warn',
        rule: 'exploit-data',
        message: `decided without the ${_exploit_data_js__WEBPACK_IMPORTED_MODULE_0__/* .EXPLOIT_SOURCE_LABEL */ .pA[name]}: ${summary[name].cause ?? 'unavailable'}`,
    }));
}
/** "KEV catalog of 2025-11-28, EPSS scores of 2025-11-30" — the data's dates, for every report. */
function describeExploitData(summary) {
    const part = (name) => {
        const source = summary[name];
        if (source.status === 'loaded')
            return `${_exploit_data_js__WEBPACK_IMPORTED_MODULE_0__/* .EXPLOIT_SOURCE_LABEL */ .pA[name]} of ${source.date ?? 'unknown date'}`;
        if (source.status === 'off')
            return `${_exploit_data_js__WEBPACK_IMPORTED_MODULE_0__/* .EXPLOIT_SOURCE_LABEL */ .pA[name]} not used`;
        return `${_exploit_data_js__WEBPACK_IMPORTED_MODULE_0__/* .EXPLOIT_SOURCE_LABEL */ .pA[name]} unavailable (${source.cause ?? 'no cause given'})`;
    };
    const max = summary.maxEpss === undefined ? '' : `; highest EPSS ${(0,_enrich_js__WEBPACK_IMPORTED_MODULE_1__/* .formatEpss */ .fh)(summary.maxEpss)}`;
    return `${part('kev')}, ${part('epss')}: ${summary.kevCount} known-exploited CVE${summary.kevCount === 1 ? '' : 's'}${max}`;
}


/***/ }),

/***/ 31049:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vl: () => (/* binding */ toGateError),
/* harmony export */   ue: () => (/* binding */ GateError)
/* harmony export */ });
/* unused harmony exports ERROR_REASONS, FAIL_REASONS, describeGateError */
/**
 * Every way the action can end other than `pass`, as a short machine-readable code.
 * `fail` verdicts carry a finding-related reason; everything else is an `error`.
 */
const ERROR_REASONS = (/* unused pure expression or super */ null && ([
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
    'exploit-data',
    'attest-error',
    'internal-error',
]));
const FAIL_REASONS = (/* unused pure expression or super */ null && (['vulnerable', 'policy', 'regressed']));
/**
 * An error the action knows how to explain: a reason code for the `reason` output,
 * what went wrong, and what the user can do about it.
 */
class GateError extends Error {
    reason;
    remedy;
    /** Lines of tool output (e.g. Trivy stderr) worth showing next to the message. */
    details;
    constructor(reason, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'GateError';
        this.reason = reason;
        this.remedy = options.remedy;
        this.details = options.details ?? [];
    }
}
/** Anything thrown that is not a GateError is a bug or an unclassified failure: fail closed. */
function toGateError(error) {
    if (error instanceof GateError)
        return error;
    const message = error instanceof Error ? error.message : String(error);
    return new GateError('internal-error', `unexpected failure: ${message}`, {
        cause: error,
        remedy: 'This is not a finding in your image. Re-run the job; if it persists, report it with the log.',
    });
}
function describeGateError(error) {
    return error.remedy ? `${error.message}\n  → ${error.remedy}` : error.message;
}


/***/ }),

/***/ 77163:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ot: () => (/* binding */ autoPush),
/* harmony export */   T5: () => (/* binding */ isPullRequestEvent),
/* harmony export */   Yb: () => (/* binding */ pullNumberFromRef),
/* harmony export */   _B: () => (/* binding */ branchFromRef),
/* harmony export */   e7: () => (/* binding */ eventContextFrom),
/* harmony export */   ef: () => (/* binding */ gitTagFromRef)
/* harmony export */ });
/* unused harmony export AUTO_PUSH_EVENTS */
/* harmony import */ var _gate_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31049);

const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/; // SHA-1 and SHA-256 repositories
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const SERVER_URL = /^https?:\/\/[^\s/]+(?:\/[^\s]*)?$/;
const PULL_REF = /^refs\/pull\/(\d+)\//;
/** `refs/heads/feature/x` → `feature/x`; anything else → undefined. */
function branchFromRef(ref) {
    return ref.startsWith('refs/heads/') && ref.length > 'refs/heads/'.length ? ref.slice('refs/heads/'.length) : undefined;
}
/** `refs/tags/v1.2.3` → `v1.2.3`; anything else → undefined. */
function gitTagFromRef(ref) {
    return ref.startsWith('refs/tags/') && ref.length > 'refs/tags/'.length ? ref.slice('refs/tags/'.length) : undefined;
}
/** `refs/pull/42/merge` → 42. */
function pullNumberFromRef(ref) {
    const match = PULL_REF.exec(ref);
    return match ? Number(match[1]) : undefined;
}
/** Every `pull_request*` event (pull_request, pull_request_target, pull_request_review…) carries `pull_request`. */
function isPullRequestEvent(eventName) {
    return eventName.startsWith('pull_request');
}
/**
 * Which events `push: auto` pushes on: only those whose code is this repository's own
 * (a push to one of its branches or tags, a release, a manual or scheduled run). Everything
 * else may build code from a pull request: `pull_request*` obviously, and `workflow_run`,
 * `issue_comment` and `merge_group` workflows often check out the pull request's head.
 * Unknown events never push on their own either.
 */
const AUTO_PUSH_EVENTS = {
    push: 'a push to a branch or tag of this repository',
    release: 'a release of this repository',
    workflow_dispatch: 'a manual run on a branch or tag of this repository',
    schedule: 'a scheduled run on the default branch',
};
function autoPush(eventName, ref) {
    if (!(eventName in AUTO_PUSH_EVENTS)) {
        return { push: false, why: isPullRequestEvent(eventName) ? 'it builds pull request code' : 'the event may build code that is not this repository\'s own' };
    }
    if (eventName === 'push' && !ref.startsWith('refs/heads/') && !ref.startsWith('refs/tags/')) {
        return { push: false, why: `${ref || 'an empty ref'} is not a branch or tag` };
    }
    return { push: true, why: AUTO_PUSH_EVENTS[eventName] };
}
function environmentError(variable, problem, example) {
    return new _gate_error_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .ue('input-error', `runner environment: ${variable} ${problem}`, {
        remedy: `run the action inside a GitHub Actions job (the runner sets ${variable}), or set it yourself, e.g. ${variable}=${example}`,
    });
}
function payloadError(eventName, field) {
    return new _gate_error_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .ue('input-error', `runner environment: the ${eventName} event payload (GITHUB_EVENT_PATH) has no ${field}`, {
        remedy: 'run the action from a workflow triggered by GitHub, whose event file carries the full webhook payload',
    });
}
/** Reads `payload.a.b.c` without trusting the payload's shape. */
function pick(payload, ...path) {
    let value = payload;
    for (const key of path) {
        if (typeof value !== 'object' || value === null)
            return undefined;
        value = value[key];
    }
    return value;
}
function pickString(payload, ...path) {
    const value = pick(payload, ...path);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
}
function required(env, variable, example) {
    const value = env[variable]?.trim();
    if (!value)
        throw environmentError(variable, 'is not set', example);
    return value;
}
/**
 * The pull request's number and the commit to name the image after.
 *
 * For pull requests GITHUB_SHA is the merge commit GitHub creates on
 * `refs/pull/N/merge`: it is not in the branch's history, is recreated whenever
 * the base moves, and no one can find it on the PR page. The head commit is what
 * reviewers, checks and `git log` show, so `sha-<head>` and the revision label point
 * at a commit people can look up (docker/metadata-action offers the same choice via
 * DOCKER_METADATA_PR_HEAD_SHA). For `pull_request_target` GITHUB_SHA is even the
 * base branch's tip, which would make a PR image claim to be the base commit.
 */
function pullRequestFacts(eventName, ref, payload) {
    const number = pick(payload, 'pull_request', 'number') ?? pick(payload, 'number');
    const prNumber = typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : pullNumberFromRef(ref);
    if (prNumber === undefined)
        throw payloadError(eventName, 'pull_request.number');
    const head = pickString(payload, 'pull_request', 'head', 'sha')?.toLowerCase();
    if (head === undefined || !COMMIT_SHA.test(head))
        throw payloadError(eventName, 'pull_request.head.sha');
    return { prNumber, sha: head };
}
/**
 * Scheduled runs always run on the default branch; older schedule payloads carry
 * nothing but the cron string, so the branch of GITHUB_REF is the default branch.
 */
function defaultBranchOf(eventName, ref, payload) {
    return pickString(payload, 'repository', 'default_branch') ?? (eventName === 'schedule' ? branchFromRef(ref) : undefined);
}
/** Pure: the caller reads `process.env` and parses the file at GITHUB_EVENT_PATH. */
function eventContextFrom(env, payload) {
    const eventName = required(env, 'GITHUB_EVENT_NAME', 'push');
    const repository = required(env, 'GITHUB_REPOSITORY', 'acme/app');
    if (!REPOSITORY.test(repository))
        throw environmentError('GITHUB_REPOSITORY', `'${repository}' is not owner/name`, 'acme/app');
    const runSha = required(env, 'GITHUB_SHA', '0123456789abcdef0123456789abcdef01234567').toLowerCase();
    if (!COMMIT_SHA.test(runSha))
        throw environmentError('GITHUB_SHA', 'is not a commit hash', '0123456789abcdef0123456789abcdef01234567');
    // Same fallback as @actions/github's Context: github.com when the runner does not say.
    const serverUrl = (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, '');
    if (!SERVER_URL.test(serverUrl))
        throw environmentError('GITHUB_SERVER_URL', 'is not an http(s) URL', 'https://github.com');
    const ref = env.GITHUB_REF?.trim() ?? '';
    const actor = env.GITHUB_ACTOR?.trim() || undefined;
    const pr = isPullRequestEvent(eventName) ? pullRequestFacts(eventName, ref, payload) : undefined;
    const defaultBranch = defaultBranchOf(eventName, ref, payload);
    const commitTime = sourceDateEpoch(env) ?? (eventName === 'push' ? headCommitTime(payload, runSha) : undefined);
    return {
        eventName,
        ref,
        sha: pr?.sha ?? runSha,
        ...(defaultBranch !== undefined && { defaultBranch }),
        ...(pr !== undefined && { prNumber: pr.prNumber }),
        repositoryUrl: `${serverUrl}/${repository}`,
        repository,
        ...(actor !== undefined && { actor }),
        serverUrl,
        ...(env.GITHUB_REF_PROTECTED?.trim() === 'true' && { refProtected: true }),
        ...(commitTime !== undefined && { commitTime }),
    };
}
/** SOURCE_DATE_EPOCH (reproducible-builds.org): whole seconds since 1970; anything else is an error, not ignored. */
function sourceDateEpoch(env) {
    const value = env.SOURCE_DATE_EPOCH?.trim();
    if (!value)
        return undefined;
    // Up to 9999-12-31T23:59:59Z: labels are RFC 3339, four-digit years.
    if (!/^\d{1,12}$/.test(value) || Number(value) > 253_402_300_799)
        throw environmentError('SOURCE_DATE_EPOCH', `'${value}' is not whole seconds since 1970 (up to year 9999)`, '1767225600');
    return new Date(Number(value) * 1000);
}
/** A push event's head_commit.timestamp, when head_commit is the commit being built. */
function headCommitTime(payload, sha) {
    const head = payload?.head_commit;
    if (typeof head?.id !== 'string' || head.id.toLowerCase() !== sha || typeof head.timestamp !== 'string')
        return undefined;
    const time = new Date(head.timestamp);
    return Number.isNaN(time.getTime()) ? undefined : time;
}


/***/ }),

/***/ 74739:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   pC: () => (/* binding */ matchesPlatform),
/* harmony export */   qA: () => (/* binding */ parsePlatforms)
/* harmony export */ });
/* unused harmony export parsePlatform */
/* harmony import */ var _gate_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31049);

const PART = /^[a-z0-9][a-z0-9._-]*$/;
/** `os/arch[/variant]`, lower case, as BuildKit and the OCI index spell it. */
function parsePlatform(raw) {
    const parts = raw.trim().split('/');
    if (parts.length < 2 || parts.length > 3 || !parts.every((p) => PART.test(p))) {
        throw new _gate_error_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .ue('input-error', `input 'platforms': '${raw}' is not os/arch[/variant]`, {
            remedy: 'for example: platforms: linux/amd64,linux/arm64',
        });
    }
    const [os, architecture, variant] = parts;
    return variant === undefined ? { os, architecture } : { os, architecture, variant };
}
function formatPlatform(platform) {
    return [platform.os, platform.architecture, platform.variant].filter((p) => p !== undefined && p !== '').join('/');
}
/** Parsed and de-duplicated; a repeated platform would build and push the same image twice. */
function parsePlatforms(items) {
    const seen = new Map();
    for (const item of items) {
        const platform = parsePlatform(item);
        const name = formatPlatform(platform);
        if (seen.has(name)) {
            throw new _gate_error_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .ue('input-error', `input 'platforms': ${name} is listed twice`, { remedy: 'for example: platforms: linux/amd64,linux/arm64' });
        }
        seen.set(name, platform);
    }
    return [...seen.values()];
}
/**
 * Whether the image config's os/architecture/variant is what was asked for. An engine that
 * ignores the platform parameter (an old classic builder) builds for itself: that image must
 * not be published as another platform's.
 */
function matchesPlatform(requested, actual) {
    if (requested.os !== actual.os || requested.architecture !== actual.architecture)
        return false;
    // arm64 images usually carry variant v8 or none; only a requested variant must match.
    return requested.variant === undefined || requested.variant === (actual.variant ?? '');
}


/***/ }),

/***/ 75526:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kw: () => (/* binding */ RANKED_SEVERITIES),
/* harmony export */   W1: () => (/* binding */ emptyCounts),
/* harmony export */   Zx: () => (/* binding */ severitiesAtOrAbove),
/* harmony export */   oC: () => (/* binding */ SEVERITIES),
/* harmony export */   qs: () => (/* binding */ severityRank)
/* harmony export */ });
/* unused harmony export isSeverity */
/** Trivy's severities, most severe first. Anything else in a report is a schema error. */
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
/** Severities that have a rank; UNKNOWN is handled by an explicit rule instead. */
const RANKED_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
const RANK = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };
function severityRank(severity) {
    return RANK[severity];
}
function isSeverity(value) {
    return SEVERITIES.includes(value);
}
/** `HIGH` → [CRITICAL, HIGH]: a single value is a threshold, that severity and above. */
function severitiesAtOrAbove(threshold) {
    return RANKED_SEVERITIES.filter((s) => RANK[s] >= RANK[threshold]);
}
function emptyCounts() {
    return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}


/***/ }),

/***/ 28762:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ suppressionOf),
/* harmony export */   y: () => (/* binding */ describeSuppressionSource)
/* harmony export */ });
/** VEX statuses (pkg/types/finding.go): a finding with one of these was suppressed by a VEX document. */
const VEX_STATUSES = new Set(['not_affected', 'affected', 'fixed', 'under_investigation']);
/** Trivy's ExperimentalModifiedFindings entry → a suppression. */
function suppressionOf(modified) {
    const source = modified.Source || 'unknown source';
    const statement = modified.Statement || undefined;
    let type = 'other';
    if (VEX_STATUSES.has(modified.Status) || /vex/i.test(source))
        type = 'vex';
    else if (statement === 'Filtered by Rego')
        type = 'rego';
    else if (modified.Status === 'ignored')
        type = 'ignore-file';
    return { type, source, status: modified.Status, statement, justification: undefined };
}
/** `ignore file .trivyignore`, `VEX openvex.json`. */
function describeSuppressionSource(suppression) {
    const label = { 'ignore-file': 'ignore file', vex: 'VEX', rego: 'Rego filter', other: 'suppressed by' };
    return `${label[suppression.type]} ${suppression.source}`;
}


/***/ }),

/***/ 11781:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Y: () => (/* binding */ stripControls),
/* harmony export */   KL: () => (/* binding */ redactDeep),
/* harmony export */   O4: () => (/* binding */ urlCredentials),
/* harmony export */   UJ: () => (/* binding */ inertText),
/* harmony export */   VW: () => (/* binding */ stripControlsDeep),
/* harmony export */   X7: () => (/* binding */ jsonMayHoldSecret),
/* harmony export */   am: () => (/* binding */ redactSecretsInChunks),
/* harmony export */   eo: () => (/* binding */ secretForms),
/* harmony export */   fp: () => (/* binding */ redactSecrets),
/* harmony export */   rX: () => (/* binding */ CELL_LIMIT),
/* harmony export */   ri: () => (/* binding */ withoutCredentials),
/* harmony export */   vd: () => (/* binding */ neutraliseReferences),
/* harmony export */   yA: () => (/* binding */ capText)
/* harmony export */ });
/* unused harmony export couldIssueCommand */
/*
 * Text that came from the pull request (package names, versions, paths, titles, RUN output,
 * tool errors) on its way out of the gate: into a report GitHub renders, into the job log the
 * runner parses for workflow commands, or anywhere a secret could be echoed back. One module,
 * so every renderer and every log line applies the same rules.
 */
/** Bidirectional embedding/override/isolate controls: they reorder what a reader sees (CVE-2021-42574). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0/C1 controls other than tab, newline and carriage return (which callers handle themselves). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const OTHER_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
/** Either kind: one scan tells the usual clean text apart without building a copy. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANY_CONTROL = /[\u202A-\u202E\u2066-\u2069\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;
function stripControls(value) {
    if (!ANY_CONTROL.test(value))
        return value;
    return value.replace(BIDI_CONTROLS, '').replace(OTHER_CONTROLS, '');
}
/**
 * U+2060 WORD JOINER: invisible and never a line break, so `#123` still reads as `#123`,
 * but GitHub's reference and autolink filters no longer see an issue number or a URL.
 */
const JOINER = '\u2060';
/**
 * Keeps report text from becoming live cross-references or links on GitHub: `#123`,
 * `owner/repo#123`, `GH-123`, bare `https://…` and `www.…` URLs. Code spans need none of
 * this (GitHub links nothing inside them); `@` mentions are handled by the markdown escaper.
 */
function neutraliseReferences(value) {
    return value
        .replace(/#(?=\d)/g, `#${JOINER}`)
        .replace(/\b(GH)-(?=\d)/gi, `$1-${JOINER}`)
        .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, `$1:${JOINER}`)
        .replace(/\b(www)\.(?=\S)/gi, `$1${JOINER}.`);
}
/** Longest cell text a table row carries, so one huge value cannot push other rows out of a comment. */
const CELL_LIMIT = 200;
/** `value` cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
function capText(value, max = CELL_LIMIT) {
    if (value.length <= max)
        return value;
    let cut = value.slice(0, Math.max(0, max - 1));
    if (/[\uD800-\uDBFF]$/.test(cut))
        cut = cut.slice(0, -1);
    return `${cut}…`;
}
/** The password (and user:password) in `http://user:pass@host`, as written and decoded. */
function urlCredentials(url) {
    if (!url || !URL.canParse(url))
        return [];
    const { username, password } = new URL(url);
    if (!password)
        return username ? [username, safeDecode(username)] : [];
    return [password, safeDecode(password), `${username}:${password}`];
}
function safeDecode(value) {
    try {
        return decodeURIComponent(value);
    }
    catch {
        return value;
    }
}
/** A URL as it may be printed: any user and password become `***`. */
function withoutCredentials(url) {
    if (!URL.canParse(url))
        return url.replace(/\/\/[^/@\s]*@/g, '//***@');
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password)
        return url;
    parsed.username = '***';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
}
function escapeRegExp(value) {
    return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** The forms a secret takes in tool output: as given, upper- and lower-cased, URL- and base64-encoded. */
function secretForms(secret) {
    const forms = new Set([secret, secret.toUpperCase(), secret.toLowerCase(), encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
    return [...forms].filter((form) => form.length > 0);
}
/**
 * Replaces every secret, in any letter case and in its common encodings, with `***`. Case
 * matters because tools re-case what they quote (the engine upper-cases a Dockerfile
 * instruction it cannot parse), which defeats exact-match masking. Values shorter than
 * `minLength` are skipped: masking every `a` would wreck the text and say little.
 */
function redactSecrets(text, secrets, minLength = 4) {
    if (!secrets || secrets.length === 0 || text.length === 0)
        return text;
    const pattern = redactionPattern(secrets, minLength);
    return pattern === undefined ? text : text.replace(pattern, '***');
}
/**
 * redactSecrets' pattern for each list of secrets, made once: the job log redacts every line it
 * relays (build and Trivy output), and making the pattern took longer than matching it. Keyed by
 * the list's JSON, so two lists share a pattern only when they hold the same secrets.
 */
const redactionPatterns = new Map();
const REDACTION_PATTERNS_KEPT = 32;
function redactionPattern(secrets, minLength) {
    const key = `${minLength}${JSON.stringify(secrets)}`;
    let pattern = redactionPatterns.get(key);
    if (pattern === undefined) {
        const forms = redactedForms(secrets, minLength);
        // A global pattern is safe to share with String.prototype.replace, which starts from 0 and leaves lastIndex at 0.
        pattern = forms.length === 0 ? null : formsPattern(forms, 'giu');
        if (redactionPatterns.size >= REDACTION_PATTERNS_KEPT)
            redactionPatterns.clear();
        redactionPatterns.set(key, pattern);
    }
    return pattern ?? undefined;
}
/** Characters a renderer may escape, entity-encode or follow with an invisible joiner. */
const PUNCTUATION = /[\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]/;
const NAMED_ENTITIES = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };
/** The longest text one punctuation character of a form can become (see punctuationPattern). */
const PUNCTUATION_MATCH_LIMIT = 1 + 3 + '&#x0005f;'.length + 1;
/**
 * A punctuation character of a secret as the reports may write it. Redaction runs on rendered
 * text, where the Markdown escaper has put a backslash before `_` (`ghs\_…`), JSON a backslash
 * before `"` or `\\` (or both, for Markdown inside JSON), HTML an entity (`&amp;`), JSON for a
 * script a `\u0026` escape, and the reference and mention guards an invisible joiner after `#`,
 * `@` or `:` (or before the `.` of `www.`). Matching only the raw form let those through.
 */
function punctuationPattern(c) {
    const code = c.charCodeAt(0);
    const hex = code.toString(16);
    const spellings = [escapeRegExp(c), `&#0{0,3}${code};`, `&#x0{0,3}${hex};`, `\\\\u00${hex.padStart(2, '0')}`];
    const named = NAMED_ENTITIES[c];
    if (named !== undefined)
        spellings.push(`&${named};`);
    return `[\u200B\u2060]?\\\\{0,3}(?:${spellings.join('|')})[\u200B\u2060]?`;
}
function charPattern(c) {
    return PUNCTUATION.test(c) ? punctuationPattern(c) : escapeRegExp(c);
}
function formPattern(form) {
    let pattern = '';
    for (const c of form)
        pattern += charPattern(c);
    return pattern;
}
/** Characters of a form that must remain before a cut (capText) for the rest to be masked too. */
const TRUNCATED_MIN = 4;
/**
 * `form` as capText leaves it in a long value: its first TRUNCATED_MIN or more characters (not
 * all of them) and the ellipsis. The whole form never reaches the text, so its pattern alone
 * would let the start of the secret through.
 */
function truncatedPattern(form) {
    const chars = [...form];
    if (chars.length <= TRUNCATED_MIN)
        return undefined;
    let rest = '';
    for (let i = chars.length - 2; i >= TRUNCATED_MIN; i--)
        rest = `(?:${charPattern(chars[i])}${rest})?`;
    return `${chars.slice(0, TRUNCATED_MIN).map(charPattern).join('')}${rest}…`;
}
function formsPattern(forms, flags) {
    const truncated = forms.map(truncatedPattern).filter((pattern) => pattern !== undefined);
    return new RegExp([...forms.map(formPattern), ...truncated].join('|'), flags);
}
/** The longest text a match of `form` can span (a truncated one adds the ellipsis to at most all but one character). */
function matchLimit(form) {
    let limit = 1;
    for (const c of form)
        limit += PUNCTUATION.test(c) ? PUNCTUATION_MATCH_LIMIT : c.length;
    return limit;
}
/** Every form redactSecrets replaces, longest first (so a value containing another is replaced whole). */
function redactedForms(secrets, minLength) {
    const forms = new Set();
    for (const secret of secrets) {
        if (secret.length < minLength)
            continue;
        for (const form of secretForms(secret))
            forms.add(form);
    }
    return [...forms].sort((a, b) => b.length - a.length);
}
/**
 * `redactSecrets(chunks.join(''), secrets)`, piece by piece, for text written to a file as it is
 * made. A piece's last characters wait for the next piece until no secret form starting there can
 * still grow; a match found before that point is final, as it would be in the whole text.
 */
function* redactSecretsInChunks(chunks, secrets) {
    const forms = secrets && secrets.length > 0 ? redactedForms(secrets, 4) : [];
    if (forms.length === 0) {
        yield* chunks;
        return;
    }
    const pattern = formsPattern(forms, 'giu');
    // Twice the longest match: room for any case variant the `iu` flags match.
    const hold = 2 * Math.max(...forms.map(matchLimit));
    let pending = '';
    for (const chunk of chunks) {
        pending += chunk;
        if (pending.length <= hold)
            continue;
        let cut = pending.length - hold;
        let out = '';
        let from = 0;
        pattern.lastIndex = 0;
        for (let m = pattern.exec(pending); m !== null && m.index < cut; m = pattern.exec(pending)) {
            out += `${pending.slice(from, m.index)}***`;
            from = m.index + m[0].length;
        }
        cut = Math.max(cut, from);
        // Never split a surrogate pair: each piece is encoded to UTF-8 on its own.
        if (cut > from && /[\uD800-\uDBFF]/.test(pending[cut - 1]))
            cut -= 1;
        yield out + pending.slice(from, cut);
        pending = pending.slice(cut);
    }
    yield redactSecrets(pending, secrets);
}
/** Characters JSON.stringify writes as an escape: a form holding one may not show in JSON text as it is. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const JSON_ESCAPED = /["\\\u0000-\u001F\uD800-\uDFFF]/;
/**
 * A quick test for redactDeep's callers: given `JSON.stringify(value)` (any indentation), false
 * only if `redactDeep(value, secrets)` would change nothing, so the copy can be skipped. A string
 * holding a secret form holds it in its JSON text too, character for character, unless the form
 * has a character JSON escapes (then this always says true). Undefined when nothing is redacted.
 */
function jsonMayHoldSecret(secrets) {
    if (!secrets || secrets.length === 0)
        return undefined;
    const forms = redactedForms(secrets, 4);
    if (forms.length === 0)
        return undefined;
    if (forms.some((form) => JSON_ESCAPED.test(form)))
        return () => true;
    const pattern = formsPattern(forms, 'iu');
    return (json) => pattern.test(json);
}
/** Every string inside a JSON-like value, redacted (SARIF, audit lines, outputs). */
function redactDeep(value, secrets) {
    if (!secrets || secrets.length === 0)
        return value;
    if (typeof value === 'string')
        return redactSecrets(value, secrets);
    if (Array.isArray(value))
        return value.map((item) => redactDeep(item, secrets));
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactSecrets(key, secrets), redactDeep(item, secrets)]));
    }
    return value;
}
/** Every string inside a JSON-like value without control characters (SARIF: fingerprints and properties too). */
function stripControlsDeep(value) {
    if (typeof value === 'string')
        return stripControls(value);
    if (Array.isArray(value))
        return value.map((item) => stripControlsDeep(item));
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [stripControls(key), stripControlsDeep(item)]));
    }
    return value;
}
/*
 * Workflow commands. The runner reads a step's output line by line — a line ends at `\n`,
 * `\r\n` or a lone `\r` — and acts on a line that starts with `::` after leading white
 * space (`::error::`, `::add-mask::`, `::stop-commands::`…) or that contains `##[` (the
 * old syntax). Until it sees `::<token>::`, it acts on nothing after `::stop-commands::<token>`.
 */
/** Leading characters the runner may trim before it looks for `::` (any space, control or format character). */
const COMMAND_START = /^[\p{Z}\p{Cc}\p{Cf}\s]*::/u;
/** Whether any line of `text`, as the runner splits it, could be taken for a workflow command. */
function couldIssueCommand(text) {
    return text.split(/\r\n|\r|\n/).some((line) => COMMAND_START.test(line) || line.includes('##['));
}
/**
 * The lines to write for `text` so that the runner acts on none of it: unchanged when no line
 * could be a command, otherwise fenced by `::stop-commands::<token>` … `::<token>::`. The
 * token must be unguessable (random per run): text that knew it could end the fence early.
 */
function inertText(text, token) {
    if (!couldIssueCommand(text))
        return text;
    return `::stop-commands::${token}\n${text}\n::${token}::`;
}


/***/ }),

/***/ 47201:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LL: () => (/* binding */ parseTrivyVersionOutput),
/* harmony export */   MN: () => (/* binding */ trivyReleaseAsset),
/* harmony export */   S7: () => (/* binding */ parseChecksumsFile),
/* harmony export */   W4: () => (/* binding */ blockedTrivyReleaseError),
/* harmony export */   XM: () => (/* binding */ EMBEDDED_TRIVY_CHECKSUMS),
/* harmony export */   a6: () => (/* binding */ TRIVY_RELEASES_URL),
/* harmony export */   cX: () => (/* binding */ checksumMismatchError),
/* harmony export */   cd: () => (/* binding */ isTrivyReleaseVersion),
/* harmony export */   e9: () => (/* binding */ blockedTrivyRelease),
/* harmony export */   eS: () => (/* binding */ trivyChecksumsFileName),
/* harmony export */   k$: () => (/* binding */ embeddedChecksum),
/* harmony export */   oJ: () => (/* binding */ lookupChecksum),
/* harmony export */   ss: () => (/* binding */ DEFAULT_TRIVY_VERSION),
/* harmony export */   v: () => (/* binding */ trivyReleaseFileUrl),
/* harmony export */   zN: () => (/* binding */ normaliseTrivyVersion)
/* harmony export */ });
/* unused harmony exports SUPPORTED_TRIVY_PLATFORMS, BLOCKED_TRIVY_RELEASES, isSha256Hex */
/* harmony import */ var _gate_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31049);

/** The release the action installs when trivy-version is not set; its checksums are built in below. */
const DEFAULT_TRIVY_VERSION = '0.74.0';
/**
 * Facts about Trivy's GitHub releases: which asset a runner needs, which checksum it must
 * have, and which releases must never run. Pure data in, data out; the installer adapter
 * does the I/O.
 */
const TRIVY_RELEASES_URL = 'https://github.com/aquasecurity/trivy/releases/download';
/** Runner (process.platform, process.arch) → goreleaser's OS/arch labels in Trivy's asset names. */
const PLATFORM_LABELS = {
    linux: { os: 'Linux', archive: 'tar.gz', arches: { x64: '64bit', arm64: 'ARM64' } },
    darwin: { os: 'macOS', archive: 'tar.gz', arches: { x64: '64bit', arm64: 'ARM64' } },
    win32: { os: 'windows', archive: 'zip', arches: { x64: '64bit' } },
};
const SUPPORTED_TRIVY_PLATFORMS = Object.entries(PLATFORM_LABELS).flatMap(([platform, p]) => Object.keys(p.arches).map((arch) => `${platform}/${arch}`));
/** `v0.74.0` and ` 0.74.0 ` both mean `0.74.0`. */
function normaliseTrivyVersion(raw) {
    return raw.trim().replace(/^v/, '');
}
function isTrivyReleaseVersion(version) {
    return /^\d+\.\d+\.\d+$/.test(version);
}
function trivyReleaseAsset(version, platform, arch) {
    const labels = Object.hasOwn(PLATFORM_LABELS, platform) ? PLATFORM_LABELS[platform] : undefined;
    const archLabel = labels && Object.hasOwn(labels.arches, arch) ? labels.arches[arch] : undefined;
    if (!labels || !archLabel) {
        throw new _gate_error_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .ue('trivy-install', `Trivy has no release asset this action can install for ${platform}/${arch}`, {
            remedy: `Run on one of ${SUPPORTED_TRIVY_PLATFORMS.join(', ')}, or install Trivy yourself and point trivy-path at the binary.`,
        });
    }
    return {
        version,
        fileName: `trivy_${version}_${labels.os}-${archLabel}.${labels.archive}`,
        archive: labels.archive,
        binaryName: platform === 'win32' ? 'trivy.exe' : 'trivy',
    };
}
/** `<base>/v<version>/<file>`; a trailing slash on the base (a mirror URL typed by hand) is tolerated. */
function trivyReleaseFileUrl(baseUrl, version, fileName) {
    return `${baseUrl.replace(/\/+$/, '')}/v${version}/${fileName}`;
}
function trivyChecksumsFileName(version) {
    return `trivy_${version}_checksums.txt`;
}
const MARCH_2026_COMPROMISE = 'published during the March 2026 Trivy supply-chain compromise';
/**
 * Releases that must never run: they were published from the compromised release pipeline
 * and may carry credential-stealing code. Checked before any download and against the
 * version a `trivy-path` binary reports.
 */
const BLOCKED_TRIVY_RELEASES = ['0.69.4', '0.69.5', '0.69.6'].map((version) => ({
    version,
    advisory: 'GHSA-69fq-xp46-6x23',
    why: MARCH_2026_COMPROMISE,
}));
function blockedTrivyRelease(version) {
    const normalised = normaliseTrivyVersion(version);
    return BLOCKED_TRIVY_RELEASES.find((b) => b.version === normalised);
}
/** The error for a blocked release; `origin` says where the version came from. */
function blockedTrivyReleaseError(blocked, origin) {
    const subject = origin.kind === 'trivy-path' ? `trivy-path '${origin.path}' is Trivy ${blocked.version}, which` : `Trivy ${blocked.version}`;
    const fix = origin.kind === 'trivy-path'
        ? `Replace that binary with a verified release (the pinned default is ${DEFAULT_TRIVY_VERSION}), or remove trivy-path so the action downloads and verifies ${DEFAULT_TRIVY_VERSION}.`
        : `Use the pinned default: remove trivy-version or set trivy-version: ${DEFAULT_TRIVY_VERSION}.`;
    return new _gate_error_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .ue('trivy-install', `${subject} is refused: it was ${blocked.why} (${blocked.advisory}).`, {
        remedy: `${fix} If this release ever ran on a machine, treat every credential it could read as exposed and rotate it.`,
    });
}
/**
 * SHA-256 of every asset of the pinned release, carried in the action so that the default
 * install does not trust the download server's own checksums file.
 */
const EMBEDDED_TRIVY_CHECKSUMS = {
    'trivy_0.74.0_Linux-64bit.tar.gz': '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
    'trivy_0.74.0_Linux-ARM64.tar.gz': 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5',
    'trivy_0.74.0_macOS-64bit.tar.gz': '472816f6888dda689d075c30254d4210b4d1035acf365aa72332f584c2f60485',
    'trivy_0.74.0_macOS-ARM64.tar.gz': '1caada5e0e2091909357c7525d3aa76f4b660b13821bc143b190c7483e31cc11',
    'trivy_0.74.0_windows-64bit.zip': '94c40e0696e4b907a74b7b2e1438d5d72ebaca83115817407f568a002d520842',
};
function isSha256Hex(value) {
    return /^[0-9a-f]{64}$/i.test(value);
}
/**
 * `sha256sum` output as goreleaser writes it: `<64 hex>  <file>` (a `*` before the name marks
 * binary mode). Lines that are not in that shape are ignored; only the asset's own line matters.
 */
function parseChecksumsFile(text) {
    const entries = new Map();
    const conflicting = new Set();
    for (const line of text.split(/\r?\n/)) {
        const match = /^([0-9a-fA-F]{64}) [ *]?(\S.*?)\s*$/.exec(line.trim());
        if (!match)
            continue;
        const hash = match[1].toLowerCase();
        const name = match[2];
        const previous = entries.get(name);
        if (previous !== undefined && previous !== hash)
            conflicting.add(name);
        entries.set(name, hash);
    }
    for (const name of conflicting)
        entries.delete(name);
    return { entries, conflicting };
}
function lookupChecksum(parsed, fileName) {
    if (parsed.conflicting.has(fileName))
        return { kind: 'conflicting' };
    const sha256 = parsed.entries.get(fileName);
    return sha256 === undefined ? { kind: 'missing' } : { kind: 'found', sha256 };
}
function embeddedChecksum(table, fileName) {
    const value = Object.hasOwn(table, fileName) ? table[fileName] : undefined;
    return value === undefined ? undefined : value.toLowerCase();
}
function checksumMismatchError(fileName, expected, actual, source) {
    return new _gate_error_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .ue('trivy-install', `${fileName} failed SHA-256 verification: expected ${expected} (${source}), got ${actual}. The archive was deleted and not installed.`, {
        remedy: 'The download was corrupted or tampered with. Re-run the job; if it repeats, check the mirror set in trivy-download-url (its copy differs from the release) and do not run that file.',
    });
}
// ---------------------------------------------------------------------------
// Version output
/** The version in `trivy --version` output (`Version: 0.74.0` on its first line). */
function parseTrivyVersionOutput(stdout) {
    const match = /^Version:\s*(\S+)\s*$/m.exec(stdout);
    return match ? normaliseTrivyVersion(match[1]) : undefined;
}


/***/ }),

/***/ 93855:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Qg: () => (/* binding */ parseTrivyReport),
  c1: () => (/* binding */ trivyFindingSchemas)
});

// UNUSED EXPORTS: TRIVY_SCHEMA_VERSION, TRIVY_VULNERABILITY_STATUSES, formatJsonPath, trivyReportSchema

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./build/domain/gate-error.js
var gate_error = __webpack_require__(31049);
// EXTERNAL MODULE: ./build/domain/severity.js
var severity = __webpack_require__(75526);
;// CONCATENATED MODULE: ./build/domain/trivy-report-fast-path.js
/*
 * A hand-written check of `trivyReportSchema` (trivy-report.ts) that validates the parsed JSON
 * in place instead of copying it.
 *
 * Why: zod builds a new object for every object and array it validates, so validating a large
 * report took about as long as JSON.parse itself and held a second copy of it at the peak.
 * This check allocates nothing while it reads (the bench's report-evaluation case measures it).
 *
 * The contract, which keeps the zod schema the single authority on what a report is:
 * - `conformsToTrivyReport(json) === true` only if `trivyReportSchema` accepts `json` too
 *   (this check may be stricter, never looser);
 * - after `normaliseTrivyReport(json)`, `json` deep-equals what `trivyReportSchema.parse(json)`
 *   returns (the only transforms are `list()`: an absent or null list becomes []).
 * When the check says no, parseTrivyReport runs zod on the untouched JSON, so every error
 * message, JSON path and detail comes from zod exactly as before. Keep this file in step with
 * the schema: test/unit/trivy-report-fast-path.test.ts compares the two on real and mutated reports.
 */
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isSeverity(value) {
    return value === 'CRITICAL' || value === 'HIGH' || value === 'MEDIUM' || value === 'LOW' || value === 'UNKNOWN';
}
/** z.string().min(1) */
function isName(value) {
    return typeof value === 'string' && value.length > 0;
}
/** z.number(): zod rejects NaN and ±Infinity (JSON.parse gives Infinity for 1e999). */
function isNumber(value) {
    return typeof value === 'number' && Number.isFinite(value);
}
function optionalString(value) {
    return value === undefined || typeof value === 'string';
}
function optionalNumber(value) {
    return value === undefined || isNumber(value);
}
function optionalBoolean(value) {
    return value === undefined || typeof value === 'boolean';
}
/** z.array(z.string()).nullish() */
function optionalStrings(value) {
    if (value === undefined || value === null)
        return true;
    if (!Array.isArray(value))
        return false;
    for (let i = 0; i < value.length; i++)
        if (typeof value[i] !== 'string')
            return false;
    return true;
}
/** `list(item)`: absent, null, or an array whose every element passes. */
function optionalList(value, item) {
    if (value === undefined || value === null)
        return true;
    if (!Array.isArray(value))
        return false;
    for (let i = 0; i < value.length; i++)
        if (!item(value[i]))
            return false;
    return true;
}
/** z.record(z.string(), z.string()).nullish(): zod's record wants a plain object. */
function optionalStringRecord(value, valuesMustBeStrings) {
    if (value === undefined || value === null)
        return true;
    if (!isObject(value))
        return false;
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null)
        return false;
    if (valuesMustBeStrings)
        for (const key in value)
            if (typeof value[key] !== 'string')
                return false;
    return true;
}
/**
 * PURL, UID and BOMRef: each absent or text. Read by walking the keys rather than as named
 * properties: every vulnerability has one of these objects, all of one shape, and optimised code
 * that expects that shape is thrown away whenever a report is collected (a benchmark reading
 * report after report measured the check 2× slower and erratic with named reads).
 */
function pkgIdentifier(value) {
    if (!isObject(value))
        return false;
    for (const key in value) {
        if ((key === 'PURL' || key === 'UID' || key === 'BOMRef') && typeof value[key] !== 'string')
            return false;
    }
    return true;
}
/**
 * The hot path: one call per vulnerability, tens of thousands per report. Written out field by
 * field, without helper calls, so it is quick before the JIT has optimised it too (a report is
 * read once per run, so much of it runs in the interpreter).
 */
function vulnerability(v) {
    if (!isObject(v))
        return false;
    let x = v.VulnerabilityID;
    if (typeof x !== 'string' || x.length === 0)
        return false;
    x = v.PkgName;
    if (typeof x !== 'string' || x.length === 0)
        return false;
    x = v.Severity;
    if (x !== 'CRITICAL' && x !== 'HIGH' && x !== 'MEDIUM' && x !== 'LOW' && x !== 'UNKNOWN')
        return false;
    x = v.PkgID;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.PkgPath;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.PkgIdentifier;
    if (x !== undefined && !pkgIdentifier(x))
        return false;
    x = v.InstalledVersion;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.FixedVersion;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.Status;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.SeveritySource;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.Title;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.Description;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.PrimaryURL;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.PublishedDate;
    if (x !== undefined && typeof x !== 'string')
        return false;
    x = v.LastModifiedDate;
    if (x !== undefined && typeof x !== 'string')
        return false;
    return optionalStrings(v.References) && optionalStrings(v.CweIDs);
}
function secret(s) {
    return (isObject(s) &&
        isName(s.RuleID) &&
        typeof s.Category === 'string' &&
        isSeverity(s.Severity) &&
        typeof s.Title === 'string' &&
        Number.isSafeInteger(s.StartLine) &&
        Number.isSafeInteger(s.EndLine) &&
        typeof s.Match === 'string' &&
        optionalNumber(s.Offset));
}
function causeMetadata(c) {
    return (isObject(c) &&
        optionalString(c.Resource) &&
        optionalString(c.Provider) &&
        optionalString(c.Service) &&
        optionalNumber(c.StartLine) &&
        optionalNumber(c.EndLine));
}
function misconfiguration(m) {
    return (isObject(m) &&
        isName(m.ID) &&
        isSeverity(m.Severity) &&
        (m.Status === 'PASS' || m.Status === 'FAIL' || m.Status === 'EXCEPTION') &&
        optionalString(m.Type) &&
        optionalString(m.AVDID) &&
        optionalString(m.Title) &&
        optionalString(m.Description) &&
        optionalString(m.Message) &&
        optionalString(m.Namespace) &&
        optionalString(m.Resolution) &&
        optionalString(m.PrimaryURL) &&
        optionalStrings(m.References) &&
        (m.CauseMetadata === undefined || causeMetadata(m.CauseMetadata)));
}
function license(l) {
    return (isObject(l) &&
        isSeverity(l.Severity) &&
        typeof l.Category === 'string' &&
        typeof l.Name === 'string' &&
        optionalString(l.PkgName) &&
        optionalString(l.FilePath) &&
        optionalNumber(l.Confidence) &&
        optionalString(l.Link));
}
function modifiedFinding(m) {
    return (isObject(m) &&
        typeof m.Type === 'string' &&
        typeof m.Status === 'string' &&
        optionalString(m.Statement) &&
        optionalString(m.Source) &&
        isObject(m.Finding));
}
function misconfSummary(s) {
    return isObject(s) && isNumber(s.Successes) && isNumber(s.Failures);
}
function result(r) {
    return (isObject(r) &&
        typeof r.Target === 'string' &&
        optionalString(r.Class) &&
        optionalString(r.Type) &&
        optionalList(r.Vulnerabilities, vulnerability) &&
        optionalList(r.Secrets, secret) &&
        optionalList(r.Misconfigurations, misconfiguration) &&
        optionalList(r.Licenses, license) &&
        optionalList(r.ExperimentalModifiedFindings, modifiedFinding) &&
        (r.MisconfSummary === undefined || misconfSummary(r.MisconfSummary)));
}
function historyEntry(h) {
    return isObject(h) && optionalString(h.created_by) && optionalBoolean(h.empty_layer);
}
function healthcheck(h) {
    return h === undefined || h === null || (isObject(h) && optionalStrings(h.Test));
}
function containerConfig(c) {
    return (isObject(c) &&
        optionalString(c.User) &&
        healthcheck(c.Healthcheck) &&
        optionalStrings(c.Env) &&
        optionalStrings(c.Cmd) &&
        optionalStrings(c.Entrypoint) &&
        optionalString(c.WorkingDir) &&
        optionalStringRecord(c.Labels, true) &&
        optionalStringRecord(c.ExposedPorts, false));
}
function imageConfig(c) {
    return (isObject(c) &&
        optionalString(c.architecture) &&
        optionalString(c.os) &&
        optionalString(c.created) &&
        optionalList(c.history, historyEntry) &&
        (c.config === undefined || containerConfig(c.config)));
}
function os(o) {
    return isObject(o) && typeof o.Family === 'string' && optionalString(o.Name) && optionalBoolean(o.EOSL);
}
function metadata(m) {
    return (isObject(m) &&
        optionalNumber(m.Size) &&
        (m.OS === undefined || os(m.OS)) &&
        optionalString(m.ImageID) &&
        optionalStrings(m.DiffIDs) &&
        optionalStrings(m.RepoTags) &&
        optionalStrings(m.RepoDigests) &&
        (m.ImageConfig === undefined || imageConfig(m.ImageConfig)));
}
/** True only if `trivyReportSchema` accepts `json` as it is. Reads, never writes. */
function conformsToTrivyReport(json) {
    return (isObject(json) &&
        json.SchemaVersion === 2 && // TRIVY_SCHEMA_VERSION
        optionalString(json.CreatedAt) &&
        optionalString(json.ArtifactName) &&
        optionalString(json.ArtifactType) &&
        (json.Metadata === undefined || metadata(json.Metadata)) &&
        optionalList(json.Results, result));
}
/**
 * Applies the schema's only transforms in place to a report `conformsToTrivyReport` accepted:
 * an absent or null `Results`, `Vulnerabilities`, `Secrets`, `Misconfigurations`, `Licenses` or
 * `ExperimentalModifiedFindings` becomes [].
 */
function normaliseTrivyReport(json) {
    const report = json;
    report.Results ??= [];
    for (const r of report.Results) {
        r.Vulnerabilities ??= [];
        r.Secrets ??= [];
        r.Misconfigurations ??= [];
        r.Licenses ??= [];
        r.ExperimentalModifiedFindings ??= [];
    }
    return report;
}

;// CONCATENATED MODULE: ./build/domain/trivy-report.js




/*
 * The subset of Trivy's JSON report (SchemaVersion 2) the gate decides on.
 *
 * Field names are Trivy's own (PascalCase). Objects are loose: fields we do not model pass
 * through untouched, so newer Trivy versions that add fields still parse. What we do model is
 * strict: a missing required field or a severity outside CRITICAL..UNKNOWN is a schema error,
 * never a silently dropped finding. Go writes `omitempty` slices as absent and some nil
 * slices as `null`; both mean "none" and become [] here.
 */
/** Only this report schema is understood; anything else could hide findings. */
const TRIVY_SCHEMA_VERSION = 2;
/** Vulnerability statuses in trivy-db (pkg/types/status.go); Status stays a string so a new one still parses. */
const TRIVY_VULNERABILITY_STATUSES = (/* unused pure expression or super */ null && ([
    'unknown',
    'not_affected',
    'affected',
    'fixed',
    'under_investigation',
    'will_not_fix',
    'fix_deferred',
    'end_of_life',
]));
const trivy_report_severity = schemas/* enum */.k5n(severity/* SEVERITIES */.oC);
/** A list Go may omit (omitempty) or write as null (nil slice): both mean none. */
function list(item) {
    return schemas/* array */.YOg(item)
        .nullish()
        .transform((items) => items ?? []);
}
const trivy_report_optionalString = schemas/* string */.YjP().optional();
const trivy_report_optionalNumber = schemas/* number */.aig().optional();
const trivy_report_optionalStrings = schemas/* array */.YOg(schemas/* string */.YjP()).nullish();
const trivy_report_pkgIdentifier = schemas/* looseObject */._H3({
    PURL: trivy_report_optionalString,
    UID: trivy_report_optionalString,
    BOMRef: trivy_report_optionalString,
});
const trivy_report_vulnerability = schemas/* looseObject */._H3({
    VulnerabilityID: schemas/* string */.YjP().min(1),
    PkgID: trivy_report_optionalString,
    PkgName: schemas/* string */.YjP().min(1),
    PkgPath: trivy_report_optionalString,
    PkgIdentifier: trivy_report_pkgIdentifier.optional(),
    InstalledVersion: trivy_report_optionalString,
    FixedVersion: trivy_report_optionalString,
    Status: trivy_report_optionalString,
    Severity: trivy_report_severity,
    SeveritySource: trivy_report_optionalString,
    Title: trivy_report_optionalString,
    Description: trivy_report_optionalString,
    PrimaryURL: trivy_report_optionalString,
    References: trivy_report_optionalStrings,
    CweIDs: trivy_report_optionalStrings,
    PublishedDate: trivy_report_optionalString,
    LastModifiedDate: trivy_report_optionalString,
});
const trivy_report_secret = schemas/* looseObject */._H3({
    RuleID: schemas/* string */.YjP().min(1),
    Category: schemas/* string */.YjP(),
    Severity: trivy_report_severity,
    Title: schemas/* string */.YjP(),
    StartLine: schemas/* number */.aig().int(),
    EndLine: schemas/* number */.aig().int(),
    Match: schemas/* string */.YjP(),
    Offset: trivy_report_optionalNumber,
});
const trivy_report_causeMetadata = schemas/* looseObject */._H3({
    Resource: trivy_report_optionalString,
    Provider: trivy_report_optionalString,
    Service: trivy_report_optionalString,
    StartLine: trivy_report_optionalNumber,
    EndLine: trivy_report_optionalNumber,
});
const trivy_report_misconfiguration = schemas/* looseObject */._H3({
    Type: trivy_report_optionalString,
    ID: schemas/* string */.YjP().min(1),
    AVDID: trivy_report_optionalString,
    Title: trivy_report_optionalString,
    Description: trivy_report_optionalString,
    Message: trivy_report_optionalString,
    Namespace: trivy_report_optionalString,
    Resolution: trivy_report_optionalString,
    Severity: trivy_report_severity,
    PrimaryURL: trivy_report_optionalString,
    References: trivy_report_optionalStrings,
    // PASS / FAIL / EXCEPTION; only FAIL is a finding, and a new value must not pass silently.
    Status: schemas/* enum */.k5n(['PASS', 'FAIL', 'EXCEPTION']),
    CauseMetadata: trivy_report_causeMetadata.optional(),
});
/** Trivy's DetectedLicense (pkg/types/license.go): a package license (PkgName) or a file license (FilePath). */
const trivy_report_license = schemas/* looseObject */._H3({
    Severity: trivy_report_severity,
    // forbidden, restricted, reciprocal, notice, permissive, unencumbered, unknown; a string so a new one still parses.
    Category: schemas/* string */.YjP(),
    PkgName: trivy_report_optionalString,
    FilePath: trivy_report_optionalString,
    Name: schemas/* string */.YjP(),
    Confidence: trivy_report_optionalNumber,
    Link: trivy_report_optionalString,
});
/**
 * A finding Trivy took out of the report because something outside the policy file said so
 * (`--show-suppressed`): an ignore file, a VEX document, a Rego filter. `Finding` has the shape
 * of its `Type`'s finding; it is read defensively when collected, so an odd one is still listed.
 */
const trivy_report_modifiedFinding = schemas/* looseObject */._H3({
    Type: schemas/* string */.YjP(),
    Status: schemas/* string */.YjP(),
    Statement: trivy_report_optionalString,
    Source: trivy_report_optionalString,
    Finding: schemas/* looseObject */._H3({}),
});
const trivy_report_result = schemas/* looseObject */._H3({
    Target: schemas/* string */.YjP(),
    Class: trivy_report_optionalString,
    Type: trivy_report_optionalString,
    Vulnerabilities: list(trivy_report_vulnerability),
    Secrets: list(trivy_report_secret),
    Misconfigurations: list(trivy_report_misconfiguration),
    Licenses: list(trivy_report_license),
    ExperimentalModifiedFindings: list(trivy_report_modifiedFinding),
    MisconfSummary: schemas/* looseObject */._H3({ Successes: schemas/* number */.aig(), Failures: schemas/* number */.aig() }).optional(),
});
const trivy_report_healthcheck = schemas/* looseObject */._H3({
    Test: trivy_report_optionalStrings,
});
/** The image's OCI config as Trivy echoes it (go-containerregistry ConfigFile: lowercase outer keys). */
const trivy_report_imageConfig = schemas/* looseObject */._H3({
    architecture: trivy_report_optionalString,
    os: trivy_report_optionalString,
    created: trivy_report_optionalString,
    history: schemas/* array */.YOg(schemas/* looseObject */._H3({ created_by: trivy_report_optionalString, empty_layer: schemas/* boolean */.zMY().optional() }))
        .nullish(),
    config: schemas/* looseObject */._H3({
        User: trivy_report_optionalString,
        Healthcheck: trivy_report_healthcheck.nullish(),
        Env: trivy_report_optionalStrings,
        Cmd: trivy_report_optionalStrings,
        Entrypoint: trivy_report_optionalStrings,
        WorkingDir: trivy_report_optionalString,
        Labels: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).nullish(),
        ExposedPorts: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).nullish(),
    })
        .optional(),
});
const trivy_report_metadata = schemas/* looseObject */._H3({
    Size: trivy_report_optionalNumber,
    OS: schemas/* looseObject */._H3({ Family: schemas/* string */.YjP(), Name: trivy_report_optionalString, EOSL: schemas/* boolean */.zMY().optional() }).optional(),
    ImageID: trivy_report_optionalString,
    DiffIDs: trivy_report_optionalStrings,
    RepoTags: trivy_report_optionalStrings,
    RepoDigests: trivy_report_optionalStrings,
    ImageConfig: trivy_report_imageConfig.optional(),
});
const trivyReportSchema = schemas/* looseObject */._H3({
    SchemaVersion: schemas/* literal */.euz(TRIVY_SCHEMA_VERSION),
    CreatedAt: trivy_report_optionalString,
    ArtifactName: trivy_report_optionalString,
    ArtifactType: trivy_report_optionalString,
    Metadata: trivy_report_metadata.optional(),
    Results: list(trivy_report_result),
});
/** The schemas of one finding each, for reading a suppressed finding's `Finding` by its `Type`. */
const trivyFindingSchemas = { vulnerability: trivy_report_vulnerability, secret: trivy_report_secret, misconfiguration: trivy_report_misconfiguration, license: trivy_report_license };
/** `Results[3].Vulnerabilities[0].Severity` — the spelling a person finds in the file. */
function formatJsonPath(path) {
    if (path.length === 0)
        return '(root)';
    return path
        .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
        .join('');
}
function describeIssue(issue, root) {
    const at = formatJsonPath(issue.path);
    // A wrong SchemaVersion is the one problem worth naming in words of its own.
    if (issue.path.length === 1 && issue.path[0] === 'SchemaVersion') {
        const actual = root?.SchemaVersion;
        return `${at}: expected ${TRIVY_SCHEMA_VERSION}, got ${actual === undefined ? 'nothing' : JSON.stringify(actual)}`;
    }
    return `${at}: ${issue.message}`;
}
/**
 * Parses Trivy's `--format json` output. `source` (usually the file path) is named in every
 * error so the log says which report was wrong. Empty, truncated, non-JSON or off-schema
 * text is a `scan-error`: fail closed rather than gate on half a report.
 */
function parseTrivyReport(text, source) {
    if (text.trim() === '') {
        throw reportError(source, 'the report is empty', []);
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw reportError(source, `the report is not valid JSON (truncated?): ${why}`, [], error);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
        throw reportError(source, 'the report is not a JSON object', []);
    }
    // The usual case, a well-formed report, is checked in place without zod's copy; anything the
    // fast check doubts goes through zod, which has the final word and writes every error message.
    if (conformsToTrivyReport(json)) {
        // conformsToTrivyReport guarantees the schema would accept it; normalising applies its only transforms.
        return normaliseTrivyReport(json);
    }
    const parsed = trivyReportSchema.safeParse(json);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => describeIssue(issue, json));
        const first = problems[0] ?? 'unknown schema problem';
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
        throw reportError(source, `the report does not match Trivy's schema: ${first}${more}`, problems);
    }
    return parsed.data;
}
function reportError(source, problem, details, cause) {
    return new gate_error/* GateError */.ue('scan-error', `Trivy report ${source}: ${problem}`, {
        remedy: 'The gate cannot decide on a report it cannot read. Check the Trivy version (pinned 0.74.0, report SchemaVersion 2) and the Trivy log above.',
        details,
        cause,
    });
}


/***/ }),

/***/ 51322:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gA: () => (/* binding */ buildOpenVex),
/* harmony export */   ur: () => (/* binding */ OPENVEX_JUSTIFICATIONS)
/* harmony export */ });
/* unused harmony exports OPENVEX_CONTEXT, OPENVEX_PREDICATE_TYPE, ociPurl */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);

/*
 * VEX out: the policy file's active exceptions on vulnerabilities as an OpenVEX 0.2 document,
 * so the triage a team did in the policy file travels with the image in the standard form
 * that Trivy (`--vex`), Grype and others read.
 *
 * The product is the image:
 * - pushed: `pkg:oci/<name>@<manifest digest>?repository_url=<registry>/<repository>`, the
 *   Package URL Trivy derives for an image with a repository digest, so `trivy image --vex`
 *   of that image matches the statements;
 * - not pushed: there is no manifest digest yet, so the product is identified by the image ID
 *   (config digest) the gate scanned, `@id` `sha256:<hex>` plus the same hash; scanners that
 *   match products by Package URL will not apply it to anything.
 *
 * An exception never becomes a wider claim than it is: one without package or path covers the
 * vulnerability in the whole image; one with a package or path becomes a statement about the
 * Package URLs of the image findings it covered, minus any PURL that also has an uncovered
 * finding of the same vulnerability (OpenVEX cannot express a path). What could not be said is
 * returned in `omitted` with the reason.
 */
const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';
/** The in-toto predicate type of an OpenVEX attestation. */
const OPENVEX_PREDICATE_TYPE = 'https://openvex.dev/ns/v0.2.0';
const OPENVEX_JUSTIFICATIONS = [
    'component_not_present',
    'vulnerable_code_not_present',
    'vulnerable_code_not_in_execute_path',
    'vulnerable_code_cannot_be_controlled_by_adversary',
    'inline_mitigations_already_exist',
];
/** Trivy's Package URL of an image by digest (pkg/purl parseOCI), without the arch qualifier. */
function ociPurl(product) {
    const registry = product.registry === 'docker.io' ? 'index.docker.io' : product.registry;
    const name = product.repository.split('/').at(-1).toLowerCase();
    return `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(product.digest)}?repository_url=${encodeURIComponent(`${registry}/${product.repository}`)}`;
}
function productComponent(product) {
    if (product.kind === 'pushed')
        return { '@id': ociPurl(product) };
    const hex = product.imageId.replace(/^sha256:/i, '').toLowerCase();
    return { '@id': `sha256:${hex}`, hashes: { 'sha-256': hex } };
}
/** IDs a vulnerability exception can carry (CVE, GHSA, RUSTSEC-…, PYSEC-…), not check or secret rule IDs. */
const VULNERABILITY_ID = /^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|[A-Z]+-\d{4}-[\w.-]+)$/i;
function isVulnerabilityException(exception, covered) {
    if (covered.some((e) => e.finding.kind === 'vulnerability'))
        return true;
    return covered.length === 0 && VULNERABILITY_ID.test(exception.id);
}
function statementFor(exception, covered, imageFindings, product, timestamp) {
    const base = { vulnerability: { name: exception.id }, timestamp, status: 'not_affected' };
    const notes = `policy exception (line ${exception.line}), expires ${exception.expires}`;
    const why = exception.justification
        ? { justification: exception.justification, status_notes: `${notes}: ${exception.reason}` }
        : { impact_statement: exception.reason, status_notes: notes };
    if (exception.package === undefined && exception.path === undefined)
        return { ...base, products: [product], ...why };
    const purls = new Set();
    for (const e of covered)
        if (e.finding.scope === 'image' && e.finding.kind === 'vulnerability' && e.finding.purl)
            purls.add(e.finding.purl);
    const sameVulnerability = (f) => f.id.toUpperCase() === exception.id.toUpperCase() || f.aliases.some((a) => a.toUpperCase() === exception.id.toUpperCase());
    for (const e of imageFindings) {
        if (e.exception !== exception && e.finding.purl && purls.has(e.finding.purl) && sameVulnerability(e.finding))
            purls.delete(e.finding.purl);
    }
    if (purls.size === 0) {
        return covered.length === 0
            ? 'it is limited to a package or path and matched nothing in this image, so there is no Package URL to name'
            : 'it is limited to a path, and the same package also has this vulnerability elsewhere in the image (OpenVEX cannot name a path)';
    }
    return { ...base, products: [{ ...product, subcomponents: [...purls].sort().map((p) => ({ '@id': p })) }], ...why };
}
/** The OpenVEX document for a decision's active exceptions; pure: the time comes from the decision. */
function buildOpenVex(request) {
    const { decision } = request;
    const timestamp = decision.evaluatedAt;
    const product = productComponent(request.product);
    const active = [...decision.exceptions.used.map((u) => u.exception), ...decision.exceptions.unused].sort((a, b) => a.index - b.index);
    const byException = new Map();
    const imageFindings = [];
    for (const e of decision.findings) {
        // One evaluation can stand for the same problem in several places (context and image).
        for (const finding of e.locations?.length ? e.locations : [e.finding]) {
            const located = { finding, exception: e.exception };
            if (e.exception) {
                const list = byException.get(e.exception);
                if (list)
                    list.push(located);
                else
                    byException.set(e.exception, [located]);
            }
            if (finding.scope === 'image' && finding.kind === 'vulnerability')
                imageFindings.push(located);
        }
    }
    const statements = [];
    const omitted = [];
    for (const exception of active) {
        const covered = byException.get(exception) ?? [];
        if (!isVulnerabilityException(exception, covered))
            continue;
        const statement = statementFor(exception, covered, imageFindings, product, timestamp);
        if (typeof statement === 'string')
            omitted.push({ exception, why: statement });
        else
            statements.push(statement);
    }
    if (statements.length === 0)
        return { document: undefined, omitted };
    const body = { author: request.author, timestamp, version: 1, tooling: request.tooling, statements };
    // A content address, as vexctl does: the same statements about the same image get the same ID.
    const id = `https://openvex.dev/docs/public/vex-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(JSON.stringify({ product, statements })).digest('hex')}`;
    return {
        document: { '@context': OPENVEX_CONTEXT, '@id': id, author: body.author, role: 'Policy gate', timestamp, version: 1, tooling: body.tooling, statements },
        omitted,
    };
}


/***/ }),

/***/ 32331:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ko: () => (/* binding */ readInputs),
  _o: () => (/* binding */ secretLines),
  VX: () => (/* binding */ secretValues),
  O4: () => (/* reexport */ text_safety/* urlCredentials */.O4)
});

// UNUSED EXPORTS: DEFAULT_DB_REPOSITORIES, DEFAULT_EPSS_URL, DEFAULT_KEV_URL, DEFAULT_TRIVY_VERSION, INPUT_NAMES, inputsSchema

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(88532);
// EXTERNAL MODULE: ./build/domain/gate-error.js
var gate_error = __webpack_require__(31049);
// EXTERNAL MODULE: ./build/domain/text-safety.js
var text_safety = __webpack_require__(11781);
// EXTERNAL MODULE: ./build/domain/platforms/platform.js
var platform = __webpack_require__(74739);
// EXTERNAL MODULE: ./build/domain/trivy-release.js
var trivy_release = __webpack_require__(47201);
;// CONCATENATED MODULE: ./build/input-names.js
/**
 * Every input the action reads, with its default. action.yml declares the same names;
 * a test keeps the two (and README's table) in sync.
 */
const INPUT_NAMES = [
    'mode',
    'image',
    'tags',
    'context',
    'dockerfile',
    'build-args',
    'build-secrets',
    'target',
    'labels',
    'no-cache',
    'cache-from',
    'cache-to',
    'network',
    'platforms',
    'push',
    'registry-username',
    'registry-password',
    'fail-on',
    'issue-on',
    'unknown-severity',
    'ignore-unfixed',
    'scanners',
    'trivy-version',
    'trivy-path',
    'trivy-download-url',
    'db-repository',
    'trivy-cache-dir',
    'trivy-layer-cache',
    'skip-db-update',
    'max-db-age',
    'timeout',
    'trivy-server',
    'trivy-server-token',
    'policy-file',
    'ignore-file',
    'baseline',
    'baseline-tag',
    'block-on-increase',
    'compare-on',
    'require-non-root',
    'require-healthcheck',
    'max-image-size',
    'config-secrets',
    'github-token',
    'issue-label',
    'create-issue',
    'pr-comment',
    'sarif-file',
    'html-report',
    'audit-log',
    'fail-on-kev',
    'epss-threshold',
    'exploit-data',
    'kev-url',
    'epss-url',
    'kev-file',
    'epss-file',
    'vex',
    'keep-reports',
    'attest',
    'attest-key',
    'attest-key-password',
];

// EXTERNAL MODULE: ./build/domain/severity.js
var severity = __webpack_require__(75526);
;// CONCATENATED MODULE: ./build/input-values.js


/*
 * Parsers for single input values: a raw `core.getInput` string in, a typed value out, or a
 * GateError('input-error') that names the input and shows an accepted example. The zod schema
 * in inputs.ts wires one of these to each input.
 */
function inputError(name, problem, example) {
    return new gate_error/* GateError */.ue('input-error', `input '${name}': ${problem}`, {
        remedy: `for example: ${name}: ${example}`,
    });
}
/** Lists accept newlines and commas, like docker/metadata-action; blank entries are dropped. */
function splitList(raw, { commas = true } = {}) {
    const lines = raw.split(/\r?\n/);
    const items = commas ? lines.flatMap((l) => l.split(',')) : lines;
    return items.map((s) => s.trim()).filter((s) => s.length > 0 && !s.startsWith('#'));
}
function parseBoolean(name, raw, fallback) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return fallback;
    if (['true', 'yes', 'on', '1'].includes(value))
        return true;
    if (['false', 'no', 'off', '0'].includes(value))
        return false;
    throw inputError(name, `'${raw}' is not a boolean`, 'true');
}
function parseEnum(name, raw, allowed, fallback, example) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return fallback;
    const match = allowed.find((a) => a.toLowerCase() === value);
    if (!match)
        throw inputError(name, `'${raw}' is not one of ${allowed.join(', ')}`, example ?? fallback);
    return match;
}
/**
 * `HIGH` is a threshold (HIGH and above); `CRITICAL,HIGH` or `HIGH,LOW` is an exact list;
 * `none` disables the gate. UNKNOWN may be listed explicitly.
 */
function parseSeverities(name, raw, fallback) {
    const text = raw.trim() === '' ? fallback : raw;
    const items = splitList(text).map((s) => s.toUpperCase());
    if (items.length === 1 && items[0] === 'NONE')
        return [];
    const invalid = items.filter((s) => !['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].includes(s));
    if (invalid.length > 0 || items.length === 0) {
        throw inputError(name, `unknown severity '${invalid.join(', ') || raw}'`, 'CRITICAL,HIGH (or a threshold: HIGH, or none)');
    }
    if (items.length === 1 && items[0] !== 'UNKNOWN')
        return (0,severity/* severitiesAtOrAbove */.Zx)(items[0]);
    return [...new Set(items)];
}
function parseKeyValues(name, raw, example) {
    const result = {};
    for (const line of splitList(raw, { commas: false })) {
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw inputError(name, `'${line}' is not KEY=VALUE`, example);
        result[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    return result;
}
const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
/** `id=value` or `id=env:NAME`; values are resolved here so that they can be masked at once. */
function parseBuildSecrets(raw, env) {
    const secrets = [];
    for (const line of splitList(raw, { commas: false })) {
        const eq = line.indexOf('=');
        const id = eq > 0 ? line.slice(0, eq).trim() : '';
        if (!SECRET_ID.test(id)) {
            throw inputError('build-secrets', `entry ${secrets.length + 1} has no valid id (letters, digits, . _ -)`, 'npm_token=env:NPM_TOKEN');
        }
        const spec = line.slice(eq + 1);
        if (spec.startsWith('env:')) {
            const variable = spec.slice(4).trim();
            const value = env[variable];
            if (value === undefined || value === '') {
                throw inputError('build-secrets', `secret '${id}' reads environment variable '${variable}', which is not set`, `${id}=env:${variable} with env: { ${variable}: \${{ secrets.${variable} }} }`);
            }
            secrets.push({ id, value });
        }
        else {
            secrets.push({ id, value: spec });
        }
    }
    return secrets;
}
/** `50MB`, `1.5GB`, `200MiB`, `1048576` → bytes. Decimal units match what `docker images` prints. */
function parseSize(name, raw) {
    const text = raw.trim();
    if (text === '' || text.toLowerCase() === 'off')
        return undefined;
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?$/i.exec(text);
    if (!match)
        throw inputError(name, `'${raw}' is not a size`, '50MB');
    const units = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
    return Math.round(Number(match[1]) * units[(match[2] ?? 'b').toLowerCase()]);
}
/** `600`, `90s`, `10m`, `1h` → seconds. */
function parseDuration(name, raw, fallbackSeconds) {
    const text = raw.trim();
    if (text === '')
        return fallbackSeconds;
    const match = /^(\d+)\s*(s|m|h)?$/i.exec(text);
    if (!match || Number(match[1]) <= 0)
        throw inputError(name, `'${raw}' is not a duration`, '10m');
    const factor = { s: 1, m: 60, h: 3600 }[(match[2] ?? 's').toLowerCase()];
    return Number(match[1]) * factor;
}
function parseScanners(raw) {
    const scanners = splitList(raw.trim() || 'vuln,secret,misconfig').map((s) => s.toLowerCase());
    const known = ['vuln', 'secret', 'misconfig', 'license'];
    const unknown = scanners.find((s) => !known.includes(s));
    if (unknown !== undefined || scanners.length === 0)
        throw inputError('scanners', `unknown scanner '${unknown ?? ''}'`, 'vuln,secret,misconfig');
    return [...new Set(scanners)];
}
function parseBaseline(raw) {
    const value = raw.trim();
    if (value === '' || value.toLowerCase() === 'none')
        return { kind: 'none' };
    if (value.toLowerCase() === 'registry')
        return { kind: 'registry' };
    return { kind: 'file', path: value };
}
function parseUrl(name, raw, schemes, example) {
    const value = raw.trim();
    if (value === '')
        return undefined;
    if (!schemes.test(value) || !URL.canParse(value))
        throw inputError(name, `'${value}' is not a URL`, example);
    return value.replace(/\/+$/, '');
}
/**
 * `max-db-age`: an age and, after a comma, what an older DB does: `7d` (warn), `36h,fail`,
 * `off`. Units: `h` hours, `d` days (a bare number is days). Default `7d,warn`.
 */
function parseDbAge(raw) {
    const text = raw.trim().toLowerCase() || '7d';
    if (text === 'off' || text === 'none')
        return undefined;
    const match = /^(\d+)\s*(h|d)?\s*(?:,\s*(warn|fail))?$/.exec(text);
    if (!match || Number(match[1]) <= 0)
        throw inputError('max-db-age', `'${raw}' is not an age with an optional mode`, '7d (warns), 36h,fail, or off');
    const seconds = Number(match[1]) * (match[2] === 'h' ? 3600 : 86_400);
    return { seconds, mode: (match[3] ?? 'warn') };
}

;// CONCATENATED MODULE: ./build/inputs.js








// Re-exported so callers keep one import for everything about inputs; the types live where they are used.

const DEFAULT_DB_REPOSITORIES = [
    'mirror.gcr.io/aquasec/trivy-db:2',
    'ghcr.io/aquasecurity/trivy-db:2',
    'public.ecr.aws/aquasecurity/trivy-db:2',
];
const VERSION = schemas/* string */.YjP().regex(/^v?\d+\.\d+\.\d+$/);
/**
 * One input as a zod field: the raw string from core.getInput in, a typed value out. A parser's
 * GateError becomes a zod issue on that input, so every problem is reported against its name.
 */
function field(parse) {
    return schemas/* string */.YjP().transform((raw, ctx) => {
        try {
            return parse(raw);
        }
        catch (error) {
            if (!(error instanceof gate_error/* GateError */.ue))
                throw error;
            ctx.addIssue({ code: 'custom', message: error.message, params: { remedy: error.remedy } });
            return core/* NEVER */.tm;
        }
    });
}
function oneOf(name, allowed, fallback, example) {
    return field((raw) => parseEnum(name, raw, allowed, fallback, example));
}
function bool(name, fallback) {
    return field((raw) => parseBoolean(name, raw, fallback));
}
const inputs_text = (fallback) => field((raw) => raw.trim() || fallback);
const optionalText = field((raw) => raw.trim() || undefined);
const RULE_MODES = ['fail', 'warn', 'off'];
const DEFAULT_KEV_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
const DEFAULT_EPSS_URL = 'https://epss.cyentia.com/epss_scores-current.csv.gz';
/** `0.5`, `50%` or empty (off): the EPSS score at or above which a vulnerability blocks. */
function parseEpssThreshold(raw) {
    const value = raw.trim();
    if (value === '' || value.toLowerCase() === 'off')
        return undefined;
    const percent = value.endsWith('%');
    const n = Number(percent ? value.slice(0, -1) : value);
    const score = percent ? n / 100 : n;
    if (!Number.isFinite(n) || value === '%' || score < 0 || score > 1) {
        throw inputError('epss-threshold', `'${value}' is not an EPSS score from 0 to 1 (or a percentage)`, '0.5');
    }
    return score;
}
/** The schema of every input, keyed by the names action.yml declares; defaults that depend on the runner come from `runner`. */
function inputsSchema(runner) {
    return schemas/* object */.Ikc({
        mode: oneOf('mode', ['gate', 'summary'], 'gate'),
        image: field((raw) => {
            const image = raw.trim() || (runner.repository ? `ghcr.io/${runner.repository}` : '');
            if (!image)
                throw inputError('image', 'no image name given and GITHUB_REPOSITORY is not set', 'ghcr.io/acme/app');
            return image;
        }),
        tags: field((raw) => splitList(raw)),
        context: inputs_text('.'),
        dockerfile: inputs_text('Dockerfile'),
        'build-args': field((raw) => parseKeyValues('build-args', raw, 'NODE_VERSION=20')),
        'build-secrets': field((raw) => parseBuildSecrets(raw, runner.env)),
        target: optionalText,
        labels: field((raw) => parseKeyValues('labels', raw, 'org.opencontainers.image.vendor=Acme')),
        'no-cache': bool('no-cache', false),
        'cache-from': field((raw) => (raw.trim() === '' ? undefined : raw.trim().toLowerCase() === 'none' ? [] : splitList(raw))),
        'cache-to': oneOf('cache-to', ['inline', 'none'], 'inline'),
        network: oneOf('network', ['default', 'none', 'host'], 'default', 'none'),
        platforms: field((raw) => (0,platform/* parsePlatforms */.qA)(splitList(raw))),
        push: oneOf('push', ['auto', 'true', 'false'], 'auto'),
        'registry-username': field((raw) => raw.trim() || runner.actor || ''),
        'registry-password': schemas/* string */.YjP(),
        'fail-on': field((raw) => parseSeverities('fail-on', raw, 'CRITICAL,HIGH')),
        'issue-on': field((raw) => parseSeverities('issue-on', raw, 'MEDIUM')),
        'unknown-severity': field((raw) => parseEnum('unknown-severity', raw.toUpperCase(), severity/* RANKED_SEVERITIES */.Kw, 'HIGH')),
        'ignore-unfixed': bool('ignore-unfixed', false),
        scanners: field(parseScanners),
        'trivy-version': field((raw) => {
            const version = raw.trim() || trivy_release/* DEFAULT_TRIVY_VERSION */.ss;
            if (!VERSION.safeParse(version).success)
                throw inputError('trivy-version', `'${version}' is not a version`, trivy_release/* DEFAULT_TRIVY_VERSION */.ss);
            return version.replace(/^v/, '');
        }),
        'trivy-path': optionalText,
        'trivy-download-url': field((raw) => parseUrl('trivy-download-url', raw, /^(https?|file):\/\//, 'https://mirror.example.com/trivy/releases/download') ??
            'https://github.com/aquasecurity/trivy/releases/download'),
        'db-repository': field((raw) => (splitList(raw).length > 0 ? splitList(raw) : DEFAULT_DB_REPOSITORIES)),
        'trivy-cache-dir': inputs_text(`${runner.runnerTemp}/container-security-gate/trivy-cache`),
        'trivy-layer-cache': bool('trivy-layer-cache', true),
        'skip-db-update': bool('skip-db-update', false),
        'max-db-age': field(parseDbAge),
        timeout: field((raw) => parseDuration('timeout', raw, 600)),
        'trivy-server': field((raw) => parseUrl('trivy-server', raw, /^https?:\/\//, 'http://trivy.internal:4954')),
        'trivy-server-token': schemas/* string */.YjP(),
        'policy-file': inputs_text('.github/container-gate.yml'),
        'ignore-file': optionalText,
        baseline: field(parseBaseline),
        'baseline-tag': inputs_text('latest'),
        'block-on-increase': bool('block-on-increase', true),
        'compare-on': field((raw) => (raw.trim() === '' ? undefined : parseSeverities('compare-on', raw, 'MEDIUM'))),
        'require-non-root': oneOf('require-non-root', RULE_MODES, 'fail', 'warn'),
        'require-healthcheck': oneOf('require-healthcheck', RULE_MODES, 'warn', 'fail'),
        'max-image-size': field((raw) => parseSize('max-image-size', raw)),
        'config-secrets': oneOf('config-secrets', RULE_MODES, 'fail', 'warn'),
        'github-token': schemas/* string */.YjP(),
        'issue-label': inputs_text('container-security'),
        'create-issue': bool('create-issue', true),
        'pr-comment': bool('pr-comment', true),
        'sarif-file': inputs_text(`${runner.runnerTemp}/container-security-gate.sarif`),
        'html-report': bool('html-report', true),
        'audit-log': optionalText,
        'fail-on-kev': bool('fail-on-kev', true),
        'epss-threshold': field((raw) => parseEpssThreshold(raw)),
        'exploit-data': oneOf('exploit-data', ['optional', 'required', 'off'], 'optional', 'required'),
        'kev-url': field((raw) => parseUrl('kev-url', raw, /^https?:\/\//, 'https://mirror.example.com/kev/known_exploited_vulnerabilities.json') ?? DEFAULT_KEV_URL),
        'epss-url': field((raw) => parseUrl('epss-url', raw, /^https?:\/\//, 'https://mirror.example.com/epss/epss_scores-current.csv.gz') ?? DEFAULT_EPSS_URL),
        'kev-file': optionalText,
        'epss-file': optionalText,
        vex: field((raw) => splitList(raw, { commas: false })),
        'keep-reports': bool('keep-reports', false),
        attest: oneOf('attest', ['auto', 'keyless', 'key', 'off'], 'auto', 'key'),
        'attest-key': schemas/* string */.YjP(),
        'attest-key-password': schemas/* string */.YjP(),
    })
        .superRefine((raw, ctx) => {
        const problem = attestProblem(raw.attest, raw['attest-key'], runner.env);
        if (problem)
            ctx.addIssue({ code: 'custom', path: [problem.input], message: problem.message, params: { remedy: problem.remedy } });
    })
        .transform((raw) => ({
        mode: raw.mode,
        image: raw.image,
        tags: raw.tags,
        context: raw.context,
        dockerfile: raw.dockerfile,
        buildArgs: raw['build-args'],
        buildSecrets: raw['build-secrets'],
        target: raw.target,
        labels: raw.labels,
        noCache: raw['no-cache'],
        cacheFrom: raw['cache-from'],
        cacheTo: raw['cache-to'],
        network: raw.network,
        platforms: raw.platforms,
        push: raw.push,
        registryUsername: raw['registry-username'],
        // ghcr.io accepts the workflow token; any other registry needs its own password.
        registryPassword: raw['registry-password'] || raw['github-token'],
        failOn: raw['fail-on'],
        issueOn: raw['issue-on'],
        unknownSeverity: raw['unknown-severity'],
        ignoreUnfixed: raw['ignore-unfixed'],
        scanners: raw.scanners,
        trivyVersion: raw['trivy-version'],
        trivyPath: raw['trivy-path'],
        trivyDownloadUrl: raw['trivy-download-url'],
        dbRepository: raw['db-repository'],
        trivyCacheDir: raw['trivy-cache-dir'],
        trivyLayerCache: raw['trivy-layer-cache'],
        skipDbUpdate: raw['skip-db-update'],
        maxDbAge: raw['max-db-age'],
        timeoutSeconds: raw.timeout,
        trivyServer: raw['trivy-server'],
        trivyServerToken: raw['trivy-server-token'].trim(),
        policyFile: raw['policy-file'],
        ignoreFile: raw['ignore-file'],
        baseline: raw.baseline,
        baselineTag: raw['baseline-tag'],
        blockOnIncrease: raw['block-on-increase'],
        compareOn: raw['compare-on'],
        requireNonRoot: raw['require-non-root'],
        requireHealthcheck: raw['require-healthcheck'],
        maxImageSizeBytes: raw['max-image-size'],
        configSecrets: raw['config-secrets'],
        githubToken: raw['github-token'],
        issueLabel: raw['issue-label'],
        createIssue: raw['create-issue'],
        prComment: raw['pr-comment'],
        sarifFile: raw['sarif-file'],
        htmlReport: raw['html-report'],
        auditLog: raw['audit-log'],
        failOnKev: raw['fail-on-kev'],
        epssThreshold: raw['epss-threshold'],
        exploitData: raw['exploit-data'],
        kevUrl: raw['kev-url'],
        epssUrl: raw['epss-url'],
        kevFile: raw['kev-file'],
        epssFile: raw['epss-file'],
        vex: raw.vex,
        keepReports: raw['keep-reports'],
        attest: raw.attest,
        attestKey: raw['attest-key'].trim(),
        attestKeyPassword: raw['attest-key-password'],
    }));
}
/** Reads every input through the schema; the first problem becomes an input-error naming the input. */
function readInputs(read, runner) {
    const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, read(name)]));
    const parsed = inputsSchema(runner).safeParse(raw);
    if (parsed.success)
        return parsed.data;
    const issues = parsed.error.issues;
    const first = issues[0];
    const message = issues
        .map((issue) => (issue.message.startsWith('input ') ? issue.message : `input '${String(issue.path[0])}': ${issue.message}`))
        .join('; ');
    const remedy = first.code === 'custom' ? first.params?.remedy : undefined;
    throw new gate_error/* GateError */.ue('input-error', message, remedy === undefined ? {} : { remedy });
}
/** The values that must never be printed: registered with core.setSecret before anything runs. */
function secretValues(inputs) {
    return [
        inputs.registryPassword,
        inputs.githubToken,
        ...inputs.buildSecrets.map((s) => s.value),
        inputs.trivyServerToken,
        ...(0,text_safety/* urlCredentials */.O4)(inputs.trivyServer),
        ...secretLines(inputs.attestKey),
        inputs.attestKeyPassword,
    ].filter((v) => v.length > 0);
}
/**
 * A multi-line secret (a PEM key) masked as a whole and line by line: the runner matches masks
 * within one log line, so only per-line masks hide a key printed over several lines. PEM armour
 * lines are not secret and would only blank out unrelated text.
 */
function secretLines(value) {
    if (value.trim() === '')
        return [];
    const lines = value
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length >= 8 && !/^-----(BEGIN|END) [A-Z ]+-----$/.test(l));
    return [value, ...lines];
}
/** Cross-input checks for `attest`: a key mode without a key, keyless without an OIDC token. */
function attestProblem(mode, key, env) {
    if (mode === 'key' && key.trim() === '') {
        return { input: 'attest', message: "input 'attest': attest: key signs with attest-key, which is empty", remedy: 'for example: attest: key with attest-key: ${{ secrets.COSIGN_PRIVATE_KEY }} (and attest-key-password for a cosign.key), or attest: off' };
    }
    if (mode === 'keyless' && !env.ACTIONS_ID_TOKEN_REQUEST_URL) {
        return { input: 'attest', message: "input 'attest': keyless signing needs the job's OIDC token (permissions: id-token: write), and this job has none", remedy: 'for example: permissions: { id-token: write } on the job, or attest: key with attest-key' };
    }
    return undefined;
}


/***/ }),

/***/ 95196:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./build/adapters/actions/workflow-log.js
var workflow_log = __webpack_require__(42347);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./build/domain/gate-error.js
var gate_error = __webpack_require__(31049);
// EXTERNAL MODULE: ./build/domain/github-event.js
var github_event = __webpack_require__(77163);
// EXTERNAL MODULE: ./build/domain/severity.js
var severity = __webpack_require__(75526);
;// CONCATENATED MODULE: ./build/domain/policy/decision.js

function emptyDecisionCounts() {
    return { filesystem: (0,severity/* emptyCounts */.W1)(), image: (0,severity/* emptyCounts */.W1)(), total: (0,severity/* emptyCounts */.W1)() };
}
/**
 * An error run rendered through the same object: verdict `error`, reason = the error's reason.
 * `partial` keeps whatever was learnt before the failure (e.g. the context scan's findings).
 */
function errorDecision(error, partial = {}, now = new Date()) {
    const findings = partial.findings ?? [];
    return {
        scanned: partial.scanned ?? { filesystem: false, image: false, imageFacts: false },
        findings,
        counts: partial.counts ?? emptyDecisionCounts(),
        totals: partial.totals ?? {
            findings: 0,
            blocking: 0,
            reportedAsIssue: 0,
            excepted: 0,
            unfixedIgnored: 0,
            suppressed: 0,
        },
        exceptions: partial.exceptions ?? { fileName: undefined, used: [], unused: [], expired: [] },
        baseline: partial.baseline,
        hardening: partial.hardening ?? [],
        suppressed: partial.suppressed ?? [],
        database: partial.database,
        ...(partial.exploitData && { exploitData: partial.exploitData }),
        policy: partial.policy,
        evaluatedAt: partial.evaluatedAt ?? now.toISOString(),
        verdict: 'error',
        reason: error.reason,
        summary: `error (${error.reason}): ${error.message}`,
        reasons: partial.reasons ?? [],
        error: { reason: error.reason, message: error.message, remedy: error.remedy, details: [...error.details] },
    };
}

// EXTERNAL MODULE: ./build/domain/text-safety.js
var text_safety = __webpack_require__(11781);
// EXTERNAL MODULE: ./build/inputs.js + 2 modules
var build_inputs = __webpack_require__(32331);
;// CONCATENATED MODULE: ./build/domain/finding-identity.js
/*
 * When two findings are one problem seen in two places: the build context's lockfile and the
 * package installed in the image, or the Dockerfile in the context and its copy in the image
 * (`COPY . .`). `findingKey` says "same problem, same place"; this says "same problem".
 *
 * Package names are compared the way their ecosystem compares them, so `Werkzeug` in
 * requirements.txt is `werkzeug` in site-packages. Where an ecosystem is case-sensitive (Go
 * module paths, Maven coordinates, RubyGems, OS packages) the name is kept exactly: merging two
 * different packages would hide one of them, keeping two apart only shows a row twice.
 */
/** Trivy result Types (pkg/fanal/types/const.go) grouped by the package registry they name. */
const ECOSYSTEM = {
    pip: 'pypi',
    pipenv: 'pypi',
    poetry: 'pypi',
    uv: 'pypi',
    'python-pkg': 'pypi',
    npm: 'npm',
    yarn: 'npm',
    pnpm: 'npm',
    bun: 'npm',
    'node-pkg': 'npm',
    nuget: 'nuget',
    'dotnet-core': 'nuget',
    'packages-props': 'nuget',
    composer: 'packagist',
    'composer-vendor': 'packagist',
    cargo: 'crates',
    rustbinary: 'crates',
    gomod: 'go',
    gobinary: 'go',
    jar: 'maven',
    pom: 'maven',
    gradle: 'maven',
    sbt: 'maven',
    bundler: 'rubygems',
    gemspec: 'rubygems',
    'conda-pkg': 'conda',
    'conda-environment': 'conda',
    pub: 'pub',
    hex: 'hex',
    swift: 'swift',
    cocoapods: 'cocoapods',
};
/** The registry a finding's package comes from; OS packages by distribution. */
function ecosystemOf(finding) {
    const type = finding.targetType ?? '';
    if (finding.targetClass === 'os-pkgs')
        return `os:${type}`;
    return ECOSYSTEM[type] ?? type;
}
/**
 * A package name as its registry compares names:
 * - PyPI: PEP 503 (lowercase; runs of `-`, `_`, `.` are one `-`);
 * - npm, NuGet, Packagist, conda, pub, hex: case-insensitive (npm's registry refuses names that differ only in case);
 * - crates.io: case-insensitive, and `-` and `_` are the same name;
 * - everything else (Go, Maven, RubyGems, OS packages): exactly as written.
 */
function normalisePackageName(ecosystem, name) {
    switch (ecosystem) {
        case 'pypi':
            return name.toLowerCase().replace(/[-_.]+/g, '-');
        case 'crates':
            return name.toLowerCase().replace(/_/g, '-');
        case 'npm':
        case 'nuget':
        case 'packagist':
        case 'conda':
        case 'pub':
        case 'hex':
            return name.toLowerCase();
        default:
            return name;
    }
}
/** Misconfiguration check IDs changed spelling between Trivy versions: DS002, DS-0002, AVD-DS-0002 are one check. */
function canonicalCheckId(id) {
    const m = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/i.exec(id.trim());
    return m ? `${m[1].toUpperCase()}-${m[2]}` : id.trim().toUpperCase();
}
/** Findings located in a file (not a package): matched by the file's path. */
function isFileFinding(finding) {
    return finding.kind === 'secret' || finding.kind === 'misconfiguration' || (finding.kind === 'license' && !finding.packageName);
}
/**
 * Parts joined with NUL: cheaper than JSON.stringify over tens of thousands of findings. A
 * crafted name holding NUL could at worst merge two findings into one evaluation that lists
 * both locations and takes the more severe status: nothing is dropped or weakened.
 */
function joinParts(...parts) {
    return parts.join('\u0000');
}
function fileIdentity(finding, path) {
    const id = finding.kind === 'misconfiguration' ? canonicalCheckId(finding.id) : finding.id;
    return joinParts('file', finding.kind, id, finding.namespace ?? '', path, finding.startLine ?? '', finding.endLine ?? '');
}
function stripSlashes(path) {
    return path.replace(/\\/g, '/').replace(/^\/+/, '');
}
/**
 * The identity of a package finding, whatever the scope and the path it was found at: kind,
 * ID, ecosystem, normalised package name, installed version. undefined for file findings,
 * which `mergeByIdentity` matches by path instead.
 */
function packageIdentity(finding) {
    if (isFileFinding(finding))
        return undefined;
    const ecosystem = ecosystemOf(finding);
    const name = normalisePackageName(ecosystem, finding.packageName ?? '');
    if (finding.kind === 'license')
        return joinParts('package', finding.kind, finding.id, ecosystem, name);
    return joinParts('package', finding.kind, finding.id, ecosystem, name, finding.installedVersion ?? '');
}
/**
 * One item per group of items whose findings are one problem: package findings by
 * `packageIdentity`; file findings by check (or rule), lines and path, where an image path
 * matches a build-context path it ends with (`app/Dockerfile` in the image is `Dockerfile` in the
 * context, copied there). Groups keep the order of their first item; an item alone in its group
 * is returned as it is, a group of several (items in input order) as `merge` makes it. Most
 * findings are alone: no list is made for them.
 */
function mergeByIdentity(items, findingOf, merge) {
    const { firsts, others } = identityGroups(items, findingOf);
    return firsts.map((first, g) => (others[g] === undefined ? first : merge([first, ...others[g]])));
}
/** The groups of `mergeByIdentity` as their first items and, for groups of several, the items after the first. */
function identityGroups(items, findingOf) {
    const firsts = [];
    const others = [];
    // Identity → group number.
    const byIdentity = new Map();
    const contextFiles = new Map();
    const pending = [];
    const join = (g, item) => {
        const more = others[g];
        if (more === undefined)
            others[g] = [item];
        else
            more.push(item);
    };
    const add = (identity, item, index) => {
        const g = index.get(identity);
        if (g !== undefined)
            return join(g, item);
        index.set(identity, firsts.length);
        firsts.push(item);
        others.push(undefined);
    };
    for (const item of items) {
        const finding = findingOf(item);
        const identity = packageIdentity(finding);
        if (identity !== undefined)
            add(identity, item, byIdentity);
        else if (finding.scope === 'filesystem')
            add(fileIdentity(finding, stripSlashes(finding.target)), item, contextFiles);
        else
            pending.push(item);
    }
    // Image file findings: the longest build-context path their own path ends with.
    for (const item of pending) {
        const finding = findingOf(item);
        const segments = stripSlashes(finding.target).split('/');
        let g;
        for (let i = 0; i < segments.length && g === undefined; i++) {
            g = contextFiles.get(fileIdentity(finding, segments.slice(i).join('/')));
        }
        if (g !== undefined)
            join(g, item);
        else
            add(joinParts('image', fileIdentity(finding, stripSlashes(finding.target))), item, byIdentity);
    }
    return { firsts, others };
}

;// CONCATENATED MODULE: ./build/domain/policy/baseline.js

/** An image report (`container_image`) is compared with this run's image scan; anything else with the context scan. */
function baselineScope(report) {
    return report.ArtifactType === 'container_image' ? 'image' : 'filesystem';
}
function byKey(findings) {
    const map = new Map();
    for (const f of findings)
        if (!map.has(f.key))
            map.set(f.key, f);
    return map;
}
/** Compares two sets of findings by identity key (duplicates of a key count once). */
function compareFindings(current, baseline) {
    const now = byKey(current);
    const before = byKey(baseline);
    const added = [...now.values()].filter((f) => !before.has(f.key));
    const removed = [...before.values()].filter((f) => !now.has(f.key));
    return {
        added,
        removed,
        unchangedCount: now.size - added.length,
        currentCount: now.size,
        baselineCount: before.size,
    };
}
function baselineVerdict(currentCount, baselineCount) {
    if (currentCount > baselineCount)
        return 'regressed';
    if (currentCount < baselineCount)
        return 'improved';
    return 'unchanged';
}
/**
 * `current` and `baseline` are the counted vulnerabilities of each side (see
 * `BaselineComparison` for what is counted). The verdict follows the count, not the lists:
 * a package upgrade that swaps one HIGH for another is `unchanged`, not a regression.
 */
function compareWithBaseline(current, baseline, scope, blockOnIncrease) {
    const delta = compareFindings(current, baseline);
    const verdict = baselineVerdict(delta.currentCount, delta.baselineCount);
    return {
        verdict,
        scope,
        blocking: verdict === 'regressed' && blockOnIncrease,
        baselineCount: delta.baselineCount,
        currentCount: delta.currentCount,
        newCount: delta.added.length,
        fixedCount: delta.removed.length,
        unchangedCount: delta.unchangedCount,
        newVulnerabilities: delta.added,
        fixedVulnerabilities: delta.removed,
    };
}
function missingScopeError(scope) {
    return new gate_error/* GateError */.ue('input-error', `the baseline is ${scope === 'image' ? 'an image' : 'a filesystem'} report, but this run has no ${scope} scan to compare it with`, {
        remedy: scope === 'image'
            ? 'Use baseline: registry, or a Trivy report of the published image (trivy image --format json).'
            : 'Use a Trivy report of the same kind as the scan it should be compared with.',
    });
}

;// CONCATENATED MODULE: ./build/domain/findings.js
/**
 * Identity of a finding: kind, ID, where it is, package, installed version.
 *
 * "Where" deliberately avoids the artifact name: an image scan's OS-package result is named
 * after the image reference (`ghcr.io/acme/app:pr-7 (alpine 3.20.1)`), which differs between
 * the image just built and the published tag it is compared with. So OS packages are located
 * by result Class/Type (`os-pkgs/alpine`) only; language packages by their PkgPath inside the
 * image (falling back to the result Target, a path); secrets and misconfigurations by the
 * file Target plus their start line (two secrets of one rule in one file stay distinct), and
 * misconfigurations also by check namespace; licenses by package and license file.
 * The scope is not part of the key: comparisons happen within one scope.
 */
function findingKey(finding) {
    const where = finding.targetClass === 'os-pkgs'
        ? `os-pkgs/${finding.targetType ?? ''}`
        : `${finding.targetClass ?? ''}/${finding.targetType ?? ''}:${finding.packagePath || finding.target}`;
    let parts;
    if (finding.kind === 'vulnerability')
        parts = [finding.kind, finding.id, where, finding.packageName ?? '', finding.installedVersion ?? ''];
    else if (finding.kind === 'license')
        parts = [finding.kind, finding.id, where, finding.packageName ?? '', finding.filePath ?? ''];
    // Checks without metadata all have ID `N/A`: the namespace keeps them apart.
    else if (finding.kind === 'misconfiguration' && finding.namespace)
        parts = [finding.kind, finding.id, where, String(finding.startLine ?? ''), finding.namespace];
    else
        parts = [finding.kind, finding.id, where, String(finding.startLine ?? '')];
    // JSON keeps the parts unambiguous whatever characters they contain.
    return JSON.stringify(parts);
}

// EXTERNAL MODULE: ./build/domain/trivy-report.js + 1 modules
var trivy_report = __webpack_require__(93855);
// EXTERNAL MODULE: ./build/domain/suppressed-findings.js
var suppressed_findings = __webpack_require__(28762);
;// CONCATENATED MODULE: ./build/domain/policy/collect-findings.js



/*
 * One finding per vulnerability, secret and misconfiguration. A report can hold tens of
 * thousands, so each finding is built as one object literal with its keys in one fixed order
 * (no spreads, no per-finding helper objects): the optional fields are left out rather than
 * set to undefined or '', so findings compare and serialise cleanly.
 */
/** A value worth keeping: the optional fields drop undefined and ''. */
function present(value) {
    return value !== undefined && value !== '';
}
/**
 * CVSS is free-form in the schema (vendor → scores); read it defensively. Trivy's own rule
 * (pkg/report/sarif.go): the v3 score of the source the severity came from, only when non-zero;
 * no fallback to another vendor's score, which may put the finding in another severity bucket.
 */
function cvssScore(v) {
    const cvss = v.CVSS;
    if (typeof cvss !== 'object' || cvss === null || v.SeveritySource === undefined)
        return undefined;
    const byVendor = cvss;
    const score = Object.hasOwn(byVendor, v.SeveritySource) ? byVendor[v.SeveritySource]?.V3Score : undefined;
    return typeof score === 'number' && score > 0 && score <= 10 ? score : undefined;
}
/** Checks without metadata (older Trivy, custom checks) have ID and Title `N/A`. */
function meaningful(value) {
    return value !== undefined && value !== '' && value !== 'N/A';
}
function fromVulnerability(result, scope, v) {
    const finding = {
        kind: 'vulnerability',
        id: v.VulnerabilityID,
        aliases: [],
        severity: v.Severity,
        scope,
        target: result.Target,
        targetClass: result.Class,
        targetType: result.Type,
    };
    // PkgName is required and non-empty, so it is always present.
    if (present(v.PkgName))
        finding.packageName = v.PkgName;
    if (present(v.PkgPath))
        finding.packagePath = v.PkgPath;
    if (present(v.InstalledVersion))
        finding.installedVersion = v.InstalledVersion;
    if (present(v.FixedVersion))
        finding.fixedVersion = v.FixedVersion;
    if (present(v.Status))
        finding.status = v.Status;
    if (present(v.PrimaryURL))
        finding.url = v.PrimaryURL;
    if (present(v.PkgIdentifier?.PURL))
        finding.purl = v.PkgIdentifier.PURL;
    const score = cvssScore(v);
    if (score !== undefined)
        finding.cvssScore = score;
    finding.title = v.Title || v.VulnerabilityID;
    finding.key = findingKey(finding);
    return finding;
}
/** `Match` (the offending line, value masked) and `Code` are deliberately not carried. */
function fromSecret(result, scope, s) {
    const finding = {
        kind: 'secret',
        id: s.RuleID,
        aliases: [],
        severity: s.Severity,
        scope,
        target: result.Target,
        targetClass: result.Class,
        targetType: result.Type,
        title: s.Title || s.RuleID,
        startLine: s.StartLine,
        endLine: s.EndLine,
    };
    if (present(s.Category))
        finding.category = s.Category;
    finding.key = findingKey(finding);
    return finding;
}
function fromMisconfiguration(result, scope, m) {
    const finding = {
        kind: 'misconfiguration',
        id: m.ID,
        // Trivy 0.58 wrote ID DS002 + AVDID AVD-DS-0002; 0.74 writes ID DS-0002 only.
        aliases: m.AVDID && m.AVDID !== m.ID ? [m.AVDID] : [],
        severity: m.Severity,
        scope,
        target: result.Target,
        targetClass: result.Class,
        targetType: result.Type,
        status: m.Status,
        title: meaningful(m.Title) ? m.Title : meaningful(m.Message) ? m.Message : meaningful(m.Namespace) ? m.Namespace : m.ID,
    };
    if (present(m.Namespace))
        finding.namespace = m.Namespace;
    if (present(m.PrimaryURL))
        finding.url = m.PrimaryURL;
    const cause = m.CauseMetadata;
    if (cause !== undefined) {
        if (present(cause.StartLine))
            finding.startLine = cause.StartLine;
        if (present(cause.EndLine))
            finding.endLine = cause.EndLine;
    }
    finding.key = findingKey(finding);
    return finding;
}
/** A package license (PkgName) or a license found in a file (FilePath); the ID is the license name. */
function fromLicense(result, scope, l) {
    const name = l.Name || 'unknown license';
    const finding = {
        kind: 'license',
        id: name,
        aliases: [],
        severity: l.Severity,
        scope,
        target: result.Target,
        targetClass: result.Class,
        targetType: result.Type,
        title: `${name} (${l.Category || 'unknown'} license)`,
    };
    if (present(l.PkgName))
        finding.packageName = l.PkgName;
    if (present(l.FilePath))
        finding.filePath = l.FilePath;
    if (present(l.Category))
        finding.category = l.Category;
    if (l.Confidence !== undefined)
        finding.confidence = l.Confidence;
    if (present(l.Link))
        finding.url = l.Link;
    finding.key = findingKey(finding);
    return finding;
}
/** Flattens one Trivy report into findings, in report order. */
function collectFindings(report, scope) {
    const findings = [];
    for (const result of report.Results) {
        for (const v of result.Vulnerabilities)
            findings.push(fromVulnerability(result, scope, v));
        for (const s of result.Secrets)
            findings.push(fromSecret(result, scope, s));
        for (const m of result.Misconfigurations)
            findings.push(fromMisconfiguration(result, scope, m));
        for (const l of result.Licenses)
            findings.push(fromLicense(result, scope, l));
    }
    return findings;
}
/**
 * The suppressed finding as a Finding of its kind. Its `Finding` is read with the schema of its
 * `Type`; one that does not fit (a new type, an odd field) is still listed, under whatever ID
 * it carries, at UNKNOWN severity: never dropped.
 */
function suppressedFinding(result, scope, m) {
    const inner = m.Finding;
    switch (m.Type) {
        case 'vulnerability': {
            const parsed = trivy_report/* trivyFindingSchemas */.c1.vulnerability.safeParse(inner);
            if (parsed.success)
                return fromVulnerability(result, scope, parsed.data);
            break;
        }
        case 'secret': {
            const parsed = trivy_report/* trivyFindingSchemas */.c1.secret.safeParse(inner);
            if (parsed.success)
                return fromSecret(result, scope, parsed.data);
            break;
        }
        case 'misconfiguration': {
            const parsed = trivy_report/* trivyFindingSchemas */.c1.misconfiguration.safeParse(inner);
            if (parsed.success)
                return fromMisconfiguration(result, scope, parsed.data);
            break;
        }
        case 'license': {
            const parsed = trivy_report/* trivyFindingSchemas */.c1.license.safeParse(inner);
            if (parsed.success)
                return fromLicense(result, scope, parsed.data);
            break;
        }
    }
    const field = (name) => (typeof inner[name] === 'string' && inner[name] !== '' ? inner[name] : undefined);
    const id = field('VulnerabilityID') ?? field('RuleID') ?? field('ID') ?? field('Name') ?? `${m.Type || 'finding'} without an ID`;
    const severity = field('Severity');
    const finding = {
        kind: m.Type === 'secret' || m.Type === 'misconfiguration' || m.Type === 'license' ? m.Type : 'vulnerability',
        id,
        aliases: [],
        severity: severity === 'CRITICAL' || severity === 'HIGH' || severity === 'MEDIUM' || severity === 'LOW' ? severity : 'UNKNOWN',
        scope,
        target: result.Target,
        targetClass: result.Class,
        targetType: result.Type,
        title: field('Title') ?? id,
    };
    const pkg = field('PkgName');
    if (pkg !== undefined)
        finding.packageName = pkg;
    finding.key = findingKey(finding);
    return finding;
}
/** What Trivy left out of the report (`--show-suppressed`): an ignore file, VEX, a Rego filter. */
function collectSuppressed(report, scope) {
    const suppressed = [];
    for (const result of report.Results) {
        for (const m of result.ExperimentalModifiedFindings) {
            suppressed.push({ finding: suppressedFinding(result, scope, m), suppression: (0,suppressed_findings/* suppressionOf */.X)(m) });
        }
    }
    return suppressed;
}

;// CONCATENATED MODULE: ./build/domain/policy/exceptions.js
/**
 * The first instant an exception no longer applies: midnight UTC after its expiry day.
 * `expires: 2025-12-31` covers all of 31 December (UTC) and stops at 2026-01-01T00:00:00Z.
 */
function exceptionEnd(exception) {
    const [y, m, d] = exception.expires.split('-').map(Number);
    return Date.UTC(y, m - 1, d + 1);
}
function isExceptionActive(exception, now) {
    return now.getTime() < exceptionEnd(exception);
}
/** Misconfiguration check IDs changed spelling between Trivy versions: DS002, DS-0002, AVD-DS-0002 are one check. */
function checkId(id) {
    const m = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/i.exec(id.trim());
    return m ? `${m[1].toUpperCase()}-${m[2]}` : id.trim().toUpperCase();
}
function stripLeadingSlashes(path) {
    return path.trim().replace(/^\/+/, '');
}
/** `*` stays within one path segment, `**` crosses segments; a leading `/` is ignored on both sides. */
function compilePathPattern(pattern) {
    const source = stripLeadingSlashes(pattern)
        .split(/(\*\*\/?|\*)/)
        .map((part) => part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('');
    return new RegExp(`^${source}$`);
}
function pathMatches(pattern, path) {
    return compilePathPattern(pattern).test(stripLeadingSlashes(path));
}
function add(map, key, entry) {
    const list = map.get(key);
    if (list)
        list.push(entry);
    else
        map.set(key, [entry]);
}
function indexExceptions(exceptions) {
    const index = { byId: new Map(), byCheckId: new Map() };
    exceptions.forEach((exception, position) => {
        const entry = { exception, position, path: exception.path === undefined ? undefined : compilePathPattern(exception.path) };
        add(index.byId, exception.id.trim().toUpperCase(), entry);
        add(index.byCheckId, checkId(exception.id), entry);
    });
    return index;
}
/** Package and path scope; the ID already matched. */
function scopeMatches(entry, finding) {
    const { exception, path } = entry;
    if (exception.package !== undefined && exception.package !== finding.packageName)
        return false;
    if (path !== undefined) {
        if (path.test(stripLeadingSlashes(finding.target)))
            return true;
        return finding.packagePath !== undefined && path.test(stripLeadingSlashes(finding.packagePath));
    }
    return true;
}
/** The earliest entry of `candidates` (sorted by position) that covers the finding and precedes `best`. */
function earliest(candidates, finding, best) {
    if (candidates === undefined)
        return best;
    for (const entry of candidates) {
        if (best !== undefined && entry.position >= best.position)
            return best;
        if (scopeMatches(entry, finding))
            return entry;
    }
    return best;
}
/** The first exception (in the indexed list's order) that covers the finding. */
function findException(index, finding) {
    if (index.byId.size === 0)
        return undefined;
    const misconfiguration = finding.kind === 'misconfiguration';
    let best = earliest(index.byId.get(finding.id.toUpperCase()), finding, undefined);
    if (misconfiguration)
        best = earliest(index.byCheckId.get(checkId(finding.id)), finding, best);
    for (const alias of finding.aliases) {
        best = earliest(index.byId.get(alias.toUpperCase()), finding, best);
        if (misconfiguration)
            best = earliest(index.byCheckId.get(checkId(alias)), finding, best);
    }
    return best?.exception;
}
function exceptionMatches(exception, finding) {
    return findException(indexExceptions([exception]), finding) !== undefined;
}

;// CONCATENATED MODULE: ./build/domain/policy/id-order.js
/*
 * The decision lists findings of one status and severity by ID in `localeCompare` order. On a
 * report of tens of thousands of findings, collating every comparison costs more than the rest
 * of the sort. For the IDs scanners write (CVE-2024-1234, GHSA-abcd-…, DS-0002: ASCII letters,
 * digits and `-`) the default (root and English) collation is simple: `-` before digits before
 * letters, letters compared without case first, and between two IDs that differ only in case,
 * lower case first at the first difference. That order is reproduced here with plain string
 * comparisons, for IDs of that alphabet only and only where the process's collation is checked
 * to be that one; anything else keeps `localeCompare`.
 */
const PLAIN_ID = /^[0-9A-Za-z-]*$/;
/** `x.localeCompare(y)`'s sign for plain IDs, given `X` and `Y` their upper-case forms. */
function comparePlainIds(x, y, X, Y) {
    if (X !== Y)
        return X < Y ? -1 : 1;
    // Same letters: the first letter whose case differs decides, lower case first (ASCII has upper first).
    return x === y ? 0 : x < y ? 1 : -1;
}
/** Whether `comparePlainIds` orders like `localeCompare` in this process (a Danish collation, say, puts `aa` after `z`). */
function collationIsPlain() {
    const { locale } = new Intl.Collator().resolvedOptions();
    if (!/^en(?:-[A-Za-z0-9]+)*$/.test(locale) || locale.includes('-u-'))
        return false;
    const probe = [...'-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];
    probe.push('aa', 'Aa', 'aA', 'ch', 'cz', 'll', 'lz', 'a-', '-a', 'a0', '0a', 'z-', 'ss', 'ij', 'iz', 'dz', 'ab-1', 'ab1', 'AB-1');
    const collated = [...probe].sort((a, b) => a.localeCompare(b));
    const plain = [...probe].sort((a, b) => comparePlainIds(a, b, a.toUpperCase(), b.toUpperCase()));
    return collated.every((value, i) => value === plain[i]);
}
let plainCollation;
/**
 * The upper-case forms of `ids` for `comparePlainIds`, or undefined when some ID is outside its
 * alphabet or the collation is not the one it reproduces (then compare with `localeCompare`).
 */
function plainIdForms(ids) {
    plainCollation ??= collationIsPlain();
    if (!plainCollation)
        return undefined;
    const forms = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (!PLAIN_ID.test(id))
            return undefined;
        forms[i] = id.toUpperCase();
    }
    return forms;
}

;// CONCATENATED MODULE: ./build/domain/policy/config-secrets.js
const TOKEN_SHAPES = [
    { kind: 'GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/ },
    { kind: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/ },
    { kind: 'AWS access key ID', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
    { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
];
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY/i;
/**
 * Names that say "key" but hold public material or a pointer to the secret, not the secret:
 * official images ship e.g. GPG_KEY=<fingerprint>; *_FILE=/run/secrets/x is the safe pattern.
 */
const NOT_SECRET_NAME = /GPG|PGP|FINGERPRINT|PUBLIC|KEYSERVER|KEYRING|(?:_FILE|_PATH|_DIR|_URL)$/i;
/** Values that point somewhere rather than hold a secret: paths, variable references. */
const REFERENCE_VALUE = /^(?:\/|\$|file:|<|\{\{)/;
const MIN_SECRET_LENGTH = 16;
/** Bits per character: random base64/hex tokens of this length sit well above, words and placeholders below. */
const MIN_ENTROPY = 3.5;
function shannonEntropy(value) {
    const counts = new Map();
    for (const ch of value)
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const length = [...value].length;
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / length;
        bits -= p * Math.log2(p);
    }
    return bits;
}
/** The kind of token-shaped secret in `text`, if any. */
function tokenKind(text) {
    return TOKEN_SHAPES.find((shape) => shape.pattern.test(text))?.kind;
}
/** A high-entropy value under a name like *TOKEN*, *SECRET*, *PASSWORD*, *KEY*. */
function isSecretAssignment(name, value) {
    if (!SECRET_NAME.test(name) || NOT_SECRET_NAME.test(name))
        return false;
    const trimmed = value.trim();
    if (trimmed.length < MIN_SECRET_LENGTH || REFERENCE_VALUE.test(trimmed))
        return false;
    return shannonEntropy(trimmed) >= MIN_ENTROPY;
}
function classify(name, value) {
    return tokenKind(value) ?? (isSecretAssignment(name, value) ? `high-entropy value in a secret-looking name` : undefined);
}
function unquote(value) {
    const m = /^(["'])(.*)\1$/s.exec(value);
    return m ? m[2] : value;
}
/** `RUN`, `ENV`, `COPY`… for a history entry, so a message can name the step without quoting it. */
function instructionOf(createdBy) {
    const text = createdBy.trim();
    const nop = /#\(nop\)\s+([A-Z]+)/.exec(text);
    if (nop)
        return nop[1];
    // Classic builder RUN steps (with build args prefixed as `|2 A=1 B=2`), or plain shell.
    if (/^(?:\|\d+\s|\/bin\/sh -c|\/bin\/bash -c)/.test(text))
        return 'RUN';
    const word = /^([A-Z]+)\b/.exec(text);
    return word ? word[1] : 'step';
}
const ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_.-]*)=("[^"]*"|'[^']*'|\S+)/g;
/** Secrets in ENV, labels and build history (build args leak there as `|1 NPM_TOKEN=…`). */
function findConfigSecrets(facts) {
    const found = [];
    for (const entry of facts.env) {
        const eq = entry.indexOf('=');
        const name = eq < 0 ? entry : entry.slice(0, eq);
        const kind = classify(name, eq < 0 ? '' : entry.slice(eq + 1));
        if (kind)
            found.push({ where: `ENV ${name}`, kind });
    }
    for (const [name, value] of Object.entries(facts.labels)) {
        const kind = classify(name, value);
        if (kind)
            found.push({ where: `label ${name}`, kind });
    }
    facts.history.forEach((step, index) => {
        const where = `build history step ${index + 1} (${instructionOf(step.createdBy)})`;
        const token = tokenKind(step.createdBy);
        if (token) {
            found.push({ where, kind: token });
            return;
        }
        for (const m of step.createdBy.matchAll(ASSIGNMENT)) {
            const name = m[1];
            if (isSecretAssignment(name, unquote(m[2]))) {
                found.push({ where: `${where}, ${name}`, kind: 'high-entropy value in a secret-looking name' });
            }
        }
    });
    return found;
}

;// CONCATENATED MODULE: ./build/domain/policy/hardening.js

/** `''`, `root`, `0`, `0:0`, `root:root`, `0:1000`…: a user part of root or UID 0 runs as root whatever the group. */
function isRootUser(user) {
    const name = (user.split(':')[0] ?? '').trim();
    return name === '' || name === 'root' || /^0+$/.test(name);
}
function hasHealthcheck(healthcheck) {
    const test = healthcheck?.test ?? [];
    return test.length > 0 && test[0] !== 'NONE';
}
function formatBytes(bytes) {
    return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
function result(rule, mode, violated, ok, bad, problems = []) {
    if (mode === 'off')
        return { rule, mode, status: 'off', message: `${rule}: off`, problems: [] };
    if (!violated)
        return { rule, mode, status: 'pass', message: ok, problems: [] };
    return { rule, mode, status: mode, message: bad, problems };
}
function notChecked(rule, mode) {
    if (mode === 'off')
        return { rule, mode, status: 'off', message: `${rule}: off`, problems: [] };
    return { rule, mode, status: 'not-checked', message: `${rule}: not checked (no image)`, problems: [] };
}
function describeSecretFinding(f) {
    const line = f.startLine ? ` line ${f.startLine}` : '';
    return `Trivy secret rule ${f.id} (${f.title}) in ${f.target}${line}`;
}
/**
 * Rules on what ships: the built image's config, not the Dockerfile. `imageSecrets` are the
 * Trivy secret findings inside the image that no exception covers. Messages name the key,
 * label or history step and the kind of secret — never the value.
 */
function evaluateHardening(policy, facts, imageSecrets, imageScanned) {
    const results = [];
    if (facts === undefined) {
        results.push(notChecked('non-root', policy.requireNonRoot), notChecked('healthcheck', policy.requireHealthcheck));
        results.push(notChecked('image-size', policy.maxImageSizeBytes === undefined ? 'off' : 'fail'));
    }
    else {
        const user = facts.user.trim();
        results.push(result('non-root', policy.requireNonRoot, isRootUser(user), `non-root: runs as ${user}`, `non-root: the image runs as root (${user === '' ? 'no USER set' : `USER ${user}`})`, ['add a USER instruction with a non-root user (e.g. USER 65532:65532)']));
        results.push(result('healthcheck', policy.requireHealthcheck, !hasHealthcheck(facts.healthcheck), 'healthcheck: defined', 'healthcheck: the image has no HEALTHCHECK', ['add a HEALTHCHECK instruction']));
        const max = policy.maxImageSizeBytes;
        // max-image-size has no mode of its own: set means fail, unset means off.
        results.push(result('image-size', max === undefined ? 'off' : 'fail', max !== undefined && facts.sizeBytes > max, `image-size: ${formatBytes(facts.sizeBytes)} (limit ${formatBytes(max ?? 0)})`, `image-size: ${formatBytes(facts.sizeBytes)} is over the limit of ${formatBytes(max ?? 0)}`));
    }
    if (facts === undefined && !imageScanned) {
        results.push(notChecked('config-secrets', policy.configSecrets));
    }
    else {
        const inConfig = facts ? findConfigSecrets(facts).map((s) => `${s.where}: ${s.kind}`) : [];
        const problems = [...inConfig, ...imageSecrets.map(describeSecretFinding)];
        results.push(result('config-secrets', policy.configSecrets, problems.length > 0, 'config-secrets: none in ENV, labels, history or image files', `config-secrets: ${problems.length} secret${problems.length === 1 ? '' : 's'} shipped in the image`, problems));
    }
    return results;
}

;// CONCATENATED MODULE: ./build/domain/policy/judge-finding.js

/**
 * No fix to install: no FixedVersion. A finding with a FixedVersion has a fix, whatever its
 * Status says (vendors leave `affected` on advisories they have since fixed).
 */
function isUnfixed(finding) {
    if (finding.kind !== 'vulnerability')
        return false;
    return !finding.fixedVersion;
}
function effectiveSeverity(finding, policy) {
    return finding.severity === 'UNKNOWN' ? policy.unknownSeverity : finding.severity;
}
/**
 * UNKNOWN is never dropped: it is judged as `unknown-severity`, and listing UNKNOWN
 * explicitly in fail-on / issue-on also selects it.
 */
function selects(list, finding, effective) {
    return list.includes(effective) || (finding.severity === 'UNKNOWN' && list.includes('UNKNOWN'));
}
function excludedJudgement(effective, excluded, exception) {
    return { effectiveSeverity: effective, excluded, exception, gated: false, gateRule: undefined, issue: false, compared: false };
}
/** `exceptions`: the active exceptions, indexed once per decision (see `indexExceptions`). */
function judgeFinding(finding, policy, exceptions) {
    const effective = effectiveSeverity(finding, policy);
    if (finding.kind === 'misconfiguration' && finding.status !== 'FAIL')
        return excludedJudgement(effective, 'not-failed', undefined);
    const exception = findException(exceptions, finding);
    if (exception)
        return excludedJudgement(effective, 'excepted', exception);
    if (policy.ignoreUnfixed && isUnfixed(finding))
        return excludedJudgement(effective, 'unfixed-ignored', undefined);
    const gated = selects(policy.failOn, finding, effective);
    return {
        effectiveSeverity: effective,
        excluded: undefined,
        exception: undefined,
        gated,
        gateRule: gated ? (finding.severity === 'UNKNOWN' ? 'unknown-severity' : 'fail-on') : undefined,
        issue: selects(policy.issueOn, finding, effective),
        compared: selects(policy.compareOn ?? policy.issueOn, finding, effective),
    };
}
/** The findings a baseline comparison counts: vulnerabilities at a compare-on severity. */
function isCountedVulnerability(finding, judgement) {
    return finding.kind === 'vulnerability' && judgement.compared;
}

// EXTERNAL MODULE: ./build/domain/exploits/enrich.js
var enrich = __webpack_require__(47709);
// EXTERNAL MODULE: ./build/domain/exploits/exploit-rules.js
var exploit_rules = __webpack_require__(75511);
;// CONCATENATED MODULE: ./build/domain/policy/evaluate-gate.js











function judgeAll(findings, policy, exceptions) {
    const judged = [];
    for (const finding of findings)
        judged.push({ finding, judgement: judgeFinding(finding, policy, exceptions) });
    return judged;
}
function counted(judged) {
    return judged.filter((j) => isCountedVulnerability(j.finding, j.judgement)).map((j) => j.finding);
}
/**
 * The status of one finding once every rule has had its say. With a baseline, gated
 * vulnerabilities in the compared scope are tolerated (`counted`) unless CRITICAL, or new
 * while the count rose with block-on-increase; outside it, fail-on applies as usual.
 */
function evaluateFinding({ finding, judgement }, policy, comparison) {
    let status;
    let rule;
    const compared = comparison !== undefined && comparison.scope === finding.scope && isCountedVulnerability(finding, judgement);
    const baseline = compared ? (comparison.newKeys.has(finding.key) ? 'new' : 'unchanged') : undefined;
    // Exploitation outranks severity and baseline: only an exception (or a PASS check) clears it.
    const exploited = judgement.excluded === 'excepted' || judgement.excluded === 'not-failed' ? undefined : (0,exploit_rules/* exploitRule */.g)(finding, policy);
    if (exploited) {
        status = 'blocking';
        rule = exploited;
    }
    else if (judgement.excluded) {
        status = judgement.excluded;
    }
    else if (compared) {
        // CRITICAL blocks whatever the baseline had: only the lower severities are tolerated while the count holds.
        if (judgement.effectiveSeverity === 'CRITICAL' && judgement.gated) {
            status = 'blocking';
            rule = 'critical-present';
        }
        else if (baseline === 'new' && comparison.result.blocking) {
            status = 'blocking';
            rule = 'block-on-increase';
        }
        else {
            status = 'counted';
        }
    }
    else if (judgement.gated) {
        status = 'blocking';
        rule = judgement.gateRule;
    }
    else if (finding.kind === 'secret' && finding.scope === 'image' && policy.configSecrets === 'fail') {
        status = 'blocking';
        rule = 'config-secrets';
    }
    else {
        status = judgement.issue ? 'reported' : 'below-threshold';
    }
    return {
        finding,
        effectiveSeverity: judgement.effectiveSeverity,
        status,
        blocking: status === 'blocking',
        blockingRule: rule,
        reportAsIssue: status === 'blocking' || status === 'counted' || status === 'reported',
        exception: judgement.exception,
        baseline,
        locations: [finding],
    };
}
/** `evaluations` are the distinct findings (merged); each location counts in its own scan's row. */
function tallyEvaluations(evaluations, suppressed) {
    const totals = { findings: 0, blocking: 0, reportedAsIssue: 0, excepted: 0, unfixedIgnored: 0, suppressed };
    const counts = { filesystem: (0,severity/* emptyCounts */.W1)(), image: (0,severity/* emptyCounts */.W1)(), total: (0,severity/* emptyCounts */.W1)() };
    const byRule = new Map();
    for (const e of evaluations) {
        if (e.status !== 'not-failed') {
            totals.findings += 1;
            for (const location of e.locations)
                counts[location.scope][location.severity] += 1;
            counts.total[e.finding.severity] += 1;
        }
        if (e.blocking)
            totals.blocking += 1;
        if (e.reportAsIssue)
            totals.reportedAsIssue += 1;
        if (e.status === 'excepted')
            totals.excepted += 1;
        else if (e.status === 'unfixed-ignored')
            totals.unfixedIgnored += 1;
        if (e.blockingRule !== undefined) {
            let severities = byRule.get(e.blockingRule);
            if (severities === undefined)
                byRule.set(e.blockingRule, (severities = (0,severity/* emptyCounts */.W1)()));
            severities[e.effectiveSeverity] += 1;
        }
    }
    return { totals, counts, byRule };
}
function summariseExceptions(policyFile, now, evaluations) {
    const all = policyFile?.exceptions ?? [];
    const active = all.filter((e) => isExceptionActive(e, now));
    const uses = new Map();
    for (const e of evaluations)
        if (e.exception)
            uses.set(e.exception, (uses.get(e.exception) ?? 0) + 1);
    return {
        fileName: policyFile?.fileName,
        used: active.filter((e) => uses.has(e)).map((exception) => ({ exception, findings: uses.get(exception) })),
        unused: active.filter((e) => !uses.has(e)),
        expired: all.filter((e) => !isExceptionActive(e, now)),
    };
}
const STATUS_ORDER = {
    blocking: 0,
    counted: 1,
    reported: 2,
    'below-threshold': 3,
    excepted: 4,
    'unfixed-ignored': 5,
    'not-failed': 6,
};
/**
 * Same status and severity: by ID, then identity key, equal ones in the order given (a stable
 * sort). Positions are sorted over one array of the IDs, copied side by side in memory (a JSON
 * round trip gives equal strings): comparing through each evaluation's finding, with the IDs
 * scattered over the heap of a big report, was about twice as slow (memory reads, not collation).
 */
function sortByIdentity(bucket) {
    const ids = JSON.parse(JSON.stringify(bucket.map((e) => e.finding.id)));
    const order = bucket.map((_, i) => i);
    // Scanner IDs are compared without collating, in the same order (see id-order.ts).
    const forms = plainIdForms(ids);
    if (forms !== undefined) {
        order.sort((a, b) => comparePlainIds(ids[a], ids[b], forms[a], forms[b]) || bucket[a].finding.key.localeCompare(bucket[b].finding.key) || a - b);
    }
    else {
        order.sort((a, b) => {
            const x = ids[a];
            const y = ids[b];
            return (x === y ? 0 : x.localeCompare(y)) || bucket[a].finding.key.localeCompare(bucket[b].finding.key) || a - b;
        });
    }
    const given = bucket.slice();
    for (let i = 0; i < order.length; i++)
        bucket[i] = given[order[i]];
}
/**
 * By status (blocking first), then most severe first, then by ID and identity key; equal
 * findings keep report order. Status and severity take few values, so the evaluations are
 * bucketed by them in one pass and each bucket is sorted on its own: smaller sorts, and a
 * comparator that only compares strings (measured ~2× faster than one sort of everything).
 */
function sortByImportance(evaluations) {
    const buckets = [];
    for (const e of evaluations) {
        // Known-exploited first within each status, then by severity.
        const rank = STATUS_ORDER[e.status] * 16 + (e.finding.exploit?.kev ? 0 : 8) + (4 - (0,severity/* severityRank */.qs)(e.effectiveSeverity));
        const bucket = buckets[rank];
        if (bucket === undefined)
            buckets[rank] = [e];
        else
            bucket.push(e);
    }
    let next = 0;
    for (const bucket of buckets) {
        if (bucket === undefined)
            continue;
        // Equal findings keep report order.
        if (bucket.length > 1)
            sortByIdentity(bucket);
        // Copied as they are placed: every report walks the decision in this order, and evaluations
        // made in report order, then sorted, lay scattered over the heap of a big report (each of
        // the reports' many passes over them waited on memory). Copies made in order lie in order.
        for (const e of bucket)
            evaluations[next++] = { ...e };
    }
    return evaluations;
}
/** The most important of one problem's evaluations, carrying every location (its own first). */
function mergeLocations(group) {
    if (group.length === 1)
        return group[0];
    let primary = group[0];
    for (const e of group)
        if (importance(e) < importance(primary))
            primary = e;
    return { ...primary, locations: [primary.finding, ...group.filter((e) => e !== primary).map((e) => e.finding)] };
}
function importance(e) {
    return STATUS_ORDER[e.status] * 8 + (4 - (0,severity/* severityRank */.qs)(e.effectiveSeverity));
}
/**
 * One evaluation per distinct finding: the same vulnerability in the lockfile and in the image,
 * or the same Dockerfile check in the context and in the image's copy, becomes one evaluation
 * with several locations. Passed checks (`not-failed`) are left as they are.
 */
function mergeDistinct(evaluations) {
    const failed = evaluations.filter((e) => e.status !== 'not-failed');
    const merged = mergeByIdentity(failed, (e) => e.finding, mergeLocations);
    for (const e of evaluations)
        if (e.status === 'not-failed')
            merged.push(e);
    return merged;
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
function severityList(counts) {
    return Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ');
}
const RULE_TEXT = {
    'fail-on': 'at a fail-on severity',
    'unknown-severity': 'of UNKNOWN severity, judged by unknown-severity',
    'critical-present': 'CRITICAL (blocks even when the baseline had it)',
    'block-on-increase': 'new while the compared count rose',
    'config-secrets': 'secrets inside the image (config-secrets)',
    'known-exploited': 'in the CISA KEV catalog of known exploited vulnerabilities (fail-on-kev)',
    epss: 'at or above the EPSS threshold (epss-threshold)',
};
/**
 * fail-on severities it leaves out above its lowest member (`LOW,MEDIUM` → CRITICAL, HIGH;
 * `UNKNOWN` alone → all four): findings of those severities will not fail the gate.
 */
function failOnGaps(failOn) {
    if (failOn.length === 0)
        return [];
    const lowest = Math.min(...failOn.map((s) => (0,severity/* severityRank */.qs)(s)));
    return severity/* RANKED_SEVERITIES */.Kw.filter((s) => (0,severity/* severityRank */.qs)(s) > lowest && !failOn.includes(s));
}
/** Warnings about the settings and the scan data themselves, not about findings. */
function settingReasons(input, database) {
    const reasons = [];
    const gaps = failOnGaps(input.policy.failOn);
    if (gaps.length > 0) {
        reasons.push({
            level: 'warn',
            rule: 'fail-on-gap',
            message: `fail-on ${input.policy.failOn.join(',')} leaves out ${gaps.join(', ')}: findings of ${gaps.length === 1 ? 'that severity' : 'those severities'} will not fail the gate`,
        });
    }
    const maxAge = input.policy.maxDbAge;
    if (database !== undefined && maxAge !== undefined) {
        if (database.updatedAt === undefined || database.ageDays === undefined) {
            reasons.push({ level: 'warn', rule: 'db-age', message: 'the vulnerability DB does not say when it was built (no UpdatedAt in metadata.json); its age is unknown' });
        }
        else {
            const ageMs = input.now.getTime() - Date.parse(database.updatedAt);
            if (ageMs > maxAge.seconds * 1000) {
                reasons.push({
                    level: maxAge.mode,
                    rule: 'db-age',
                    message: `the vulnerability DB was built ${database.updatedAt} (${formatAge(ageMs)} ago), older than max-db-age ${formatAge(maxAge.seconds * 1000)}: newer vulnerabilities are not detected`,
                });
            }
        }
    }
    const ignore = input.ignoreFile;
    if (ignore !== undefined) {
        const forever = ignore.entries.filter((e) => e.expires === undefined);
        if (forever.length > 0) {
            const shown = forever.slice(0, 10).map((e) => `${e.id} (line ${e.line})`);
            if (forever.length > shown.length)
                shown.push(`… ${forever.length - shown.length} more`);
            reasons.push({
                level: 'warn',
                rule: 'ignore-file-expiry',
                message: `ignore file ${ignore.path}: ${plural(forever.length, 'entry')} never expire${forever.length === 1 ? 's' : ''} (${shown.join(', ')}); ` +
                    'give each an expiry (`exp:YYYY-MM-DD` in .trivyignore, `expired_at` in .trivyignore.yaml)',
            });
        }
    }
    return reasons;
}
function formatAge(ms) {
    const hours = ms / 3_600_000;
    return hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.floor(hours)} hours`;
}
function databaseStatus(input) {
    if (input.database === undefined)
        return undefined;
    const updated = input.database.updatedAt === undefined ? NaN : Date.parse(input.database.updatedAt);
    if (Number.isNaN(updated))
        return { updatedAt: undefined, ageDays: undefined };
    return { updatedAt: new Date(updated).toISOString(), ageDays: Math.max(0, Math.floor((input.now.getTime() - updated) / 86_400_000)) };
}
function collectReasons(byRule, baseline, hardening, exceptions, settings) {
    const reasons = [];
    for (const rule of Object.keys(RULE_TEXT)) {
        const severities = byRule.get(rule);
        if (severities !== undefined) {
            const hits = Object.values(severities).reduce((sum, n) => sum + n, 0);
            reasons.push({ level: 'fail', rule, message: `${plural(hits, 'finding')} ${RULE_TEXT[rule]} (${severityList(severities)})` });
        }
    }
    if (baseline && baseline.verdict === 'regressed') {
        reasons.push({
            level: baseline.blocking ? 'fail' : 'warn',
            rule: 'baseline',
            message: `compared vulnerabilities rose from ${baseline.baselineCount} to ${baseline.currentCount} (${baseline.newCount} new, ${baseline.fixedCount} fixed)${baseline.blocking ? '' : '; block-on-increase is off'}`,
        });
    }
    for (const h of hardening) {
        if (h.status === 'fail' || h.status === 'warn')
            reasons.push({ level: h.status, rule: h.rule, message: h.message });
    }
    for (const e of exceptions.expired) {
        reasons.push({
            level: 'warn',
            rule: 'exception-expired',
            message: `exception ${e.id} (${exceptions.fileName ?? 'policy file'} line ${e.line}) expired on ${e.expires} and no longer applies`,
        });
    }
    reasons.push(...settings);
    // Fail before warn, keeping each group's order.
    return [...reasons.filter((r) => r.level === 'fail'), ...reasons.filter((r) => r.level === 'warn')];
}
/** vulnerable > regressed > policy: the most concrete problem names the run. */
function failReason(rules, baseline, hardening, settings) {
    if (rules.has('fail-on') || rules.has('unknown-severity') || rules.has('critical-present'))
        return 'vulnerable';
    if (rules.has('known-exploited') || rules.has('epss'))
        return 'vulnerable';
    if (baseline?.blocking || rules.has('block-on-increase'))
        return 'regressed';
    if (rules.has('config-secrets') || hardening.some((h) => h.status === 'fail'))
        return 'policy';
    if (settings.some((r) => r.level === 'fail'))
        return 'policy';
    return undefined;
}
function summaryLine(reason, totals, reasons) {
    const extra = [
        ...(totals.unfixedIgnored > 0 ? [`${totals.unfixedIgnored} unfixed, not gated`] : []),
        ...(totals.suppressed > 0 ? [`${totals.suppressed} suppressed outside the policy`] : []),
    ];
    const tally = `${plural(totals.findings, 'finding')}, ${totals.blocking} blocking, ${totals.reportedAsIssue} to report, ${totals.excepted} excepted${extra.map((x) => `, ${x}`).join('')}`;
    if (reason === 'passed') {
        const warnings = reasons.filter((r) => r.level === 'warn').length;
        return `pass: ${tally}${warnings > 0 ? `; ${plural(warnings, 'warning')}` : ''}`;
    }
    const first = reasons.find((r) => r.level === 'fail');
    return `fail (${reason}): ${first ? `${first.message}; ` : ''}${tally}`;
}
/**
 * The gate: every finding judged, the image's hardening rules applied, the baseline compared,
 * one verdict with its reasons. Pure: the clock, reports and policy file come in as data.
 */
function evaluateGate(input) {
    const { policy, now } = input;
    if (Number.isNaN(now.getTime()))
        throw new gate_error/* GateError */.ue('internal-error', 'evaluateGate: the clock gave an invalid date');
    if (input.filesystem === undefined && input.image === undefined) {
        // Fail closed: a decision about nothing must not read as a pass.
        throw new gate_error/* GateError */.ue('internal-error', 'evaluateGate: neither the build context nor the image was scanned');
    }
    const active = indexExceptions((input.policyFile?.exceptions ?? []).filter((e) => isExceptionActive(e, now)));
    const findings = input.filesystem ? collectFindings(input.filesystem, 'filesystem') : [];
    if (input.image)
        for (const finding of collectFindings(input.image, 'image'))
            findings.push(finding);
    (0,enrich/* enrichFindings */.Y_)(findings, input.exploitData);
    const judged = judgeAll(findings, policy, active);
    const suppressed = [
        ...(input.filesystem ? collectSuppressed(input.filesystem, 'filesystem') : []),
        ...(input.image ? collectSuppressed(input.image, 'image') : []),
    ];
    // Trivy names the ignore file by the absolute path it was given; reports name it as the user did.
    const ignorePath = input.ignoreFile?.path.replace(/\\/g, '/').replace(/^\.\//, '');
    if (ignorePath) {
        for (const s of suppressed) {
            if (s.suppression.type === 'ignore-file' && s.suppression.source.replace(/\\/g, '/').endsWith(`/${ignorePath}`))
                s.suppression.source = input.ignoreFile.path;
        }
    }
    let comparison;
    if (input.baseline) {
        const scope = baselineScope(input.baseline);
        if ((scope === 'image' ? input.image : input.filesystem) === undefined)
            throw missingScopeError(scope);
        const before = counted(judgeAll(collectFindings(input.baseline, scope), policy, active));
        const result = compareWithBaseline(counted(judged.filter((j) => j.finding.scope === scope)), before, scope, policy.blockOnIncrease);
        comparison = { scope, result, newKeys: new Set(result.newVulnerabilities.map((f) => f.key)) };
    }
    const perLocation = [];
    for (const j of judged)
        perLocation.push(evaluateFinding(j, policy, comparison));
    const imageSecrets = perLocation
        .filter((e) => e.finding.kind === 'secret' && e.finding.scope === 'image' && e.status !== 'excepted')
        .map((e) => e.finding);
    const hardening = evaluateHardening(policy, input.imageFacts, imageSecrets, input.image !== undefined);
    const exceptions = summariseExceptions(input.policyFile, now, perLocation);
    const evaluations = sortByImportance(mergeDistinct(perLocation));
    const baseline = comparison?.result;
    const database = databaseStatus(input);
    const settings = settingReasons(input, database);
    const { totals, counts, byRule } = tallyEvaluations(evaluations, suppressed.length);
    const reasons = collectReasons(byRule, baseline, hardening, exceptions, settings);
    const exploitData = input.exploitData === undefined ? undefined : (0,exploit_rules/* summariseExploitData */.wo)(input.exploitData, evaluations);
    if (exploitData)
        for (const r of (0,exploit_rules/* exploitDataReasons */.r7)(exploitData))
            reasons.push(r);
    const fail = failReason(byRule, baseline, hardening, settings);
    const reason = fail ?? 'passed';
    return {
        verdict: fail ? 'fail' : 'pass',
        reason,
        summary: `${summaryLine(reason, totals, reasons)}${exploitData?.madeWithout.length ? `; decided without ${exploitData.madeWithout.map((s) => s.toUpperCase()).join(' and ')} data` : ''}`,
        reasons,
        error: undefined,
        policy,
        evaluatedAt: now.toISOString(),
        scanned: { filesystem: input.filesystem !== undefined, image: input.image !== undefined, imageFacts: input.imageFacts !== undefined },
        findings: evaluations,
        counts,
        totals,
        exceptions,
        baseline,
        hardening,
        suppressed,
        database,
        ...(exploitData && { exploitData }),
    };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./build/domain/vex/openvex.js
var openvex = __webpack_require__(51322);
;// CONCATENATED MODULE: ./build/domain/policy/policy-file.js




const EXAMPLE = [
    'exceptions:',
    '  - id: CVE-2024-12345',
    '    package: openssl        # optional',
    '    path: usr/lib/app/**    # optional',
    '    reason: not reachable, fix tracked in #123',
    '    expires: 2025-12-31     # YYYY-MM-DD, UTC, inclusive',
].join('\n');
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A real calendar day in YYYY-MM-DD form (2025-02-30 is not). */
function isCalendarDate(text) {
    const m = DATE.exec(text);
    if (!m)
        return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
const expiresSchema = schemas/* preprocess */.vkY(
// A YAML 1.1 document (`%YAML 1.1`) reads 2025-12-31 as a timestamp; take the UTC day back.
(value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value), schemas/* string */.YjP({ error: (issue) => (issue.input == null ? 'expires is required (YYYY-MM-DD, UTC)' : 'expected a date YYYY-MM-DD (UTC)') })
    .refine(isCalendarDate, { message: 'expected a real date YYYY-MM-DD (UTC)' }));
const policy_file_text = (key, what) => schemas/* string */.YjP({ error: (issue) => (issue.input == null ? `${key} is required` : `expected ${what} (text)`) })
    .trim()
    .min(1, { message: `${what} must not be empty` });
const exceptionSchema = schemas/* strictObject */.rej({
    id: policy_file_text('id', 'a vulnerability or rule id'),
    package: policy_file_text('package', 'a package name').optional(),
    path: policy_file_text('path', 'a path').optional(),
    reason: policy_file_text('reason', 'a reason'),
    justification: schemas/* enum */.k5n(openvex/* OPENVEX_JUSTIFICATIONS */.ur, { error: `expected an OpenVEX justification: ${openvex/* OPENVEX_JUSTIFICATIONS */.ur.join(', ')}` })
        .optional(),
    expires: expiresSchema,
}, { error: (issue) => (issue.code === 'invalid_type' ? 'expected an exception (id, reason, expires…)' : undefined) });
const policySchema = schemas/* strictObject */.rej({
    version: schemas/* literal */.euz(1, { error: 'only version 1 exists' }).optional(),
    exceptions: schemas/* array */.YOg(exceptionSchema, { error: 'expected a list of exceptions' })
        .nullish()
        .transform((list) => list ?? []),
}, { error: (issue) => (issue.code === 'invalid_type' ? 'expected a mapping with an `exceptions:` list' : undefined) });
function allowedKeys(path) {
    return Object.keys(path.length === 0 ? policySchema.shape : exceptionSchema.shape).join(', ');
}
function policyError(fileName, line, problem, details = []) {
    const where = line === undefined ? fileName : `${fileName} line ${line}`;
    return new gate_error/* GateError */.ue('input-error', `policy file ${where}: ${problem}`, {
        remedy: `Fix the policy file (input policy-file). Expected shape:\n${EXAMPLE}`,
        details,
    });
}
/** The YAML node at `path`, or the deepest one that exists on the way there. */
function nodeAt(doc, path, atKey) {
    let node = doc.contents;
    let found = doc.contents ?? undefined;
    for (const [i, segment] of path.entries()) {
        let next;
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => (0,dist/* isPair */.tO)(p) && (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(segment));
            // An empty value (`expires:`) has no node of its own: point at the key.
            next = pair ? (atKey && i === path.length - 1 ? pair.key : (pair.value ?? pair.key)) : undefined;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof segment === 'number') {
            next = node.items[segment];
        }
        if (next === undefined || next === null)
            break;
        node = next;
        found = next;
    }
    return found;
}
function lineOf(doc, counter, path, atKey = false) {
    const offset = nodeAt(doc, path, atKey)?.range?.[0];
    return offset === undefined ? undefined : counter.linePos(offset).line;
}
function formatPath(path) {
    return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(top level)';
}
/**
 * Parses the policy file (`.github/container-gate.yml` by default). `fileName` is named in every
 * error together with the line at fault. Anything wrong — YAML syntax, unknown keys (a typo such
 * as `pkg:` would silently widen an exception), a missing reason or expiry — is an `input-error`.
 */
function parsePolicyFile(source, fileName) {
    try {
        return parseOrThrow(source, fileName);
    }
    catch (error) {
        if (error instanceof gate_error/* GateError */.ue)
            throw error;
        // yaml can throw on pathological input (e.g. alias bombs); still the user's file at fault.
        throw policyError(fileName, undefined, `cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
}
function parseOrThrow(source, fileName) {
    const counter = new dist/* LineCounter */.HN();
    // logLevel 'error': yaml would otherwise print Node warnings (e.g. for collection keys) into the action log.
    const doc = (0,dist/* parseDocument */.Tp)(source, { lineCounter: counter, prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
    const yamlError = doc.errors[0];
    if (yamlError) {
        const line = yamlError.linePos?.[0]?.line;
        // The line is already in our message; drop yaml's own position and code excerpt.
        const problem = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '') || 'syntax error';
        throw policyError(fileName, line, `invalid YAML: ${problem}`, doc.errors.map((e) => e.message));
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: 50 }) ?? {};
    }
    catch (error) {
        // toJS throws for an alias without an anchor (`*missing`) or an alias bomb: point at the first alias.
        let line;
        (0,dist/* visit */.YR)(doc, {
            Alias(_key, node) {
                if (node.range)
                    line = counter.linePos(node.range[0]).line;
                return dist/* visit */.YR.BREAK;
            },
        });
        throw policyError(fileName, line, `cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    const parsed = policySchema.safeParse(data);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => {
            // Point at the unknown key itself, not at the mapping that holds it.
            const unknownKey = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined;
            const path = unknownKey ? [...issue.path, issue.keys[0]] : issue.path;
            const message = issue.code === 'unrecognized_keys'
                ? `unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${allowedKeys(issue.path)})`
                : issue.message;
            return { path, line: lineOf(doc, counter, path, unknownKey), message };
        });
        const first = problems[0];
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
        throw policyError(fileName, first.line, `${formatPath(first.path)}: ${first.message}${more}`, problems.map((p) => `line ${p.line ?? '?'}: ${formatPath(p.path)}: ${p.message}`));
    }
    const exceptions = parsed.data.exceptions.map((e, index) => ({
        id: e.id,
        package: e.package,
        path: e.path,
        reason: e.reason,
        ...(e.justification !== undefined && { justification: e.justification }),
        expires: e.expires,
        index,
        line: lineOf(doc, counter, ['exceptions', index]) ?? 1,
    }));
    return { fileName, exceptions };
}

;// CONCATENATED MODULE: ./build/domain/trivy-ignore-file.js

const YAML_SECTIONS = ['vulnerabilities', 'misconfigurations', 'secrets', 'licenses'];
function isYamlName(path) {
    return /\.ya?ml$/i.test(path);
}
function parseText(text) {
    const entries = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const fields = line.split(/\s+/);
        const expiry = fields.slice(1).find((f) => f.startsWith('exp:'));
        entries.push({ id: fields[0], line: index + 1, expires: expiry?.slice(4) || undefined, statement: undefined });
    });
    return entries;
}
function parseYaml(text) {
    const lines = new dist/* LineCounter */.HN();
    const document = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines });
    const entries = [];
    if (!(0,dist/* isMap */.jh)(document.contents))
        return entries;
    for (const section of YAML_SECTIONS) {
        const list = document.contents.get(section, true);
        if (!(0,dist/* isSeq */.oP)(list))
            continue;
        for (const item of list.items) {
            if (!(0,dist/* isMap */.jh)(item))
                continue;
            const scalar = (key) => {
                const node = item.get(key, true);
                return (0,dist/* isScalar */.jn)(node) && node.value !== null && node.value !== undefined && String(node.value).trim() !== '' ? String(node.value) : undefined;
            };
            const offset = item.range?.[0] ?? 0;
            entries.push({ id: scalar('id') ?? '(no id)', line: lines.linePos(offset).line, expires: scalar('expired_at'), statement: scalar('statement') });
        }
    }
    return entries;
}
/**
 * The entries of an ignore file. Never throws: a file Trivy cannot read fails the scan with
 * Trivy's own message, and this only looks for missing expiry dates.
 */
function parseIgnoreFile(text, path) {
    try {
        return isYamlName(path) ? parseYaml(text) : parseText(text);
    }
    catch {
        return [];
    }
}
/** The entries with no expiry: they suppress their findings for ever. */
function entriesWithoutExpiry(entries) {
    return entries.filter((e) => e.expires === undefined);
}

;// CONCATENATED MODULE: ./build/domain/reference.js

/*
 * The image reference grammar, transcribed from github.com/distribution/reference
 * (v0.6.0, regexp.go) — the grammar Docker, containerd and registries share:
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ["/" path-component]*
 */
const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_NAME_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_NAME_COMPONENT}(?:\\.${DOMAIN_NAME_COMPONENT})*`;
const IPV6_ADDRESS = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6_ADDRESS})(?::[0-9]+)?`;
const PATH = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN}/)?${PATH}`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const DOMAIN_PATTERN = new RegExp(`^${DOMAIN}$`);
const PATH_COMPONENT_PATTERN = new RegExp(`^${PATH_COMPONENT}$`);
const PATH_PATTERN = new RegExp(`^${PATH}$`);
const NAME_PATTERN = new RegExp(`^${NAME}$`);
const TAG_PATTERN = new RegExp(`^${TAG}$`);
const DIGEST_PATTERN = new RegExp(`^${DIGEST}$`);
/** Groups: 1 name, 2 tag, 3 digest. */
const REFERENCE_PATTERN = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** Older Docker clients apply the limit to the whole name, newer ones to the path; we apply it to the whole name so both accept it. */
const NAME_LENGTH_MAX = 255;
const TAG_LENGTH_MAX = 128;
/** Algorithms registries accept, with the encoded length each requires (opencontainers/go-digest). */
const DIGEST_HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 };
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_LEGACY = 'index.docker.io';
const IMAGE_ID = /^[a-f0-9]{64}$/;
/** Shows a user value safely in a log line: quoted, control characters escaped, long values cut. */
function quoteInputValue(value) {
    return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
}
function inputValueError(inputName, value, problem, example) {
    return new gate_error/* GateError */.ue('input-error', `input '${inputName}': ${quoteInputValue(value)} ${problem}`, {
        remedy: `for example: ${inputName}: ${example}`,
    });
}
function isValidTag(tag) {
    return TAG_PATTERN.test(tag);
}
/**
 * Where the name ends and the tag and digest begin: a digest follows the `@`; a tag
 * follows the last `:` only if no `/` comes after it (otherwise that `:` is a port).
 */
function splitReference(text) {
    const at = text.indexOf('@');
    const digest = at >= 0 ? text.slice(at + 1) : undefined;
    const rest = at >= 0 ? text.slice(0, at) : text;
    const colon = rest.lastIndexOf(':');
    const hasTag = colon > rest.lastIndexOf('/');
    return {
        name: hasTag ? rest.slice(0, colon) : rest,
        ...(hasTag && { tag: rest.slice(colon + 1) }),
        ...(digest !== undefined && { digest }),
    };
}
/**
 * Docker CLI rules: the first component names a registry only if it contains `.` or
 * `:` or is `localhost`; otherwise the name is on Docker Hub, where one-component
 * names live under `library/`. (The CLI also treats an uppercase first component as
 * a registry; we lowercase names instead, so `Acme/app` means docker.io/acme/app.)
 */
function splitRegistry(name) {
    const slash = name.indexOf('/');
    const first = name.slice(0, slash);
    const isRegistry = slash >= 0 && (first === 'localhost' || /[.:]/.test(first));
    const registry = isRegistry ? (first === DOCKER_HUB_LEGACY ? DOCKER_HUB : first) : DOCKER_HUB;
    const repository = isRegistry ? name.slice(slash + 1) : name;
    return { registry, repository: registry === DOCKER_HUB && !repository.includes('/') ? `library/${repository}` : repository };
}
function nameProblem(registry, repository) {
    if (!DOMAIN_PATTERN.test(registry))
        return `has a registry ${quoteInputValue(registry)} that is not a host name or IP address with an optional :port`;
    if (repository === '')
        return 'has no repository path after the registry';
    const bad = repository.split('/').find((component) => !PATH_COMPONENT_PATTERN.test(component));
    if (bad === '')
        return 'has an empty path component (a leading, trailing or doubled `/`)';
    if (bad !== undefined) {
        return `has a path component ${quoteInputValue(bad)} that is not valid: use lowercase letters and digits, joined by '.', '_', '__' or '-'`;
    }
    const name = `${registry}/${repository}`;
    if (name.length > NAME_LENGTH_MAX)
        return `is ${name.length} characters long; an image name may have at most ${NAME_LENGTH_MAX}`;
    return undefined;
}
function digestProblem(digest) {
    if (!DIGEST_PATTERN.test(digest))
        return `has a digest ${quoteInputValue(digest)} that is not algorithm:hex`;
    const [algorithm = '', hex = ''] = digest.split(':');
    const length = DIGEST_HEX_LENGTH[algorithm];
    if (length === undefined)
        return `has a digest algorithm ${quoteInputValue(algorithm)}; registries accept sha256, sha384 and sha512`;
    if (hex.length !== length || !/^[0-9a-f]+$/.test(hex))
        return `has a ${algorithm} digest that is not ${length} lowercase hex characters`;
    return undefined;
}
/**
 * Parses a full reference, `[registry[:port]/]path[:tag][@digest]`, into its
 * normalised parts: registry and path lowercased, Docker Hub short names expanded,
 * tag case kept. Anything outside the grammar is an input-error naming `inputName`.
 */
function parseReference(text, inputName = 'image') {
    const example = 'ghcr.io/acme/app';
    const fail = (problem) => inputValueError(inputName, text, problem, example);
    const trimmed = text.trim();
    if (trimmed === '')
        throw fail('is empty: an image reference names a repository');
    if (trimmed.includes('://'))
        throw fail('is a URL; an image reference has no scheme');
    if (IMAGE_ID.test(trimmed))
        throw fail('is a 64-character image ID, not a repository name');
    const parts = splitReference(trimmed);
    if (parts.digest?.includes('@'))
        throw fail("has more than one '@'");
    const { registry, repository } = splitRegistry(parts.name.toLowerCase());
    const problem = nameProblem(registry, repository) ??
        (parts.tag !== undefined && !isValidTag(parts.tag)
            ? `has a tag ${quoteInputValue(parts.tag)} that is not valid: letters, digits, '_', '.' and '-', not starting with '.' or '-', at most ${TAG_LENGTH_MAX} characters`
            : undefined) ??
        (parts.digest !== undefined ? digestProblem(parts.digest) : undefined);
    if (problem !== undefined)
        throw fail(problem);
    return {
        registry,
        repository,
        name: `${registry}/${repository}`,
        ...(parts.tag !== undefined && { tag: parts.tag }),
        ...(parts.digest !== undefined && { digest: parts.digest }),
    };
}
/**
 * The `image` input: a repository to build and push, without tag or digest. Tags come
 * from the `tags` input so that one build can carry several; a digest only exists
 * after the build, so neither belongs here.
 */
function normaliseReference(text, inputName = 'image') {
    const reference = parseReference(text, inputName);
    if (reference.digest !== undefined) {
        throw inputValueError(inputName, text, 'carries a digest; the image is built here, so its digest is only known after the build', reference.name);
    }
    if (reference.tag !== undefined) {
        const looksLikeBareRegistry = !text.includes('/') && /^\d+$/.test(reference.tag);
        const problem = looksLikeBareRegistry
            ? `looks like a registry address without a repository path (it reads as ${reference.name}:${reference.tag})`
            : `carries the tag ${quoteInputValue(reference.tag)}; '${inputName}' names the repository only and tags come from the 'tags' input`;
        const example = looksLikeBareRegistry ? `${text.trim()}/acme/app` : `${reference.name} (and tags: ${reference.tag})`;
        throw inputValueError(inputName, text, problem, example);
    }
    return reference;
}
function formatReference(reference) {
    const tag = reference.tag !== undefined ? `:${reference.tag}` : '';
    const digest = reference.digest !== undefined ? `@${reference.digest}` : '';
    return `${reference.registry}/${reference.repository}${tag}${digest}`;
}
/** The references to push: one per tag, in the order given. */
function targetReferences(image, tags) {
    if (tags.length === 0)
        throw new gate_error/* GateError */.ue('input-error', "input 'tags': no tags to push", { remedy: 'for example: tags: latest' });
    const invalid = tags.find((tag) => !isValidTag(tag));
    if (invalid !== undefined)
        throw inputValueError('tags', invalid, 'is not a valid tag', 'v1.2.3');
    return [...new Set(tags)].map((tag) => formatReference({ registry: image.registry, repository: image.repository, tag }));
}

;// CONCATENATED MODULE: ./build/domain/push-plan.js


const push_plan_IMAGE_ID = /^sha256:[a-f0-9]{64}$/;
/**
 * The registry an auth `serveraddress` stands for: `https://ghcr.io/` → `ghcr.io`,
 * Docker Hub's legacy `https://index.docker.io/v1/` → `docker.io`.
 */
function registryOfServerAddress(serveraddress) {
    const host = serveraddress
        .trim()
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}
/**
 * Checks the push before anything is tagged: a full image ID, tagged references only, and
 * every target on the registry the credentials are for (one set of credentials cannot
 * push anywhere else, and sending them elsewhere would leak them).
 */
function planPush(imageId, references, serveraddress) {
    if (!push_plan_IMAGE_ID.test(imageId)) {
        throw new gate_error/* GateError */.ue('internal-error', `push was asked for '${imageId}', which is not a full image ID (sha256:<64 hex>)`);
    }
    if (references.length === 0) {
        throw new gate_error/* GateError */.ue('input-error', 'nothing to push: no target references', { remedy: 'for example: tags: latest' });
    }
    const registry = registryOfServerAddress(serveraddress);
    const seen = new Set();
    const targets = [];
    for (const text of references) {
        const reference = parseReference(text, 'tags');
        if (reference.digest !== undefined || reference.tag === undefined) {
            throw new gate_error/* GateError */.ue('input-error', `push target ${JSON.stringify(text)} needs a tag and no digest`, { remedy: `for example: ${reference.name}:latest` });
        }
        if (reference.registry !== registry) {
            throw new gate_error/* GateError */.ue('input-error', `push target ${reference.name}:${reference.tag} is on ${reference.registry}, but the credentials are for ${registry}`, {
                remedy: 'Push to one registry per step, with that registry\'s credentials.',
            });
        }
        const full = `${reference.name}:${reference.tag}`;
        if (seen.has(full))
            continue;
        seen.add(full);
        targets.push({ reference: full, registry: reference.registry, repository: reference.repository, name: reference.name, tag: reference.tag });
    }
    return { imageId, registry, targets };
}

// EXTERNAL MODULE: ./build/domain/exploits/exploit-data.js
var exploit_data = __webpack_require__(90510);
// EXTERNAL MODULE: ./build/version.js
var version = __webpack_require__(58508);
;// CONCATENATED MODULE: ./build/domain/tags.js


/*
 * Case: tags keep their case (they are case-sensitive and `v1.2.3-RC.1` is what the
 * user wrote). Branch names are the one exception: they are lowercased, because
 * branch tags end up in URLs, hostnames and deployment names that are lowercase
 * anyway, and `Feature/Login` and `feature/login` naming two images is a surprise.
 */
const INVALID_RUN = /[^A-Za-z0-9_.-]+/g;
const LEADING_DOTS_AND_DASHES = /^[.-]+/;
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
function cleanTag(raw) {
    return raw.trim().replace(INVALID_RUN, '-').replace(LEADING_DOTS_AND_DASHES, '').slice(0, TAG_LENGTH_MAX);
}
/**
 * Makes `raw` a valid tag the way docker/metadata-action does: each run of characters
 * outside `[A-Za-z0-9_.-]` becomes one `-`, leading `.`/`-` go, the rest is cut to 128
 * characters. Case is kept. Nothing left is an input-error naming `inputName`.
 */
function sanitiseTag(raw, inputName = 'tags') {
    const tag = cleanTag(raw);
    if (tag === '') {
        throw inputValueError(inputName, raw, `cannot be made into a tag: a tag needs a letter, digit or '_' (letters, digits, '_', '.', '-'; at most ${TAG_LENGTH_MAX} characters)`, 'v1.2.3');
    }
    return tag;
}
/**
 * `v1.2.3` → 1.2.3, 1.2, 1. A pre-release (`v1.2.3-rc.1`) gets only its full version,
 * so `1.2` and `1` never move to a release candidate. Build metadata (`+build.5`) is
 * kept in the full version with `+` (not allowed in tags) as `-`. Not a version → undefined.
 */
function versionTags(gitTag) {
    const match = SEMVER.exec(gitTag);
    if (!match)
        return undefined;
    const [, major, minor, patch, prerelease, build] = match;
    const full = `${major}.${minor}.${patch}${prerelease ? `-${prerelease}` : ''}${build ? `-${build}` : ''}`;
    return prerelease ? [cleanTag(full)] : [cleanTag(full), `${major}.${minor}`, `${major}`];
}
/** A branch or git tag that leaves nothing after sanitising: the user has to say which tags to use. */
function tagFromRefName(name, kind) {
    const tag = cleanTag(name);
    if (tag === '') {
        throw inputValueError('tags', name, `is a ${kind} name that cannot be made into an image tag, and no 'tags' were given`, `${kind === 'branch' ? 'main' : 'v1.2.3'}, sha-0123abc`);
    }
    return tag;
}
function uniqueInOrder(tags) {
    return [...new Set(tags)];
}
/**
 * Tags for a build the user gave no tags for, most specific first (the `version`
 * label takes the first): version tags or the branch, `latest` for the default
 * branch, `pr-N` for pull requests, and always `sha-<7>`.
 *
 * Pull requests get only `pr-N` and `sha-`: for `pull_request_target` GITHUB_REF is the
 * base branch, and a PR build must never take the base branch's tag or `latest`.
 */
function defaultTags(event) {
    const sha = event.sha.toLowerCase();
    if (!/^[0-9a-f]{7,}$/.test(sha))
        throw inputValueError('tags', event.sha, 'cannot be tagged: the commit is not a hex hash (GITHUB_SHA)', 'sha-0123abc');
    const shaTag = `sha-${sha.slice(0, 7)}`;
    const prNumber = event.prNumber ?? (0,github_event/* pullNumberFromRef */.Yb)(event.ref);
    if (prNumber !== undefined)
        return [`pr-${prNumber}`, shaTag];
    const gitTag = (0,github_event/* gitTagFromRef */.ef)(event.ref);
    if (gitTag !== undefined)
        return uniqueInOrder([...(versionTags(gitTag) ?? [tagFromRefName(gitTag, 'git tag')]), shaTag]);
    const branch = (0,github_event/* branchFromRef */._B)(event.ref);
    if (branch !== undefined) {
        const latest = branch === event.defaultBranch ? ['latest'] : [];
        return uniqueInOrder([tagFromRefName(branch.toLowerCase(), 'branch'), ...latest, shaTag]);
    }
    return [shaTag];
}
/** User tags replace the defaults entirely; either way the result is valid, unique and in a stable order. */
function resolveTags(userTags, event) {
    if (userTags.length === 0)
        return defaultTags(event);
    return uniqueInOrder(userTags.map((tag) => sanitiseTag(tag, 'tags')));
}

;// CONCATENATED MODULE: ./build/domain/attest/attest-mode.js
/**
 * `auto` signs keyless only where the job can get an OIDC token (`id-token: write`): elsewhere
 * (pull requests from forks, GHES without Sigstore, local runs) it attaches nothing and says so.
 */
function resolveAttestMode(requested, hasOidcToken) {
    if (requested !== 'auto')
        return { mode: requested, notice: undefined };
    if (hasOidcToken)
        return { mode: 'keyless', notice: undefined };
    return {
        mode: 'off',
        notice: 'attest: auto attaches no SBOM or attestations: the job has no OIDC token. Give it `permissions: id-token: write` for keyless signing, or use attest: key.',
    };
}

// EXTERNAL MODULE: ./build/domain/attest/in-toto.js
var in_toto = __webpack_require__(80949);
;// CONCATENATED MODULE: ./build/domain/attest/predicate-types.js
/**
 * The predicate types the gate attaches. The verdict type is ours and stable: a new
 * incompatible shape gets a new URI (…/verdict/v2); schemas/gate-verdict-v1.schema.json is its
 * schema. The other two are the formats existing verifiers already read.
 */
const GATE_VERDICT_PREDICATE_TYPE = 'https://github.com/acme/container-security-gate/attestations/verdict/v1';
/** cosign's vulnerability scan predicate (`cosign verify-attestation --type vuln`, Kyverno). */
const COSIGN_VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';
/** OpenVEX statements about the image (`cosign verify-attestation --type openvex`). */
const OPENVEX_PREDICATE_TYPE = 'https://openvex.dev/ns/v0.2.0';

// EXTERNAL MODULE: ./build/domain/attest/verdict-predicate.js
var verdict_predicate = __webpack_require__(37530);
;// CONCATENATED MODULE: ./build/domain/attest/vuln-predicate.js
/**
 * The report as attested: secret findings keep where and what they are, never their text.
 * Trivy masks the secret itself, but the surrounding lines it quotes are the image's content
 * and an attestation is public to anyone who can pull.
 */
function attestableReport(report) {
    return {
        ...report,
        Results: report.Results?.map((result) => result.Secrets
            ? {
                ...result,
                Secrets: result.Secrets.map((s) => {
                    const { Code: _code, Match: _match, ...kept } = s;
                    return kept;
                }),
            }
            : result),
    };
}
function cosignVulnPredicate(args) {
    const { scanner } = args;
    return {
        invocation: {
            parameters: { scanners: [...scanner.scanners] },
            uri: args.run.url ?? '',
            event_id: args.runId ?? '',
            'builder.id': `container-security-gate@${args.actionVersion}`,
        },
        scanner: {
            uri: `pkg:github/aquasecurity/trivy@v${scanner.trivyVersion.replace(/^v/, '')}`,
            version: scanner.trivyVersion,
            db: { uri: 'pkg:oci/trivy-db', version: scanner.dbUpdatedAt ?? '' },
            result: attestableReport(args.report),
        },
        metadata: { scanStartedOn: args.scanStartedOn.toISOString(), scanFinishedOn: args.scanFinishedOn.toISOString() },
    };
}

;// CONCATENATED MODULE: ./build/attest-phase.js







function openAttestSession(inputs, port) {
    if (!port)
        return undefined;
    const { mode, notice } = resolveAttestMode(inputs.attest, port.hasOidcToken);
    if (notice)
        port.notice(notice);
    if (mode === 'off')
        return undefined;
    return { mode, signer: port.openSigner(mode) };
}
/**
 * Starts the SBOM (`trivy convert`) and reads the DB metadata as soon as the gate passed, so
 * they overlap the image upload. The promise never rejects unobserved: attestPushedImage
 * awaits it and turns a failure into `attest-error`.
 */
function prepareEvidence(port, sbomOf) {
    const evidence = (async () => {
        const [sbom, db] = await Promise.all([sbomOf && port.writeSbom(sbomOf.report, sbomOf.trivyPath, sbomOf.platform), port.trivyDatabase()]);
        return { sbom, db };
    })();
    evidence.catch(() => undefined);
    return evidence;
}
/**
 * SBOM, cosign vuln attestation and gate verdict attestation for the pushed digest. Any
 * failure is `attest-error`: the caller then creates no tag.
 */
async function attestPushedImage(args) {
    const { session, port, subject } = args;
    try {
        const { sbom, db } = await (args.evidence ?? prepareEvidence(port, { report: args.report, trivyPath: args.trivy.path }));
        const scanner = { trivyVersion: args.trivy.version, dbUpdatedAt: db?.updatedAt, dbVersion: db?.version, scanners: args.inputs.scanners };
        const about = { repository: subject.name, digest: subject.digest };
        const scanned = new Date(args.report.CreatedAt ?? args.decision.evaluatedAt);
        const statements = [
            (0,in_toto/* statementAbout */.pT)(about, COSIGN_VULN_PREDICATE_TYPE, cosignVulnPredicate({
                report: args.report,
                scanner,
                scanStartedOn: Number.isNaN(scanned.getTime()) ? args.now : scanned,
                scanFinishedOn: new Date(args.decision.evaluatedAt),
                actionVersion: version/* ACTION_VERSION */.Y,
                run: port.run,
                runId: port.runId,
            })),
            (0,in_toto/* statementAbout */.pT)(about, GATE_VERDICT_PREDICATE_TYPE, (0,verdict_predicate/* gateVerdictPredicate */.o)({
                decision: args.decision,
                baseline: args.inputs.baseline.kind,
                image: { id: subject.imageId, digest: subject.digest },
                scope: args.scope,
                scanner,
                actionVersion: version/* ACTION_VERSION */.Y,
                run: port.run,
                now: args.now,
            })),
        ];
        const vex = port.openVex ? await port.openVex({ decision: args.decision, subject }) : undefined;
        if (vex !== undefined)
            statements.push((0,in_toto/* statementAbout */.pT)(about, OPENVEX_PREDICATE_TYPE, vex));
        const { attachAttestations } = await __webpack_require__.e(/* import() */ 574).then(__webpack_require__.bind(__webpack_require__, 60574));
        const attached = await attachAttestations(port.registry, session.signer, {
            repository: subject.repository,
            subjectDigest: subject.digest,
            statements,
            sbom: sbom?.bytes,
        });
        const where = {
            referrers: 'as OCI 1.1 referrers',
            'referrers-tag': 'as OCI 1.1 referrers listed under the referrers tag schema (the registry has no referrers API; another tool started the sha256-<hex> index)',
            tags: "under cosign's sha256-<hex>.att/.sbom tags (the registry has no referrers API)",
        }[attached.storage];
        port.info(`attached (${session.mode}) to ${subject.name}@${subject.digest} ${where}: ${sbom ? 'SBOM, ' : ''}${statements.map((s) => s.predicateType).join(', ')}`);
        return { mode: session.mode, sbomPath: sbom?.path ?? '', attestations: attached.attestations };
    }
    catch (error) {
        if (error instanceof gate_error/* GateError */.ue && (error.reason === 'attest-error' || error.reason === 'registry-auth'))
            throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new gate_error/* GateError */.ue('attest-error', `could not attach the SBOM and attestations to ${subject.name}@${subject.digest}: ${message}`, {
            remedy: 'No tag was created. Check that the registry accepts the push of `sha256-<digest>.att`/`.sbom` tags (or OCI 1.1 referrer manifests where it serves the referrers API), then re-run the job.',
            cause: error,
        });
    }
}
/**
 * The attest step of a push: made when the gate passed (the SBOM starts at once, overlapping
 * the upload), run for each repository between "manifest published by digest" and "tags
 * created". A failure throws `attest-error` out of the push, so no target tag is created.
 */
function attestBeforeTags(args) {
    const evidence = prepareEvidence(args.port, { report: args.report, trivyPath: args.trivy.path });
    let first;
    return {
        async beforeTag(repository, digest) {
            const attested = await attestPushedImage({
                ...args,
                subject: { name: `${args.registry}/${repository}`, repository, digest, imageId: args.imageId },
                now: args.now(),
                evidence,
            });
            first ??= attested;
        },
        attested: () => first,
    };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./build/domain/caching/build-cache.js

/**
 * The image that passed last time is the natural cache source: a fresh runner pulls only
 * the cache metadata and the layers it can reuse. Only runs that push and are not pull
 * requests write inline cache: a pull request reads the cache but never leaves any, so its
 * image config (and so its ID) differs from the one a pushing run builds from the same inputs.
 */
function planBuildCache(request) {
    if (request.noCache)
        return { from: [], inline: false, why: 'no-cache: true builds every step' };
    const from = request.cacheFrom ?? [request.publishedReference];
    const pullRequest = (0,github_event/* isPullRequestEvent */.T5)(request.eventName);
    const inline = request.cacheTo === 'inline' && request.pushEnabled && !pullRequest;
    const writes = request.cacheTo === 'none'
        ? 'cache-to: none'
        : pullRequest
            ? `${request.eventName} runs read the build cache but never write it`
            : request.pushEnabled
                ? 'inline cache in the pushed image'
                : 'no inline cache (nothing is pushed)';
    return { from, inline, why: `${from.length > 0 ? `cache from ${from.join(', ')}` : 'no cache-from'}; ${writes}` };
}

;// CONCATENATED MODULE: ./build/domain/caching/cache-writes.js

function decideCacheWrites(event, refProtected) {
    if ((0,github_event/* isPullRequestEvent */.T5)(event.eventName)) {
        return { allowed: false, why: `${event.eventName} runs read caches but never write them` };
    }
    const branch = (0,github_event/* branchFromRef */._B)(event.ref);
    if (branch !== undefined && event.defaultBranch !== undefined && branch === event.defaultBranch) {
        return { allowed: true, why: `${event.ref} is the default branch` };
    }
    if (refProtected)
        return { allowed: true, why: `${event.ref} is a protected ref` };
    return { allowed: false, why: `${event.ref || 'this ref'} is neither the default branch nor protected (GITHUB_REF_PROTECTED), so caches are read only` };
}

;// CONCATENATED MODULE: ./build/domain/labels.js

/** `1.2`, `1.2.3`, `v1.2.3-rc.1`, `2024.05.01`: a tag that starts with a dotted number. */
const VERSION_TAG = /^v?\d+(?:\.\d+)+(?:[-_.+][\w.-]*)?$/;
function isVersionTag(tag) {
    return VERSION_TAG.test(tag);
}
/** The `version` label: the first version-like tag, else the first tag. */
function versionFromTags(tags) {
    return tags.find(isVersionTag) ?? tags[0];
}
/**
 * OCI annotation labels for every build. `source` is the repository page, which is
 * how GHCR links a pushed package to its repository.
 */
function ociLabels(event, options) {
    const year = options.created.getUTCFullYear();
    // RFC 3339 has four-digit years; toISOString writes `+275760-…` beyond them.
    if (Number.isNaN(year) || year < 0 || year > 9999) {
        throw new gate_error/* GateError */.ue('internal-error', `ociLabels: the build time ${String(options.created)} cannot be written as RFC 3339`);
    }
    const title = options.title ?? event.repository.slice(event.repository.indexOf('/') + 1);
    return {
        'org.opencontainers.image.source': event.repositoryUrl ?? `${event.serverUrl}/${event.repository}`,
        'org.opencontainers.image.revision': event.sha,
        // toISOString is RFC 3339 in UTC (`2024-05-01T12:00:00.000Z`).
        'org.opencontainers.image.created': options.created.toISOString(),
        'org.opencontainers.image.title': title,
        ...(options.version !== undefined && { 'org.opencontainers.image.version': options.version }),
        ...options.userLabels,
    };
}

;// CONCATENATED MODULE: ./build/plan.js








function decidePush(mode, event) {
    if (mode === 'false')
        return { enabled: false, why: 'push: false' };
    if (mode === 'true')
        return { enabled: true, why: 'push: true' };
    const auto = (0,github_event/* autoPush */.Ot)(event.eventName, event.ref);
    return auto.push
        ? { enabled: true, why: `push: auto pushes on ${event.eventName} events` }
        : { enabled: false, why: `push: auto does not push on ${event.eventName} events (${auto.why}); set push: true to push anyway` };
}
/** Keeps the Dockerfile inside the context: the engine only ever sees the context. */
function dockerfileInContext(contextDir, dockerfile) {
    const absolute = (0,external_node_path_.isAbsolute)(dockerfile) ? (0,external_node_path_.normalize)(dockerfile) : (0,external_node_path_.resolve)(contextDir, dockerfile);
    const inside = (0,external_node_path_.relative)(contextDir, absolute);
    if (inside === '' || inside.startsWith('..') || (0,external_node_path_.isAbsolute)(inside)) {
        throw new gate_error/* GateError */.ue('input-error', `input 'dockerfile': '${dockerfile}' is not inside the build context ${contextDir}`, {
            remedy: 'for example: dockerfile: Dockerfile (a path relative to the context)',
        });
    }
    return inside.split('\\').join('/');
}
function planRun(inputs, event, options) {
    const image = normaliseReference(inputs.image, 'image');
    const tags = resolveTags(inputs.tags, event);
    const targets = targetReferences(image, tags);
    const push = inputs.mode === 'summary' ? { enabled: false, why: 'mode: summary never builds or pushes' } : decidePush(inputs.push, event);
    const contextDir = (0,external_node_path_.resolve)(options.workspace, inputs.context);
    const dockerfile = dockerfileInContext(contextDir, inputs.dockerfile);
    if (push.enabled && inputs.registryPassword === '') {
        throw new gate_error/* GateError */.ue('input-error', `input 'registry-password': pushing to ${image.registry} needs a password or token, and none was given`, {
            remedy: image.registry === 'ghcr.io'
                ? "give the job `permissions: packages: write` and keep the default github-token, or set registry-password"
                : 'for example: registry-password: ${{ secrets.REGISTRY_TOKEN }} (or push: false)',
        });
    }
    const version = versionFromTags(tags);
    const labels = ociLabels(event, {
        // The commit's time when the event says it: an unchanged commit rebuilds to the same image ID.
        created: event.commitTime ?? options.now,
        ...(version !== undefined && { version }),
        userLabels: inputs.labels,
    });
    return {
        image,
        tags,
        targets,
        push,
        labels,
        contextDir,
        dockerfile,
        registry: { server: image.registry, username: inputs.registryUsername, password: inputs.registryPassword },
        caches: {
            writes: decideCacheWrites(event, event.refProtected === true),
            build: planBuildCache({
                cacheFrom: inputs.cacheFrom,
                cacheTo: inputs.cacheTo,
                noCache: inputs.noCache,
                publishedReference: formatReference({ registry: image.registry, repository: image.repository, tag: sanitiseTag(inputs.baselineTag, 'baseline-tag') }),
                pushEnabled: push.enabled,
                eventName: event.eventName,
            }),
        },
    };
}
/** The slice of the inputs the policy decides with. */
function policyFromInputs(inputs) {
    return {
        failOn: [...inputs.failOn],
        issueOn: [...inputs.issueOn],
        unknownSeverity: inputs.unknownSeverity,
        ignoreUnfixed: inputs.ignoreUnfixed,
        blockOnIncrease: inputs.blockOnIncrease,
        compareOn: inputs.compareOn === undefined ? undefined : [...inputs.compareOn],
        maxDbAge: inputs.maxDbAge,
        requireNonRoot: inputs.requireNonRoot,
        requireHealthcheck: inputs.requireHealthcheck,
        maxImageSizeBytes: inputs.maxImageSizeBytes,
        configSecrets: inputs.configSecrets,
        failOnKev: inputs.failOnKev,
        epssThreshold: inputs.epssThreshold,
    };
}

;// CONCATENATED MODULE: ./build/held-log.js
/**
 * A log for work that starts before its group may open: lines are kept, in order, until
 * `release` hands them to the real log; after that they pass straight through. A group
 * opened while another is still open would file these lines under the wrong heading.
 */
class HeldLog {
    held = [];
    target;
    info(line) {
        this.write('info', line);
    }
    warning(line) {
        this.write('warning', line);
    }
    release(target) {
        if (this.target !== undefined)
            return;
        this.target = target;
        const held = this.held ?? [];
        this.held = undefined;
        for (const { level, line } of held)
            target[level](line);
    }
    write(level, line) {
        if (this.target !== undefined)
            this.target[level](line);
        else
            this.held.push({ level, line });
    }
}

;// CONCATENATED MODULE: ./build/pipeline.js
















async function readPolicy(inputs, ports) {
    const text = await ports.readOptionalFile(inputs.policyFile, 'policy-file');
    return text === undefined ? undefined : parsePolicyFile(text, inputs.policyFile);
}
/** `baseline: <file>`: the Trivy JSON report it names, which must exist. */
async function readBaselineFile(path, ports) {
    const text = await ports.readOptionalFile(path, 'baseline');
    if (text === undefined) {
        throw new gate_error/* GateError */.ue('input-error', `input 'baseline': the report ${path} does not exist`, {
            remedy: 'for example: baseline: reports/previous.json (a Trivy JSON report), or baseline: registry',
        });
    }
    return (0,trivy_report/* parseTrivyReport */.Qg)(text, path);
}
async function readBaseline(inputs, plan, scanner, ports) {
    const baseline = inputs.baseline;
    if (baseline.kind === 'none')
        return undefined;
    if (baseline.kind === 'file')
        return readBaselineFile(baseline.path, ports);
    const reference = publishedReference(inputs, plan);
    const report = await scanner.scanPublished(reference);
    if (report === undefined)
        ports.log.info(`baseline: ${reference} is not published yet; nothing to compare with`);
    return report;
}
/**
 * What every mode does first: the policy file (a bad one fails before any work), Trivy, its DB.
 * Only the vulnerability scanner reads the DB: secret, misconfig and license scans run without
 * one, so an offline runner that does not scan for vulnerabilities never needs to download it.
 */
async function prepareScanning(inputs, ports, progress) {
    const policyFile = await readInputFiles(inputs, ports);
    return { policyFile, scanner: await prepareScanner(inputs, ports, progress) };
}
/** The input files checked and the policy file read: before anything is installed or built. */
async function readInputFiles(inputs, ports) {
    await ports.checkInputFiles();
    return readPolicy(inputs, ports);
}
/** Trivy installed (verified) and its vulnerability DB ready. */
async function prepareScanner(inputs, ports, progress) {
    const trivy = await ports.log.group('Install Trivy', () => ports.installTrivy());
    progress.trivyVersion = trivy.version;
    progress.trivyPath = trivy.path;
    const scanner = ports.openScanner(trivy.path);
    if (inputs.scanners.includes('vuln')) {
        const database = await ports.log.group('Trivy vulnerability database', () => scanner.prepareDatabase());
        if (database)
            progress.database = database;
    }
    else {
        ports.log.info(`Trivy DB: not needed, the vulnerability scanner is not among the scanners (${inputs.scanners.join(', ')})`);
    }
    return scanner;
}
/**
 * KEV and EPSS rows about the CVEs the scans found. A feed that is missing is a warning and the
 * decision says it was made without it; with `exploit-data: required` it is an error.
 */
async function loadExploitData(inputs, ports, reports) {
    const feeds = ports.exploitData;
    if (feeds === undefined || inputs.exploitData === 'off')
        return undefined;
    return ports.log.group('Exploit data (CISA KEV, FIRST EPSS)', async () => {
        const data = await feeds.load((0,enrich/* reportCves */.Oj)(reports));
        const missing = [];
        for (const name of ['kev', 'epss']) {
            const source = data[name];
            const label = exploit_data/* EXPLOIT_SOURCE_LABEL */.pA[name];
            if (source.status === 'loaded') {
                ports.log.info(`${label} of ${source.date ?? 'unknown date'} (${source.rows} rows${source.fromCache ? ', from the cache' : ''}): ${source.entries.size} of this run's CVEs listed`);
            }
            else if (source.status === 'missing') {
                missing.push(`${label}: ${source.cause}`);
                if (inputs.exploitData !== 'required')
                    ports.log.warning(`${label} unavailable; the decision is made without it: ${source.cause}`);
            }
        }
        if (inputs.exploitData === 'required' && missing.length > 0) {
            throw new gate_error/* GateError */.ue('exploit-data', `exploit data is required and could not be loaded: ${missing.join('; ')}`, {
                remedy: 'Fix the source named above, give local copies (kev-file, epss-file), or set exploit-data: optional.',
                details: missing,
            });
        }
        return data;
    });
}
/**
 * VEX out: the policy file's active exceptions as OpenVEX about the image (by digest when it
 * was pushed, else by the scanned image ID). Never changes the verdict.
 */
async function writeVexDocument(decision, product, author, ports) {
    if (decision.verdict === 'error' || ports.saveVexDocument === undefined)
        return undefined;
    const { document, omitted } = (0,openvex/* buildOpenVex */.gA)({ decision, product, author, tooling: `container-security-gate ${version/* ACTION_VERSION */.Y}` });
    for (const { exception, why } of omitted)
        ports.log.warning(`VEX: exception ${exception.id} (line ${exception.line}) is not in the VEX document: ${why}`);
    if (document === undefined)
        return undefined;
    try {
        const path = await ports.saveVexDocument(document);
        ports.log.info(`VEX: ${document.statements.length} statement(s) written to ${path}`);
        return { document, path };
    }
    catch (error) {
        ports.log.warning(`VEX document was not written: ${error instanceof Error ? error.message : String(error)}`);
        return { document, path: undefined };
    }
}
/** The ignore file's entries, for the warning about entries that never expire; none when there is no file. */
async function readIgnoreFile(inputs, ports) {
    if (!inputs.ignoreFile)
        return undefined;
    const text = await ports.readOptionalFile(inputs.ignoreFile, 'ignore-file');
    return text === undefined ? undefined : { path: inputs.ignoreFile, entries: parseIgnoreFile(text, inputs.ignoreFile) };
}
/** Warnings go to the log as they are decided, not only to the summary. */
function logDecision(decision, log) {
    log.info(`decision: ${decision.summary}`);
    for (const reason of decision.reasons)
        if (reason.level === 'warn')
            log.warning(reason.message);
}
function publishedReference(inputs, plan) {
    return formatReference({ registry: plan.image.registry, repository: plan.image.repository, tag: sanitiseTag(inputs.baselineTag, 'baseline-tag') });
}
/** Runs a promise now but keeps its rejection from going unhandled until it is awaited. */
function started(promise) {
    promise.catch(() => undefined);
    return promise;
}
/** The build as the inputs and plan ask for it; `platform` for one image of a multi-platform run. */
function buildRequestFor(inputs, plan, platform) {
    return {
        contextDir: plan.contextDir,
        dockerfile: plan.dockerfile,
        buildArgs: inputs.buildArgs,
        buildSecrets: inputs.buildSecrets,
        target: inputs.target,
        labels: plan.labels,
        noCache: inputs.noCache,
        network: inputs.network,
        cache: plan.caches.build,
        ...(platform !== undefined && { platform }),
    };
}
function startScan(scan) {
    const log = new HeldLog();
    return { report: started(scan(log)), log };
}
/** The context scan started beside the build, awaited and described. */
function finishContextScan(contextScan, plan, log) {
    return log.group('Scan build context', async () => {
        contextScan.log.release(log);
        const report = await contextScan.report;
        log.info(`context ${plan.contextDir}: ${describeReport(report)}`);
        return report;
    });
}
/**
 * The image scan started as soon as the build ends (beside the rest of the context scan), awaited
 * and described; `platform` names the image of a multi-platform run.
 */
function finishImageScan(imageScan, built, log, platform) {
    return log.group(`Scan image ${built.imageId}${platform ? ` (${platform})` : ''}`, async () => {
        imageScan.log.release(log);
        const report = await imageScan.report;
        log.info(`${platform ? `${platform} ` : ''}image ${built.imageId}: ${describeReport(report)}`);
        return report;
    });
}
/** Every scan, the baseline, the exploit data and the policy file, judged into one decision. */
async function decide(inputs, plan, ports, scanner, policyFile, progress) {
    const baseline = await ports.log.group('Baseline', () => readBaseline(inputs, plan, scanner, ports));
    const exploitData = await loadExploitData(inputs, ports, [progress.filesystem, progress.image]);
    const decision = evaluateGate({
        policy: policyFromInputs(inputs),
        filesystem: progress.filesystem,
        image: progress.image,
        imageFacts: progress.facts,
        baseline,
        policyFile,
        exploitData,
        database: progress.database,
        ignoreFile: await readIgnoreFile(inputs, ports),
        now: ports.now(),
    });
    logDecision(decision, ports.log);
    return decision;
}
/**
 * Push (by digest, attestations, then tags) only a pass, only when the plan pushes. A pass whose
 * image did not arrive is not a pass: the decision becomes the push's error.
 */
async function pushIfPassed(decision, image, inputs, plan, ports, progress, attestSession) {
    if (decision.verdict !== 'pass') {
        ports.log.info('not pushing: the gate did not pass');
        return { decision };
    }
    if (!plan.push.enabled) {
        ports.log.info(`not pushing: ${plan.push.why}`);
        return { decision };
    }
    try {
        const attest = attestSession && attestStep(attestSession, inputs, plan, ports, decision, progress, image.id);
        const pushed = await pushImage(image.id, plan, ports, image.facts, attest?.beforeTag);
        const attested = attest?.attested();
        return { decision, pushed, ...(attested && { attested }) };
    }
    catch (error) {
        return { decision: errorDecision((0,gate_error/* toGateError */.Vl)(error), decision, ports.now()) };
    }
}
/**
 * install → context scan ∥ (build → image scan) → decide → push (by digest, attest, tag) → VEX.
 * Push happens only for a `pass` decision about the exact image ID that was scanned; every
 * failure is an `error`.
 */
async function runGate(inputs, plan, ports) {
    const { log } = ports;
    const progress = {};
    let outcome;
    let vex;
    // A failed install, build or scan must not leave the build or a scan running (and the step waiting for it).
    const stopWork = new AbortController();
    try {
        // A signing key that cannot be read fails the run before anything is built.
        const attestSession = plan.push.enabled ? openAttestSession(inputs, ports.attest) : undefined;
        const policyFile = await readInputFiles(inputs, ports);
        const scanning = started(prepareScanner(inputs, ports, progress));
        const build = startBuild(inputs, plan, ports, stopWork.signal);
        const scanner = await scanning;
        // The context scan needs nothing from the build, so it runs while the image builds.
        const contextScan = startScan((lines) => scanner.scanFilesystem(plan.contextDir, stopWork.signal, lines));
        const built = await log.group(`Build ${plan.image.name}`, () => (build.log.release(log), build.built));
        progress.imageId = built.imageId;
        // The image scan reads the image by its ID, not the context: it need not wait for the context scan.
        const imageScan = startScan((lines) => scanBuiltImage(scanner, built, build.pushExport, stopWork.signal, lines));
        progress.filesystem = await finishContextScan(contextScan, plan, log);
        progress.image = await finishImageScan(imageScan, built, log);
        const facts = (progress.facts = await ports.engine.inspect(built.imageId));
        const decision = await decide(inputs, plan, ports, scanner, policyFile, progress);
        outcome = await pushIfPassed(decision, { id: built.imageId, facts }, inputs, plan, ports, progress, attestSession);
        vex = await writeVexDocument(outcome.decision, outcome.pushed
            ? { kind: 'pushed', registry: plan.image.registry, repository: plan.image.repository, digest: outcome.pushed.digest }
            : { kind: 'built', imageId: built.imageId }, `container-security-gate policy file ${inputs.policyFile}`, ports);
    }
    catch (error) {
        outcome = { decision: errorDecision((0,gate_error/* toGateError */.Vl)(error), {}, ports.now()) };
    }
    finally {
        stopWork.abort();
        await ports.registry.release?.();
    }
    return {
        decision: outcome.decision,
        imageId: progress.imageId,
        trivyVersion: progress.trivyVersion,
        pushed: outcome.pushed,
        reports: { filesystem: progress.filesystem, image: progress.image },
        vex,
        attested: outcome.attested,
        database: progress.database,
    };
}
/** The attest step for a passed gate: its SBOM starts now, its attachments run before the tags. */
function attestStep(session, inputs, plan, ports, decision, progress, imageId) {
    return attestBeforeTags({
        session,
        port: ports.attest,
        inputs,
        decision,
        report: progress.image,
        trivy: { path: progress.trivyPath, version: progress.trivyVersion },
        imageId,
        registry: plan.registry.server,
        now: () => ports.now(),
    });
}
/**
 * publish by digest → attest (SBOM and attestations, when on) → tag. The target tags are created last, from
 * the manifest the registry already holds by digest, so none of them ever names anything
 * but the scanned image; a failure before `tag` leaves them as they were.
 */
async function pushImage(imageId, plan, ports, facts, beforeTag) {
    const { log, registry } = ports;
    const push = planPush(imageId, plan.targets, plan.registry.server);
    const references = [];
    let published;
    for (const [repository, tags] of tagsByRepository(push.targets)) {
        const manifest = await log.group(`Publish ${imageId} to ${push.registry}/${repository}`, () => registry.publishManifest(imageId, repository, tags));
        log.info(`published ${push.registry}/${repository}@${manifest.digest}: ${formatSize(manifest.compressedSize)} in the registry (compressed), ${formatSize(facts.sizeBytes)} uncompressed`);
        published ??= manifest;
        if (beforeTag)
            await log.group(`Attest ${push.registry}/${repository}@${manifest.digest}`, () => beforeTag(repository, manifest.digest));
        references.push(...(await log.group(`Tag ${tags.map((t) => `${push.registry}/${repository}:${t}`).join(', ')}`, () => registry.tag(repository, manifest.digest, tags))));
    }
    return { references, digest: published.digest, compressedSizeBytes: published.compressedSize };
}
/**
 * The build needs nothing from Trivy, so it starts while Trivy is verified and its DB fetched,
 * and a push's export starts the moment the image is built. Nothing leaves before a pass; a
 * failed install aborts the build (`signal`), and release() settles the export.
 */
function startBuild(inputs, plan, ports, signal) {
    const log = new HeldLog();
    const built = started(ports.engine.build({ ...buildRequestFor(inputs, plan), signal }, log));
    const pushExport = plan.push.enabled ? started(built.then((image) => preparePush(image.imageId, plan, ports))) : undefined;
    return { log, built, pushExport };
}
/** The first repository's publish, started early (pushImage goes through the repositories in the same order). */
function preparePush(imageId, plan, ports) {
    const first = [...tagsByRepository(planPush(imageId, plan.targets, plan.registry.server).targets)][0];
    return first ? ports.registry.prepare?.(imageId, first[0], first[1]) : undefined;
}
/**
 * When the push writes out an export of the image, Trivy scans that file: the engine is read
 * once instead of twice at the same time, and the bytes analysed are the bytes uploaded.
 * Otherwise (no push, or the registry already holds every layer) Trivy reads the engine.
 */
async function scanBuiltImage(scanner, built, pushExport, signal, log) {
    const archive = await pushExport;
    return scanner.scanImage({ ref: built.scanReference, id: built.imageId, ...(archive !== undefined && { archive }) }, signal, log);
}
function tagsByRepository(targets) {
    const byRepository = new Map();
    for (const target of targets)
        byRepository.set(target.repository, [...(byRepository.get(target.repository) ?? []), target.tag]);
    return byRepository;
}
function formatSize(bytes) {
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
function describeReport(report) {
    let vulnerabilities = 0;
    let secrets = 0;
    let misconfigurations = 0;
    let licenses = 0;
    let suppressed = 0;
    for (const result of report.Results ?? []) {
        vulnerabilities += result.Vulnerabilities?.length ?? 0;
        secrets += result.Secrets?.length ?? 0;
        misconfigurations += result.Misconfigurations?.filter((m) => m.Status === 'FAIL').length ?? 0;
        licenses += result.Licenses?.length ?? 0;
        suppressed += result.ExperimentalModifiedFindings?.length ?? 0;
    }
    return (`${vulnerabilities} vulnerabilities, ${secrets} secrets, ${misconfigurations} failed misconfiguration checks, ${licenses} licenses` +
        `${suppressed > 0 ? `; ${suppressed} suppressed by an ignore file or VEX` : ''}`);
}
/**
 * `mode: summary` (scheduled workflows): nothing is built or pushed; the published image
 * (`baseline-tag`, default latest) is scanned straight from the registry and judged by the
 * same policy, so the weekly summary and the verdict reflect what users actually pull.
 */
async function runPublishedScan(inputs, plan, ports) {
    const { log } = ports;
    const progress = {};
    let decision;
    try {
        const { policyFile, scanner } = await prepareScanning(inputs, ports, progress);
        const reference = publishedReference(inputs, plan);
        const report = await log.group(`Scan published image ${reference}`, () => scanner.scanPublished(reference));
        if (report === undefined) {
            throw new gate_error/* GateError */.ue('image-not-found', `${reference} is not published, so there is nothing to summarise`, {
                remedy: 'Point image and baseline-tag at a published image, or run mode: gate first.',
            });
        }
        progress.image = report;
        const exploitData = await loadExploitData(inputs, ports, [report]);
        decision = evaluateGate({
            policy: policyFromInputs(inputs),
            image: report,
            policyFile,
            exploitData,
            database: progress.database,
            ignoreFile: await readIgnoreFile(inputs, ports),
            now: ports.now(),
        });
        logDecision(decision, log);
    }
    catch (error) {
        decision = errorDecision((0,gate_error/* toGateError */.Vl)(error), {}, ports.now());
    }
    return {
        decision,
        imageId: undefined,
        trivyVersion: progress.trivyVersion,
        pushed: undefined,
        reports: { filesystem: undefined, image: progress.image },
        database: progress.database,
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./build/domain/platforms/evaluate-platforms.js



/** Reasons about the settings and the policy file: one fact per run, not one per platform. */
const RUN_WIDE_RULES = new Set(['exception-expired', 'fail-on-gap', 'db-age', 'ignore-file-expiry']);
const FAIL_ORDER = ['vulnerable', 'regressed', 'policy'];
/** Image locations take the platform; so does the finding, which is that platform's problem. */
function onPlatform(evaluation, platform) {
    return {
        ...evaluation,
        finding: { ...evaluation.finding, platform },
        locations: evaluation.locations.map((l) => (l.scope === 'image' ? { ...l, platform } : l)),
    };
}
/**
 * Per-platform comparisons as one: counts summed, blocking if any blocks; regressed if any
 * platform regressed, else improved if any improved (a fix on one platform is an improvement).
 */
function mergeBaselines(parts) {
    const present = parts.filter((b) => b !== undefined);
    if (present.length === 0)
        return undefined;
    const rank = { unchanged: 0, improved: 1, regressed: 2 };
    return present.reduce((a, b) => ({
        verdict: rank[b.verdict] > rank[a.verdict] ? b.verdict : a.verdict,
        scope: a.scope,
        blocking: a.blocking || b.blocking,
        baselineCount: a.baselineCount + b.baselineCount,
        currentCount: a.currentCount + b.currentCount,
        newCount: a.newCount + b.newCount,
        fixedCount: a.fixedCount + b.fixedCount,
        unchangedCount: a.unchangedCount + b.unchangedCount,
        newVulnerabilities: [...a.newVulnerabilities, ...b.newVulnerabilities],
        fixedVulnerabilities: [...a.fixedVulnerabilities, ...b.fixedVulnerabilities],
    }));
}
function withPlatform(baseline, platform) {
    if (!baseline)
        return undefined;
    return {
        ...baseline,
        newVulnerabilities: baseline.newVulnerabilities.map((f) => ({ ...f, platform })),
        fixedVulnerabilities: baseline.fixedVulnerabilities.map((f) => ({ ...f, platform })),
    };
}
/**
 * The gate over several platforms: each platform judged as a one-platform run would be (the
 * build context with that platform's image, its hardening and baseline), then one decision
 * whose verdict is the worst of them. What the context alone holds is kept once; everything
 * found in an image, each hardening result and each reason names its platform.
 */
function evaluatePlatforms(input) {
    return evaluatePlatformsEach(input).decision;
}
function evaluatePlatformsEach(input) {
    if (input.platforms.length === 0)
        throw new gate_error/* GateError */.ue('internal-error', 'evaluatePlatforms: no platform was scanned');
    const { policy, policyFile, database, ignoreFile, now } = input;
    const shared = { policy, policyFile, database, ignoreFile, now, filesystem: input.filesystem };
    const perPlatform = input.platforms.map((p) => ({
        platform: p.platform,
        decision: evaluateGate({ ...shared, image: p.image, imageFacts: p.imageFacts, baseline: p.baseline ?? input.filesystemBaseline }),
    }));
    const first = perPlatform[0].decision;
    const findings = [];
    const hardening = [];
    const reasons = [];
    const suppressed = first.suppressed.filter((x) => x.finding.scope === 'filesystem');
    perPlatform.forEach(({ platform, decision }, i) => {
        for (const e of decision.findings) {
            const inImage = e.locations.some((l) => l.scope === 'image');
            // The context is the same for every platform: what only it holds is listed once.
            if (inImage)
                findings.push(onPlatform(e, platform));
            else if (i === 0)
                findings.push(e);
        }
        for (const h of decision.hardening)
            hardening.push({ ...h, platform, message: `${platform}: ${h.message}` });
        for (const r of decision.reasons)
            if (!RUN_WIDE_RULES.has(r.rule))
                reasons.push({ ...r, message: `${platform}: ${r.message}` });
        for (const x of decision.suppressed)
            if (x.finding.scope === 'image')
                suppressed.push({ ...x, finding: { ...x.finding, platform } });
    });
    reasons.push(...first.reasons.filter((r) => RUN_WIDE_RULES.has(r.rule)));
    const ordered = [...reasons.filter((r) => r.level === 'fail'), ...reasons.filter((r) => r.level === 'warn')];
    // Blocking first, then most severe: stable, so each group keeps platform order.
    findings.sort((a, b) => Number(b.blocking) - Number(a.blocking) || (0,severity/* severityRank */.qs)(b.effectiveSeverity) - (0,severity/* severityRank */.qs)(a.effectiveSeverity));
    const { totals, counts } = tallyEvaluations(findings, suppressed.length);
    const uses = new Map();
    for (const e of findings)
        if (e.exception)
            uses.set(e.exception, (uses.get(e.exception) ?? 0) + 1);
    const used = [...uses].map(([exception, n]) => ({ exception, findings: n }));
    const fails = perPlatform.map((p) => p.decision.reason).filter((r) => FAIL_ORDER.includes(r));
    const fail = FAIL_ORDER.find((r) => fails.includes(r));
    const reason = fail ?? 'passed';
    // A context baseline is the same comparison on every platform: counted once.
    const baselines = perPlatform.map((p) => withPlatform(p.decision.baseline, p.platform));
    const baseline = first.baseline?.scope === 'filesystem' ? first.baseline : mergeBaselines(baselines);
    const decision = {
        verdict: fail ? 'fail' : 'pass',
        reason,
        summary: summaryLine(reason, totals, ordered),
        reasons: ordered,
        error: undefined,
        policy,
        evaluatedAt: now.toISOString(),
        scanned: { filesystem: input.filesystem !== undefined, image: true, imageFacts: input.platforms.every((p) => p.imageFacts !== undefined) },
        findings,
        counts,
        totals,
        exceptions: {
            fileName: first.exceptions.fileName,
            used,
            unused: [...first.exceptions.unused, ...first.exceptions.used.map((u) => u.exception)].filter((e) => !uses.has(e)),
            expired: first.exceptions.expired,
        },
        baseline,
        hardening,
        suppressed,
        database: first.database,
    };
    return { decision, platforms: perPlatform };
}

;// CONCATENATED MODULE: ./build/domain/platforms/image-index.js
const IMAGE_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
/**
 * The OCI image index over the platforms' manifests, serialised once: these exact bytes are
 * hashed, PUT by digest and tagged, so the digest the gate reports is the one pulled.
 */
function imageIndex(manifests) {
    return JSON.stringify({
        schemaVersion: 2,
        mediaType: IMAGE_INDEX_MEDIA_TYPE,
        manifests: manifests.map((m) => ({
            mediaType: m.mediaType,
            digest: m.digest,
            size: m.size,
            platform: { architecture: m.platform.architecture, os: m.platform.os, ...(m.platform.variant && { variant: m.platform.variant }) },
        })),
    });
}

// EXTERNAL MODULE: ./build/domain/platforms/platform.js
var platforms_platform = __webpack_require__(74739);
;// CONCATENATED MODULE: ./build/domain/platforms/index-report.js
/**
 * The platforms' image reports as one Trivy-shaped report about the image index: the
 * `result` of the index's cosign vuln attestation. Every result keeps Trivy's fields (so
 * policies that read `Results[].Vulnerabilities[]` work unchanged) and gains `Platform`; the
 * `Target` is prefixed with the platform so two platforms' `app (debian 12.5)` stay apart.
 * Metadata is per image (ImageID, config): the index report has none, and lists instead
 * each platform with the image ID that was scanned (`Platforms`), findings or not.
 */
function indexReport(artifactName, platforms) {
    const created = platforms.map((p) => p.report.CreatedAt).filter((c) => typeof c === 'string').sort();
    return {
        SchemaVersion: platforms[0].report.SchemaVersion,
        ...(created.length > 0 && { CreatedAt: created[0] }),
        ArtifactName: artifactName,
        ArtifactType: 'container_image_index',
        Platforms: platforms.map(({ platform, report }) => ({ Platform: platform, ImageID: report.Metadata?.ImageID ?? null })),
        Results: platforms.flatMap(({ platform, report }) => (report.Results ?? []).map((result) => ({ ...result, Target: `${platform}: ${result.Target}`, Platform: platform }))),
    };
}

;// CONCATENATED MODULE: ./build/platforms-attest.js



/**
 * The multi-platform attest step, made when the gate passed: every platform's SBOM starts at
 * once (overlapping the uploads). Each call signs and attaches through the one-platform
 * attest code (attestPushedImage); any failure throws `attest-error`, so no tag is created.
 */
function attestPlatformsBeforeTags(args) {
    const { session, port, inputs, trivy } = args;
    const evidence = new Map(args.platforms.map((p) => [p.platform, prepareEvidence(port, { report: p.report, trivyPath: trivy.path, platform: p.platform })]));
    const indexEvidence = prepareEvidence(port, undefined);
    let firstRepository;
    const attachments = new Map();
    const record = (repository, key, attested) => {
        firstRepository ??= repository;
        if (repository === firstRepository)
            attachments.set(key, attested);
    };
    const evidenceOf = (platform) => {
        const found = args.platforms.find((p) => p.platform === platform);
        if (!found)
            throw new Error(`no scan of ${platform} to attest`);
        return found;
    };
    const subject = (repository, digest, imageId) => ({ name: `${args.registry}/${repository}`, repository, digest, imageId });
    return {
        async platform(repository, published) {
            const scanned = evidenceOf(published.platform);
            const attested = await attestPushedImage({
                session,
                port,
                inputs,
                decision: scanned.decision,
                report: scanned.report,
                trivy,
                subject: subject(repository, published.digest, published.imageId),
                now: args.now(),
                evidence: evidence.get(published.platform),
                scope: { platform: published.platform },
            });
            record(repository, published.platform, attested);
        },
        async index(repository, digest, platforms) {
            const report = indexReport(`${args.registry}/${repository}@${digest}`, platforms.map((p) => ({ platform: p.platform, report: evidenceOf(p.platform).report })));
            const attested = await attestPushedImage({
                session,
                port,
                inputs,
                decision: args.decision,
                report,
                trivy,
                subject: subject(repository, digest, undefined),
                now: args.now(),
                evidence: indexEvidence,
                scope: { platforms },
            });
            record(repository, 'index', attested);
        },
        attested() {
            const index = attachments.get('index');
            if (index === undefined)
                return undefined;
            const byKey = {};
            for (const [key, attested] of attachments)
                byKey[key] = attested.attestations;
            const firstSbom = [...attachments.values()].find((a) => a.sbomPath !== '')?.sbomPath;
            return { mode: session.mode, sbomPath: firstSbom ? (0,external_node_path_.dirname)(firstSbom) : '', attestations: byKey };
        },
    };
}

;// CONCATENATED MODULE: ./build/platforms-gate.js













/**
 * `platforms: linux/amd64,linux/arm64`: (install ∥ builds, one platform after another, each
 * inspected) → (context scan ∥ each image scanned by ID once built, beside the next build) →
 * one decision, the worst of the platforms → push
 * only on pass: every platform's manifest by digest, its SBOM and attestations, one OCI index
 * over them and the index's attestations, the tags last. Any platform's error is the run's
 * error, and nothing is pushed (never a partial index).
 */
async function runPlatformsGate(inputs, plan, ports) {
    const progress = {};
    const scanned = [];
    let pushed;
    let attested;
    let decision;
    // A failed install, build or scan must not leave builds or scans running (and the step waiting for them).
    const stopWork = new AbortController();
    try {
        // A signing key that cannot be read fails the run before anything is built.
        const attestSession = plan.push.enabled ? openAttestSession(inputs, ports.attest) : undefined;
        const policyFile = await readInputFiles(inputs, ports);
        const scanning = started(prepareScanner(inputs, ports, progress));
        const builds = startPlatformBuilds(inputs, plan, ports, stopWork.signal);
        const scanner = await scanning;
        const contextScan = startScan((lines) => scanner.scanFilesystem(plan.contextDir, stopWork.signal, lines));
        const imageScans = startPlatformScans(builds, scanner, stopWork.signal);
        for (const [i, build] of builds.entries())
            scanned.push(await finishPlatform(build, imageScans[i], plan, ports));
        progress.filesystem = await finishContextScan(contextScan, plan, ports.log);
        const filesystemBaseline = await ports.log.group('Baseline', () => readPlatformBaselines(inputs, plan, scanner, ports, scanned));
        decision = await judgePlatforms(inputs, progress, filesystemBaseline, scanned, policyFile, ports);
        ({ decision, pushed, attested } = await platforms_gate_pushIfPassed(decision, scanned, plan, ports, platforms_gate_attestStep(attestSession, decision, scanned, inputs, plan, ports, progress)));
    }
    catch (error) {
        decision = errorDecision((0,gate_error/* toGateError */.Vl)(error), {}, ports.now());
    }
    finally {
        stopWork.abort();
    }
    return {
        decision,
        imageId: undefined,
        trivyVersion: progress.trivyVersion,
        pushed,
        reports: { filesystem: progress.filesystem, image: undefined },
        database: progress.database,
        platforms: platformImages(scanned, pushed),
        attested,
    };
}
/**
 * The attest step of a passed multi-platform gate (undefined when nothing is signed): each
 * platform's SBOM starts now, overlapping the uploads; its attachments run before the tags.
 */
function platforms_gate_attestStep(session, decision, scanned, inputs, plan, ports, progress) {
    if (session === undefined || decision.verdict !== 'pass' || !plan.push.enabled)
        return undefined;
    return attestPlatformsBeforeTags({
        session,
        port: ports.attest,
        inputs,
        decision,
        platforms: scanned.map((s) => ({ platform: s.platform, imageId: s.imageId, report: s.image, decision: s.decision ?? decision })),
        trivy: { path: progress.trivyPath, version: progress.trivyVersion },
        registry: plan.registry.server,
        now: () => ports.now(),
    });
}
/**
 * Every platform's build, started now (while Trivy installs), one after another: the engine
 * works on one build at a time, and the first image scan waits only for the first build. A
 * failed build stops the chain; the run reports it when it reaches that platform.
 */
function startPlatformBuilds(inputs, plan, ports, signal) {
    let previous = Promise.resolve();
    return inputs.platforms.map((platform) => {
        const name = (0,platforms_platform/* formatPlatform */.Bq)(platform);
        const log = new HeldLog();
        const built = started(previous.then(async () => {
            // The run may have stopped while the build before this one ran.
            signal.throwIfAborted();
            const image = await ports.engine.build({ ...buildRequestFor(inputs, plan, name), signal }, log);
            const facts = await ports.engine.inspect(image.imageId);
            assertPlatform(platform, facts);
            return { image, facts };
        }));
        previous = built;
        return { platform, name, log, built };
    });
}
/**
 * Each platform's image scan, started as soon as its image is built and the scan before it has
 * ended: it runs while the next platform builds, and two image scans never share the layer cache.
 */
function startPlatformScans(builds, scanner, signal) {
    let previous = Promise.resolve();
    return builds.map((build) => {
        const before = previous;
        const scan = startScan(async (lines) => {
            const { image } = await build.built;
            await before.catch(() => undefined);
            return scanner.scanImage({ ref: image.scanReference, id: image.imageId }, signal, lines);
        });
        previous = scan.report;
        return scan;
    });
}
/** A platform's build and scan, started earlier, awaited in their groups and described. */
async function finishPlatform(build, imageScan, plan, ports) {
    const { log } = ports;
    const { image: built, facts } = await log.group(`Build ${plan.image.name} for ${build.name}`, () => (build.log.release(log), build.built));
    const image = await finishImageScan(imageScan, built, log, build.name);
    return { platform: build.name, requested: build.platform, imageId: built.imageId, image, imageFacts: facts };
}
/** The engine must have built what was asked: an image of another platform must never be published as this one. */
function assertPlatform(requested, facts) {
    const actual = facts.platform;
    if (actual && (0,platforms_platform/* matchesPlatform */.pC)(requested, actual))
        return;
    throw new gate_error/* GateError */.ue('build-error', `the build for ${(0,platforms_platform/* formatPlatform */.Bq)(requested)} produced image ${facts.id} for ${actual ? (0,platforms_platform/* formatPlatform */.Bq)(actual) || 'no platform' : 'an unknown platform'}`, {
        remedy: 'Use an engine with BuildKit (DOCKER_BUILDKIT=1, Docker 20.10+), which builds for the requested platform.',
    });
}
/**
 * `baseline: registry`: each platform compared with the same platform of the published index.
 * `baseline: <file>`: an image report is compared with every platform, a context report with
 * the context. Returns the context's baseline; the platforms' are set on each scan.
 */
async function readPlatformBaselines(inputs, plan, scanner, ports, scanned) {
    const baseline = inputs.baseline;
    if (baseline.kind === 'none')
        return undefined;
    if (baseline.kind === 'file') {
        const report = await readBaselineFile(baseline.path, ports);
        if (baselineScope(report) === 'filesystem')
            return report;
        for (const s of scanned)
            s.baseline = report;
        return undefined;
    }
    const reference = publishedReference(inputs, plan);
    for (const s of scanned) {
        s.baseline = await scanner.scanPublished(reference, s.platform);
        if (s.baseline === undefined)
            ports.log.info(`baseline: ${reference} (${s.platform}) is not published yet; nothing to compare with`);
    }
    return undefined;
}
async function judgePlatforms(inputs, progress, filesystemBaseline, scanned, policyFile, ports) {
    const { decision, platforms } = evaluatePlatformsEach({
        policy: policyFromInputs(inputs),
        filesystem: progress.filesystem,
        filesystemBaseline,
        platforms: scanned,
        policyFile,
        database: progress.database,
        ignoreFile: await readIgnoreFile(inputs, ports),
        now: ports.now(),
    });
    scanned.forEach((s, i) => (s.decision = platforms[i].decision));
    ports.log.info(`platforms: ${scanned.map((s) => s.platform).join(', ')}`);
    logDecision(decision, ports.log);
    return decision;
}
async function platforms_gate_pushIfPassed(decision, scanned, plan, ports, attest) {
    if (decision.verdict !== 'pass') {
        ports.log.info('not pushing: the gate did not pass');
        return { decision, pushed: undefined, attested: undefined };
    }
    if (!plan.push.enabled) {
        ports.log.info(`not pushing: ${plan.push.why}`);
        return { decision, pushed: undefined, attested: undefined };
    }
    try {
        const pushed = await pushPlatforms(scanned, plan, ports, attest);
        return { decision, pushed, attested: attest?.attested() };
    }
    catch (error) {
        // The gate passed but the index (or its attestations) did not arrive: that is not a pass.
        return { decision: errorDecision((0,gate_error/* toGateError */.Vl)(error), decision, ports.now()), pushed: undefined, attested: undefined };
    }
}
/**
 * publish every platform by digest → attest each platform → index by digest → attest the
 * index → tag. No tag exists until the index, everything it names and their attestations
 * are in the registry; an attest failure leaves the index by digest only.
 */
async function pushPlatforms(scanned, plan, ports, attest) {
    const { log, registry } = ports;
    const references = [];
    let first;
    // planPush checks the targets against the registry the credentials are for (the image ID is any of ours).
    const push = planPush(scanned[0].imageId, plan.targets, plan.registry.server);
    for (const [repository, tags] of tagsByRepository(push.targets)) {
        const where = `${push.registry}/${repository}`;
        const published = await publishPlatforms(scanned, where, repository, ports);
        const named = published.map((p) => ({ platform: (0,platforms_platform/* formatPlatform */.Bq)(p.platform), digest: p.manifest.digest, imageId: p.imageId }));
        // The platforms' attachments are independent: signed and uploaded side by side.
        if (attest)
            await log.group(`Attest ${named.map((p) => `${where}@${p.digest} (${p.platform})`).join(', ')}`, () => Promise.all(named.map((p) => attest.platform(repository, p))));
        const index = Buffer.from(imageIndex(published.map((p) => ({ ...p.manifest, platform: p.platform }))));
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(index).digest('hex')}`;
        await log.group(`Publish image index ${where}@${digest}`, () => registry.putManifest(repository, digest, index, IMAGE_INDEX_MEDIA_TYPE));
        if (attest)
            await log.group(`Attest image index ${where}@${digest}`, () => attest.index(repository, digest, named));
        first ??= { digest, size: index.length, platforms: published };
        references.push(...(await log.group(`Tag ${tags.map((t) => `${push.registry}/${repository}:${t}`).join(', ')}`, () => registry.tag(repository, digest, tags))));
    }
    return {
        references,
        digest: first.digest,
        compressedSizeBytes: first.platforms.reduce((sum, p) => sum + p.manifest.compressedSize, first.size),
        platforms: first.platforms.map((p) => ({ platform: (0,platforms_platform/* formatPlatform */.Bq)(p.platform), imageId: p.imageId, digest: p.manifest.digest })),
    };
}
async function publishPlatforms(scanned, where, repository, ports) {
    const published = [];
    for (const s of scanned) {
        const manifest = await ports.log.group(`Publish ${s.platform} image ${s.imageId} to ${where}`, () => ports.registry.publishManifest(s.imageId, repository));
        if (manifest.configDigest !== s.imageId) {
            throw new gate_error/* GateError */.ue('push-error', `the ${s.platform} manifest ${manifest.digest} names config ${manifest.configDigest}, not the scanned image ${s.imageId}`);
        }
        ports.log.info(`published ${where}@${manifest.digest} (${s.platform}): ${formatSize(manifest.compressedSize)} in the registry (compressed)`);
        published.push({ platform: s.requested, imageId: s.imageId, manifest });
    }
    return published;
}
function platformImages(scanned, pushed) {
    return scanned.map((s) => {
        const digest = pushed?.platforms?.find((p) => p.platform === s.platform)?.digest;
        return { platform: s.platform, imageId: s.imageId, ...(digest && { digest }) };
    });
}
/**
 * `mode: summary` over an index: every platform asked for (`platforms`, or all the published
 * index offers) scanned straight from the registry (`baseline-tag`) and judged by the same
 * policy. A platform the index lacks is an error: the summary must not quietly cover less than asked.
 */
async function runPublishedPlatformsScan(inputs, plan, ports, platformNames = inputs.platforms.map(platforms_platform/* formatPlatform */.Bq)) {
    const progress = {};
    let decision;
    try {
        const { policyFile, scanner } = await prepareScanning(inputs, ports, progress);
        const reference = publishedReference(inputs, plan);
        const platforms = [];
        for (const platform of platformNames) {
            const image = await ports.log.group(`Scan published image ${reference} (${platform})`, () => scanner.scanPublished(reference, platform));
            if (image === undefined) {
                throw new gate_error/* GateError */.ue('image-not-found', `${reference} is not published, so there is nothing to summarise`, {
                    remedy: 'Point image and baseline-tag at a published image, or run mode: gate first.',
                });
            }
            ports.log.info(`${platform}: ${describeReport(image)}`);
            platforms.push({ platform, image });
        }
        decision = evaluatePlatforms({
            policy: policyFromInputs(inputs),
            platforms,
            policyFile,
            database: progress.database,
            ignoreFile: await readIgnoreFile(inputs, ports),
            now: ports.now(),
        });
        ports.log.info(`platforms: ${platforms.map((p) => p.platform).join(', ')}`);
        logDecision(decision, ports.log);
    }
    catch (error) {
        decision = errorDecision((0,gate_error/* toGateError */.Vl)(error), {}, ports.now());
    }
    return { decision, imageId: undefined, trivyVersion: progress.trivyVersion, pushed: undefined, reports: { filesystem: undefined, image: undefined }, database: progress.database };
}

;// CONCATENATED MODULE: ./build/domain/platforms/published-index.js


const INDEX_MEDIA_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
/** BuildKit stores provenance/SBOM attestations as `unknown/unknown` manifests with this annotation. */
const REFERENCE_TYPE_ANNOTATION = 'vnd.docker.reference.type';
const PLATFORM = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?$/;
/**
 * The platforms a published manifest offers: undefined when it is one image (not an index),
 * else each image manifest's `os/arch[/variant]` in index order, without BuildKit's
 * attestation manifests (`unknown/unknown`). An entry that names no platform is an error: a
 * summary must not quietly cover less than what is published.
 */
function publishedPlatforms(manifest, reference) {
    let parsed;
    try {
        parsed = JSON.parse(manifest.bytes.toString('utf8'));
    }
    catch {
        throw new gate_error/* GateError */.ue('scan-error', `the registry served a manifest for ${reference} that is not JSON`);
    }
    const mediaType = typeof parsed.mediaType === 'string' ? parsed.mediaType : manifest.mediaType;
    if (!INDEX_MEDIA_TYPES.has(mediaType) && !INDEX_MEDIA_TYPES.has(manifest.mediaType))
        return undefined;
    if (!Array.isArray(parsed.manifests))
        throw new gate_error/* GateError */.ue('scan-error', `the image index ${reference} lists no manifests`);
    const platforms = [];
    for (const entry of parsed.manifests) {
        const p = entry.platform;
        if (p?.os === 'unknown' && p.architecture === 'unknown')
            continue;
        if (entry.annotations?.[REFERENCE_TYPE_ANNOTATION] === 'attestation-manifest')
            continue;
        if (typeof p?.os !== 'string' || typeof p.architecture !== 'string' || p.os === '' || p.architecture === '') {
            throw new gate_error/* GateError */.ue('scan-error', `the image index ${reference} names manifest ${String(entry.digest)} without a platform, so it cannot be scanned by platform`, {
                remedy: 'Set platforms to the platforms to summarise, e.g. platforms: linux/amd64,linux/arm64.',
            });
        }
        const name = (0,platforms_platform/* formatPlatform */.Bq)({ os: p.os, architecture: p.architecture, ...(typeof p.variant === 'string' && { variant: p.variant }) });
        // The registry's text becomes a Trivy argument: only what an os/arch[/variant] can be.
        if (!PLATFORM.test(name))
            throw new gate_error/* GateError */.ue('scan-error', `the image index ${reference} names a platform that is not os/arch[/variant]: ${JSON.stringify(name.slice(0, 80))}`);
        if (!platforms.includes(name))
            platforms.push(name);
    }
    if (platforms.length === 0)
        throw new gate_error/* GateError */.ue('scan-error', `the image index ${reference} names no image for any platform`);
    return platforms;
}

;// CONCATENATED MODULE: ./build/published-summary.js







/**
 * `mode: summary`: what users pull, judged. With `platforms`, exactly those platforms of the
 * published index; without, the published tag decides: an index has each of its platforms
 * scanned (BuildKit's `unknown/unknown` attestation manifests skipped), one image is scanned as one.
 */
async function runSummary(inputs, plan, ports) {
    if (inputs.platforms.length > 0)
        return runPublishedPlatformsScan(inputs, plan, ports, inputs.platforms.map(platforms_platform/* formatPlatform */.Bq));
    let platforms;
    try {
        platforms = await discoverPlatforms(inputs, plan, ports);
    }
    catch (error) {
        return { decision: errorDecision((0,gate_error/* toGateError */.Vl)(error), {}, ports.now()), imageId: undefined, trivyVersion: undefined, pushed: undefined, reports: { filesystem: undefined, image: undefined } };
    }
    return platforms ? runPublishedPlatformsScan(inputs, plan, ports, platforms) : runPublishedScan(inputs, plan, ports);
}
/** The published index's platforms; undefined for one image, an unpublished tag, or no way to read it. */
async function discoverPlatforms(inputs, plan, ports) {
    if (!ports.readPublishedManifest)
        return undefined;
    const reference = publishedReference(inputs, plan);
    const manifest = await ports.readPublishedManifest({ registry: plan.image.registry, repository: plan.image.repository, tag: sanitiseTag(inputs.baselineTag, 'baseline-tag') });
    if (manifest === undefined)
        return undefined;
    const platforms = publishedPlatforms(manifest, reference);
    if (platforms)
        ports.log.info(`${reference} is an image index: summarising ${platforms.join(', ')}`);
    return platforms;
}

;// CONCATENATED MODULE: ./build/outputs.js
/** Every output action.yml declares, always set (empty when unknown) so `if:` expressions never see stale values. */
function actionOutputs(args) {
    const { decision, plan, result, sarifPath } = args;
    const baseline = decision.baseline;
    return {
        verdict: decision.verdict,
        reason: decision.reason,
        image: plan?.image.name ?? '',
        'image-id': result.imageId ?? '',
        tags: result.pushed?.references.join('\n') ?? '',
        digest: result.pushed?.digest ?? '',
        'platform-digests': platformDigests(result),
        counts: JSON.stringify(decision.counts.total),
        'new-vulnerabilities': baseline ? String(baseline.newCount) : '',
        'fixed-vulnerabilities': baseline ? String(baseline.fixedCount) : '',
        'baseline-verdict': baseline?.verdict ?? '',
        sarif: sarifPath ?? '',
        'kev-count': decision.exploitData?.kev.status === 'loaded' ? String(decision.exploitData.kevCount) : '',
        'max-epss': decision.exploitData?.maxEpss !== undefined ? String(decision.exploitData.maxEpss) : '',
        vex: result.vex?.path ?? '',
        sbom: result.attested?.sbomPath ?? '',
        attestations: JSON.stringify(result.attested?.attestations ?? {}),
        'db-updated-at': decision.database?.updatedAt ?? result.database?.updatedAt ?? '',
        'html-report': args.htmlReportPath ?? '',
    };
}
/** `{"linux/arm64": {"digest": "sha256:…", "image-id": "sha256:…"}}`; the digest only once pushed. */
function platformDigests(result) {
    if (!result.platforms || result.platforms.length === 0)
        return '';
    return JSON.stringify(Object.fromEntries(result.platforms.map((p) => [p.platform, { ...(p.digest && { digest: p.digest }), 'image-id': p.imageId }])));
}

;// CONCATENATED MODULE: ./build/main.js













async function readEventPayload(path) {
    if (!path)
        return {};
    try {
        return JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
    }
    catch {
        // A missing or unreadable event file only loses event details; eventContextFrom says what it lacks.
        return {};
    }
}
/**
 * Masks a secret as given and in upper and lower case (and URL/base64-encoded): tools re-case
 * what they quote, and the runner's masking only matches exactly.
 */
function maskSecret(value) {
    if (value === '')
        return;
    (0,workflow_log/* registerSecret */.cl)(value);
    // Re-cased forms of a very short value would mask common text and protect nothing.
    const forms = value.trim().length < 3 ? [value] : [value, ...(0,text_safety/* secretForms */.eo)(value.trim())];
    for (const form of new Set(forms))
        core/* setSecret */.Pq(form);
}
/**
 * The one place that reads inputs, sets outputs and fails the step.
 * Data flows one way: inputs → plan → steps → decision → reports → outputs.
 */
async function run() {
    const env = process.env;
    let inputs;
    let event;
    let plan;
    let ports;
    let result;
    try {
        // Raw secret inputs are masked even before they are parsed: an input error must not be
        // the one message that prints them.
        for (const name of ['registry-password', 'github-token', 'trivy-server-token', 'attest-key-password'])
            maskSecret(core/* getInput */.V4(name));
        for (const credential of (0,build_inputs/* urlCredentials */.O4)(core/* getInput */.V4('trivy-server')))
            maskSecret(credential);
        for (const line of (0,build_inputs/* secretLines */._o)(core/* getInput */.V4('attest-key')))
            maskSecret(line);
        inputs = (0,build_inputs/* readInputs */.Ko)((name) => core/* getInput */.V4(name), {
            repository: env.GITHUB_REPOSITORY,
            actor: env.GITHUB_ACTOR,
            runnerTemp: env.RUNNER_TEMP ?? '/tmp',
            env,
        });
        // Masked before anything else runs, so no later log line can carry them.
        for (const secret of (0,build_inputs/* secretValues */.VX)(inputs))
            maskSecret(secret);
        event = (0,github_event/* eventContextFrom */.e7)(env, await readEventPayload(env.GITHUB_EVENT_PATH));
        plan = planRun(inputs, event, { workspace: env.GITHUB_WORKSPACE ?? process.cwd(), now: new Date() });
        (0,workflow_log/* logInfo */.fH)(`image ${plan.image.name}, tags ${plan.tags.join(', ')}; ${plan.push.why}`);
        // The adapters (dockerode, Trivy, the cache service) load only once the inputs are known
        // to be good: an input error is reported without paying for them.
        const { createLivePorts } = await Promise.all(/* import() */[__webpack_require__.e(516), __webpack_require__.e(45)]).then(__webpack_require__.bind(__webpack_require__, 77045));
        ports = createLivePorts(inputs, plan);
        if (inputs.mode === 'summary')
            result = await runSummary(inputs, plan, ports);
        else if (inputs.platforms.length > 0)
            result = await runPlatformsGate(inputs, plan, ports);
        else
            result = await runGate(inputs, plan, ports);
    }
    catch (error) {
        result = {
            decision: errorDecision((0,gate_error/* toGateError */.Vl)(error)),
            imageId: undefined,
            trivyVersion: undefined,
            pushed: undefined,
            reports: { filesystem: undefined, image: undefined },
        };
    }
    const decision = result.decision;
    // Nothing past the decision reads the raw Trivy reports (the findings are in it), and on a
    // report of tens of thousands of findings they are most of the heap: let them go before
    // the reports are rendered.
    result = { ...result, reports: { filesystem: undefined, image: undefined } };
    let sarifPath;
    let htmlReportPath;
    if (inputs && event && plan) {
        try {
            const { publishReports } = await __webpack_require__.e(/* import() */ 673).then(__webpack_require__.bind(__webpack_require__, 72673));
            ({ sarif: sarifPath, htmlReport: htmlReportPath } = await publishReports({ inputs, event, plan, result }));
        }
        catch (error) {
            // Reports never change the verdict; the outputs below must still be set.
            (0,workflow_log/* logWarning */.FF)(`reports were not published: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    if (inputs && !inputs.keepReports && ports?.removeRawReports) {
        try {
            await ports.removeRawReports();
        }
        catch (error) {
            core/* warning */.$e(`Trivy's raw reports could not be deleted: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    for (const [name, value] of Object.entries(actionOutputs({ decision, plan, result, sarifPath, htmlReportPath }))) {
        core/* setOutput */.uH(name, value);
    }
    if (decision.verdict === 'pass') {
        (0,workflow_log/* logInfo */.fH)(`✅ ${decision.summary}`);
        return;
    }
    if (decision.error) {
        const { reason, message, remedy, details } = decision.error;
        // One annotation for the tool output: GitHub shows only the first 10 per step, and the
        // verdict below must be among them.
        if (details.length > 0)
            core/* error */.z3((0,workflow_log/* forLog */.Ig)(details.join('\n')), { title: `tool output (${reason})` });
        core/* setFailed */.C1((0,workflow_log/* forLog */.Ig)(`verdict error (${reason}): ${message}${remedy ? `\n  → ${remedy}` : ''}`));
        return;
    }
    core/* setFailed */.C1((0,workflow_log/* forLog */.Ig)(`verdict ${decision.verdict} (${decision.reason}): ${decision.summary}`));
}


/***/ })

};
