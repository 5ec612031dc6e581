export const id = 673;
export const ids = [673];
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

/***/ 33735:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ exploitBadges),
/* harmony export */   c: () => (/* binding */ exploitDataLine)
/* harmony export */ });
/* harmony import */ var _exploits_enrich_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(47709);
/* harmony import */ var _exploits_exploit_rules_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(75511);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27969);



/*
 * Exploit data in the markdown reports: a KEV badge and the EPSS percentage next to a
 * finding's ID, and one line stating the data's dates (or that the decision was made without it).
 */
/** ` · 🚨 **KEV** · EPSS 12.3%` after the ID; empty for findings the feeds do not know. */
function exploitBadges(finding) {
    const exploit = finding.exploit;
    if (exploit === undefined)
        return '';
    let badges = '';
    if (exploit.kev)
        badges += `<br>🚨 **KEV**${exploit.kev.ransomware ? ' (ransomware)' : ''}`;
    if (exploit.epss)
        badges += `<br>EPSS ${(0,_exploits_enrich_js__WEBPACK_IMPORTED_MODULE_0__/* .formatEpss */ .fh)(exploit.epss.score)}`;
    return badges;
}
/** One line on the exploit data the decision was made with, or undefined when none was asked for. */
function exploitDataLine(decision) {
    const summary = decision.exploitData;
    if (summary === undefined)
        return undefined;
    const icon = summary.madeWithout.length > 0 ? '⚠️' : summary.kevCount > 0 ? '🚨' : '🛡️';
    const without = summary.madeWithout.length > 0 ? ' **Decided without this data where it is missing** (severity rules only).' : '';
    return `${icon} Exploit data: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq)((0,_exploits_exploit_rules_js__WEBPACK_IMPORTED_MODULE_1__/* .describeExploitData */ .dN)(summary))}.${without}`;
}


/***/ }),

/***/ 13224:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U8: () => (/* binding */ fitBlocks),
/* harmony export */   qn: () => (/* binding */ lazyRows),
/* harmony export */   tp: () => (/* binding */ table)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27969);

/**
 * `count` rows rendered by `render(index)` only when fitBlocks reads them, each once: a body
 * limited to 65,536 characters shows a few hundred of the 2,000 rows a table may offer.
 */
function lazyRows(count, render) {
    const rendered = [];
    return {
        length: count,
        at: (index) => {
            if (index < 0 || index >= count)
                return undefined;
            return (rendered[index] ??= render(index));
        },
    };
}
function rowAt(rows, index) {
    return rows.at(index);
}
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
        parts.push(`${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .tableHeader */ .qd)(block.columns)}\n${Array.from({ length: shown }, (_, i) => rowAt(block.rows, i)).join('\n')}`);
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
    const shown = keptRows(blocks, tables, limit);
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
/**
 * How many rows of each table fitBlocks shows: whole rows are dropped from the end of the
 * highest drop priority table first, then the next, until the body fits. Put the other way round,
 * with the rows lined up most important first (the lowest drop priority's table first, its rows
 * in order), the body shows the longest run of them from the start whose text (rows, fixed
 * blocks, one note reserve per table shown short) fits. Rows are read in that order only while
 * the rows alone still fit: past that, no longer run can fit, so the rest are never rendered.
 */
function keptRows(blocks, tables, limit) {
    const fixedLength = blocks.reduce((sum, block) => {
        if (typeof block === 'string')
            return sum + block.length + SEPARATOR.length;
        const header = block.title ? block.title.length + SEPARATOR.length : 0;
        return sum + header + (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .tableHeader */ .qd)(block.columns).length + 1 + SEPARATOR.length;
    }, 0);
    // Dropped first = highest priority; equal priorities in block order (a stable sort).
    const byDropOrder = [...tables].sort((a, b) => b.dropPriority - a.dropPriority);
    const keepOrder = byDropOrder.reverse();
    // lengths[p] = fixed text + the first p rows in keep order, each with its newline.
    const lengths = [fixedLength];
    reading: for (const block of keepOrder) {
        for (let i = 0; i < block.rows.length; i++) {
            const next = lengths[lengths.length - 1] + rowAt(block.rows, i).length + 1;
            if (next > limit)
                break reading;
            lengths.push(next);
        }
    }
    const shownFor = (run) => {
        const shown = new Map();
        let left = run;
        for (const block of keepOrder) {
            const count = Math.min(block.rows.length, left);
            shown.set(block, count);
            left -= count;
        }
        return shown;
    };
    // The longest run that fits once each table shown short has its note reserve; none may fit at all.
    for (let run = lengths.length - 1; run > 0; run--) {
        const shown = shownFor(run);
        let total = lengths[run];
        for (const block of tables)
            if (shown.get(block) < block.total)
                total += NOTE_RESERVE;
        if (total <= limit)
            return shown;
    }
    return shownFor(0);
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
/* unused harmony exports escapedText, escapedCode */
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
    // Most report text (titles, names, versions) has nothing to escape: it is returned as it is.
    return value.length <= TEXT_LIMIT && PLAIN_TEXT.test(value) && !LINK_LIKE.test(value) ? value : escapedText(value);
}
/**
 * Text that `escapedText` returns unchanged: none of the characters it escapes, removes or
 * rewrites (markup, `@`, `#`, newlines and tabs, controls), and no block syntax at the start.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PLAIN_TEXT = /^(?![#+=-]|\d+[.)])[^\r\n\t\\`*_[\]<>|~&$@#\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$/;
/** What neutraliseReferences rewrites besides `#`: `scheme://`, `www.`, `GH-1`. */
const LINK_LIKE = /:\/\/|www\.|gh-\d/i;
/** `text` the full way: every rule applied. */
function escapedText(value) {
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
    // No backtick, pipe, line break or control, and short: the span is the value in single backticks.
    if (value.length <= _text_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .CELL_LIMIT */ .rX && PLAIN_CODE.test(value))
        return `\`${value}\``;
    return escapedCode(value);
}
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PLAIN_CODE = /^[^`|\r\n\t\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$/;
/** `code` the full way. */
function escapedCode(value) {
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
/* harmony import */ var _exploit_view_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33735);
/* harmony import */ var _fit_blocks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(13224);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27969);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79497);
/* harmony import */ var _report_view_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(42711);





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
    const marker = (0,_markers_js__WEBPACK_IMPORTED_MODULE_3__/* .pullRequestCommentMarker */ .aF)(context.image);
    const blocks = [
        marker,
        `### ${_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .VERDICT_ICON */ .YY[decision.verdict]} Container security gate: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(context.image)} — **${(0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .verdictLabel */ .Id)(decision)}**`,
        (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq)(decision.summary),
    ];
    const error = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .errorBlock */ .QK)(decision);
    if (error)
        blocks.push(error);
    const reasons = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .reasonsList */ .e$)(decision, 10);
    if (reasons)
        blocks.push(reasons);
    blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .countsTable */ .Po)(decision));
    const exploitLine = (0,_exploit_view_js__WEBPACK_IMPORTED_MODULE_0__/* .exploitDataLine */ .c)(decision);
    if (exploitLine)
        blocks.push(exploitLine);
    const blocking = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .evaluationsWith */ .EP)(decision, (e) => e.blocking);
    if (blocking.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .findingsTable */ .f9)(`#### Blocking findings (${blocking.length})`, blocking, context, 1));
    const baseline = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .baselineLine */ .G)(decision);
    if (baseline && decision.baseline) {
        blocks.push(baseline);
        const { newVulnerabilities: newFindings, fixedVulnerabilities: fixedFindings } = decision.baseline;
        if (newFindings.length > 0) {
            blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .findingsTable */ .f9)(`#### New against the baseline (${newFindings.length})`, (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .withEvaluations */ ._w)(decision, newFindings), context, 3));
        }
        if (fixedFindings.length > 0) {
            blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .findingsTable */ .f9)(`#### Fixed against the baseline (${fixedFindings.length})`, (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .withEvaluations */ ._w)(decision, fixedFindings), context, 4));
        }
    }
    const reported = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .evaluationsWith */ .EP)(decision, (e) => !e.blocking && e.reportAsIssue);
    if (reported.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .findingsTable */ .f9)(`#### Other findings to fix (${reported.length})`, reported, context, 2));
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
    const sha = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .shortSha */ .Fu)(context.commitSha);
    if (sha)
        footer.push(`commit ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(sha)}`);
    if (context.digest)
        footer.push(`digest ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(context.digest)}`);
    if (context.runUrl)
        footer.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)('workflow run', context.runUrl));
    blocks.push(`<sub>${footer.join(' · ')}</sub>`);
    const body = (0,_fit_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .fitBlocks */ .U8)(blocks, COMMENT_BUDGET, (0,_report_view_js__WEBPACK_IMPORTED_MODULE_4__/* .omittedNote */ .Vg)('a comment holds at most 65,536 characters; the job summary and the SARIF upload list them all'));
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
// EXTERNAL MODULE: ./build/domain/render/exploit-view.js
var exploit_view = __webpack_require__(33735);
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
    const scope = finding.scope === 'image' ? (finding.platform ? `image ${(0,markdown/* text */.Qq)(finding.platform)}` : 'image') : 'context';
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
        `${(0,markdown/* link */.nf)((0,markdown/* code */.aY)(clip(finding.id, 80)), finding.url)}${(0,exploit_view/* exploitBadges */.A)(finding)}`,
        whatCell(finding),
        whereCells(evaluation?.locations ?? [finding], context),
        fixCell(finding),
        statusCell(evaluation),
    ]);
}
/** A findings table: rows capped at ROW_CAP (the rest counted as omitted). */
function findingsTable(title, items, context, dropPriority) {
    // Rendered as fitBlocks reads them: an issue or comment has room for a few hundred of them.
    const rows = (0,fit_blocks/* lazyRows */.qn)(Math.min(items.length, ROW_CAP), (i) => findingRow(items[i].finding, items[i].evaluation, context));
    return (0,fit_blocks/* table */.tp)(title, FINDING_COLUMNS, rows, { total: items.length, dropPriority });
}
function evaluationsWith(decision, predicate) {
    // One pass without an intermediate list: the summary and the issue each ask several times, over every finding.
    const matching = [];
    for (const evaluation of decision.findings)
        if (predicate(evaluation))
            matching.push({ finding: evaluation.finding, evaluation });
    return matching;
}
/** Baseline findings joined with this run's evaluation of them (fixed ones have none). */
function withEvaluations(decision, findings) {
    const byKey = new Map();
    for (const e of decision.findings)
        for (const location of e.locations)
            byKey.set(`${location.scope}\u0000${location.platform ?? ''}\u0000${location.key}`, e);
    return findings.map((finding) => ({ finding, evaluation: byKey.get(`${finding.scope}\u0000${finding.platform ?? ''}\u0000${finding.key}`) }));
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
    return (0,fit_blocks/* table */.tp)(title, SUPPRESSED_COLUMNS, rows, { total: suppressed.length, dropPriority });
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
/* harmony import */ var _exploit_view_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33735);
/* harmony import */ var _fit_blocks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(13224);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27969);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79497);
/* harmony import */ var _pull_request_comment_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53264);
/* harmony import */ var _report_view_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(42711);






function securityIssueTitle(image) {
    return `Container security findings in ${image}`;
}
function issueSeverities(decision) {
    return (0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .severityPhrase */ .zI)(decision.policy?.issueOn);
}
function scanHeading(decision, context) {
    const parts = [`Scan of ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .isoDay */ .kh)(decision.evaluatedAt)}`];
    const sha = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .shortSha */ .Fu)(context.commitSha);
    if (sha)
        parts.push(`commit ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(sha)}`);
    if (context.runUrl)
        parts.push((0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .link */ .nf)('workflow run', context.runUrl));
    return parts.join(' · ');
}
function findingBlocks(decision, context, headingLevel) {
    const blocks = [(0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .countsTable */ .Po)(decision)];
    const exploitLine = (0,_exploit_view_js__WEBPACK_IMPORTED_MODULE_0__/* .exploitDataLine */ .c)(decision);
    if (exploitLine)
        blocks.push(exploitLine);
    const blocking = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .evaluationsWith */ .EP)(decision, (e) => e.blocking);
    const reported = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .evaluationsWith */ .EP)(decision, (e) => e.reportAsIssue && !e.blocking);
    if (blocking.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .findingsTable */ .f9)(`${headingLevel} Blocking (${blocking.length})`, blocking, context, 1));
    if (reported.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .findingsTable */ .f9)(`${headingLevel} To fix (${reported.length})`, reported, context, 2));
    const unfixed = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .evaluationsWith */ .EP)(decision, (e) => e.status === 'unfixed-ignored');
    if (unfixed.length > 0)
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .findingsTable */ .f9)(`${headingLevel} Unfixed, not gated (${unfixed.length}): shipped because of ignore-unfixed`, unfixed, context, 4));
    if (decision.suppressed.length > 0) {
        blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .suppressedTable */ .$P)(`${headingLevel} Suppressed outside the policy file (${decision.suppressed.length})`, decision.suppressed, context, 4));
    }
    const baseline = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .baselineLine */ .G)(decision);
    if (baseline && decision.baseline) {
        blocks.push(baseline);
        const fixed = decision.baseline.fixedVulnerabilities;
        if (fixed.length > 0)
            blocks.push((0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .findingsTable */ .f9)(`${headingLevel} Fixed since the baseline (${fixed.length})`, (0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .withEvaluations */ ._w)(decision, fixed), context, 3));
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
    const note = (0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .omittedNote */ .Vg)('an issue holds at most 65,536 characters; the job summary and the SARIF upload list them all');
    const severities = issueSeverities(decision);
    // The body and the scan comment list the same findings: their tables are rendered once.
    const findings = findingBlocks(decision, context, '####');
    const body = (0,_fit_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .fitBlocks */ .U8)([
        marker,
        `Findings ${severities} were found in ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(context.image)}.`,
        `### ${_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .VERDICT_ICON */ .YY[decision.verdict]} ${scanHeading(decision, context)}: ${(0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .verdictLabel */ .Id)(decision)}`,
        ...findings,
        '<sub>Managed by container-security-gate: every scan of the default branch adds a comment here, and the issue closes itself once no findings ' +
            `${severities} remain. Keep the hidden marker line if you edit this text.</sub>`,
    ], _pull_request_comment_js__WEBPACK_IMPORTED_MODULE_4__/* .COMMENT_BUDGET */ .ub, note);
    const scanComment = (0,_fit_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .fitBlocks */ .U8)([`### ${_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .VERDICT_ICON */ .YY[decision.verdict]} ${scanHeading(decision, context)}: ${(0,_report_view_js__WEBPACK_IMPORTED_MODULE_5__/* .verdictLabel */ .Id)(decision)}`, ...findings], _pull_request_comment_js__WEBPACK_IMPORTED_MODULE_4__/* .COMMENT_BUDGET */ .ub, note);
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

/***/ 72673:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishReports: () => (/* binding */ publishReports)
});

// UNUSED EXPORTS: htmlReportPath

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
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./build/domain/audit-log.js

/** `CVE-2024-0001 HIGH 1a2b3c4d5e6f`: a finding's identity without its text. */
function findingFingerprint(finding) {
    return `${finding.id} ${finding.severity} ${keyDigest(finding.key)}`;
}
/** The 12 hex digits of a fingerprint. */
function keyDigest(key) {
    // One-shot hash: no Hash object per finding (tens of thousands per run).
    return (0,external_node_crypto_.hash)('sha256', key, 'hex').slice(0, 12);
}
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
        distinctFindings: decision.totals.findings,
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
        ...(decision.exploitData && {
            exploit: {
                kev: { status: decision.exploitData.kev.status, date: decision.exploitData.kev.date ?? null },
                epss: { status: decision.exploitData.epss.status, date: decision.exploitData.epss.date ?? null },
                kevCount: decision.exploitData.kevCount,
                maxEpss: decision.exploitData.maxEpss ?? null,
                knownExploited: [...new Set(decision.findings.filter((e) => e.finding.exploit?.kev && e.status !== 'excepted').map((e) => e.finding.exploit.cve))].sort(),
            },
        }),
        ...(context.runUrl && { run: context.runUrl }),
        findings: fingerprints(decision),
    };
}
/** Each distinct finding's fingerprint, in decision order, `not-failed` left out. */
function fingerprints(decision) {
    const listed = [];
    // The digests as 48-bit numbers: two fingerprints can only be equal where their digests are.
    const digests = new Float64Array(decision.findings.length);
    for (const e of decision.findings) {
        if (e.status === 'not-failed')
            continue;
        const digest = keyDigest(e.finding.key);
        digests[listed.length] = parseInt(digest, 16);
        listed.push(`${e.finding.id} ${e.finding.severity} ${digest}`);
    }
    // No digest repeats (the usual case): every fingerprint is distinct, and no set of tens of
    // thousands of strings is needed to say so. Otherwise the repeats are dropped, first kept.
    const sorted = digests.subarray(0, listed.length).sort();
    for (let i = 1; i < sorted.length; i++)
        if (sorted[i] === sorted[i - 1])
            return distinctFingerprints(listed);
    return listed;
}
/** `fingerprints` the plain way: each fingerprint once, in order of first appearance. */
function distinctFingerprints(listed) {
    return [...new Set(listed)];
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
// EXTERNAL MODULE: ./build/domain/render/report-view.js + 1 modules
var report_view = __webpack_require__(42711);
;// CONCATENATED MODULE: ./build/domain/render/html-report/escape.js
/*
 * Everything in a report comes from the pull request (package names, paths, titles): it is
 * written into the page only through these two functions.
 */
const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text or attribute value → HTML that shows exactly that text. */
function escapeHtml(value) {
    return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
/**
 * JSON for a `<script type="application/json">` block: `<` `>` `&` and the two JavaScript line
 * separators become `\uXXXX` escapes, so no string inside can close the element (`</script>`)
 * or open a comment (`<!--`) — JSON.parse reads them back unchanged.
 */
function jsonForScript(value) {
    return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/**
 * http(s) URLs that the URL parser returns unchanged (its `href` is the text itself): a lowercase
 * ASCII host whose last label starts with a letter (not an IPv4 number, no port, no IDNA `xn--`
 * label), then a path of characters the parser neither encodes nor decodes, without `.` or `..`
 * segments, `%`, `\\`, query or fragment. Trivy's advisory links are all of this form; checking
 * it is much cheaper than parsing tens of thousands of them. Anything else is parsed.
 */
const NORMAL_HTTP_URL = /^https?:\/\/(?:(?!xn--)[a-z0-9-]+\.)*(?!xn--)[a-z][a-z0-9-]*(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._~!$&'()*+,;=:@]*)+$/;
/** Only http(s) links are followed; anything else (javascript:, data:) is shown as text. */
function safeUrl(url) {
    if (!url)
        return undefined;
    if (NORMAL_HTTP_URL.test(url))
        return url;
    try {
        const parsed = new URL(url);
        return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./build/domain/render/html-report/chart.js


/** Bar colours per severity; dark enough for white labels (WCAG AA). */
const SEVERITY_COLOUR = {
    CRITICAL: '#a40e26',
    HIGH: '#b35900',
    MEDIUM: '#7d5e00',
    LOW: '#1f5fbf',
    UNKNOWN: '#57606a',
};
/** Horizontal bar chart of counts by severity, drawn here: the page needs no chart library. */
function severityBarChart(counts, title) {
    const max = Math.max(1, ...domain_severity/* SEVERITIES */.oC.map((s) => counts[s]));
    const rowHeight = 34;
    const labelWidth = 100;
    const barSpace = 360;
    const width = labelWidth + barSpace + 70;
    const height = domain_severity/* SEVERITIES */.oC.length * rowHeight + 8;
    const bars = domain_severity/* SEVERITIES */.oC.map((s, i) => {
        const y = 4 + i * rowHeight;
        const w = counts[s] === 0 ? 0 : Math.max(3, Math.round((counts[s] / max) * barSpace));
        return (`<g class="bar" data-severity="${s}"><text x="${labelWidth - 10}" y="${y + 20}" text-anchor="end">${s}</text>` +
            `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}" rx="3" fill="${SEVERITY_COLOUR[s]}"></rect>` +
            `<text x="${labelWidth + w + 8}" y="${y + 20}">${counts[s].toLocaleString('en-US')}</text></g>`);
    }).join('');
    const described = domain_severity/* SEVERITIES */.oC.map((s) => `${s} ${counts[s]}`).join(', ');
    return (`<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
        `<title id="chart-title">${escapeHtml(`${title}: ${described}`)}</title>` +
        `<line x1="${labelWidth}" y1="0" x2="${labelWidth}" y2="${height}" stroke="#d0d7de"></line>${bars}</svg>`);
}

;// CONCATENATED MODULE: ./build/domain/render/html-report/client-script.js
/*
 * The report's only script: filters, search, sort and paging over the rows embedded as JSON.
 * It builds cells with textContent and createElement only (never innerHTML), so report text
 * stays text. Its sha256 goes into the page's Content-Security-Policy; nothing else may run.
 *
 * Row layout (see encodeRows): [severity index, judgedAs, id, url, kind, package, installed,
 * fixed, title, location, locationUrl, scope, platform, status, statusDetail, isNew, kev, epss];
 * strings are indices into the string table (-1 = none), kev is -1/0/1, epss is -1 or 0–1.
 */
const CLIENT_SCRIPT = `(function () {
  'use strict';
  var dataEl = document.getElementById('findings-data');
  var tbody = document.getElementById('findings-body');
  var form = document.getElementById('filters');
  if (!dataEl || !tbody || !form) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var S = data.s, R = data.r, O = data.o;
  var SEV = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  var STATUS_ORDER = data.statusOrder;
  var STATUS_LABEL = data.statusLabel;
  var SCOPE_LABEL = { filesystem: 'context', image: 'image' };
  var state = { sev: {}, status: '', scope: '', q: '', sort: '', dir: 1, page: 0, size: 100 };
  SEV.forEach(function (s) { state.sev[s] = true; });
  var hay = null;
  var view = [];
  var note = document.getElementById('rows-note');
  var pager = document.getElementById('pager');
  var prev = document.getElementById('page-prev');
  var next = document.getElementById('page-next');
  var pageInfo = document.getElementById('page-info');

  function str(i) { return i < 0 ? '' : S[i]; }
  function fmt(n) { return n.toLocaleString('en-US'); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function link(text, href, cls) {
    if (href < 0) return el('span', cls, text);
    var a = el('a', cls, text);
    a.href = str(href);
    a.rel = 'noopener noreferrer';
    return a;
  }
  function haystack(r) {
    return [str(r[2]), str(r[5]), str(r[6]), str(r[7]), str(r[8]), str(r[9]), str(r[12]), str(r[13]), str(r[14])].join('\\n').toLowerCase();
  }

  function cellsOf(r) {
    var tr = document.createElement('tr');
    var sev = SEV[r[0]];
    var td = el('td', 'c-sev');
    td.appendChild(el('span', 'sev sev-' + sev.toLowerCase(), sev));
    if (r[1] >= 0) td.appendChild(el('span', 'sub', 'judged ' + str(r[1])));
    tr.appendChild(td);
    td = el('td', 'c-id');
    td.appendChild(link(str(r[2]), r[3], 'fid'));
    if (str(r[4]) !== 'vulnerability') td.appendChild(el('span', 'tag', str(r[4])));
    if (r[8] >= 0) td.appendChild(el('span', 'sub title', str(r[8])));
    tr.appendChild(td);
    td = el('td', 'c-pkg');
    if (r[5] >= 0) td.appendChild(el('code', '', str(r[5])));
    if (r[6] >= 0) td.appendChild(el('span', 'sub', str(r[6])));
    tr.appendChild(td);
    td = el('td', 'c-fix');
    if (r[7] >= 0) td.appendChild(el('code', '', str(r[7]))); else if (str(r[4]) === 'vulnerability') td.appendChild(el('span', 'muted', 'no fix yet'));
    tr.appendChild(td);
    td = el('td', 'c-loc');
    td.appendChild(link(str(r[9]), r[10], 'loc'));
    td.appendChild(el('span', 'tag', SCOPE_LABEL[str(r[11])] || str(r[11])));
    tr.appendChild(td);
    if (O.platform) tr.appendChild(el('td', 'c-plat', str(r[12])));
    td = el('td', 'c-status');
    td.appendChild(el('span', 'st st-' + str(r[13]), STATUS_LABEL[str(r[13])] || str(r[13])));
    if (r[14] >= 0) td.appendChild(el('span', 'sub', str(r[14])));
    if (r[15]) td.appendChild(el('span', 'tag tag-new', 'new'));
    tr.appendChild(td);
    if (O.kev) tr.appendChild(el('td', 'c-kev', r[16] === 1 ? 'KEV' : r[16] === 0 ? 'no' : ''));
    if (O.epss) tr.appendChild(el('td', 'c-epss num', r[17] >= 0 ? (r[17] * 100).toFixed(1) + '%' : ''));
    if (r[16] === 1) tr.className = 'kev';
    return tr;
  }

  var KEYS = {
    sev: function (r) { return r[0]; },
    id: function (r) { return str(r[2]); },
    pkg: function (r) { return str(r[5]); },
    fix: function (r) { return str(r[7]); },
    loc: function (r) { return str(r[9]); },
    platform: function (r) { return str(r[12]); },
    status: function (r) { return STATUS_ORDER.indexOf(str(r[13])); },
    kev: function (r) { return -r[16]; },
    epss: function (r) { return -r[17]; },
  };

  function apply() {
    var q = state.q.toLowerCase();
    if (q && !hay) hay = R.map(haystack);
    var out = [];
    for (var i = 0; i < R.length; i++) {
      var r = R[i];
      if (!state.sev[SEV[r[0]]]) continue;
      if (state.status && str(r[13]) !== state.status) continue;
      if (state.scope && str(r[11]) !== state.scope) continue;
      if (q && hay[i].indexOf(q) < 0) continue;
      out.push(i);
    }
    if (state.sort) {
      var key = KEYS[state.sort], dir = state.dir;
      var keyed = out.map(function (i) { return [key(R[i]), i]; });
      keyed.sort(function (a, b) { return a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1] - b[1]; });
      out = keyed.map(function (k) { return k[1]; });
    }
    view = out;
    state.page = 0;
    render();
  }

  function render() {
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * state.size, end = Math.min(view.length, start + state.size);
    var frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) frag.appendChild(cellsOf(R[view[i]]));
    if (view.length === 0) {
      var tr = el('tr', 'empty'), td = el('td', '', 'No findings match these filters.');
      td.colSpan = tbody.parentNode.querySelectorAll('thead th').length;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    tbody.replaceChildren(frag);
    tbody.parentNode.setAttribute('data-rows', String(end - start));
    var shown = view.length === 0 ? 'No findings' : 'Showing ' + fmt(start + 1) + '–' + fmt(end) + ' of ' + fmt(view.length);
    note.textContent = shown + (view.length === R.length ? ' findings.' : ' matching findings (' + fmt(R.length) + ' in total).');
    pager.hidden = pages <= 1;
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    pageInfo.textContent = 'Page ' + fmt(state.page + 1) + ' of ' + fmt(pages);
  }

  var timer = 0;
  form.addEventListener('input', function (event) {
    var t = event.target;
    if (t.name === 'sev') state.sev[t.value] = t.checked;
    else if (t.name === 'status') state.status = t.value;
    else if (t.name === 'scope') state.scope = t.value;
    else if (t.name === 'size') { state.size = Number(t.value) || 100; render(); return; }
    else if (t.name === 'q') {
      state.q = t.value.trim();
      clearTimeout(timer);
      timer = setTimeout(apply, R.length > 5000 ? 200 : 60);
      return;
    }
    apply();
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  prev.addEventListener('click', function () { state.page--; render(); });
  next.addEventListener('click', function () { state.page++; render(); });

  Array.prototype.forEach.call(tbody.parentNode.querySelectorAll('thead th[data-sort]'), function (th) {
    var button = el('button', 'sort', th.textContent);
    button.type = 'button';
    th.textContent = '';
    th.appendChild(button);
    th.setAttribute('aria-sort', 'none');
    button.addEventListener('click', function () {
      var key = th.getAttribute('data-sort');
      state.dir = state.sort === key ? -state.dir : 1;
      state.sort = key;
      Array.prototype.forEach.call(tbody.parentNode.querySelectorAll('thead th[data-sort]'), function (other) {
        other.setAttribute('aria-sort', other === th ? (state.dir === 1 ? 'ascending' : 'descending') : 'none');
      });
      apply();
    });
  });

  form.hidden = false;
  document.documentElement.className += ' js';
  apply();
})();
`;

;// CONCATENATED MODULE: ./build/domain/render/html-report/rows.js



const STATUS_LABEL = {
    blocking: 'blocking',
    counted: 'counted',
    reported: 'reported',
    'below-threshold': 'below threshold',
    excepted: 'excepted',
    suppressed: 'suppressed',
    unfixed: 'unfixed',
    passed: 'check passed',
};
function record(value) {
    return typeof value === 'object' && value !== null ? value : undefined;
}
function stringOf(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
/** One place KEV may be given: `true`/`false`, or an object (listed unless it says `listed: false`). */
function kevFrom(value) {
    if (typeof value === 'boolean')
        return value;
    const nested = record(value);
    if (nested)
        return typeof nested.listed === 'boolean' ? nested.listed : true;
    return undefined;
}
/** KEV from `kev: true`, `kev: { … }`, `knownExploited: true` or `exploit: { kev }`, the first one given. */
function kevOf(finding) {
    // One call per row of a big report: no list of candidates built per finding.
    const f = finding;
    return kevFrom(f.kev) ?? kevFrom(f.knownExploited) ?? kevFrom(record(f.exploit)?.kev) ?? kevFrom(record(f.exploitation)?.kev);
}
/** One place EPSS may be given: a probability, or `{ score | probability }`; undefined unless within 0–1. */
function epssFrom(value) {
    const score = typeof value === 'number' ? value : (record(value)?.score ?? record(value)?.probability);
    return typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 1 ? score : undefined;
}
/** EPSS probability from `epss: 0.97`, `epss: { score | probability }` or `exploit: { epss }`, the first valid one. */
function epssOf(finding) {
    const f = finding;
    return epssFrom(f.epss) ?? epssFrom(record(f.exploit)?.epss) ?? epssFrom(record(f.exploitation)?.epss);
}
/** `linux/arm64` from `platform: 'linux/arm64'` or `{ os, architecture, variant }`. */
function platformOf(finding) {
    const value = finding.platform;
    if (typeof value === 'string')
        return value;
    const p = record(value);
    if (!p)
        return '';
    return [stringOf(p.os), stringOf(p.architecture), stringOf(p.variant)].filter(Boolean).join('/');
}
function blobUrl(context, path, line) {
    if (!context.serverUrl || !context.repository || !context.commitSha)
        return undefined;
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return safeUrl(`${context.serverUrl}/${context.repository}/blob/${context.commitSha}/${encoded}${line ? `#L${line}` : ''}`);
}
function rows_location(finding, context) {
    const line = finding.startLine && finding.startLine > 0 ? finding.startLine : undefined;
    const file = (0,report_view/* findingFile */.i8)(finding, context.contextPath);
    if (file !== undefined)
        return { location: `${file}${line ? `:${line}` : ''}`, locationUrl: blobUrl(context, file, line) };
    if (finding.targetClass === 'os-pkgs')
        return { location: `OS packages${finding.targetType ? ` (${finding.targetType})` : ''}`, locationUrl: undefined };
    return { location: `${finding.packagePath || finding.target}${line ? `:${line}` : ''}`, locationUrl: undefined };
}
function statusOf(evaluation) {
    switch (evaluation.status) {
        case 'blocking':
            return { status: 'blocking', detail: evaluation.blockingRule ?? 'policy' };
        case 'excepted':
            return { status: 'excepted', detail: evaluation.exception ? `until ${evaluation.exception.expires}` : '' };
        case 'unfixed-ignored':
            return { status: 'unfixed', detail: 'no fix; ignore-unfixed' };
        case 'not-failed':
            return { status: 'passed', detail: '' };
        case 'counted':
        case 'reported':
        case 'below-threshold':
            return { status: evaluation.status, detail: '' };
        default: {
            // A status added by another change (e.g. suppressed): shown under its own name.
            const other = String(evaluation.status);
            return { status: other === 'suppressed' ? 'suppressed' : 'reported', detail: other === 'suppressed' ? '' : other };
        }
    }
}
function findingRow(finding, status, isNew, judgedAs, context) {
    const kind = finding.kind;
    // Named fields, not a spread: one row per finding, and a spread in a literal is a slow copy.
    const where = rows_location(finding, context);
    return {
        severity: domain_severity/* SEVERITIES */.oC.includes(finding.severity) ? finding.severity : 'UNKNOWN',
        judgedAs,
        id: finding.id,
        url: safeUrl(finding.url),
        kind,
        pkg: finding.packageName ?? (kind === 'secret' ? (finding.category ?? 'secret') : ''),
        installed: finding.installedVersion ?? '',
        fixed: kind === 'vulnerability' ? (finding.fixedVersion ?? '') : kind === 'secret' ? 'remove and rotate' : '',
        title: finding.title,
        location: where.location,
        locationUrl: where.locationUrl,
        scope: finding.scope,
        platform: platformOf(finding),
        status: status.status,
        statusDetail: status.detail,
        isNew,
        kev: kevOf(finding),
        epss: epssOf(finding),
    };
}
/** Every finding of the decision, in its order (blocking first, then by severity), then suppressed ones. */
function findingRows(decision, context) {
    const rows = decision.findings.map((e) => findingRow(e.finding, statusOf(e), e.baseline === 'new', e.effectiveSeverity !== e.finding.severity ? e.effectiveSeverity : '', context));
    for (const { finding, suppression } of decision.suppressed ?? []) {
        const detail = [suppression.source, suppression.status, suppression.justification, suppression.statement].filter((part) => part).join(' · ');
        rows.push(findingRow(finding, { status: 'suppressed', detail }, false, '', context));
    }
    return rows;
}
/** Which optional columns the table shows: only those some row has data for. */
function optionalColumns(rows) {
    return {
        kev: rows.some((r) => r.kev !== undefined),
        epss: rows.some((r) => r.epss !== undefined),
        platform: rows.some((r) => r.platform !== ''),
    };
}

;// CONCATENATED MODULE: ./build/domain/render/html-report/string-table.js
/*
 * The string table of report.html's embedded rows: each distinct string once, numbered in the
 * order it is first added. On a 50,000-finding report that is ~150,000 strings, most of them
 * seen once (IDs, links, titles). A Map of them was the costliest step of the page: its lookups
 * and its regrowth re-read every key string, scattered over a heap the size of the report. This
 * table keeps each string's hash next to its number, so probing and growing touch a string only
 * when the hashes match.
 */
/** FNV-1a over the UTF-16 code units (and the length). */
function fnv1a(value) {
    let hash = 0x811c9dc5 ^ value.length;
    for (let i = 0; i < value.length; i++)
        hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
    return hash;
}
class StringTable {
    /** The strings, by number. */
    strings = [];
    /** Open addressing, linear probing: number + 1 (0 = empty) and the hash of that string. */
    slots = new Int32Array(1024);
    hashes = new Int32Array(1024);
    hash;
    /** `hash` only for tests (a constant makes every string collide); equal strings must hash equally. */
    constructor(hash = fnv1a) {
        this.hash = hash;
    }
    /** The number of `value`, added at the end when it is not in the table yet. */
    indexOf(value) {
        const hash = this.hash(value);
        const mask = this.slots.length - 1;
        let i = hash & mask;
        for (let slot = this.slots[i]; slot !== 0; slot = this.slots[i]) {
            if (this.hashes[i] === hash && this.strings[slot - 1] === value)
                return slot - 1;
            i = (i + 1) & mask;
        }
        const index = this.strings.length;
        this.strings.push(value);
        this.slots[i] = index + 1;
        this.hashes[i] = hash;
        // At most half full, so probes stay short.
        if (2 * this.strings.length > this.slots.length)
            this.grow();
        return index;
    }
    grow() {
        const { slots, hashes } = this;
        this.slots = new Int32Array(2 * slots.length);
        this.hashes = new Int32Array(2 * slots.length);
        const mask = this.slots.length - 1;
        for (let j = 0; j < slots.length; j++) {
            if (slots[j] === 0)
                continue;
            let i = hashes[j] & mask;
            while (this.slots[i] !== 0)
                i = (i + 1) & mask;
            this.slots[i] = slots[j];
            this.hashes[i] = hashes[j];
        }
    }
}

;// CONCATENATED MODULE: ./build/domain/render/html-report/styles.js
/* The report's stylesheet (inline; its sha256 goes into the Content-Security-Policy). */
const STYLES = `
:root { --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa; --link: #0550ae;
  --critical: #a40e26; --high: #b35900; --medium: #7d5e00; --low: #1f5fbf; --unknown: #57606a; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.15rem; font-weight: 600; margin: 0; color: var(--muted); letter-spacing: .01em; }
h2 { font-size: 1.2rem; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 20px 0 8px; }
a { color: var(--link); }
code, .mono { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .86em; overflow-wrap: anywhere; }
.muted, .sub { color: var(--muted); }
.sub { display: block; font-size: .85em; overflow-wrap: anywhere; }
header.top { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 16px; align-items: baseline; margin-bottom: 14px; }
header.top .meta { color: var(--muted); font-size: .9rem; }
.verdict { border-radius: 10px; padding: 18px 22px; border: 1px solid; display: flex; gap: 18px; align-items: center; flex-wrap: wrap; }
.verdict .word { font-size: 2rem; font-weight: 750; text-transform: uppercase; letter-spacing: .04em; line-height: 1.1; }
.verdict .why { flex: 1 1 320px; }
.verdict .why strong { display: block; font-size: 1.05rem; }
.verdict.pass { background: #dafbe1; border-color: #4ac26b; color: #0f5323; }
.verdict.fail { background: #ffebe9; border-color: #ff8182; color: #82071e; }
.verdict.error { background: #fff8c5; border-color: #d4a72c; color: #633c01; }
.reasons { margin: 12px 0 0; padding-left: 1.2em; }
.error-box { margin-top: 12px; padding: 12px 16px; border-left: 4px solid #d4a72c; background: var(--panel); }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); padding: 10px 12px; border-radius: 6px; font-size: .85em; }
.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 10px; margin: 18px 0 8px; }
.count { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--bg); }
.count .n { display: block; font-size: 1.7rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.count .l { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; font-weight: 600; }
.count.sev-critical { border-top: 4px solid var(--critical); } .count.sev-high { border-top: 4px solid var(--high); }
.count.sev-medium { border-top: 4px solid var(--medium); } .count.sev-low { border-top: 4px solid var(--low); }
.count.sev-unknown { border-top: 4px solid var(--unknown); }
.chart-row { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 24px; align-items: start; }
.chart { width: 100%; max-width: 560px; height: auto; }
.chart text { font: 13px system-ui, "DejaVu Sans", sans-serif; fill: var(--fg); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
.table-wrap table th:first-child, .table-wrap table td:first-child { padding-left: 14px; }
#findings td { font-size: .92rem; }
#findings .c-id { min-width: 14em; max-width: 30em; }
#findings .c-fix code, #findings .c-pkg code { white-space: nowrap; }
#findings .title { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
#findings tr.kev td:first-child { box-shadow: inset 4px 0 0 var(--critical); }
.sev { display: inline-block; font-size: .72rem; font-weight: 700; letter-spacing: .05em; padding: 2px 7px; border-radius: 999px; color: #fff; }
.sev-critical.sev { background: var(--critical); } .sev-high.sev { background: var(--high); } .sev-medium.sev { background: var(--medium); }
.sev-low.sev { background: var(--low); } .sev-unknown.sev { background: var(--unknown); }
.tag { display: inline-block; font-size: .72rem; padding: 0 6px; margin-left: 6px; border: 1px solid var(--line); border-radius: 4px; color: var(--muted); }
.tag-new { border-color: #bf3989; color: #99286e; font-weight: 600; }
.st { font-weight: 600; }
.st-blocking { color: #a40e26; } .st-excepted, .st-suppressed, .st-unfixed { color: #6e5400; } .st-passed { color: #1a7f37; }
.expired { color: #a40e26; font-weight: 700; }
form#filters { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: end; margin: 8px 0 12px; padding: 12px 14px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
legend, label.field > span { display: block; font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; margin-bottom: 2px; }
label.check { font-size: .9rem; white-space: nowrap; }
input[type=search], select { font: inherit; padding: 5px 8px; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--fg); }
input[type=search] { width: 18em; max-width: 100%; }
button { font: inherit; cursor: pointer; }
button.sort { all: unset; cursor: pointer; text-transform: inherit; letter-spacing: inherit; font: inherit; color: inherit; }
button.sort:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, .pager button:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
th[aria-sort=ascending] button.sort::after { content: " ▲"; } th[aria-sort=descending] button.sort::after { content: " ▼"; }
.pager { display: flex; gap: 12px; align-items: center; margin: 10px 0; }
.pager button { padding: 5px 12px; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--fg); }
.pager button:disabled { opacity: .45; cursor: default; }
#rows-note { margin: 8px 0; color: var(--muted); font-size: .9rem; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 18px; margin: 0; }
dl.facts dt { color: var(--muted); font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
footer { margin-top: 40px; color: var(--muted); font-size: .85rem; }
@media (max-width: 760px) {
  main { padding: 16px 12px 32px; }
  .verdict .word { font-size: 1.6rem; }
  .chart-row { grid-template-columns: 1fr; }
  dl.facts { grid-template-columns: 1fr; gap: 0 0; } dl.facts dd { margin-bottom: 8px; }
  #findings .c-id { min-width: 11em; }
  .table-wrap > table { min-width: 640px; }
  .counts { grid-template-columns: repeat(auto-fit, minmax(96px, 1fr)); }
}
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  form#filters, .pager, .no-print { display: none !important; }
  .table-wrap { overflow: visible; border: 0; }
  tr, .count, .verdict, dl.facts > * { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .verdict, .sev, .count, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  #findings .title { display: block; -webkit-line-clamp: unset; }
  #findings .c-pkg code { white-space: normal; }
  #findings td, #findings th { padding: 4px 6px; font-size: 8.5pt; }
  #findings .c-id { min-width: 0; }
  .chart-row { grid-template-columns: 1fr; }
  .chart { max-width: 420px; }
}
`;

;// CONCATENATED MODULE: ./build/domain/render/html-report/html-report.js









/*
 * report.html: one self-contained page per run (no external script, style, font or image),
 * readable offline and from an artifact download, and printable to a clean PDF.
 *
 * Safety: every string from a report or the repository goes through escapeHtml (markup) or
 * jsonForScript (the embedded rows); the Content-Security-Policy allows exactly the page's one
 * script and one stylesheet by hash, and no network request at all.
 *
 * Size: all rows are embedded once as compact JSON (a string table plus index arrays) and the
 * script renders one page of them at a time; without script, the first rows are in the HTML.
 */
/** Rows rendered into the HTML for readers without script (and for the first paint). */
const STATIC_ROWS = 200;
/** New/fixed lists of the baseline section. */
const LIST_CAP = 500;
const STATUS_ORDER = ['blocking', 'counted', 'reported', 'below-threshold', 'unfixed', 'excepted', 'suppressed', 'passed'];
const VERDICT_WORD = { pass: 'Passed', fail: 'Failed', error: 'Error' };
function sha256(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text, 'utf8').digest('base64');
}
/** The page's policy: its own script and style (by hash), inline SVG and nothing from anywhere. */
function contentSecurityPolicy() {
    return [
        "default-src 'none'",
        `script-src 'sha256-${sha256(CLIENT_SCRIPT)}'`,
        `style-src 'sha256-${sha256(STYLES)}'`,
        "base-uri 'none'",
        "form-action 'none'",
    ].join('; ');
}
/** Case-insensitive masking of secret values in every string that reaches the page. */
function redactor(secrets) {
    const values = (secrets ?? []).filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
    if (values.length === 0)
        return (value) => value;
    const pattern = new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
    return (value) => value.replace(pattern, '***');
}
function html_report_anchor(t, label, href, cls = '') {
    const url = safeUrl(href);
    const c = cls ? ` class="${cls}"` : '';
    return url ? `<a${c} href="${t(url)}" rel="noopener noreferrer">${t(label)}</a>` : `<span${c}>${t(label)}</span>`;
}
/** Distinct findings by severity: one finding in both scans (same key) counts once. */
function distinctCounts(decision) {
    // The decision has already merged each problem into one evaluation, so keys seldom repeat:
    // while none does, one set of every key and a count per severity give the same numbers with
    // one lookup per finding. The first repeated key sends it the exact way below.
    const counts = (0,domain_severity/* emptyCounts */.W1)();
    const keys = new Set();
    let repeated = false;
    for (const e of decision.findings) {
        if (e.status === 'not-failed')
            continue;
        const size = keys.size;
        keys.add(e.finding.key);
        if (keys.size === size) {
            repeated = true;
            break;
        }
        counts[e.finding.severity] += 1;
    }
    return repeated ? distinctCountsBySeverity(decision) : counts;
}
/** `distinctCounts` the plain way: one set of keys per severity. */
function distinctCountsBySeverity(decision) {
    const counts = (0,domain_severity/* emptyCounts */.W1)();
    // One set of keys per severity: no key string built per finding.
    const seen = new Map();
    for (const e of decision.findings) {
        if (e.status === 'not-failed')
            continue;
        const { severity, key } = e.finding;
        let keys = seen.get(severity);
        if (keys === undefined)
            seen.set(severity, (keys = new Set()));
        if (keys.has(key))
            continue;
        keys.add(key);
        counts[severity] += 1;
    }
    return counts;
}
function verdictSection(decision, t) {
    const reasons = decision.reasons.slice(0, 30).map((r) => `<li>${r.level === 'fail' ? '<strong>fail</strong>' : 'warn'}: ${t(r.message)}</li>`);
    if (decision.reasons.length > 30)
        reasons.push(`<li>… and ${decision.reasons.length - 30} more</li>`);
    const error = decision.error
        ? `<div class="error-box"><strong>${t(decision.error.reason)}:</strong> ${t(decision.error.message)}` +
            (decision.error.remedy ? `<p>${t(decision.error.remedy)}</p>` : '') +
            (decision.error.details.length > 0
                ? `<pre>${t(decision.error.details.slice(0, 30).join('\n'))}${decision.error.details.length > 30 ? `\n… ${decision.error.details.length - 30} more lines` : ''}</pre>`
                : '') +
            '</div>'
        : '';
    return (`<section class="verdict ${decision.verdict}" id="verdict" aria-label="Verdict">` +
        `<div class="word">${VERDICT_WORD[decision.verdict]}</div>` +
        `<div class="why"><strong>verdict=${t(decision.verdict)} · reason=${t(decision.reason)}</strong>${t(decision.summary)}</div></section>` +
        (reasons.length > 0 ? `<ul class="reasons">${reasons.join('')}</ul>` : '') +
        error);
}
function countsSection(decision, t) {
    const distinct = distinctCounts(decision);
    const total = domain_severity/* SEVERITIES */.oC.reduce((sum, s) => sum + distinct[s], 0);
    const tiles = domain_severity/* SEVERITIES */.oC.map((s) => `<div class="count sev-${s.toLowerCase()}" data-severity="${s}"><span class="n">${distinct[s].toLocaleString('en-US')}</span><span class="l">${s}</span></div>`).join('');
    const scopeRow = (label, scanned, counts) => `<tr><th scope="row">${label}</th>${scanned
        ? `${domain_severity/* SEVERITIES */.oC.map((s) => `<td class="num">${counts[s]}</td>`).join('')}<td class="num">${domain_severity/* SEVERITIES */.oC.reduce((n, s) => n + counts[s], 0)}</td>`
        : `<td colspan="${domain_severity/* SEVERITIES */.oC.length + 1}" class="muted">not scanned</td>`}</tr>`;
    return (`<section aria-labelledby="h-counts"><h2 id="h-counts">Findings by severity</h2>` +
        `<p class="muted">${total.toLocaleString('en-US')} distinct findings (a finding in both the build context and the image counts once).</p>` +
        `<div class="counts" id="counts">${tiles}</div>` +
        `<div class="chart-row"><div>${severityBarChart(distinct, 'Distinct findings by severity')}</div>` +
        `<div class="table-wrap"><table><caption class="muted">Per scan (as gated)</caption><thead><tr><th scope="col">Scan</th>${domain_severity/* SEVERITIES */.oC.map((s) => `<th scope="col" class="num">${s[0]}${s.slice(1).toLowerCase()}</th>`).join('')}<th scope="col" class="num">Total</th></tr></thead><tbody>` +
        scopeRow('Build context', decision.scanned.filesystem, decision.counts.filesystem) +
        scopeRow('Image', decision.scanned.image, decision.counts.image) +
        `</tbody></table></div></div>${t('')}</section>`);
}
/** One server-rendered row; the client script builds the same cells. */
function rowHtml(row, t, columns) {
    const sev = `<td class="c-sev"><span class="sev sev-${row.severity.toLowerCase()}">${row.severity}</span>${row.judgedAs ? `<span class="sub">judged ${t(row.judgedAs)}</span>` : ''}</td>`;
    const id = `<td class="c-id">${html_report_anchor(t, row.id, row.url, 'fid')}${row.kind !== 'vulnerability' ? `<span class="tag">${row.kind}</span>` : ''}` +
        `${row.title ? `<span class="sub title">${t(row.title)}</span>` : ''}</td>`;
    const pkg = `<td class="c-pkg">${row.pkg ? `<code>${t(row.pkg)}</code>` : ''}${row.installed ? `<span class="sub">${t(row.installed)}</span>` : ''}</td>`;
    const fix = `<td class="c-fix">${row.fixed ? `<code>${t(row.fixed)}</code>` : row.kind === 'vulnerability' ? '<span class="muted">no fix yet</span>' : ''}</td>`;
    const loc = `<td class="c-loc">${html_report_anchor(t, row.location, row.locationUrl, 'loc')}<span class="tag">${row.scope === 'image' ? 'image' : 'context'}</span></td>`;
    const platform = columns.platform ? `<td class="c-plat">${t(row.platform)}</td>` : '';
    const status = `<td class="c-status"><span class="st st-${row.status}">${STATUS_LABEL[row.status]}</span>` +
        `${row.statusDetail ? `<span class="sub">${t(row.statusDetail)}</span>` : ''}${row.isNew ? '<span class="tag tag-new">new</span>' : ''}</td>`;
    const kev = columns.kev ? `<td class="c-kev">${row.kev === true ? 'KEV' : row.kev === false ? 'no' : ''}</td>` : '';
    const epss = columns.epss ? `<td class="c-epss num">${row.epss !== undefined ? `${(row.epss * 100).toFixed(1)}%` : ''}</td>` : '';
    return `<tr${row.kev ? ' class="kev"' : ''}>${sev}${id}${pkg}${fix}${loc}${platform}${status}${kev}${epss}</tr>`;
}
/** Rows → `{ s: strings, r: rows of indices }`; see client-script.ts for the layout. */
function encodeRows(rows, redact) {
    // Each distinct value is listed once, in order of first use, and redacted once (not once per
    // row: most values repeat). Values that redact to the same text then share one entry, as if
    // every value had been redacted before it was listed.
    const table = new StringTable();
    const values = table.strings;
    // Each value is redacted as it is listed, while its text is still in the cache; the redacted
    // list is only made once some value changes (until then it would equal `values`).
    let redacted;
    const ref = (value) => {
        if (value === undefined || value === '')
            return -1;
        const listed = values.length;
        const i = table.indexOf(value);
        if (values.length !== listed) {
            const clean = redact(value);
            if (redacted === undefined && clean !== value)
                redacted = values.slice(0, listed);
            redacted?.push(clean);
        }
        return i;
    };
    // Columns with few distinct values (kinds, packages, versions, locations, statuses) look them up
    // in a small table of their own first: one big table probed for every cell is mostly cache misses.
    const column = () => {
        const seen = new Map();
        return (value) => {
            if (value === undefined || value === '')
                return -1;
            let i = seen.get(value);
            if (i === undefined)
                seen.set(value, (i = ref(value)));
            return i;
        };
    };
    const [judgedAs, kind, pkg, installed, fixed, location, scope, platform, status, statusDetail] = Array.from({ length: 10 }, column);
    const r = rows.map((row) => [
        domain_severity/* SEVERITIES */.oC.indexOf(row.severity),
        judgedAs(row.judgedAs),
        ref(row.id),
        ref(row.url),
        kind(row.kind),
        pkg(row.pkg),
        installed(row.installed),
        fixed(row.fixed),
        ref(row.title),
        location(row.location),
        ref(row.locationUrl),
        scope(row.scope),
        platform(row.platform),
        status(row.status),
        statusDetail(row.statusDetail),
        row.isNew ? 1 : 0,
        row.kev === undefined ? -1 : row.kev ? 1 : 0,
        row.epss === undefined ? -1 : Math.round(row.epss * 1e5) / 1e5,
    ]);
    if (redacted === undefined)
        return { s: values, r };
    // Some value held a secret: entries that now read the same are merged, keeping first-use order.
    const strings = [];
    const merged = new Map();
    const remap = redacted.map((v) => {
        let i = merged.get(v);
        if (i === undefined) {
            i = strings.length;
            strings.push(v);
            merged.set(v, i);
        }
        return i;
    });
    for (const row of r)
        for (const field of STRING_FIELDS)
            if (row[field] >= 0)
                row[field] = remap[row[field]];
    return { s: strings, r };
}
/** The positions of `encodeRows`' row arrays that index the string table. */
const STRING_FIELDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
/**
 * `jsonForScript(value)` for the findings data, in pieces of a few thousand strings or rows: on a
 * run of 50,000 findings the data is ~10 MB of text, written to the file without ever being one string.
 */
function* findingsDataChunks(data) {
    function* list(items, batch, json) {
        for (let start = 0; start < items.length; start += batch) {
            const text = json(items.slice(start, start + batch));
            yield `${start === 0 ? '' : ','}${text.slice(1, -1)}`;
        }
    }
    yield '{"s":[';
    yield* list(data.s, 4000, jsonForScript);
    yield '],"r":[';
    // Rows hold only numbers, whose JSON has none of the characters jsonForScript escapes.
    yield* list(data.r, 2000, (rows) => JSON.stringify(rows));
    yield `],"o":${jsonForScript(data.o)},"statusOrder":${jsonForScript(STATUS_ORDER)},"statusLabel":${jsonForScript(STATUS_LABEL)}}`;
}
function* findingsSectionChunks(rows, t, redact) {
    const columns = optionalColumns(rows);
    const statuses = STATUS_ORDER.filter((s) => rows.some((r) => r.status === s));
    const scopes = ['filesystem', 'image'].filter((s) => rows.some((r) => r.scope === s));
    const perSeverity = new Map();
    for (const r of rows)
        perSeverity.set(r.severity, (perSeverity.get(r.severity) ?? 0) + 1);
    const bySeverity = domain_severity/* SEVERITIES */.oC.map((s) => [s, perSeverity.get(s) ?? 0]);
    const filters = `<form id="filters" hidden role="search" aria-label="Filter findings">` +
        `<fieldset><legend>Severity</legend>${bySeverity.map(([s, n]) => `<label class="check"><input type="checkbox" name="sev" value="${s}" checked> ${s} (${n})</label>`).join('')}</fieldset>` +
        `<label class="field"><span>Status</span><select name="status"><option value="">all</option>${statuses.map((s) => `<option value="${s}">${STATUS_LABEL[s]}</option>`).join('')}</select></label>` +
        `<label class="field"><span>Scope</span><select name="scope"><option value="">all</option>${scopes.map((s) => `<option value="${s}">${s === 'image' ? 'image' : 'build context'}</option>`).join('')}</select></label>` +
        `<label class="field"><span>Search</span><input type="search" name="q" placeholder="ID, package, path, title…"></label>` +
        `<label class="field"><span>Rows per page</span><select name="size"><option>50</option><option selected>100</option><option>500</option></select></label>` +
        `</form>`;
    const head = `<tr><th scope="col" data-sort="sev">Severity</th><th scope="col" data-sort="id">Finding</th><th scope="col" data-sort="pkg">Package</th>` +
        `<th scope="col" data-sort="fix">Fix</th><th scope="col" data-sort="loc">Location</th>` +
        `${columns.platform ? '<th scope="col" data-sort="platform">Platform</th>' : ''}<th scope="col" data-sort="status">Status</th>` +
        `${columns.kev ? '<th scope="col" data-sort="kev">KEV</th>' : ''}${columns.epss ? '<th scope="col" data-sort="epss" class="num">EPSS</th>' : ''}</tr>`;
    const shown = rows.slice(0, STATIC_ROWS);
    const note = rows.length === 0
        ? 'No findings.'
        : rows.length > shown.length
            ? `Showing the first ${shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} findings, blocking first. ` +
                `${(rows.length - shown.length).toLocaleString('en-US')} more are not shown here: open this file with scripts enabled to page through all of them, or read the SARIF file.`
            : `${rows.length.toLocaleString('en-US')} findings, blocking first.`;
    yield (`<section aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>${filters}` +
        `<p id="rows-note" role="status" aria-live="polite">${note}</p>` +
        `<div class="table-wrap"><table id="findings" data-rows="${shown.length}" data-total="${rows.length}"><thead>${head}</thead>` +
        `<tbody id="findings-body">${shown.map((r) => rowHtml(r, t, columns)).join('')}</tbody></table></div>` +
        `<nav class="pager" id="pager" hidden aria-label="Pages"><button type="button" id="page-prev">Previous</button><span id="page-info"></span><button type="button" id="page-next">Next</button></nav>` +
        `<script type="application/json" id="findings-data">`);
    // `jsonForScript({ ...encodeRows(rows, redact), o: columns, statusOrder: STATUS_ORDER, statusLabel: STATUS_LABEL })`, in pieces.
    yield* findingsDataChunks({ ...encodeRows(rows, redact), o: columns });
    yield '</script></section>';
}
function hardeningSection(hardening, t) {
    if (hardening.length === 0)
        return '';
    const rows = hardening.map((h) => `<tr><td>${t(h.rule)}</td><td>${t(h.mode)}</td><td><span class="st st-${h.status === 'fail' ? 'blocking' : h.status === 'pass' ? 'passed' : 'unfixed'}">${t(h.status)}</span></td>` +
        `<td>${t(h.message)}${h.problems.length > 0 ? `<ul>${h.problems.slice(0, 50).map((p) => `<li>${t(p)}</li>`).join('')}</ul>` : ''}</td></tr>`);
    return (`<section aria-labelledby="h-hardening"><h2 id="h-hardening">Image hardening</h2><div class="table-wrap"><table>` +
        `<thead><tr><th scope="col">Rule</th><th scope="col">Mode</th><th scope="col">Result</th><th scope="col">Details</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`);
}
function findingList(findings, t) {
    if (findings.length === 0)
        return '<p class="muted">None.</p>';
    const items = findings
        .slice(0, LIST_CAP)
        .map((f) => `<li><span class="sev sev-${f.severity.toLowerCase()}">${f.severity}</span> ${html_report_anchor(t, f.id, f.url)} <code>${t(f.packageName ?? f.target)}</code> ${t(f.installedVersion ?? '')}</li>`);
    if (findings.length > LIST_CAP)
        items.push(`<li>… and ${(findings.length - LIST_CAP).toLocaleString('en-US')} more</li>`);
    return `<ul>${items.join('')}</ul>`;
}
function baselineSection(decision, t) {
    const b = decision.baseline;
    if (!b)
        return '';
    return (`<section aria-labelledby="h-baseline"><h2 id="h-baseline">Against the baseline</h2>` +
        `<p><strong>${t(b.verdict)}</strong> (${b.scope === 'image' ? 'image' : 'build context'} scan): ${b.baselineCount} → ${b.currentCount} gated vulnerabilities, ` +
        `+${b.newCount} new, −${b.fixedCount} fixed, ${b.unchangedCount} unchanged${b.blocking ? '. This blocks (block-on-increase).' : '.'}</p>` +
        `<h3>New</h3>${findingList(b.newVulnerabilities, t)}<h3>Fixed</h3>${findingList(b.fixedVulnerabilities, t)}</section>`);
}
function exceptionsSection(decision, t) {
    const { fileName, used, unused, expired } = decision.exceptions;
    const all = [
        ...expired.map((e) => ({ e, state: 'expired', findings: undefined })),
        ...used.map((u) => ({ e: u.exception, state: 'in use', findings: u.findings })),
        ...unused.map((e) => ({ e, state: 'unused', findings: 0 })),
    ];
    if (all.length === 0)
        return '';
    const rows = all.map(({ e, state, findings }) => `<tr${state === 'expired' ? ' class="expired-row"' : ''}><td><code>${t(e.id)}</code></td><td>${e.package ? `<code>${t(e.package)}</code>` : '<span class="muted">any</span>'}</td>` +
        `<td>${e.path ? `<code>${t(e.path)}</code>` : '<span class="muted">any</span>'}</td><td>${t(e.reason)}</td>` +
        `<td class="${state === 'expired' ? 'expired' : ''}">${t(e.expires)}${state === 'expired' ? ' (expired)' : ''}</td><td>${state}</td><td class="num">${findings ?? '—'}</td></tr>`);
    return (`<section aria-labelledby="h-exceptions"><h2 id="h-exceptions">Exceptions</h2>` +
        `${fileName ? `<p class="muted">From <code>${t(fileName)}</code>. Expired exceptions no longer apply.</p>` : ''}` +
        `<div class="table-wrap"><table><thead><tr><th scope="col">ID</th><th scope="col">Package</th><th scope="col">Path</th><th scope="col">Reason</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col" class="num">Findings</th></tr></thead>` +
        `<tbody>${rows.join('')}</tbody></table></div></section>`);
}
/** Attestations another change may add to the context (`attestations: [{ type, reference }]`), shown when present. */
function attestationsOf(context) {
    const list = context.attestations;
    if (!Array.isArray(list))
        return [];
    return list.flatMap((a) => {
        if (typeof a === 'string')
            return [a];
        if (typeof a !== 'object' || a === null)
            return [];
        const r = a;
        const parts = [r.type, r.predicateType, r.reference, r.digest, r.url].filter((v) => typeof v === 'string' && v !== '');
        return parts.length > 0 ? [parts.join(' · ')] : [];
    });
}
function detailsSection(decision, context, t) {
    const facts = [];
    const add = (label, html) => {
        if (html)
            facts.push([label, html]);
    };
    add('Image', `<code>${t(context.image)}</code>`);
    add('Scanned image ID', context.imageId ? `<code>${t(context.imageId)}</code>` : '<span class="muted">no image was built</span>');
    add('Pushed digest', context.digest && context.pushedReferences?.length ? `<code>${t(context.digest)}</code>` : '<span class="muted">nothing pushed</span>');
    if (context.pushedReferences?.length)
        add('Pushed tags', context.pushedReferences.map((r) => `<code>${t(r)}</code>`).join('<br>'));
    const attestations = attestationsOf(context);
    if (attestations.length > 0)
        add('Attestations', attestations.map((a) => `<code>${t(a)}</code>`).join('<br>'));
    add('Trivy', context.trivyVersion ? t(context.trivyVersion) : '<span class="muted">not installed</span>');
    add('Vulnerability DB', context.dbUpdatedAt ? t(context.dbUpdatedAt) : '<span class="muted">date not recorded</span>');
    const p = decision.policy;
    add('Policy', p
        ? t(`fail on ${(0,report_view/* describeSeverities */.h1)(p.failOn)}; issue on ${(0,report_view/* describeSeverities */.h1)(p.issueOn)}; UNKNOWN judged ${p.unknownSeverity}; ` +
            `ignore-unfixed ${p.ignoreUnfixed ? 'on' : 'off'}; block-on-increase ${p.blockOnIncrease ? 'on' : 'off'}`)
        : '<span class="muted">no policy (the run stopped before one was read)</span>');
    if (context.repository)
        add('Repository', html_report_anchor(t, context.repository, context.serverUrl ? `${context.serverUrl}/${context.repository}` : undefined));
    if (context.commitSha)
        add('Commit', html_report_anchor(t, context.commitSha, context.serverUrl && context.repository ? `${context.serverUrl}/${context.repository}/commit/${context.commitSha}` : undefined, 'mono'));
    if (context.runUrl)
        add('Workflow run', html_report_anchor(t, context.runUrl, context.runUrl));
    add('Evaluated at', t(decision.evaluatedAt));
    return (`<section aria-labelledby="h-details"><h2 id="h-details">Run details</h2><dl class="facts">` +
        facts.map(([label, html]) => `<dt>${label}</dt><dd>${html}</dd>`).join('') +
        `</dl></section>`);
}
/** The whole page. Pure: decision and context in, one HTML string out. */
function renderHtmlReport(decision, context) {
    return [...htmlReportChunks(decision, context)].join('');
}
/** The page as renderHtmlReport gives it, in pieces, for writing it to a file without holding it whole. */
function* htmlReportChunks(decision, context) {
    const redact = redactor(context.secrets);
    const t = (value) => escapeHtml(redact(value ?? ''));
    const rows = findingRows(decision, context);
    const title = `${VERDICT_WORD[decision.verdict]}: ${context.image} — Container Security Gate report`;
    yield (`<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
        `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<meta name="referrer" content="no-referrer">` +
        `<title>${t(title)}</title><style>${STYLES}</style></head><body><main>` +
        `<header class="top"><h1>Container Security Gate · <code>${t(context.image)}</code></h1>` +
        `<span class="meta">${t(decision.evaluatedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}${context.runUrl ? ` · ${html_report_anchor(t, 'workflow run', context.runUrl)}` : ''}</span></header>` +
        verdictSection(decision, t) +
        countsSection(decision, t));
    yield* findingsSectionChunks(rows, t, redact);
    yield (hardeningSection(decision.hardening, t) +
        baselineSection(decision, t) +
        exceptionsSection(decision, t) +
        detailsSection(decision, context, t) +
        `<footer>Generated by Container Security Gate${context.gateVersion ? ` ${t(context.gateVersion)}` : ''}. This file is self-contained: it loads nothing from the network.</footer>` +
        `</main><script>${CLIENT_SCRIPT}</script></body></html>\n`);
}

// EXTERNAL MODULE: ./build/domain/suppressed-findings.js
var suppressed_findings = __webpack_require__(28762);
// EXTERNAL MODULE: ./build/domain/render/markdown.js
var markdown = __webpack_require__(27969);
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
    const scopeName = finding.scope === 'image' ? `${options.imageName}${finding.platform ? ` (${finding.platform})` : ''}` : 'build context';
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
/**
 * Code scanning rejects a run of more than 25,000 results and stores only the top 5,000 by
 * severity; a 50,000-finding SARIF file is also far over its 10 MB (gzipped) upload limit. So
 * the file holds at most this many results: blocking findings first, then by severity, then in
 * report order. The rest are counted in the run's `omittedResults` property and said in the
 * log, with the places this run lists every finding (the audit log and report.html when they
 * are written; the job summary's counts always).
 */
const SARIF_MAX_RESULTS = 5_000;
const STATUS_PRIORITY = { blocking: 0, counted: 1, reported: 1 };
/** The entries the SARIF file lists, in report order, and how many were left out. */
function listedEntries(input) {
    if (!Array.isArray(input))
        return listedDecisionEntries(input);
    const all = entriesOf(input);
    if (all.length <= SARIF_MAX_RESULTS)
        return { entries: all, omitted: 0 };
    const ranks = all.map((entry) => rankOf(entry.evaluation?.status, judgedSeverity(entry)));
    const entries = [];
    const keep = keeper(ranks);
    for (let i = 0; i < all.length; i++)
        if (keep(ranks[i]))
            entries.push(all[i]);
    return { entries, omitted: all.length - entries.length };
}
/** An entry's place in the cut (lower is kept first): blocking, then reported, then the rest; most severe first within each. */
function rankOf(status, severity) {
    return (STATUS_PRIORITY[status ?? ''] ?? 2) * 10 - (0,domain_severity/* severityRank */.qs)(severity);
}
/**
 * Whether each entry, asked in report order, is among the first SARIF_MAX_RESULTS by (rank,
 * report order). Ranks are a few small integers, so they are counted instead of sorted: every
 * entry below the cut-off rank is kept, and the earliest ones of the cut-off rank fill what room
 * is left.
 */
function keeper(ranks) {
    const counts = new Map();
    for (const r of ranks)
        counts.set(r, (counts.get(r) ?? 0) + 1);
    let room = SARIF_MAX_RESULTS;
    let cutoff = -Infinity;
    for (const r of [...counts.keys()].sort((a, b) => a - b)) {
        cutoff = r;
        if (counts.get(r) >= room)
            break;
        room -= counts.get(r);
    }
    return (rank) => {
        if (rank < cutoff)
            return true;
        if (rank !== cutoff || room === 0)
            return false;
        room -= 1;
        return true;
    };
}
/**
 * `listedEntries` of a decision: past the cap, the evaluations are ranked where they are and
 * entries are made only for those kept (a run of 50,000 findings keeps 5,000).
 */
function listedDecisionEntries(decision) {
    const suppressed = decision.suppressed ?? [];
    if (sarifOmittedResults(decision) === 0)
        return { entries: entriesOf(decision), omitted: 0 };
    // The order of entriesOf: the evaluations that are not passed checks, then the suppressed findings.
    const ranks = [];
    for (const e of decision.findings)
        if (e.status !== 'not-failed')
            ranks.push(rankOf(e.status, e.effectiveSeverity));
    for (const { finding } of suppressed)
        ranks.push(rankOf(undefined, finding.severity));
    const keep = keeper(ranks);
    const entries = [];
    let i = 0;
    for (const evaluation of decision.findings) {
        if (evaluation.status !== 'not-failed' && keep(ranks[i++]))
            entries.push({ finding: evaluation.finding, evaluation });
    }
    for (const { finding, suppression } of suppressed)
        if (keep(ranks[i++]))
            entries.push({ finding, evaluation: undefined, suppression });
    return { entries, omitted: ranks.length - entries.length };
}
/** How many findings the SARIF file leaves out (see SARIF_MAX_RESULTS); counted, not listed. */
function sarifOmittedResults(input) {
    let listed;
    if (Array.isArray(input))
        listed = input.length;
    else {
        const decision = input;
        listed = (decision.suppressed ?? []).length;
        for (const evaluation of decision.findings)
            if (evaluation.status !== 'not-failed')
                listed++;
    }
    return Math.max(0, listed - SARIF_MAX_RESULTS);
}
function entriesOf(input) {
    if (Array.isArray(input))
        return input.map((finding) => ({ finding, evaluation: undefined }));
    // PASS/EXCEPTION misconfiguration checks are not problems; everything else is listed, so code
    // scanning shows what the gate saw (excepted and suppressed findings as suppressed results).
    const decision = input;
    // sarifOmittedResults counts by the same rule.
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
function judgedSeverity(entry) {
    return entry.evaluation?.effectiveSeverity ?? entry.finding.severity;
}
/** A CVSS score describes the reported severity; an UNKNOWN judged as HIGH keeps the fallback. */
function scoreOf(finding, severity) {
    return severity === finding.severity ? finding.cvssScore : undefined;
}
function ruleTable(entries) {
    const rules = [];
    const byId = new Map();
    const indexes = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
        const { finding } = entries[i];
        const severity = judgedSeverity(entries[i]);
        const id = ruleIdOf(finding);
        let index = byId.get(id);
        if (index === undefined) {
            index = rules.length;
            byId.set(id, index);
            rules.push({ id, first: finding, firstSeverity: severity, severity, score: scoreOf(finding, severity), knownExploited: false });
        }
        else {
            const rule = rules[index];
            if ((0,domain_severity/* severityRank */.qs)(severity) > (0,domain_severity/* severityRank */.qs)(rule.severity)) {
                rule.severity = severity;
                rule.score = scoreOf(finding, severity);
            }
        }
        // Known-exploited is a tag code scanning can filter on; the feed rows go on the result.
        if (finding.exploit?.kev)
            rules[index].knownExploited = true;
        indexes[i] = index;
    }
    return { rules, indexes };
}
function sarifRule(rule) {
    const { first: finding, firstSeverity } = rule;
    const title = plain(finding.title || finding.id);
    return {
        id: rule.id,
        name: ruleName(finding),
        shortDescription: { text: title },
        fullDescription: { text: title },
        ...(finding.url && /^https?:\/\//.test(finding.url) ? { helpUri: finding.url } : {}),
        help: { text: describe(finding, firstSeverity), markdown: helpMarkdown(finding, firstSeverity) },
        defaultConfiguration: { level: sarifLevel(rule.severity) },
        properties: {
            tags: [finding.kind, 'security', rule.severity, ...(rule.knownExploited ? ['known-exploited'] : [])],
            precision: 'very-high',
            'security-severity': securitySeverity(rule.severity, rule.score),
        },
    };
}
function sarifResult(entry, ruleId, ruleIndex, options) {
    const { finding, evaluation } = entry;
    const severity = judgedSeverity(entry);
    const exploit = finding.exploit;
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
    if (finding.platform)
        properties.platform = finding.platform;
    if (exploit?.kev) {
        properties.kev = 'true';
        properties.kevDateAdded = exploit.kev.dateAdded;
        if (exploit.kev.dueDate)
            properties.kevDueDate = exploit.kev.dueDate;
        properties.kevRansomware = String(exploit.kev.ransomware);
    }
    if (exploit?.epss) {
        properties.epss = String(exploit.epss.score);
        properties.epssPercentile = String(exploit.epss.percentile);
    }
    const suppressions = suppressionsOf(entry);
    return {
        ruleId,
        ruleIndex,
        level: sarifLevel(severity),
        message: { text: describe(finding, severity) },
        // The same problem in the build context and in the image: one result, each place a location.
        locations: (evaluation?.locations ?? [finding]).slice(0, 10).map((f) => sarif_location(f, options)),
        // One alert per platform: the same CVE in the amd64 and arm64 image is fixed separately.
        partialFingerprints: { [FINGERPRINT_KEY]: `${finding.scope}:${finding.platform ? `${finding.platform}:` : ''}${finding.key}` },
        ...(suppressions !== undefined && { suppressions }),
        properties,
    };
}
/** The log around the rules and results, which the callers fill in. */
function sarifLog(input, options, rules, results, omitted) {
    const runProperties = { imageName: options.imageName };
    if (omitted > 0) {
        const where = options.fullListIn?.length ? options.fullListIn.join(', ') : "the gate's other reports";
        runProperties.omittedResults = `${omitted} more findings (lower severity) are in ${where}: code scanning keeps at most ${SARIF_MAX_RESULTS} results per run`;
    }
    if (options.imageDigest)
        runProperties.imageDigest = options.imageDigest;
    const exploitData = Array.isArray(input) ? undefined : input.exploitData;
    if (exploitData?.kev.status === 'loaded' && exploitData.kev.date)
        runProperties.kevCatalogDate = exploitData.kev.date;
    if (exploitData?.epss.status === 'loaded' && exploitData.epss.date)
        runProperties.epssScoreDate = exploitData.epss.date;
    if (options.trivyVersion)
        runProperties.trivyVersion = options.trivyVersion;
    return {
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
    };
}
/**
 * Renders a decision (or plain findings) as SARIF 2.1.0. With a decision the severity is the
 * one the policy judged (UNKNOWN as `unknown-severity`), and excepted findings are suppressed.
 */
function renderSarif(input, options) {
    const { entries, omitted } = listedEntries(input);
    const { rules, indexes } = ruleTable(entries);
    const results = entries.map((entry, i) => sarifResult(entry, rules[indexes[i]].id, indexes[i], options));
    // Nothing the pull request named (paths, package names) carries a bidi control into code scanning.
    return (0,text_safety/* stripControlsDeep */.VW)(sarifLog(input, options, rules.map(sarifRule), results, omitted));
}
/*
 * The same log as text, for the SARIF file: a run of 50,000 findings is a ~140 MB file, and
 * building it as objects, copying them to strip controls and again to redact, then writing them
 * took several times as long as reading Trivy's report. Here the rules and results are made,
 * written and dropped a batch at a time; only the small per-rule summary is held.
 */
/** JSON text that may hold something stripControls removes: a C0 control (written as an escape), DEL, C1 or a bidi control. */
const MAY_HOLD_CONTROLS = /\\[bfu]|[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** The markers the rules and results arrays stand in for while the log around them is written; no stripped string can be one. */
const RULES_SLOT = '\u0000rules';
const RESULTS_SLOT = '\u0000results';
/** Rules or results serialised at once: one native JSON.stringify call each, and pieces small enough to be collected young. */
const BATCH = 48;
/**
 * The elements of a non-empty array as `JSON.stringify` writes them with indentation 2 when the
 * array's elements sit at indentation `pad`, without the brackets: `{…},\n<pad>{…}`. The array is
 * wrapped in as many arrays as it is deep, so the native serialiser indents it (no re-indenting pass).
 */
function elementsJson(values, pad) {
    const depth = pad.length / 2;
    let wrapped = values;
    let open = '';
    let close = '';
    for (let level = 1; level <= depth; level++) {
        if (level < depth)
            wrapped = [wrapped];
        open += `[\n${' '.repeat(2 * level)}`;
        close = `\n${' '.repeat(2 * (level - 1))}]${close}`;
    }
    const json = JSON.stringify(wrapped, null, 2);
    return json.slice(open.length, json.length - close.length);
}
/**
 * `elementsJson` of the values as `redactDeep(stripControlsDeep(value), secrets)`: the copies are
 * made only for a batch whose text says they could change something (report text seldom holds
 * controls or secrets), and then element by element.
 */
function cleanElementsJson(values, pad, secrets, mayHoldSecret) {
    const json = elementsJson(values, pad);
    if (!MAY_HOLD_CONTROLS.test(json) && !mayHoldSecret?.(json))
        return json;
    return values
        .map((value) => {
        let text = elementsJson([value], pad);
        let clean = value;
        if (MAY_HOLD_CONTROLS.test(text)) {
            clean = (0,text_safety/* stripControlsDeep */.VW)(value);
            text = elementsJson([clean], pad);
        }
        return mayHoldSecret?.(text) ? elementsJson([(0,text_safety/* redactDeep */.KL)(clean, secrets)], pad) : text;
    })
        .join(`,\n${pad}`);
}
/** The whitespace the line holding `index` starts with. */
function indentAt(text, index) {
    const lineStart = text.lastIndexOf('\n', index) + 1;
    return /^ */.exec(text.slice(lineStart, index))[0];
}
/** An array's text in pieces, `[`, batches of elements, `]`, where the array's key is at indentation `pad`. */
function* arrayJson(count, pad, element, json) {
    if (count === 0) {
        yield '[]';
        return;
    }
    const inner = `${pad}  `;
    for (let start = 0; start < count; start += BATCH) {
        const values = [];
        for (let i = start; i < Math.min(count, start + BATCH); i++)
            values.push(element(i));
        yield `${start === 0 ? '[' : ','}\n${inner}${json(values, inner)}`;
    }
    yield `\n${pad}]`;
}
/**
 * `JSON.stringify(redactDeep(renderSarif(input, options), secrets), null, 2) + '\n'`, byte for
 * byte, in pieces of a few dozen rules or results: the SARIF file as the gate writes it.
 */
function* sarifTextChunks(input, options, secrets = []) {
    if ((0,text_safety/* redactSecrets */.fp)('rules', secrets) !== 'rules' || (0,text_safety/* redactSecrets */.fp)('results', secrets) !== 'results') {
        // A "secret" so short that it masks these keys too (redactDeep masks keys): the slow way, as one text.
        yield `${JSON.stringify((0,text_safety/* redactDeep */.KL)(renderSarif(input, options), secrets), null, 2)}\n`;
        return;
    }
    const { entries, omitted } = listedEntries(input);
    const { rules, indexes } = ruleTable(entries);
    const mayHoldSecret = (0,text_safety/* jsonMayHoldSecret */.X7)(secrets);
    const log = (0,text_safety/* redactDeep */.KL)((0,text_safety/* stripControlsDeep */.VW)(sarifLog(input, options, [], [], omitted)), secrets);
    const run = log.runs[0];
    run.tool.driver.rules = RULES_SLOT;
    run.results = RESULTS_SLOT;
    const frame = `${JSON.stringify(log, null, 2)}\n`;
    const rulesAt = frame.indexOf(JSON.stringify(RULES_SLOT));
    const resultsAt = frame.indexOf(JSON.stringify(RESULTS_SLOT));
    const clean = (values, pad) => cleanElementsJson(values, pad, secrets, mayHoldSecret);
    yield frame.slice(0, rulesAt);
    yield* arrayJson(rules.length, indentAt(frame, rulesAt), (i) => sarifRule(rules[i]), clean);
    yield frame.slice(rulesAt + JSON.stringify(RULES_SLOT).length, resultsAt);
    yield* arrayJson(entries.length, indentAt(frame, resultsAt), (i) => sarifResult(entries[i], rules[indexes[i]].id, indexes[i], options), clean);
    yield frame.slice(resultsAt + JSON.stringify(RESULTS_SLOT).length);
}

// EXTERNAL MODULE: ./build/domain/render/security-issue.js
var security_issue = __webpack_require__(42456);
// EXTERNAL MODULE: ./build/domain/render/exploit-view.js
var exploit_view = __webpack_require__(33735);
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
        blocks.push((0,fit_blocks/* table */.tp)('Used:', columns, used.map((u) => exceptionRow(u.exception, String(u.findings))), { dropPriority: 2 }));
    }
    if (expired.length > 0) {
        blocks.push((0,fit_blocks/* table */.tp)('⚠️ Expired — they no longer apply; renew or remove them:', columns, expired.map((e) => exceptionRow(e, 'expired')), { dropPriority: 1 }));
    }
    if (unused.length > 0) {
        blocks.push((0,fit_blocks/* table */.tp)('Unused — nothing matched them; consider removing:', columns, unused.map((e) => exceptionRow(e, '0')), { dropPriority: 3 }));
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
    return [(0,fit_blocks/* table */.tp)('### Hardening', ['Rule', 'Mode', 'Result', 'Details'], rows, { dropPriority: 1 })];
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
    const exploitLine = (0,exploit_view/* exploitDataLine */.c)(decision);
    if (exploitLine)
        blocks.push(exploitLine);
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
    return (0,markdown/* redact */.E$)((0,fit_blocks/* fitBlocks */.U8)(blocks, SUMMARY_LIMIT, (0,report_view/* omittedNote */.Vg)('the job summary is limited in size; the SARIF file lists every finding')), context.secrets);
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
/** Bytes gathered into one write of a report written piece by piece. */
const WRITE_BATCH = 1 << 20;
/** Written only inside the workspace or RUNNER_TEMP, never through a link (see contained-file.ts). */
async function writeReportFile(input, given, workspace, env, text, append) {
    const runnerTemp = env.RUNNER_TEMP ?? '/tmp';
    await (0,promises_.mkdir)(runnerTemp, { recursive: true });
    const areas = [await (0,contained_file/* areaOf */.d6)(workspace, 'the workspace'), await (0,contained_file/* areaOf */.d6)(runnerTemp, 'RUNNER_TEMP')];
    const target = await (0,contained_file/* containedWritePath */.mP)(input, given, workspace, areas);
    const handle = await (0,promises_.open)(target, (0,contained_file/* writeFlags */.Jp)(append), 0o644);
    try {
        if (typeof text === 'string')
            await handle.writeFile(text);
        // Piece by piece, rendered as it is written: a 50,000-finding SARIF log is never one string in memory.
        else {
            // The next pieces are rendered while the last ones are being written (one write at a time, in
            // order), gathered into writes of about WRITE_BATCH bytes: each write waits for the thread
            // pool, and a few hundred small ones left the main thread idle for tens of milliseconds. The
            // pieces go out as they are (writev), not joined: a joined megabyte would be a string in V8's
            // large-object space, kept until the next full collection, and raise the run's peak memory.
            let writing = Promise.resolve();
            let batch = [];
            let batched = 0;
            try {
                for (const chunk of text) {
                    const bytes = Buffer.from(chunk, 'utf8');
                    batch.push(bytes);
                    batched += bytes.length;
                    if (batched < WRITE_BATCH && batch.length < 256)
                        continue;
                    await writing;
                    writing = handle.writev(batch);
                    batch = [];
                    batched = 0;
                }
                await writing;
                if (batch.length > 0)
                    await handle.writev(batch);
            }
            catch (error) {
                await writing.catch(() => undefined);
                // Rendering failed half-way: leave an empty file rather than half a report a later step could read.
                await handle.truncate(0);
                throw error;
            }
        }
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
const HTML_REPORT_NAME = 'report.html';
/** The DB build time the scans used (prepared once per run), as an ISO time for the HTML report. */
function isoTime(value) {
    return value !== undefined && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
}
/** report.html sits next to the SARIF file, so an artifact of that folder carries both. */
function htmlReportPath(sarifFile) {
    // Not path.resolve(…, 'report.html'): ncc would take that for an asset of the bundle and relocate it.
    const folder = (0,external_node_path_.dirname)((0,external_node_path_.resolve)(sarifFile));
    return `${folder}${folder.endsWith(external_node_path_.sep) ? '' : external_node_path_.sep}${HTML_REPORT_NAME}`;
}
/**
 * Decision → job summary, SARIF, HTML report, audit log, PR comment or security issue, weekly
 * summary. Returns the report paths. Nothing here can change the verdict.
 */
async function publishReports(request) {
    const { inputs, event, plan, result } = request;
    const env = request.env ?? process.env;
    const decision = result.decision;
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const context = reportContext(request, workspace);
    let summary = renderSummary(decision, context);
    // Where every finding is, when SARIF holds only the most severe.
    const fullListIn = [...(inputs.auditLog ? ['the audit log'] : []), ...(inputs.htmlReport ? ['report.html'] : []), "the job summary's counts"];
    let sarifPath;
    await attempt('SARIF report', async () => {
        const sarif = sarifTextChunks(decision, {
            contextPath: context.contextPath ?? '.',
            dockerfilePath: (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(plan.contextDir, plan.dockerfile)),
            imageName: plan.image.name,
            ...(result.pushed && { imageDigest: result.pushed.digest }),
            toolVersion: version/* ACTION_VERSION */.Y,
            ...(result.trivyVersion && { trivyVersion: result.trivyVersion }),
            fullListIn,
        }, 
        // Tool text (finding titles, paths) may quote a secret in any letter case.
        context.secrets);
        // Written as it is rendered, one rule or result at a time: never the whole log in memory.
        await writeReportFile('sarif-file', inputs.sarifFile, workspace, env, sarif, false);
        sarifPath = inputs.sarifFile;
        const omitted = sarifOmittedResults(decision);
        if (omitted > 0) {
            // With neither file written, the rest are only counted: say how to have them listed.
            const listThem = inputs.auditLog || inputs.htmlReport ? '' : ' To have each of them listed, set audit-log or leave html-report on.';
            (0,workflow_log/* logWarning */.FF)(`SARIF: ${inputs.sarifFile} lists the ${SARIF_MAX_RESULTS} most severe findings (blocking first); ${omitted} more are in ${fullListIn.join(', ')}.${listThem} Code scanning rejects more than 25,000 results per run and keeps 5,000.`);
        }
    });
    let htmlPath;
    if (inputs.htmlReport)
        await attempt('HTML report', async () => {
            const file = htmlReportPath(inputs.sarifFile);
            // Already read when the DB was prepared; undefined when no scan used it (no `vuln` scanner, trivy-server).
            const updated = isoTime(decision.database?.updatedAt ?? result.database?.updatedAt);
            const html = htmlReportChunks(decision, {
                ...context,
                ...(result.trivyVersion && { trivyVersion: result.trivyVersion }),
                ...(updated && { dbUpdatedAt: updated }),
                gateVersion: version/* ACTION_VERSION */.Y,
            });
            // Next to the SARIF file, under the same rules: inside the workspace or RUNNER_TEMP, never through a link.
            // Written piece by piece: the embedded findings of a big run are never one string.
            await writeReportFile('sarif-file', file, workspace, env, (0,text_safety/* redactSecretsInChunks */.am)(html, context.secrets), false);
            htmlPath = file;
        });
    if (inputs.auditLog) {
        const file = inputs.auditLog;
        await attempt(`audit log ${file}`, async () => {
            const line = auditLine(decision, { time: decision.evaluatedAt, image: plan.image.name, ...(result.pushed && { digest: result.pushed.digest }), ...(context.runUrl && { runUrl: context.runUrl }) });
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
    return { sarif: sarifPath, htmlReport: htmlPath };
}


/***/ })

};
