export const id = 77;
export const ids = [77];
export const modules = {

/***/ 56327:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FK: () => (/* binding */ isInside),
/* harmony export */   Jp: () => (/* binding */ writeFlags),
/* harmony export */   aM: () => (/* binding */ readContainedFile),
/* harmony export */   d6: () => (/* binding */ areaOf),
/* harmony export */   eQ: () => (/* binding */ escapeError),
/* harmony export */   mP: () => (/* binding */ containedWritePath)
/* harmony export */ });
/* unused harmony export resolveContained */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31049);




/** Largest file the gate reads from the workspace (a baseline report can be large; anything beyond is not a report). */
const MAX_READ_BYTES = 256 * 1024 * 1024;
async function areaOf(directory, name) {
    return { real: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(directory)), name };
}
function isInside(area, real, allowRoot = false) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_2__.relative(area.real, real);
    if (relative === '')
        return allowRoot;
    return relative !== '..' && !relative.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_2__.sep}`) && !node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute(relative);
}
function escapeError(input, given, where) {
    return new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue('input-error', `input '${input}': ${given} resolves outside ${where} (symbolic links followed); the gate reads and writes nothing outside ${where}`, { remedy: `Make ${given} a regular file (or directory) inside ${where}, or point ${input} at one.` });
}
function notAFile(input, given) {
    return new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue('input-error', `input '${input}': ${given} is not a regular file`, {
        remedy: `Point ${input} at a regular file.`,
    });
}
function readFailure(input, given, error) {
    const code = error.code;
    return new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue('input-error', `input '${input}': cannot read ${given}${code ? ` (${code})` : ''}`, {
        remedy: `Check the path in ${input} and that the job can read it.`,
        cause: error,
    });
}
/** The path the descriptor really refers to, when the platform can say (Linux: /proc/self/fd). */
async function openedPath(handle) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink)(`/proc/self/fd/${handle.fd}`);
    }
    catch {
        return undefined;
    }
}
function sameFile(a, b) {
    return a.dev === b.dev && a.ino === b.ino;
}
/**
 * Resolves `given` (relative to `base`) and refuses it unless it lies inside one of `areas`.
 * undefined when nothing exists at the path. A dangling link is refused too: where it
 * points is not the gate's to say.
 */
async function resolveContained(input, given, base, areas) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(base, given);
    let real;
    try {
        real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(absolute);
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw readFailure(input, given, error);
        const link = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(absolute).catch(() => undefined);
        if (link?.isSymbolicLink())
            throw escapeError(input, given, areas.map((a) => a.name).join(' or '));
        return undefined;
    }
    if (!areas.some((area) => isInside(area, real)))
        throw escapeError(input, given, areas.map((a) => a.name).join(' or '));
    return real;
}
/**
 * Reads a file that must resolve inside `area`: the bytes, read once through a descriptor
 * whose identity was checked; undefined when the file does not exist.
 */
async function readContainedFile(input, given, base, area) {
    const real = await resolveContained(input, given, base, [area]);
    if (real === undefined)
        return undefined;
    let handle;
    try {
        // O_NONBLOCK: a FIFO planted at the path must not hang the run (it is refused below).
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(real, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK);
    }
    catch (error) {
        const code = error.code;
        // ELOOP: the last component became a link after realpath looked.
        if (code === 'ELOOP')
            throw escapeError(input, given, area.name);
        if (code === 'ENOENT')
            return undefined;
        throw readFailure(input, given, error);
    }
    try {
        const opened = await handle.stat();
        const through = await openedPath(handle);
        const inside = through !== undefined ? isInside(area, through) : sameFile(opened, await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(real));
        if (!inside)
            throw escapeError(input, given, area.name);
        if (!opened.isFile())
            throw notAFile(input, given);
        if (opened.size > MAX_READ_BYTES) {
            throw new _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue('input-error', `input '${input}': ${given} is larger than ${MAX_READ_BYTES / 1024 / 1024} MiB`, {
                remedy: `Point ${input} at the file it is meant to name.`,
            });
        }
        return await handle.readFile();
    }
    catch (error) {
        if (error instanceof _domain_gate_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GateError */ .ue)
            throw error;
        throw readFailure(input, given, error);
    }
    finally {
        await handle.close();
    }
}
/**
 * Where the gate may write a file named by an input: its directory is created and must resolve
 * inside one of `areas`, and the file itself must not be a link. The returned path is the
 * resolved one; open it with O_NOFOLLOW (`writeFlags`) so a link planted after this check is
 * refused rather than followed.
 */
async function containedWritePath(input, given, base, areas) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(base, given);
    const where = areas.map((a) => a.name).join(' or ');
    // Refuse before creating anything: an existing ancestor that leads outside is a link.
    let ancestor = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(absolute);
    for (;;) {
        const real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(ancestor).catch(() => undefined);
        if (real !== undefined) {
            if (!areas.some((area) => isInside(area, real, true)))
                throw escapeError(input, given, where);
            break;
        }
        const parent = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(ancestor);
        if (parent === ancestor)
            break;
        ancestor = parent;
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(absolute), { recursive: true });
    const directory = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(absolute));
    if (!areas.some((area) => isInside(area, directory, true)))
        throw escapeError(input, given, where);
    const target = node_path__WEBPACK_IMPORTED_MODULE_2__.join(directory, node_path__WEBPACK_IMPORTED_MODULE_2__.basename(absolute));
    const existing = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(target).catch(() => undefined);
    if (existing?.isSymbolicLink())
        throw escapeError(input, given, where);
    if (existing !== undefined && !existing.isFile())
        throw notAFile(input, given);
    return target;
}
/** Open flags for writing a path from containedWritePath: never through a link. */
function writeFlags(append) {
    return node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | (append ? node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_APPEND : node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_TRUNC);
}


/***/ }),

/***/ 13224:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ fitBlocks),
/* harmony export */   t: () => (/* binding */ table)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27969);

/** Room kept for each omission note, so adding the note never pushes a body over. */
const NOTE_RESERVE = 240;
const SEPARATOR = '\n\n';
function table(title, columns, rows, options = {}) {
    return { kind: 'table', title, columns, rows, total: options.total ?? rows.length, dropPriority: options.dropPriority ?? 0 };
}
function renderTable(block, shown, omittedNote) {
    const parts = [];
    if (block.title)
        parts.push(block.title);
    if (shown > 0)
        parts.push(`${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .tableHeader */ .qd)(block.columns)}\n${block.rows.slice(0, shown).join('\n')}`);
    if (shown < block.total)
        parts.push(omittedNote(block.total - shown));
    return parts.join(SEPARATOR);
}
/**
 * Joins the blocks with blank lines, keeping the result at most `limit` characters
 * (UTF-16 code units, which is never fewer than GitHub's count of characters).
 */
function fitBlocks(blocks, limit, omittedNote) {
    const tables = blocks.filter((b) => typeof b !== 'string');
    const shown = new Map(tables.map((t) => [t, t.rows.length]));
    const fixedLength = blocks.reduce((sum, block) => {
        if (typeof block === 'string')
            return sum + block.length + SEPARATOR.length;
        const header = block.title ? block.title.length + SEPARATOR.length : 0;
        return sum + header + (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .tableHeader */ .qd)(block.columns).length + 1 + SEPARATOR.length;
    }, 0);
    let total = fixedLength +
        tables.reduce((sum, t) => sum + t.rows.reduce((s, row) => s + row.length + 1, 0) + (t.rows.length < t.total ? NOTE_RESERVE : 0), 0);
    const byDropOrder = [...tables].sort((a, b) => b.dropPriority - a.dropPriority);
    for (const block of byDropOrder) {
        let count = shown.get(block);
        while (total > limit && count > 0) {
            if (count === block.total)
                total += NOTE_RESERVE;
            count -= 1;
            total -= block.rows[count].length + 1;
        }
        shown.set(block, count);
        if (total <= limit)
            break;
    }
    const rendered = blocks
        .map((block) => (typeof block === 'string' ? block : renderTable(block, shown.get(block), omittedNote)))
        .filter((part) => part.length > 0)
        .join(SEPARATOR);
    if (rendered.length <= limit)
        return rendered;
    // Only the fixed text is left and it is still too long (e.g. thousands of hardening problems):
    // cut at a line boundary and say so.
    const note = `\n\n${omittedNote(0)}`;
    const cut = rendered.lastIndexOf('\n', Math.max(0, limit - note.length));
    return `${rendered.slice(0, Math.max(0, cut))}${note}`.slice(0, limit);
}


/***/ }),

/***/ 27969:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ codeBlock),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   Pl: () => (/* binding */ safeUrl),
/* harmony export */   Qq: () => (/* binding */ text),
/* harmony export */   XO: () => (/* binding */ commentSafe),
/* harmony export */   aY: () => (/* binding */ code),
/* harmony export */   jD: () => (/* binding */ tableRow),
/* harmony export */   kh: () => (/* binding */ isoDay),
/* harmony export */   nf: () => (/* binding */ link),
/* harmony export */   qd: () => (/* binding */ tableHeader)
/* harmony export */ });
/* harmony import */ var _text_safety_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(11781);
/*
 * GitHub-flavoured markdown pieces built from untrusted text (finding titles, package names,
 * paths, policy reasons). Everything that reaches a comment goes through one of these, so a
 * title cannot open an HTML comment (and fake a marker), break a table row, or @-mention.
 */

/** The longest free text one `text()` call renders; table cells (code spans, clipped titles) stay under CELL_LIMIT. */
const TEXT_LIMIT = 1000;
/**
 * Backslash-escapes what could start markup inline: emphasis, code, links (`[`), HTML (`<`),
 * table pipes, strikethrough, entities and math (`$`). Newlines become spaces, and `@name`
 * gets a zero-width space so it cannot mention anyone.
 */
function text(value) {
    // Controls (bidi overrides) go, references and bare URLs stay text, and no value is endless.
    return (0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .neutraliseReferences */ .vd)((0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .yA)((0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .stripControls */ .$Y)(value), TEXT_LIMIT))
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/[\\`*_[\]<>|~&$]/g, '\\$&')
        // Block syntax only counts at the start of a line: headings, lists, setext underlines.
        .replace(/^([#+=-])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2')
        .replace(/@(?=[A-Za-z0-9])/g, '@\u200b');
}
/**
 * An inline code span. The fence is longer than any backtick run inside; `|` stays escaped
 * because GFM splits table cells before it parses code spans. Mentions never fire in code.
 */
function code(value) {
    const flat = (0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .yA)((0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .stripControls */ .$Y)(value)).replace(/[\r\n\t]+/g, ' ').replace(/\|/g, '\\|');
    const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longestRun + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') || longestRun > 0 ? ' ' : '';
    return `${fence}${pad}${flat}${pad}${fence}`;
}
/** Only http(s) links are made; anything else (javascript:, relative) stays plain text. */
function safeUrl(url) {
    if (!url || !/^https?:\/\/[^\s]+$/i.test(url) || (0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .stripControls */ .$Y)(url) !== url)
        return undefined;
    return url.replace(/[()<>"'|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
/** `[label](url)` with an already-rendered label; just the label when the URL is not http(s). */
function link(label, url) {
    const safe = safeUrl(url);
    return safe ? `[${label}](${safe})` : label;
}
function tableHeader(columns) {
    return `| ${columns.join(' | ')} |\n|${columns.map(() => ' --- |').join('')}`;
}
function tableRow(cells) {
    return `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
}
/** A fenced block whose fence cannot be closed by the content. */
function codeBlock(lines) {
    const body = lines.map((line) => (0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .capText */ .yA)((0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .stripControls */ .$Y)(line), TEXT_LIMIT)).join('\n');
    const longestRun = Math.max(2, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longestRun + 1);
    return `${fence}text\n${body}\n${fence}`;
}
/** A value for inside an HTML comment: `--` and `>` would end it early. */
function commentSafe(value) {
    return value
        .replace(/[^A-Za-z0-9._/:@+=-]/g, (c) => encodeURIComponent(c))
        .replace(/--/g, '-%2D')
        .replace(/--/g, '-%2D');
}
/** `2026-11-22T10:00:00.000Z` → `2026-11-22`. */
function isoDay(iso) {
    return /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? iso;
}
/**
 * Replaces each value with `***`: the last guard for secrets that might sit in tool output
 * (error details) or a user-supplied string, in any letter case (see text-safety.ts).
 */
function redact(markdown, values) {
    // Any letter case: tools re-case what they quote. Values under 4 characters are skipped.
    return (0,_text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .redactSecrets */ .fp)(markdown, values);
}


/***/ }),

/***/ 79497:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MJ: () => (/* binding */ securityIssueMarker),
/* harmony export */   Yt: () => (/* binding */ WEEKLY_SUMMARY_MARKER),
/* harmony export */   aF: () => (/* binding */ pullRequestCommentMarker),
/* harmony export */   xY: () => (/* binding */ hasMarker)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27969);

/*
 * Hidden markers: how the adapter finds "our" issue or comment again. They are HTML comments
 * (invisible on GitHub) naming the image, so each image has its own issue and PR comment, and
 * they are matched as a whole line, never by title (titles get edited, translated, reused).
 */
const TOOL = 'container-security-gate';
/** Marks the open security issue of one image. */
function securityIssueMarker(image) {
    return `<!-- ${TOOL}:issue image=${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .commentSafe */ .XO)(image)} -->`;
}
/** Marks the pull request comment of one image. */
function pullRequestCommentMarker(image) {
    return `<!-- ${TOOL}:pr-comment image=${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .commentSafe */ .XO)(image)} -->`;
}
/** Marks the one weekly summary issue of the repository. */
const WEEKLY_SUMMARY_MARKER = `<!-- ${TOOL}:weekly-summary -->`;
/**
 * Whether a body carries the marker on a line of its own. A quote (`> <!-- … -->`) or a longer
 * image name (`image=…/app2`) does not match.
 */
function hasMarker(body, marker) {
    if (!body)
        return false;
    return body.split(/\r?\n/).some((line) => line.trim() === marker);
}


/***/ }),

/***/ 53264:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E5: () => (/* binding */ renderPullRequestComment),
/* harmony export */   ub: () => (/* binding */ COMMENT_BUDGET)
/* harmony export */ });
/* unused harmony export GITHUB_BODY_LIMIT */
/* harmony import */ var _fit_blocks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(13224);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27969);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79497);
/* harmony import */ var _report_view_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42711);




/** GitHub rejects issue and comment bodies longer than 65,536 characters. */
const GITHUB_BODY_LIMIT = 65_536;
/** Kept below the limit so a body never lands exactly on it, whatever GitHub counts. */
const COMMENT_BUDGET = GITHUB_BODY_LIMIT - 536;
/**
 * The pull request comment of one image: verdict, counts, the blocking findings first, then
 * what is new and what was fixed against the baseline. Rows are dropped (fixed first, then
 * new, then other reported, blocking last) to stay under GitHub's limit, with a note.
 */
function renderPullRequestComment(decision, context) {
    const marker = (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .pullRequestCommentMarker */ .aF)(context.image);
    const blocks = [
        marker,
        `### ${_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .VERDICT_ICON */ .YY[decision.verdict]} Container security gate: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(context.image)} — **${(0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .verdictLabel */ .Id)(decision)}**`,
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq)(decision.summary),
    ];
    const error = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .errorBlock */ .QK)(decision);
    if (error)
        blocks.push(error);
    const reasons = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .reasonsList */ .e$)(decision, 10);
    if (reasons)
        blocks.push(reasons);
    blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .countsTable */ .Po)(decision));
    const blocking = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .evaluationsWith */ .EP)(decision, (e) => e.blocking);
    if (blocking.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .findingsTable */ .f9)(`#### Blocking findings (${blocking.length})`, blocking, context, 1));
    const baseline = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .baselineLine */ .G)(decision);
    if (baseline && decision.baseline) {
        blocks.push(baseline);
        const { newVulnerabilities: newFindings, fixedVulnerabilities: fixedFindings } = decision.baseline;
        if (newFindings.length > 0) {
            blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .findingsTable */ .f9)(`#### New against the baseline (${newFindings.length})`, (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .withEvaluations */ ._w)(decision, newFindings), context, 3));
        }
        if (fixedFindings.length > 0) {
            blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .findingsTable */ .f9)(`#### Fixed against the baseline (${fixedFindings.length})`, (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .withEvaluations */ ._w)(decision, fixedFindings), context, 4));
        }
    }
    const reported = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .evaluationsWith */ .EP)(decision, (e) => !e.blocking && e.reportAsIssue);
    if (reported.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .findingsTable */ .f9)(`#### Other findings to fix (${reported.length})`, reported, context, 2));
    const unfixed = decision.totals.unfixedIgnored;
    const suppressed = decision.suppressed.length;
    if (unfixed > 0 || suppressed > 0) {
        const parts = [
            ...(unfixed > 0 ? [`${unfixed} unfixed ${unfixed === 1 ? 'vulnerability is' : 'vulnerabilities are'} not gated (\`ignore-unfixed\`)`] : []),
            ...(suppressed > 0 ? [`${suppressed} ${suppressed === 1 ? 'finding was' : 'findings were'} suppressed outside the policy file (ignore file, VEX)`] : []),
        ];
        blocks.push(`ℹ️ ${parts.join('; ')}: each is named in the job summary.`);
    }
    const expired = decision.exceptions.expired.length;
    if (expired > 0) {
        blocks.push(`⚠️ ${expired === 1 ? '1 exception has' : `${expired} exceptions have`} expired and no longer ${expired === 1 ? 'applies' : 'apply'}: see the job summary.`);
    }
    const footer = [`Updated ${decision.evaluatedAt}`];
    const sha = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .Fu)(context.commitSha);
    if (sha)
        footer.push(`commit ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(sha)}`);
    if (context.digest)
        footer.push(`digest ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(context.digest)}`);
    if (context.runUrl)
        footer.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)('workflow run', context.runUrl));
    blocks.push(`<sub>${footer.join(' · ')}</sub>`);
    const body = (0,_fit_blocks_js__WEBPACK_IMPORTED_MODULE_3__/* .fitBlocks */ .U)(blocks, COMMENT_BUDGET, (0,_report_view_js__WEBPACK_IMPORTED_MODULE_0__/* .omittedNote */ .Vg)('a comment holds at most 65,536 characters; the job summary and the SARIF upload list them all'));
    return { marker, body: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(body, context.secrets) };
}


/***/ }),

/***/ 42711:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _9: () => (/* binding */ SEVERITY_ICON),
  YY: () => (/* binding */ VERDICT_ICON),
  G: () => (/* binding */ baselineLine),
  Po: () => (/* binding */ countsTable),
  h1: () => (/* binding */ describeSeverities),
  QK: () => (/* binding */ errorBlock),
  EP: () => (/* binding */ evaluationsWith),
  i8: () => (/* binding */ findingFile),
  f9: () => (/* binding */ findingsTable),
  Vg: () => (/* binding */ omittedNote),
  e$: () => (/* binding */ reasonsList),
  SH: () => (/* binding */ repositoryPath),
  In: () => (/* binding */ scannersLine),
  zI: () => (/* binding */ severityPhrase),
  Fu: () => (/* binding */ shortSha),
  $P: () => (/* binding */ suppressedTable),
  Id: () => (/* binding */ verdictLabel),
  _w: () => (/* binding */ withEvaluations)
});

// UNUSED EXPORTS: FINDING_COLUMNS, ROW_CAP, SUPPRESSED_COLUMNS, findingRow

// EXTERNAL MODULE: ./build/domain/suppressed-findings.js
var suppressed_findings = __webpack_require__(28762);
;// CONCATENATED MODULE: ./build/domain/vulnerability-status.js
/*
 * The vendor's word on a vulnerability without a fixed version, for people: `will_not_fix` is
 * a decision, not a wait, and a reader deciding whether to ship needs to know which.
 * Statuses are trivy-db's (pkg/types/status.go).
 */
const STATUS_WORDS = {
    will_not_fix: "won't fix (vendor decision)",
    fix_deferred: 'fix deferred by the vendor',
    end_of_life: 'no fix: the release is end of life',
    affected: 'affected, no fix yet',
    under_investigation: 'under investigation by the vendor',
    not_affected: 'vendor says not affected',
    unknown: 'no fix yet (vendor status unknown)',
};
/** Why there is no fix, in words; undefined when the finding has a fixed version (then it is never "unfixed"). */
function unfixedReason(finding) {
    if (finding.fixedVersion)
        return undefined;
    if (finding.status === undefined || finding.status === '' || finding.status === 'fixed')
        return 'no fix yet';
    return STATUS_WORDS[finding.status] ?? `no fix yet (vendor status: ${finding.status})`;
}

// EXTERNAL MODULE: ./build/domain/severity.js
var severity = __webpack_require__(75526);
// EXTERNAL MODULE: ./build/domain/render/fit-blocks.js
var fit_blocks = __webpack_require__(13224);
// EXTERNAL MODULE: ./build/domain/render/markdown.js
var markdown = __webpack_require__(27969);
;// CONCATENATED MODULE: ./build/domain/render/report-view.js





const SEVERITY_ICON = {
    CRITICAL: '🔴',
    HIGH: '🟠',
    MEDIUM: '🟡',
    LOW: '🔵',
    UNKNOWN: '⚪',
};
const VERDICT_ICON = { pass: '✅', fail: '❌', error: '⚠️' };
const FINDING_COLUMNS = ['Severity', 'ID', 'What', 'Where', 'Fix', 'Status'];
/** Rows rendered per table before fitting: bounds the work for huge decisions. */
const ROW_CAP = 2000;
/** `pass`, `fail (vulnerable)`, `error (scan-error)`. */
function verdictLabel(decision) {
    return decision.verdict === 'pass' ? 'pass' : `${decision.verdict} (${decision.reason})`;
}
/** `CRITICAL, HIGH, MEDIUM` → "at or above MEDIUM" when it is a threshold, else the list. */
function describeSeverities(severities) {
    if (severities.length === 0)
        return 'none';
    const ranked = severity/* RANKED_SEVERITIES */.Kw.filter((s) => severities.includes(s));
    const isThreshold = ranked.length > 0 && !severities.includes('UNKNOWN') && ranked.every((s, i) => s === severity/* RANKED_SEVERITIES */.Kw[i]);
    if (isThreshold)
        return `at or above ${ranked[ranked.length - 1]}`;
    return severity/* SEVERITIES */.oC.filter((s) => severities.includes(s)).join(', ');
}
/** For a sentence: "findings at or above MEDIUM", "findings of severity CRITICAL, UNKNOWN". */
function severityPhrase(severities) {
    if (severities === undefined)
        return 'at the issue-on severities';
    const described = describeSeverities(severities);
    return described.startsWith('at or above') ? described : `of severity ${described}`;
}
function shortSha(sha) {
    return sha ? sha.slice(0, 12) : undefined;
}
function clip(value, max) {
    return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
/** `services/api` + `package-lock.json` → `services/api/package-lock.json`; `.` + `a` → `a`. */
function repositoryPath(contextPath, target) {
    const parts = `${contextPath ?? '.'}/${target}`.replace(/\\/g, '/').split('/');
    const out = [];
    for (const part of parts) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            out.pop();
        else
            out.push(part);
    }
    return out.join('/');
}
/** Where a filesystem finding is in the repository: a path for files, undefined for OS packages. */
function findingFile(finding, contextPath) {
    if (finding.scope !== 'filesystem' || finding.targetClass === 'os-pkgs')
        return undefined;
    return repositoryPath(contextPath, finding.target);
}
function blobUrl(context, path, line) {
    if (!context.serverUrl || !context.repository || !context.commitSha)
        return undefined;
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return `${context.serverUrl}/${context.repository}/blob/${context.commitSha}/${encoded}${line ? `#L${line}` : ''}`;
}
/** Every location of a finding, one per line (at most 5 shown). */
function whereCells(locations, context) {
    const shown = locations.slice(0, 5).map((f) => whereCell(f, context));
    if (locations.length > shown.length)
        shown.push(`… ${locations.length - shown.length} more`);
    return shown.join('<br>');
}
function whereCell(finding, context) {
    const line = finding.startLine && finding.startLine > 0 ? finding.startLine : undefined;
    const file = findingFile(finding, context.contextPath);
    if (file !== undefined) {
        return `context ${(0,markdown/* link */.nf)((0,markdown/* code */.aY)(clip(`${file}${line ? `:${line}` : ''}`, 160)), blobUrl(context, file, line))}`;
    }
    const scope = finding.scope === 'image' ? 'image' : 'context';
    if (finding.targetClass === 'os-pkgs')
        return `${scope} OS packages${finding.targetType ? ` (${(0,markdown/* text */.Qq)(finding.targetType)})` : ''}`;
    const path = finding.packagePath || finding.target;
    return `${scope} ${(0,markdown/* code */.aY)(clip(`${path}${line ? `:${line}` : ''}`, 160))}`;
}
function whatCell(finding) {
    switch (finding.kind) {
        case 'vulnerability': {
            const pkg = finding.packageName ? `${(0,markdown/* code */.aY)(finding.packageName)}${finding.installedVersion ? ` ${(0,markdown/* code */.aY)(finding.installedVersion)}` : ''}` : '';
            return [pkg, finding.title ? (0,markdown/* text */.Qq)(clip(finding.title, 100)) : ''].filter(Boolean).join(' — ');
        }
        case 'secret':
            return `secret: ${(0,markdown/* text */.Qq)(clip(finding.title, 100))}${finding.category ? ` (${(0,markdown/* text */.Qq)(finding.category)})` : ''}`;
        case 'misconfiguration':
            return (0,markdown/* text */.Qq)(clip(finding.title, 120));
        case 'license': {
            const confidence = finding.confidence !== undefined && finding.confidence < 1 ? ` (confidence ${finding.confidence.toFixed(2)})` : '';
            const subject = finding.packageName ? (0,markdown/* code */.aY)(clip(finding.packageName, 100)) : finding.filePath ? (0,markdown/* code */.aY)(clip(finding.filePath, 100)) : '';
            return [subject, `license ${(0,markdown/* code */.aY)(clip(finding.id, 80))}: ${(0,markdown/* text */.Qq)(finding.category ?? 'unknown')}${confidence}`].filter(Boolean).join(' — ');
        }
    }
}
function fixCell(finding) {
    if (finding.kind === 'vulnerability')
        return finding.fixedVersion ? (0,markdown/* code */.aY)(clip(finding.fixedVersion, 60)) : (0,markdown/* text */.Qq)(unfixedReason(finding) ?? 'no fix yet');
    if (finding.kind === 'secret')
        return 'remove and rotate';
    if (finding.kind === 'license')
        return 'replace the package, or get a license exception';
    return '';
}
function statusCell(evaluation) {
    if (!evaluation)
        return '';
    const parts = [];
    switch (evaluation.status) {
        case 'blocking':
            parts.push(`**blocks** (${evaluation.blockingRule ?? 'policy'})`);
            break;
        case 'counted':
            parts.push('counted against baseline');
            break;
        case 'reported':
            parts.push('reported');
            break;
        case 'excepted':
            parts.push(evaluation.exception ? `excepted until ${evaluation.exception.expires}` : 'excepted');
            break;
        case 'unfixed-ignored':
            parts.push('unfixed, not gated (ignore-unfixed)');
            break;
        case 'below-threshold':
        case 'not-failed':
            break;
    }
    if (evaluation.baseline === 'new')
        parts.push('new');
    return parts.join(' · ');
}
function severityCell(finding, evaluation) {
    if (evaluation && evaluation.effectiveSeverity !== finding.severity) {
        return `${SEVERITY_ICON[finding.severity]} ${finding.severity} → ${evaluation.effectiveSeverity}`;
    }
    return `${SEVERITY_ICON[finding.severity]} ${finding.severity}`;
}
/** One table row for a finding (with its evaluation when the decision has one). */
function findingRow(finding, evaluation, context) {
    return (0,markdown/* tableRow */.jD)([
        severityCell(finding, evaluation),
        (0,markdown/* link */.nf)((0,markdown/* code */.aY)(clip(finding.id, 80)), finding.url),
        whatCell(finding),
        whereCells(evaluation?.locations ?? [finding], context),
        fixCell(finding),
        statusCell(evaluation),
    ]);
}
/** A findings table: rows capped at ROW_CAP (the rest counted as omitted). */
function findingsTable(title, items, context, dropPriority) {
    const rows = items.slice(0, ROW_CAP).map((item) => findingRow(item.finding, item.evaluation, context));
    return (0,fit_blocks/* table */.t)(title, FINDING_COLUMNS, rows, { total: items.length, dropPriority });
}
function evaluationsWith(decision, predicate) {
    return decision.findings.filter(predicate).map((evaluation) => ({ finding: evaluation.finding, evaluation }));
}
/** Baseline findings joined with this run's evaluation of them (fixed ones have none). */
function withEvaluations(decision, findings) {
    const byKey = new Map();
    for (const e of decision.findings)
        for (const location of e.locations)
            byKey.set(`${location.scope}\u0000${location.key}`, e);
    return findings.map((finding) => ({ finding, evaluation: byKey.get(`${finding.scope}\u0000${finding.key}`) }));
}
function countCells(counts) {
    const total = severity/* SEVERITIES */.oC.reduce((sum, s) => sum + counts[s], 0);
    return [...severity/* SEVERITIES */.oC.map((s) => String(counts[s])), String(total)];
}
/**
 * Counts by severity for the build context and the image (`—` for a scan that did not run),
 * and, when both ran, the distinct findings: one found in both scans is counted once there.
 */
function countsTable(decision) {
    const notScanned = [...severity/* SEVERITIES */.oC.map(() => '—'), 'not scanned'];
    const rows = [
        (0,markdown/* tableHeader */.qd)(['Scan', ...severity/* SEVERITIES */.oC.map((s) => `${SEVERITY_ICON[s]} ${s[0]}${s.slice(1).toLowerCase()}`), 'Total']),
        (0,markdown/* tableRow */.jD)(['Build context (filesystem)', ...(decision.scanned.filesystem ? countCells(decision.counts.filesystem) : notScanned)]),
        (0,markdown/* tableRow */.jD)(['Image', ...(decision.scanned.image ? countCells(decision.counts.image) : notScanned)]),
    ];
    if (decision.scanned.filesystem && decision.scanned.image)
        rows.push((0,markdown/* tableRow */.jD)(['**Distinct findings**', ...countCells(decision.counts.total)]));
    return rows.join('\n');
}
const SUPPRESSED_COLUMNS = ['Severity', 'ID', 'What', 'Where', 'Suppressed by', 'Statement'];
/** Findings suppressed outside the policy file (ignore file, VEX): who suppressed each and why. */
function suppressedTable(title, suppressed, context, dropPriority) {
    const rows = suppressed.slice(0, ROW_CAP).map(({ finding, suppression }) => (0,markdown/* tableRow */.jD)([
        severityCell(finding, undefined),
        (0,markdown/* link */.nf)((0,markdown/* code */.aY)(clip(finding.id, 80)), finding.url),
        whatCell(finding),
        whereCell(finding, context),
        `${(0,markdown/* text */.Qq)(clip((0,suppressed_findings/* describeSuppressionSource */.y)(suppression), 160))} (${(0,markdown/* text */.Qq)(suppression.status)})`,
        (0,markdown/* text */.Qq)(clip([suppression.statement, suppression.justification].filter(Boolean).join(' — ') || 'no statement', 200)),
    ]));
    return (0,fit_blocks/* table */.t)(title, SUPPRESSED_COLUMNS, rows, { total: suppressed.length, dropPriority });
}
/** Which Trivy scanners ran and which did not, for the summary. */
function scannersLine(ran) {
    if (ran === undefined)
        return undefined;
    const all = ['vuln', 'secret', 'misconfig', 'license'];
    const notRan = all.filter((s) => !ran.includes(s));
    return `Scanners run: ${ran.length > 0 ? ran.map((s) => (0,markdown/* code */.aY)(s)).join(', ') : 'none'}; not run: ${notRan.length > 0 ? notRan.map((s) => (0,markdown/* code */.aY)(s)).join(', ') : 'none'}.`;
}
/** The error of an `error` verdict: message, remedy, and the first lines of tool output. */
function errorBlock(decision, options = {}) {
    if (!decision.error)
        return undefined;
    const lines = [`> **Error (${(0,markdown/* text */.Qq)(decision.error.reason)}):** ${(0,markdown/* text */.Qq)(decision.error.message)}`];
    if (decision.error.remedy)
        lines.push(`>`, `> ${(0,markdown/* text */.Qq)(decision.error.remedy)}`);
    const details = decision.error.details;
    if (options.details && details.length > 0) {
        const shown = details.slice(0, 30).map((line) => clip(line, 300));
        if (details.length > shown.length)
            shown.push(`… ${details.length - shown.length} more lines`);
        lines.push('', (0,markdown/* codeBlock */.DV)(shown));
    }
    return lines.join('\n');
}
/** The fail and warn reasons, one bullet each. */
function reasonsList(decision, max = 20) {
    if (decision.reasons.length === 0)
        return undefined;
    const bullets = decision.reasons
        .slice(0, max)
        .map((r) => `- ${r.level === 'fail' ? '❌' : '⚠️'} ${(0,markdown/* text */.Qq)(clip(r.message, 300))}`);
    if (decision.reasons.length > max)
        bullets.push(`- … and ${decision.reasons.length - max} more`);
    return bullets.join('\n');
}
/** One line on the baseline comparison, or undefined without a baseline. */
function baselineLine(decision) {
    const b = decision.baseline;
    if (!b)
        return undefined;
    const icon = b.verdict === 'regressed' ? '📈' : b.verdict === 'improved' ? '📉' : '➖';
    const scope = b.scope === 'image' ? 'image' : 'build context';
    return (`${icon} Against the baseline (${scope} scan): **${b.verdict}**, ${b.baselineCount} → ${b.currentCount} compared vulnerabilities ` +
        `(+${b.newCount} new, −${b.fixedCount} fixed, ${b.unchangedCount} unchanged)${b.blocking ? ' — this blocks (`block-on-increase`)' : ''}.`);
}
/** The note left where rows were dropped to fit a size limit. */
function omittedNote(where) {
    return (omitted) => omitted > 0
        ? `_… ${omitted} more not shown: ${where}._`
        : `_… the rest of this report is not shown: ${where}._`;
}


/***/ }),

/***/ 42456:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SR: () => (/* binding */ renderSecurityIssue),
/* harmony export */   c4: () => (/* binding */ duplicateIssueComment)
/* harmony export */ });
/* unused harmony exports securityIssueTitle, securityIssueAction */
/* harmony import */ var _fit_blocks_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(13224);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27969);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79497);
/* harmony import */ var _pull_request_comment_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53264);
/* harmony import */ var _report_view_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42711);





function securityIssueTitle(image) {
    return `Container security findings in ${image}`;
}
function issueSeverities(decision) {
    return (0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .severityPhrase */ .zI)(decision.policy?.issueOn);
}
function scanHeading(decision, context) {
    const parts = [`Scan of ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .isoDay */ .kh)(decision.evaluatedAt)}`];
    const sha = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .shortSha */ .Fu)(context.commitSha);
    if (sha)
        parts.push(`commit ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(sha)}`);
    if (context.runUrl)
        parts.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)('workflow run', context.runUrl));
    return parts.join(' · ');
}
function findingBlocks(decision, context, headingLevel) {
    const blocks = [(0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .countsTable */ .Po)(decision)];
    const blocking = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .evaluationsWith */ .EP)(decision, (e) => e.blocking);
    const reported = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .evaluationsWith */ .EP)(decision, (e) => e.reportAsIssue && !e.blocking);
    if (blocking.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .findingsTable */ .f9)(`${headingLevel} Blocking (${blocking.length})`, blocking, context, 1));
    if (reported.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .findingsTable */ .f9)(`${headingLevel} To fix (${reported.length})`, reported, context, 2));
    const unfixed = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .evaluationsWith */ .EP)(decision, (e) => e.status === 'unfixed-ignored');
    if (unfixed.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .findingsTable */ .f9)(`${headingLevel} Unfixed, not gated (${unfixed.length}): shipped because of ignore-unfixed`, unfixed, context, 4));
    if (decision.suppressed.length > 0) {
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .suppressedTable */ .$P)(`${headingLevel} Suppressed outside the policy file (${decision.suppressed.length})`, decision.suppressed, context, 4));
    }
    const baseline = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .baselineLine */ .G)(decision);
    if (baseline && decision.baseline) {
        blocks.push(baseline);
        const fixed = decision.baseline.fixedVulnerabilities;
        if (fixed.length > 0)
            blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .findingsTable */ .f9)(`${headingLevel} Fixed since the baseline (${fixed.length})`, (0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .withEvaluations */ ._w)(decision, fixed), context, 3));
    }
    return blocks;
}
function securityIssueAction(decision) {
    // An unfixed finding at an issue-on severity ships under ignore-unfixed: it keeps the issue open, named.
    const issueOn = decision.policy?.issueOn ?? [];
    const reportable = decision.findings.some((e) => e.reportAsIssue || (e.status === 'unfixed-ignored' && issueOn.includes(e.effectiveSeverity)));
    if (reportable)
        return 'open';
    // Closing needs a complete, successful scan; an error run with nothing to report proves nothing.
    return decision.verdict === 'error' ? 'skip' : 'close';
}
/** The issue, scan comment and closing comment for one image, from its decision. */
function renderSecurityIssue(decision, context) {
    const marker = (0,_markers_js__WEBPACK_IMPORTED_MODULE_3__/* .securityIssueMarker */ .MJ)(context.image);
    const note = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .omittedNote */ .Vg)('an issue holds at most 65,536 characters; the job summary and the SARIF upload list them all');
    const severities = issueSeverities(decision);
    const body = (0,_fit_blocks_js__WEBPACK_IMPORTED_MODULE_4__/* .fitBlocks */ .U)([
        marker,
        `Findings ${severities} were found in ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(context.image)}.`,
        `### ${_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .VERDICT_ICON */ .YY[decision.verdict]} ${scanHeading(decision, context)}: ${(0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .verdictLabel */ .Id)(decision)}`,
        ...findingBlocks(decision, context, '####'),
        '<sub>Managed by container-security-gate: every scan of the default branch adds a comment here, and the issue closes itself once no findings ' +
            `${severities} remain. Keep the hidden marker line if you edit this text.</sub>`,
    ], _pull_request_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMENT_BUDGET */ .ub, note);
    const scanComment = (0,_fit_blocks_js__WEBPACK_IMPORTED_MODULE_4__/* .fitBlocks */ .U)([`### ${_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .VERDICT_ICON */ .YY[decision.verdict]} ${scanHeading(decision, context)}: ${(0,_report_view_js__WEBPACK_IMPORTED_MODULE_1__/* .verdictLabel */ .Id)(decision)}`, ...findingBlocks(decision, context, '####')], _pull_request_comment_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMENT_BUDGET */ .ub, note);
    const closingComment = [
        `### ✅ ${scanHeading(decision, context)}`,
        `No findings ${severities} remain in ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(context.image)}${context.digest ? ` (digest ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(context.digest)})` : ''}. Closing this issue.`,
    ].join('\n\n');
    return {
        action: securityIssueAction(decision),
        marker,
        title: securityIssueTitle(context.image),
        body: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(body, context.secrets),
        scanComment: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(scanComment, context.secrets),
        closingComment: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(closingComment, context.secrets),
    };
}
/** Left on an issue closed because a concurrent run had already opened one for the image. */
function duplicateIssueComment(keptIssueNumber) {
    return (`Closing as a duplicate of #${keptIssueNumber}: two runs opened an issue for this image at the same time, ` +
        'and the oldest one is kept. Scan results continue there.');
}


/***/ }),

/***/ 56077:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishReports: () => (/* binding */ publishReports)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./build/adapters/actions/workflow-log.js
var workflow_log = __webpack_require__(42347);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./build/adapters/files/contained-file.js
var contained_file = __webpack_require__(56327);
;// CONCATENATED MODULE: ./build/domain/audit-log.js
function auditFinding(finding) {
    return {
        kind: finding.kind,
        id: finding.id,
        severity: finding.severity,
        scope: finding.scope,
        package: finding.packageName ?? null,
        version: finding.installedVersion ?? null,
    };
}
/** Statements are free text from the repository: one line, bounded. */
function clipStatement(value) {
    if (value === undefined || value === '')
        return null;
    const flat = value.replace(/[\r\n\t]+/g, ' ');
    return flat.length > 500 ? `${flat.slice(0, 499)}…` : flat;
}
function auditRecord(decision, context) {
    const time = typeof context.time === 'string' ? context.time : context.time.toISOString();
    return {
        time,
        image: context.image,
        digest: context.digest ?? null,
        verdict: decision.verdict,
        reason: decision.reason,
        counts: { filesystem: { ...decision.counts.filesystem }, image: { ...decision.counts.image }, total: { ...decision.counts.total } },
        blocking: decision.totals.blocking,
        findings: decision.totals.findings,
        dbUpdatedAt: decision.database?.updatedAt ?? null,
        unfixedIgnored: decision.findings.filter((e) => e.status === 'unfixed-ignored').map((e) => auditFinding(e.finding)),
        suppressed: (decision.suppressed ?? []).map(({ finding, suppression }) => ({
            ...auditFinding(finding),
            type: suppression.type,
            source: suppression.source,
            status: suppression.status,
            statement: clipStatement(suppression.statement),
            justification: clipStatement(suppression.justification),
        })),
        exceptions: {
            used: decision.exceptions.used.map((u) => ({
                id: u.exception.id,
                package: u.exception.package ?? null,
                path: u.exception.path ?? null,
                expires: u.exception.expires,
                findings: u.findings,
            })),
            expired: decision.exceptions.expired.map((e) => ({ id: e.id, package: e.package ?? null, path: e.path ?? null, expires: e.expires })),
        },
    };
}
/** One JSON line, without the trailing newline (the writer adds `\n` when it appends). */
function auditLine(decision, context) {
    return JSON.stringify(auditRecord(decision, context));
}

// EXTERNAL MODULE: ./build/domain/github-event.js
var github_event = __webpack_require__(77163);
// EXTERNAL MODULE: ./build/domain/render/markers.js
var markers = __webpack_require__(79497);
// EXTERNAL MODULE: ./build/domain/text-safety.js
var text_safety = __webpack_require__(11781);
// EXTERNAL MODULE: ./build/domain/render/pull-request-comment.js
var pull_request_comment = __webpack_require__(53264);
// EXTERNAL MODULE: ./build/domain/severity.js
var domain_severity = __webpack_require__(75526);
// EXTERNAL MODULE: ./build/domain/suppressed-findings.js
var suppressed_findings = __webpack_require__(28762);
// EXTERNAL MODULE: ./build/domain/render/markdown.js
var markdown = __webpack_require__(27969);
// EXTERNAL MODULE: ./build/domain/render/report-view.js + 1 modules
var report_view = __webpack_require__(42711);
;// CONCATENATED MODULE: ./build/domain/render/sarif.js





/*
 * SARIF 2.1.0 for github/codeql-action/upload-sarif, modelled on Trivy's own SARIF writer
 * (pkg/report/sarif.go): one rule per finding ID, `level` and `security-severity` from the
 * severity, one result per finding.
 *
 * Locations. Code scanning needs a physicalLocation in the repository for every result:
 * - build-context findings are files: the context path joined with Trivy's target
 *   (`services/api` + `package-lock.json`), with the finding's lines when it has them;
 * - image findings live in layers, not in the repository, so they are anchored to the
 *   Dockerfile that built the image (line 1) — the file a developer changes to fix them — and
 *   carry a logicalLocation naming the image, the target and the package.
 * Trivy itself writes the image name as the artifact URI, which code scanning cannot map.
 *
 * Alerts are kept apart by `partialFingerprints` built from the finding's identity key: many
 * image findings share the Dockerfile's first line, and the line-hash code scanning would
 * compute on its own would merge them.
 */
const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SARIF_TOOL_NAME = 'container-security-gate';
const FINGERPRINT_KEY = 'containerSecurityGate/v1';
/** Trivy's mapping (toSarifErrorLevel). */
function sarifLevel(severity) {
    if (severity === 'CRITICAL' || severity === 'HIGH')
        return 'error';
    if (severity === 'MEDIUM')
        return 'warning';
    return 'note';
}
/**
 * Trivy's rule (pkg/report/sarif.go): the CVSS v3 score of the source the severity came from
 * (`CVSS[SeveritySource].V3Score`, when non-zero; see collect-findings) when the finding has one
 * and its severity is the one judged, else Trivy's fixed score for the severity
 * (severityToScore), which lands in GitHub's buckets: critical ≥ 9.0, high 7.0–8.9,
 * medium 4.0–6.9, low 0.1–3.9.
 */
function securitySeverity(severity, cvssScore) {
    if (cvssScore !== undefined)
        return cvssScore.toFixed(1);
    return { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0', UNKNOWN: '0.0' }[severity];
}
const RULE_NAME = {
    vulnerability: 'LanguageSpecificPackageVulnerability',
    secret: 'Secret',
    misconfiguration: 'Misconfiguration',
    license: 'License',
};
/**
 * One rule per check: a license rule is the package's license (as Trivy names it,
 * `PkgName:License`); a check without metadata (ID `N/A`) is named by its namespace.
 */
function ruleIdOf(finding) {
    if (finding.kind === 'license')
        return `${finding.packageName ?? finding.filePath ?? ''}:${finding.id}`;
    if (finding.kind === 'misconfiguration' && finding.id === 'N/A' && finding.namespace)
        return finding.namespace;
    return finding.id;
}
function ruleName(finding) {
    return finding.kind === 'vulnerability' && finding.targetClass === 'os-pkgs' ? 'OsPackageVulnerability' : RULE_NAME[finding.kind];
}
function encodePath(path) {
    return path.split('/').map(encodeURIComponent).join('/');
}
/** Plain SARIF text from report fields: no controls (bidi overrides), no endless values. */
function plain(value, max = 200) {
    return (0,text_safety/* capText */.yA)((0,text_safety/* stripControls */.$Y)(value ?? ''), max);
}
/** `Link: [ID](url)` only for an http(s) URL: code scanning renders message links. */
function linkLine(finding) {
    const url = (0,markdown/* safeUrl */.Pl)(finding.url);
    return url ? [`Link: [${plain(finding.id, 80).replace(/[[\]]/g, '')}](${url})`] : [];
}
function describe(finding, severity) {
    switch (finding.kind) {
        case 'vulnerability':
            return [
                `Package: ${plain(finding.packageName)}`,
                `Installed Version: ${plain(finding.installedVersion)}`,
                `Vulnerability ${plain(finding.id, 80)}`,
                `Severity: ${severity}`,
                `Fixed Version: ${plain(finding.fixedVersion)}`,
                ...linkLine(finding),
            ].join('\n');
        case 'secret':
            // Never the matched text: the finding does not carry it, and the message must not either.
            return `Secret ${plain(finding.id, 80)}: ${plain(finding.title)}${finding.category ? ` (${plain(finding.category)})` : ''}\nSeverity: ${severity}\nRemove it from the build context and rotate it.`;
        case 'misconfiguration':
            return [`Misconfiguration ${plain(finding.id, 80)}: ${plain(finding.title)}`, `Severity: ${severity}`, ...linkLine(finding)].join('\n');
        case 'license':
            return [
                `License ${plain(finding.id, 80)}`,
                `Classification: ${plain(finding.category ?? 'unknown')}`,
                `Package: ${plain(finding.packageName)}`,
                `Path: ${plain(finding.filePath ?? finding.packagePath ?? finding.target, 300)}`,
                `Severity: ${severity}`,
                ...(finding.confidence !== undefined ? [`Confidence: ${finding.confidence}`] : []),
            ].join('\n');
    }
}
function where(finding) {
    if (finding.targetClass === 'os-pkgs')
        return `OS packages${finding.targetType ? ` (${finding.targetType})` : ''}`;
    return finding.packagePath || finding.target;
}
function sarif_location(finding, options) {
    const file = (0,report_view/* findingFile */.i8)(finding, options.contextPath);
    const line = finding.startLine && finding.startLine > 0 ? finding.startLine : 1;
    const endLine = finding.endLine && finding.endLine >= line ? finding.endLine : line;
    const item = plain(finding.packageName ? `${finding.packageName}@${finding.installedVersion ?? ''}` : finding.id);
    if (file !== undefined) {
        return {
            physicalLocation: { artifactLocation: { uri: encodePath(file) }, region: { startLine: line, endLine, startColumn: 1, endColumn: 1 } },
            message: { text: `${plain(file, 300)}: ${item}` },
        };
    }
    const dockerfile = options.dockerfilePath ? (0,report_view/* repositoryPath */.SH)('.', options.dockerfilePath) : (0,report_view/* repositoryPath */.SH)(options.contextPath, 'Dockerfile');
    const inImage = where(finding);
    const scopeName = finding.scope === 'image' ? options.imageName : 'build context';
    return {
        physicalLocation: { artifactLocation: { uri: encodePath(dockerfile) }, region: { startLine: 1, endLine: 1, startColumn: 1, endColumn: 1 } },
        message: { text: `${plain(scopeName)}: ${plain(inImage, 300)}: ${item}` },
        logicalLocations: [
            {
                name: finding.packageName ?? inImage,
                fullyQualifiedName: `${scopeName}${finding.scope === 'image' && options.imageDigest ? `@${options.imageDigest}` : ''}//${inImage}//${item}`,
                kind: finding.packageName ? 'module' : 'resource',
            },
        ],
    };
}
/** Escaped like the job summary: no raw HTML, only http(s) links, no live references, capped cells. */
function helpMarkdown(finding, severity) {
    const id = (0,markdown/* link */.nf)((0,markdown/* code */.aY)(finding.id), finding.url);
    if (finding.kind === 'vulnerability') {
        const cells = [severity, finding.packageName ? (0,markdown/* code */.aY)(finding.packageName) : '', finding.fixedVersion ? (0,markdown/* code */.aY)(finding.fixedVersion) : '', id];
        return `**Vulnerability ${(0,markdown/* code */.aY)(finding.id)}**\n| Severity | Package | Fixed Version | Link |\n| --- | --- | --- | --- |\n|${cells.join('|')}|\n\n${(0,markdown/* text */.Qq)(finding.title)}`;
    }
    if (finding.kind === 'license') {
        const cells = [severity, finding.packageName ? (0,markdown/* code */.aY)(finding.packageName) : '', finding.category ? (0,markdown/* code */.aY)(finding.category) : '', (0,markdown/* code */.aY)(finding.filePath ?? finding.target)];
        return `**License ${(0,markdown/* code */.aY)(finding.id)}**\n| Severity | Package | Classification | Path |\n| --- | --- | --- | --- |\n|${cells.join('|')}|`;
    }
    return `**${finding.kind === 'secret' ? 'Secret' : 'Misconfiguration'} ${(0,markdown/* code */.aY)(finding.id)}**\n| Severity | Title | Link |\n| --- | --- | --- |\n|${severity}|${(0,markdown/* text */.Qq)(plain(finding.title))}|${id}|`;
}
function entriesOf(input) {
    if (Array.isArray(input))
        return input.map((finding) => ({ finding, evaluation: undefined }));
    // PASS/EXCEPTION misconfiguration checks are not problems; everything else is listed, so code
    // scanning shows what the gate saw (excepted and suppressed findings as suppressed results).
    const decision = input;
    const entries = decision.findings.filter((e) => e.status !== 'not-failed').map((evaluation) => ({ finding: evaluation.finding, evaluation }));
    for (const { finding, suppression } of decision.suppressed ?? [])
        entries.push({ finding, evaluation: undefined, suppression });
    return entries;
}
function suppressionsOf(entry) {
    const { evaluation, suppression } = entry;
    if (evaluation?.status === 'excepted') {
        const justification = evaluation.exception ? `${evaluation.exception.reason} (until ${evaluation.exception.expires})` : 'policy exception';
        return [{ kind: 'external', status: 'accepted', justification }];
    }
    if (suppression !== undefined) {
        const why = [suppression.statement, suppression.justification].filter(Boolean).join(' — ');
        return [{ kind: 'external', status: 'accepted', justification: `${(0,suppressed_findings/* describeSuppressionSource */.y)(suppression)} (${suppression.status})${why ? `: ${why}` : ''}` }];
    }
    return undefined;
}
/**
 * Renders a decision (or plain findings) as SARIF 2.1.0. With a decision the severity is the
 * one the policy judged (UNKNOWN as `unknown-severity`), and excepted findings are suppressed.
 */
function renderSarif(input, options) {
    const rules = [];
    const ruleIndex = new Map();
    const results = [];
    for (const entry of entriesOf(input)) {
        const { finding, evaluation } = entry;
        const severity = evaluation?.effectiveSeverity ?? finding.severity;
        // A CVSS score describes the reported severity; an UNKNOWN judged as HIGH keeps the fallback.
        const score = severity === finding.severity ? finding.cvssScore : undefined;
        const ruleId = ruleIdOf(finding);
        let index = ruleIndex.get(ruleId);
        if (index === undefined) {
            index = rules.length;
            ruleIndex.set(ruleId, index);
            const title = plain(finding.title || finding.id);
            rules.push({
                id: ruleId,
                name: ruleName(finding),
                shortDescription: { text: title },
                fullDescription: { text: title },
                ...(finding.url && /^https?:\/\//.test(finding.url) ? { helpUri: finding.url } : {}),
                help: { text: describe(finding, severity), markdown: helpMarkdown(finding, severity) },
                defaultConfiguration: { level: sarifLevel(severity) },
                properties: { tags: [finding.kind, 'security', severity], precision: 'very-high', 'security-severity': securitySeverity(severity, score) },
            });
        }
        else {
            // One rule per ID: it carries the highest severity any of its findings has.
            const rule = rules[index];
            const ruleSeverity = rule.properties.tags[2];
            if ((0,domain_severity/* severityRank */.qs)(severity) > (0,domain_severity/* severityRank */.qs)(ruleSeverity)) {
                rule.defaultConfiguration.level = sarifLevel(severity);
                rule.properties.tags[2] = severity;
                rule.properties['security-severity'] = securitySeverity(severity, score);
            }
        }
        const properties = { scope: finding.scope, severity: finding.severity };
        const alsoIn = [...new Set((evaluation?.locations ?? []).slice(1).map((f) => f.scope))];
        if (alsoIn.length > 0)
            properties.alsoFoundIn = alsoIn.join(',');
        if (evaluation)
            properties.status = evaluation.status;
        if (entry.suppression)
            properties.status = 'suppressed';
        if (evaluation?.blockingRule)
            properties.blockingRule = evaluation.blockingRule;
        if (evaluation?.baseline)
            properties.baseline = evaluation.baseline;
        const suppressions = suppressionsOf(entry);
        results.push({
            ruleId,
            ruleIndex: index,
            level: sarifLevel(severity),
            message: { text: describe(finding, severity) },
            // The same problem in the build context and in the image: one result, each place a location.
            locations: (evaluation?.locations ?? [finding]).slice(0, 10).map((f) => sarif_location(f, options)),
            partialFingerprints: { [FINGERPRINT_KEY]: `${finding.scope}:${finding.key}` },
            ...(suppressions !== undefined && { suppressions }),
            properties,
        });
    }
    const runProperties = { imageName: options.imageName };
    if (options.imageDigest)
        runProperties.imageDigest = options.imageDigest;
    if (options.trivyVersion)
        runProperties.trivyVersion = options.trivyVersion;
    // Nothing the pull request named (paths, package names) carries a bidi control into code scanning.
    return (0,text_safety/* stripControlsDeep */.VW)({
        $schema: SARIF_SCHEMA_URI,
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: SARIF_TOOL_NAME,
                        fullName: 'Container Security Gate (Trivy findings)',
                        version: options.toolVersion,
                        informationUri: 'https://github.com/aquasecurity/trivy',
                        rules,
                    },
                },
                // One code scanning category per image: uploads for different images do not replace each other.
                automationDetails: { id: `${SARIF_TOOL_NAME}/${options.imageName}/` },
                columnKind: 'utf16CodeUnits',
                results,
                properties: runProperties,
            },
        ],
    });
}

// EXTERNAL MODULE: ./build/domain/render/security-issue.js
var security_issue = __webpack_require__(42456);
// EXTERNAL MODULE: ./build/domain/render/fit-blocks.js
var fit_blocks = __webpack_require__(13224);
;// CONCATENATED MODULE: ./build/domain/render/summary.js



/** GitHub accepts 1 MiB of job summary per step; stay below with room for other steps' text. */
const SUMMARY_LIMIT = 1_000_000;
const HARDENING_LABEL = {
    'non-root': 'Runs as non-root user',
    healthcheck: 'Has a HEALTHCHECK',
    'image-size': 'Image size',
    'config-secrets': 'No secrets in image config/history',
};
const HARDENING_ICON = {
    pass: '✅',
    fail: '❌',
    warn: '⚠️',
    off: '➖',
    'not-checked': '➖',
};
function exceptionRow(exception, extra) {
    return (0,markdown/* tableRow */.jD)([
        (0,markdown/* code */.aY)(exception.id),
        exception.package ? (0,markdown/* code */.aY)(exception.package) : 'any',
        exception.path ? (0,markdown/* code */.aY)(exception.path) : 'any',
        exception.expires,
        extra,
        (0,markdown/* text */.Qq)(exception.reason.length > 200 ? `${exception.reason.slice(0, 199)}…` : exception.reason),
    ]);
}
function exceptionBlocks(decision) {
    const { used, expired, unused, fileName } = decision.exceptions;
    if (used.length === 0 && expired.length === 0 && unused.length === 0)
        return [];
    const columns = ['ID', 'Package', 'Path', 'Expires', 'Findings', 'Reason'];
    const blocks = [`### Exceptions${fileName ? ` (${(0,markdown/* code */.aY)(fileName)})` : ''}`];
    if (used.length > 0) {
        blocks.push((0,fit_blocks/* table */.t)('Used:', columns, used.map((u) => exceptionRow(u.exception, String(u.findings))), { dropPriority: 2 }));
    }
    if (expired.length > 0) {
        blocks.push((0,fit_blocks/* table */.t)('⚠️ Expired — they no longer apply; renew or remove them:', columns, expired.map((e) => exceptionRow(e, 'expired')), { dropPriority: 1 }));
    }
    if (unused.length > 0) {
        blocks.push((0,fit_blocks/* table */.t)('Unused — nothing matched them; consider removing:', columns, unused.map((e) => exceptionRow(e, '0')), { dropPriority: 3 }));
    }
    return blocks;
}
function hardeningBlock(decision) {
    if (decision.hardening.length === 0)
        return [];
    const rows = decision.hardening.map((h) => {
        const problems = h.problems.slice(0, 10).map((p) => (0,markdown/* text */.Qq)(p.length > 200 ? `${p.slice(0, 199)}…` : p));
        if (h.problems.length > 10)
            problems.push(`… ${h.problems.length - 10} more`);
        return (0,markdown/* tableRow */.jD)([
            HARDENING_LABEL[h.rule],
            h.mode,
            `${HARDENING_ICON[h.status]} ${h.status}`,
            [(0,markdown/* text */.Qq)(h.message), ...problems].join('<br>'),
        ]);
    });
    return [(0,fit_blocks/* table */.t)('### Hardening', ['Rule', 'Mode', 'Result', 'Details'], rows, { dropPriority: 1 })];
}
function publishedBlock(decision, context) {
    const lines = ['### Image'];
    lines.push(`- Repository: ${(0,markdown/* code */.aY)(context.image)}`);
    lines.push(`- Built and scanned: ${context.imageId ? (0,markdown/* code */.aY)(context.imageId) : 'no image was built'}`);
    lines.push(`- Digest: ${context.digest ? (0,markdown/* code */.aY)(context.digest) : 'none (nothing was pushed)'}`);
    const pushed = context.pushedReferences ?? [];
    if (pushed.length > 0) {
        lines.push(`- Pushed:`, ...pushed.map((ref) => `  - ${(0,markdown/* code */.aY)(ref)}`));
    }
    else {
        lines.push(`- Pushed: nothing${decision.verdict === 'pass' ? '' : ` (the verdict is ${decision.verdict}: only an image that passed is pushed)`}`);
    }
    return lines.join('\n');
}
/** The vulnerability DB's date, when the run used a local one. */
function databaseLine(decision) {
    const db = decision.database;
    if (db === undefined)
        return undefined;
    if (db.updatedAt === undefined)
        return 'Vulnerability DB: built at an unknown time (no UpdatedAt).';
    return `Vulnerability DB: updated ${db.updatedAt} (${db.ageDays === 0 ? 'less than a day' : `${db.ageDays} day${db.ageDays === 1 ? '' : 's'}`} old).`;
}
/**
 * The job summary: verdict first, then counts, blocking findings, baseline delta, exceptions,
 * hardening and what was published. Returns markdown; the pipeline writes it with core.summary.
 */
function renderSummary(decision, context) {
    const blocks = [`## ${report_view/* VERDICT_ICON */.YY[decision.verdict]} Container security gate: ${(0,report_view/* verdictLabel */.Id)(decision)}`, `**${(0,markdown/* text */.Qq)(decision.summary)}**`];
    const error = (0,report_view/* errorBlock */.QK)(decision, { details: true });
    if (error)
        blocks.push(error);
    const reasons = (0,report_view/* reasonsList */.e$)(decision);
    if (reasons)
        blocks.push(reasons);
    blocks.push('### Findings by severity', (0,report_view/* countsTable */.Po)(decision));
    if (decision.policy) {
        blocks.push(`Gate: fail on ${(0,report_view/* describeSeverities */.h1)(decision.policy.failOn)}; issue on ${(0,report_view/* describeSeverities */.h1)(decision.policy.issueOn)}; ` +
            `UNKNOWN judged as ${decision.policy.unknownSeverity}${decision.policy.ignoreUnfixed ? '; unfixed vulnerabilities not gated (listed below)' : ''}` +
            `${decision.baseline ? `; the baseline comparison counts ${(0,report_view/* describeSeverities */.h1)(decision.policy.compareOn ?? decision.policy.issueOn)}` : ''}.`);
    }
    const scanners = (0,report_view/* scannersLine */.In)(context.scanners);
    if (scanners)
        blocks.push(scanners);
    const database = databaseLine(decision);
    if (database)
        blocks.push(database);
    const blocking = (0,report_view/* evaluationsWith */.EP)(decision, (e) => e.blocking);
    if (blocking.length > 0)
        blocks.push((0,report_view/* findingsTable */.f9)(`### Blocking findings (${blocking.length})`, blocking, context, 0));
    const baseline = (0,report_view/* baselineLine */.G)(decision);
    if (baseline && decision.baseline) {
        blocks.push('### Baseline', baseline);
        if (decision.baseline.newVulnerabilities.length > 0) {
            blocks.push((0,report_view/* findingsTable */.f9)(`New (${decision.baseline.newVulnerabilities.length}):`, (0,report_view/* withEvaluations */._w)(decision, decision.baseline.newVulnerabilities), context, 4));
        }
        if (decision.baseline.fixedVulnerabilities.length > 0) {
            blocks.push((0,report_view/* findingsTable */.f9)(`Fixed (${decision.baseline.fixedVulnerabilities.length}):`, (0,report_view/* withEvaluations */._w)(decision, decision.baseline.fixedVulnerabilities), context, 5));
        }
    }
    const reported = (0,report_view/* evaluationsWith */.EP)(decision, (e) => !e.blocking && e.reportAsIssue);
    if (reported.length > 0)
        blocks.push((0,report_view/* findingsTable */.f9)(`### Other reported findings (${reported.length})`, reported, context, 6));
    // Nothing leaves the gate unnamed: what ignore-unfixed let through, and what Trivy suppressed.
    const unfixed = (0,report_view/* evaluationsWith */.EP)(decision, (e) => e.status === 'unfixed-ignored');
    if (unfixed.length > 0) {
        blocks.push((0,report_view/* findingsTable */.f9)(`### Unfixed, not gated (${unfixed.length}) — \`ignore-unfixed\` lets these ship`, unfixed, context, 3));
    }
    if (decision.suppressed.length > 0) {
        blocks.push((0,report_view/* suppressedTable */.$P)(`### Suppressed outside the policy file (${decision.suppressed.length}) — not gated`, decision.suppressed, context, 3));
    }
    blocks.push(...exceptionBlocks(decision), ...hardeningBlock(decision), publishedBlock(decision, context));
    blocks.push(`_Decided at ${decision.evaluatedAt}._`);
    return (0,markdown/* redact */.E$)((0,fit_blocks/* fitBlocks */.U)(blocks, SUMMARY_LIMIT, (0,report_view/* omittedNote */.Vg)('the job summary is limited in size; the SARIF file lists every finding')), context.secrets);
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
;// CONCATENATED MODULE: ./build/domain/summary-history.js


/*
 * The weekly summary's memory: counts per image per week, kept inside the summary issue itself
 * as a hidden HTML comment (base64 of JSON, so `--` or `>` in the data cannot end the comment).
 * No other storage is needed, and anyone can read it back with `base64 -d`.
 */
/** How many weeks of history the issue keeps (half a year). */
const SUMMARY_HISTORY_WEEKS = 26;
const BLOCK_PREFIX = '<!-- container-security-gate:summary-history v1 ';
const BLOCK_PATTERN = /<!-- container-security-gate:summary-history v1 ([A-Za-z0-9+/=]*) -->/;
/** Stored form: counts as [CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN], which keeps the block small. */
const storedHistory = schemas/* object */.Ikc({
    version: schemas/* literal */.euz(1),
    weeks: schemas/* array */.YOg(schemas/* object */.Ikc({
        week: schemas/* string */.YjP().regex(/^\d{4}-\d{2}-\d{2}$/),
        images: schemas/* record */.g1P(schemas/* string */.YjP().min(1), schemas/* array */.YOg(schemas/* number */.aig().int().nonnegative()).length(domain_severity/* SEVERITIES */.oC.length)),
    }))
        .max(520),
});
/** The Monday (UTC) of the week `date` falls in. */
function weekOf(date) {
    const day = new Date(typeof date === 'string' ? date : date.getTime());
    if (Number.isNaN(day.getTime()))
        throw new RangeError(`not a date: ${String(date)}`);
    const monday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    return monday.toISOString().slice(0, 10);
}
/**
 * Reads the history block from an issue body. No body or no block: an empty history.
 * A block that does not decode: an empty history plus the problem, so the caller can say
 * the trend was restarted instead of silently losing it.
 */
function parseSummaryHistory(body) {
    const match = body ? BLOCK_PATTERN.exec(body) : null;
    if (!match)
        return { history: { weeks: [] }, problem: undefined };
    try {
        const parsed = storedHistory.parse(JSON.parse(Buffer.from(match[1] ?? '', 'base64').toString('utf8')));
        const weeks = parsed.weeks.map((w) => ({
            week: w.week,
            images: Object.fromEntries(Object.entries(w.images).map(([image, values]) => {
                const counts = (0,domain_severity/* emptyCounts */.W1)();
                domain_severity/* SEVERITIES */.oC.forEach((s, i) => (counts[s] = values[i] ?? 0));
                return [image, counts];
            })),
        }));
        return { history: { weeks: normalise(weeks) }, problem: undefined };
    }
    catch (error) {
        return { history: { weeks: [] }, problem: `the history block could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
    }
}
function normalise(weeks) {
    const byWeek = new Map();
    for (const w of weeks)
        byWeek.set(w.week, { week: w.week, images: { ...(byWeek.get(w.week)?.images ?? {}), ...w.images } });
    return [...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week));
}
/**
 * Records this run's counts in `week`. A second run in the same week replaces the counts of
 * the images it scanned and keeps the others; only the last `maxWeeks` weeks are kept.
 */
function recordWeek(history, week, images, maxWeeks = SUMMARY_HISTORY_WEEKS) {
    const entry = { week, images: Object.fromEntries(images.map((i) => [i.image, { ...i.counts }])) };
    const weeks = normalise([...history.weeks, entry]);
    return { weeks: weeks.slice(Math.max(0, weeks.length - maxWeeks)) };
}
/** The hidden block to put in the issue body. */
function renderSummaryHistoryBlock(history) {
    const stored = {
        version: 1,
        weeks: history.weeks.map((w) => ({
            week: w.week,
            images: Object.fromEntries(Object.entries(w.images).map(([image, counts]) => [image, domain_severity/* SEVERITIES */.oC.map((s) => counts[s])])),
        })),
    };
    return `${BLOCK_PREFIX}${Buffer.from(JSON.stringify(stored), 'utf8').toString('base64')} -->`;
}

;// CONCATENATED MODULE: ./build/domain/render/weekly-summary.js






/*
 * The weekly summary issue (`mode: summary`): the latest counts per image and, per image, a
 * mermaid xychart (GitHub renders ```mermaid blocks) of the trend — bars for CRITICAL+HIGH,
 * a line for all findings. xychart-beta has no legend, so the chart title says which is which.
 */
const WEEKLY_SUMMARY_TITLE = 'Container security: weekly summary';
/** Charts beyond this many images make the issue unreadable; the table still lists them all. */
const MAX_CHARTS = 8;
function total(counts) {
    return counts ? domain_severity/* SEVERITIES */.oC.reduce((sum, s) => sum + counts[s], 0) : 0;
}
function severe(counts) {
    return counts ? counts.CRITICAL + counts.HIGH : 0;
}
/** Mermaid strings are double-quoted: anything else than plain name characters is dropped. */
function mermaidText(value) {
    return value.replace(/[^A-Za-z0-9 ._/:@+-]/g, '');
}
function chart(history, image) {
    const weeks = history.weeks;
    const severeSeries = weeks.map((w) => severe(w.images[image]));
    const totalSeries = weeks.map((w) => total(w.images[image]));
    const max = Math.max(1, ...totalSeries);
    return [
        '```mermaid',
        'xychart-beta',
        `    title "${mermaidText(image)} (bars: critical+high, line: all)"`,
        `    x-axis [${weeks.map((w) => `"${w.week.slice(5)}"`).join(', ')}]`,
        `    y-axis "Findings" 0 --> ${max}`,
        `    bar [${severeSeries.join(', ')}]`,
        `    line [${totalSeries.join(', ')}]`,
        '```',
    ].join('\n');
}
function delta(now, before) {
    if (before === undefined)
        return 'new';
    const d = now - before;
    return d === 0 ? '±0' : d > 0 ? `+${d} 📈` : `${d} 📉`;
}
/** Images of the latest week, most findings first. */
function latestImages(history) {
    const latest = history.weeks[history.weeks.length - 1];
    if (!latest)
        return [];
    return Object.keys(latest.images).sort((a, b) => total(latest.images[b]) - total(latest.images[a]) || a.localeCompare(b));
}
function renderBody(history, context, charts, notes) {
    const latest = history.weeks[history.weeks.length - 1];
    const previous = history.weeks[history.weeks.length - 2];
    const images = latestImages(history);
    const parts = [markers/* WEEKLY_SUMMARY_MARKER */.Yt, `## ${WEEKLY_SUMMARY_TITLE}`];
    parts.push(`Week of ${latest?.week ?? weekOf(context.now)} · updated ${context.now}${context.runUrl ? ` · ${(0,markdown/* link */.nf)('workflow run', context.runUrl)}` : ''}`);
    if (images.length === 0) {
        parts.push('No image was scanned this week.');
    }
    else {
        const rows = images.map((image) => {
            const counts = latest.images[image];
            return (0,markdown/* tableRow */.jD)([(0,markdown/* code */.aY)(image), ...domain_severity/* SEVERITIES */.oC.map((s) => String(counts[s])), String(total(counts)), delta(total(counts), previous?.images[image] ? total(previous.images[image]) : undefined)]);
        });
        parts.push([(0,markdown/* tableHeader */.qd)(['Image', ...domain_severity/* SEVERITIES */.oC.map((s) => `${report_view/* SEVERITY_ICON */._9[s]} ${s}`), 'Total', 'vs last week']), ...rows].join('\n'));
    }
    const charted = images.slice(0, charts);
    if (charted.length > 0) {
        parts.push(`### Trend (last ${history.weeks.length} week${history.weeks.length === 1 ? '' : 's'})`);
        for (const image of charted)
            parts.push(`#### ${(0,markdown/* code */.aY)(image)}`, chart(history, image));
        if (images.length > charted.length)
            parts.push(`_${images.length - charted.length} more image(s) are in the table but not charted._`);
    }
    parts.push(...notes.map((n) => `_${n}_`));
    parts.push('<sub>Managed by container-security-gate (`mode: summary`). The hidden block below keeps the history; keep it if you edit this issue.</sub>', renderSummaryHistoryBlock(history));
    return parts.join('\n\n');
}
/**
 * The whole issue body for a history, under GitHub's body limit: charts go first, then the
 * oldest weeks, and a note says so.
 */
function renderWeeklySummary(history, context, notes = []) {
    let current = history;
    let charts = MAX_CHARTS;
    let body = renderBody(current, context, charts, notes);
    while (body.length > pull_request_comment/* COMMENT_BUDGET */.ub) {
        if (charts > 0)
            charts -= 1;
        else if (current.weeks.length > 1)
            current = { weeks: current.weeks.slice(1) };
        else
            break;
        body = renderBody(current, context, charts, [...notes, 'Shortened to fit GitHub’s 65,536-character limit.']);
    }
    return body;
}
/**
 * The next body of the summary issue: reads the history from the previous body (if any),
 * records this week's counts and renders. The adapter calls this with the body it found.
 */
function nextWeeklySummaryBody(previousBody, images, context) {
    const { history, problem } = parseSummaryHistory(previousBody);
    const notes = problem ? [`The previous trend data was unreadable and has been restarted: ${(0,markdown/* text */.Qq)(problem)}.`] : [];
    return renderWeeklySummary(recordWeek(history, weekOf(context.now), images), context, notes);
}

// EXTERNAL MODULE: ./build/inputs.js + 2 modules
var build_inputs = __webpack_require__(32331);
// EXTERNAL MODULE: ./build/version.js
var version = __webpack_require__(58508);
;// CONCATENATED MODULE: ./build/publish-reports.js
















function reportContext(request, workspace) {
    const { inputs, event, plan, result } = request;
    const env = request.env ?? process.env;
    const runUrl = env.GITHUB_RUN_ID ? `${event.serverUrl}/${event.repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    return {
        image: plan.image.name,
        ...(result.imageId && { imageId: result.imageId }),
        ...(result.pushed && { digest: result.pushed.digest, pushedReferences: result.pushed.references }),
        repository: event.repository,
        serverUrl: event.serverUrl,
        commitSha: event.sha,
        contextPath: (0,external_node_path_.relative)(workspace, plan.contextDir) || '.',
        ...(runUrl && { runUrl }),
        scanners: inputs.scanners,
        secrets: (0,build_inputs/* secretValues */.VX)(inputs),
    };
}
/** A report that could not be written is a warning: the gate has already decided. */
async function attempt(what, body) {
    try {
        await body();
    }
    catch (error) {
        (0,workflow_log/* logWarning */.FF)(`${what} was not written: ${error instanceof Error ? error.message : String(error)}`);
    }
}
/** Written only inside the workspace or RUNNER_TEMP, never through a link (see contained-file.ts). */
async function writeReportFile(input, given, workspace, env, text, append) {
    const runnerTemp = env.RUNNER_TEMP ?? '/tmp';
    await (0,promises_.mkdir)(runnerTemp, { recursive: true });
    const areas = [await (0,contained_file/* areaOf */.d6)(workspace, 'the workspace'), await (0,contained_file/* areaOf */.d6)(runnerTemp, 'RUNNER_TEMP')];
    const target = await (0,contained_file/* containedWritePath */.mP)(input, given, workspace, areas);
    const handle = await (0,promises_.open)(target, (0,contained_file/* writeFlags */.Jp)(append), 0o644);
    try {
        await handle.writeFile(text);
    }
    finally {
        await handle.close();
    }
}
/** Octokit is loaded only for runs that talk to GitHub. */
async function openGitHubReporter(token, repository, baseUrl) {
    const { createGitHubReporter } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(3)]).then(__webpack_require__.bind(__webpack_require__, 39003));
    return createGitHubReporter({ token, repository, ...(baseUrl && { baseUrl }) });
}
function isDefaultBranchRun(event) {
    const branch = (0,github_event/* branchFromRef */._B)(event.ref);
    return branch !== undefined && branch === event.defaultBranch && !(0,github_event/* isPullRequestEvent */.T5)(event.eventName);
}
/**
 * Decision → job summary, SARIF, audit log, PR comment or security issue, weekly summary.
 * Returns the SARIF path. Nothing here can change the verdict.
 */
async function publishReports(request) {
    const { inputs, event, plan, result } = request;
    const env = request.env ?? process.env;
    const decision = result.decision;
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const context = reportContext(request, workspace);
    let summary = renderSummary(decision, context);
    let sarifPath;
    await attempt('SARIF report', async () => {
        const sarif = renderSarif(decision, {
            contextPath: context.contextPath ?? '.',
            dockerfilePath: (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(plan.contextDir, plan.dockerfile)),
            imageName: plan.image.name,
            ...(result.pushed && { imageDigest: result.pushed.digest }),
            toolVersion: version/* ACTION_VERSION */.Y,
            ...(result.trivyVersion && { trivyVersion: result.trivyVersion }),
        });
        // Tool text (finding titles, paths) may quote a secret in any letter case.
        await writeReportFile('sarif-file', inputs.sarifFile, workspace, env, `${JSON.stringify((0,text_safety/* redactDeep */.KL)(sarif, context.secrets), null, 2)}\n`, false);
        sarifPath = inputs.sarifFile;
    });
    if (inputs.auditLog) {
        const file = inputs.auditLog;
        await attempt(`audit log ${file}`, async () => {
            const line = auditLine(decision, { time: decision.evaluatedAt, image: plan.image.name, ...(result.pushed && { digest: result.pushed.digest }) });
            await writeReportFile('audit-log', file, workspace, env, `${(0,text_safety/* redactSecrets */.fp)(line, context.secrets)}\n`, true);
        });
    }
    const skipped = [];
    const reporter = request.reporter ?? (inputs.githubToken ? await openGitHubReporter(inputs.githubToken, event.repository, env.GITHUB_API_URL) : undefined);
    const warn = (warnings) => warnings.forEach((w) => (0,workflow_log/* logWarning */.FF)(w));
    if (inputs.mode === 'summary') {
        if (!reporter)
            skipped.push('the weekly summary issue (no github-token)');
        else {
            const outcome = await reporter.syncWeeklySummary({
                label: inputs.issueLabel,
                title: WEEKLY_SUMMARY_TITLE,
                marker: markers/* WEEKLY_SUMMARY_MARKER */.Yt,
                render: (previous) => nextWeeklySummaryBody(previous, [{ image: plan.image.name, counts: decision.counts.total }], { now: decision.evaluatedAt, ...(context.runUrl && { runUrl: context.runUrl }) }),
            });
            warn(outcome.warnings);
            if (outcome.issueUrl)
                (0,workflow_log/* logInfo */.fH)(`weekly summary: ${outcome.outcome} ${outcome.issueUrl}`);
        }
    }
    else if ((0,github_event/* isPullRequestEvent */.T5)(event.eventName) && inputs.prComment && event.prNumber !== undefined) {
        const content = (0,pull_request_comment/* renderPullRequestComment */.E5)(decision, context);
        if (!reporter)
            skipped.push('the pull request comment (no github-token)');
        else {
            const outcome = await reporter.upsertPullRequestComment({ pullNumber: event.prNumber, content });
            warn(outcome.warnings);
            if (outcome.outcome === 'fallback') {
                if (outcome.notice)
                    core/* notice */.lm(outcome.notice);
                summary += `\n\n---\n\n> ${outcome.notice ?? 'The pull request comment could not be written.'}\n\n${content.body}`;
            }
            else if (outcome.commentUrl)
                (0,workflow_log/* logInfo */.fH)(`pull request comment ${outcome.outcome}: ${outcome.commentUrl}`);
        }
    }
    else if (isDefaultBranchRun(event) && inputs.createIssue) {
        const content = (0,security_issue/* renderSecurityIssue */.SR)(decision, context);
        if (!reporter)
            skipped.push('the security issue (no github-token)');
        else if (content.action !== 'skip') {
            const outcome = await reporter.syncSecurityIssue({ label: inputs.issueLabel, content });
            warn(outcome.warnings);
            if (outcome.issueUrl)
                (0,workflow_log/* logInfo */.fH)(`security issue ${outcome.outcome}: ${outcome.issueUrl}`);
        }
    }
    if (env.GITHUB_STEP_SUMMARY) {
        await attempt('job summary', () => core/* summary */.z.addRaw(summary, true).write().then(() => undefined));
    }
    else {
        skipped.push('the job summary (GITHUB_STEP_SUMMARY is not set)');
    }
    if (skipped.length > 0) {
        // act and local runs have no token: say what was not done instead of failing.
        core/* notice */.lm(`Skipped ${skipped.join(' and ')}. The verdict is not affected.`);
    }
    return sarifPath;
}


/***/ })

};
