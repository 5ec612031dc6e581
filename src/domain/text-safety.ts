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

export function stripControls(value: string): string {
  if (!ANY_CONTROL.test(value)) return value;
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
export function neutraliseReferences(value: string): string {
  return value
    .replace(/#(?=\d)/g, `#${JOINER}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${JOINER}`)
    .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, `$1:${JOINER}`)
    .replace(/\b(www)\.(?=\S)/gi, `$1${JOINER}.`);
}

/** Longest cell text a table row carries, so one huge value cannot push other rows out of a comment. */
export const CELL_LIMIT = 200;

/** `value` cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function capText(value: string, max = CELL_LIMIT): string {
  if (value.length <= max) return value;
  let cut = value.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The password (and user:password) in `http://user:pass@host`, as written and decoded. */
export function urlCredentials(url: string | undefined): string[] {
  if (!url || !URL.canParse(url)) return [];
  const { username, password } = new URL(url);
  if (!password) return username ? [username, safeDecode(username)] : [];
  return [password, safeDecode(password), `${username}:${password}`];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A URL as it may be printed: any user and password become `***`. */
export function withoutCredentials(url: string): string {
  if (!URL.canParse(url)) return url.replace(/\/\/[^/@\s]*@/g, '//***@');
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return url;
  parsed.username = '***';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a secret takes in tool output: as given, upper- and lower-cased, URL- and base64-encoded. */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, secret.toUpperCase(), secret.toLowerCase(), encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
  return [...forms].filter((form) => form.length > 0);
}

/**
 * Replaces every secret, in any letter case and in its common encodings, with `***`. Case
 * matters because tools re-case what they quote (the engine upper-cases a Dockerfile
 * instruction it cannot parse), which defeats exact-match masking. Values shorter than
 * `minLength` are skipped: masking every `a` would wreck the text and say little.
 */
export function redactSecrets(text: string, secrets: readonly string[] | undefined, minLength = 4): string {
  if (!secrets || secrets.length === 0 || text.length === 0) return text;
  const pattern = redactionPattern(secrets, minLength);
  return pattern === undefined ? text : text.replace(pattern, '***');
}

/**
 * redactSecrets' pattern for each list of secrets, made once: the job log redacts every line it
 * relays (build and Trivy output), and making the pattern took longer than matching it. Keyed by
 * the list's JSON, so two lists share a pattern only when they hold the same secrets.
 */
const redactionPatterns = new Map<string, RegExp | null>();
const REDACTION_PATTERNS_KEPT = 32;

function redactionPattern(secrets: readonly string[], minLength: number): RegExp | undefined {
  const key = `${minLength}${JSON.stringify(secrets)}`;
  let pattern = redactionPatterns.get(key);
  if (pattern === undefined) {
    const forms = redactedForms(secrets, minLength);
    // A global pattern is safe to share with String.prototype.replace, which starts from 0 and leaves lastIndex at 0.
    pattern = forms.length === 0 ? null : formsPattern(forms, 'giu');
    if (redactionPatterns.size >= REDACTION_PATTERNS_KEPT) redactionPatterns.clear();
    redactionPatterns.set(key, pattern);
  }
  return pattern ?? undefined;
}

/** Characters a renderer may escape, entity-encode or follow with an invisible joiner. */
const PUNCTUATION = /[\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]/;
const NAMED_ENTITIES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };
/** The longest text one punctuation character of a form can become (see punctuationPattern). */
const PUNCTUATION_MATCH_LIMIT = 1 + 3 + '&#x0005f;'.length + 1;

/**
 * A punctuation character of a secret as the reports may write it. Redaction runs on rendered
 * text, where the Markdown escaper has put a backslash before `_` (`ghs\_…`), JSON a backslash
 * before `"` or `\\` (or both, for Markdown inside JSON), HTML an entity (`&amp;`), JSON for a
 * script a `\u0026` escape, and the reference and mention guards an invisible joiner after `#`,
 * `@` or `:` (or before the `.` of `www.`). Matching only the raw form let those through.
 */
function punctuationPattern(c: string): string {
  const code = c.charCodeAt(0);
  const hex = code.toString(16);
  const spellings = [escapeRegExp(c), `&#0{0,3}${code};`, `&#x0{0,3}${hex};`, `\\\\u00${hex.padStart(2, '0')}`];
  const named = NAMED_ENTITIES[c];
  if (named !== undefined) spellings.push(`&${named};`);
  return `[\u200B\u2060]?\\\\{0,3}(?:${spellings.join('|')})[\u200B\u2060]?`;
}

function charPattern(c: string): string {
  return PUNCTUATION.test(c) ? punctuationPattern(c) : escapeRegExp(c);
}

function formPattern(form: string): string {
  let pattern = '';
  for (const c of form) pattern += charPattern(c);
  return pattern;
}

/** Characters of a form that must remain before a cut (capText) for the rest to be masked too. */
const TRUNCATED_MIN = 4;

/**
 * `form` as capText leaves it in a long value: its first TRUNCATED_MIN or more characters (not
 * all of them) and the ellipsis. The whole form never reaches the text, so its pattern alone
 * would let the start of the secret through.
 */
function truncatedPattern(form: string): string | undefined {
  const chars = [...form];
  if (chars.length <= TRUNCATED_MIN) return undefined;
  let rest = '';
  for (let i = chars.length - 2; i >= TRUNCATED_MIN; i--) rest = `(?:${charPattern(chars[i]!)}${rest})?`;
  return `${chars.slice(0, TRUNCATED_MIN).map(charPattern).join('')}${rest}…`;
}

function formsPattern(forms: readonly string[], flags: string): RegExp {
  const truncated = forms.map(truncatedPattern).filter((pattern): pattern is string => pattern !== undefined);
  return new RegExp([...forms.map(formPattern), ...truncated].join('|'), flags);
}

/** The longest text a match of `form` can span (a truncated one adds the ellipsis to at most all but one character). */
function matchLimit(form: string): number {
  let limit = 1;
  for (const c of form) limit += PUNCTUATION.test(c) ? PUNCTUATION_MATCH_LIMIT : c.length;
  return limit;
}

/** Every form redactSecrets replaces, longest first (so a value containing another is replaced whole). */
function redactedForms(secrets: readonly string[], minLength: number): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < minLength) continue;
    for (const form of secretForms(secret)) forms.add(form);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * `redactSecrets(chunks.join(''), secrets)`, piece by piece, for text written to a file as it is
 * made. A piece's last characters wait for the next piece until no secret form starting there can
 * still grow; a match found before that point is final, as it would be in the whole text.
 */
export function* redactSecretsInChunks(chunks: Iterable<string>, secrets: readonly string[] | undefined): Generator<string> {
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
    if (pending.length <= hold) continue;
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
    if (cut > from && /[\uD800-\uDBFF]/.test(pending[cut - 1]!)) cut -= 1;
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
export function jsonMayHoldSecret(secrets: readonly string[] | undefined): ((json: string) => boolean) | undefined {
  if (!secrets || secrets.length === 0) return undefined;
  const forms = redactedForms(secrets, 4);
  if (forms.length === 0) return undefined;
  if (forms.some((form) => JSON_ESCAPED.test(form))) return () => true;
  const pattern = formsPattern(forms, 'iu');
  return (json) => pattern.test(json);
}

/** Every string inside a JSON-like value, redacted (SARIF, audit lines, outputs). */
export function redactDeep<T>(value: T, secrets: readonly string[] | undefined): T {
  if (!secrets || secrets.length === 0) return value;
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, secrets)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactSecrets(key, secrets), redactDeep(item, secrets)])) as T;
  }
  return value;
}

/** Every string inside a JSON-like value without control characters (SARIF: fingerprints and properties too). */
export function stripControlsDeep<T>(value: T): T {
  if (typeof value === 'string') return stripControls(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => stripControlsDeep(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [stripControls(key), stripControlsDeep(item)])) as T;
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
export function couldIssueCommand(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => COMMAND_START.test(line) || line.includes('##['));
}

/**
 * The lines to write for `text` so that the runner acts on none of it: unchanged when no line
 * could be a command, otherwise fenced by `::stop-commands::<token>` … `::<token>::`. The
 * token must be unguessable (random per run): text that knew it could end the fence early.
 */
export function inertText(text: string, token: string): string {
  if (!couldIssueCommand(text)) return text;
  return `::stop-commands::${token}\n${text}\n::${token}::`;
}
