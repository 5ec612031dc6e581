/*
 * GitHub-flavoured markdown pieces built from untrusted text (finding titles, package names,
 * paths, policy reasons). Everything that reaches a comment goes through one of these, so a
 * title cannot open an HTML comment (and fake a marker), break a table row, or @-mention.
 */
import { CELL_LIMIT, capText, neutraliseReferences, redactSecrets, stripControls } from '../text-safety.js';

/** The longest free text one `text()` call renders; table cells (code spans, clipped titles) stay under CELL_LIMIT. */
const TEXT_LIMIT = 1000;

/**
 * Backslash-escapes what could start markup inline: emphasis, code, links (`[`), HTML (`<`),
 * table pipes, strikethrough, entities and math (`$`). Newlines become spaces, and `@name`
 * gets a zero-width space so it cannot mention anyone.
 */
export function text(value: string): string {
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
export function escapedText(value: string): string {
  // Controls (bidi overrides) go, references and bare URLs stay text, and no value is endless.
  return neutraliseReferences(capText(stripControls(value), TEXT_LIMIT))
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
export function code(value: string): string {
  // No backtick, pipe, line break or control, and short: the span is the value in single backticks.
  if (value.length <= CELL_LIMIT && PLAIN_CODE.test(value)) return `\`${value}\``;
  return escapedCode(value);
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PLAIN_CODE = /^[^`|\r\n\t\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$/;

/** `code` the full way. */
export function escapedCode(value: string): string {
  const flat = capText(stripControls(value)).replace(/[\r\n\t]+/g, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Only http(s) links are made; anything else (javascript:, relative) stays plain text. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url) || stripControls(url) !== url) return undefined;
  return url.replace(/[()<>"'|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[label](url)` with an already-rendered label; just the label when the URL is not http(s). */
export function link(label: string, url: string | undefined): string {
  const safe = safeUrl(url);
  return safe ? `[${label}](${safe})` : label;
}

export function tableHeader(columns: readonly string[]): string {
  return `| ${columns.join(' | ')} |\n|${columns.map(() => ' --- |').join('')}`;
}

export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
}

/** A fenced block whose fence cannot be closed by the content. */
export function codeBlock(lines: readonly string[]): string {
  const body = lines.map((line) => capText(stripControls(line), TEXT_LIMIT)).join('\n');
  const longestRun = Math.max(2, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}text\n${body}\n${fence}`;
}

/** A value for inside an HTML comment: `--` and `>` would end it early. */
export function commentSafe(value: string): string {
  return value
    .replace(/[^A-Za-z0-9._/:@+=-]/g, (c) => encodeURIComponent(c))
    .replace(/--/g, '-%2D')
    .replace(/--/g, '-%2D');
}

/** `2026-11-22T10:00:00.000Z` → `2026-11-22`. */
export function isoDay(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? iso;
}

/**
 * Replaces each value with `***`: the last guard for secrets that might sit in tool output
 * (error details) or a user-supplied string, in any letter case (see text-safety.ts).
 */
export function redact(markdown: string, values: readonly string[] | undefined): string {
  // Any letter case: tools re-case what they quote. Values under 4 characters are skipped.
  return redactSecrets(markdown, values);
}
