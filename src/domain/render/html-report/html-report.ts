import { createHash } from 'node:crypto';
import type { Finding } from '../../findings.js';
import type { Decision, HardeningResult } from '../../policy/decision.js';
import type { PolicyException } from '../../policy/policy-exception.js';
import { emptyCounts, SEVERITIES, type SeverityCounts } from '../../severity.js';
import { describeSeverities } from '../report-view.js';
import { severityBarChart } from './chart.js';
import { CLIENT_SCRIPT } from './client-script.js';
import type { HtmlReportContext } from './context.js';
import { escapeHtml, jsonForScript, safeUrl } from './escape.js';
import { findingRows, optionalColumns, STATUS_LABEL, type FindingRow, type RowStatus } from './rows.js';
import { StringTable } from './string-table.js';
import { STYLES } from './styles.js';

export type { HtmlReportContext } from './context.js';

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
export const STATIC_ROWS = 200;
/** New/fixed lists of the baseline section. */
const LIST_CAP = 500;

const STATUS_ORDER: RowStatus[] = ['blocking', 'counted', 'reported', 'below-threshold', 'unfixed', 'excepted', 'suppressed', 'passed'];
const VERDICT_WORD: Record<Decision['verdict'], string> = { pass: 'Passed', fail: 'Failed', error: 'Error' };

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** The page's policy: its own script and style (by hash), inline SVG and nothing from anywhere. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${sha256(CLIENT_SCRIPT)}'`,
    `style-src 'sha256-${sha256(STYLES)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Case-insensitive masking of secret values in every string that reaches the page. */
function redactor(secrets: readonly string[] | undefined): (value: string) => string {
  const values = (secrets ?? []).filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  if (values.length === 0) return (value) => value;
  const pattern = new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return (value) => value.replace(pattern, '***');
}

type Text = (value: string | undefined | null) => string;

function anchor(t: Text, label: string, href: string | undefined, cls = ''): string {
  const url = safeUrl(href);
  const c = cls ? ` class="${cls}"` : '';
  return url ? `<a${c} href="${t(url)}" rel="noopener noreferrer">${t(label)}</a>` : `<span${c}>${t(label)}</span>`;
}

/** Distinct findings by severity: one finding in both scans (same key) counts once. */
export function distinctCounts(decision: Decision): SeverityCounts {
  // The decision has already merged each problem into one evaluation, so keys seldom repeat:
  // while none does, one set of every key and a count per severity give the same numbers with
  // one lookup per finding. The first repeated key sends it the exact way below.
  const counts = emptyCounts();
  const keys = new Set<string>();
  let repeated = false;
  for (const e of decision.findings) {
    if (e.status === 'not-failed') continue;
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
export function distinctCountsBySeverity(decision: Decision): SeverityCounts {
  const counts = emptyCounts();
  // One set of keys per severity: no key string built per finding.
  const seen = new Map<string, Set<string>>();
  for (const e of decision.findings) {
    if (e.status === 'not-failed') continue;
    const { severity, key } = e.finding;
    let keys = seen.get(severity);
    if (keys === undefined) seen.set(severity, (keys = new Set()));
    if (keys.has(key)) continue;
    keys.add(key);
    counts[severity] += 1;
  }
  return counts;
}

function verdictSection(decision: Decision, t: Text): string {
  const reasons = decision.reasons.slice(0, 30).map((r) => `<li>${r.level === 'fail' ? '<strong>fail</strong>' : 'warn'}: ${t(r.message)}</li>`);
  if (decision.reasons.length > 30) reasons.push(`<li>… and ${decision.reasons.length - 30} more</li>`);
  const error = decision.error
    ? `<div class="error-box"><strong>${t(decision.error.reason)}:</strong> ${t(decision.error.message)}` +
      (decision.error.remedy ? `<p>${t(decision.error.remedy)}</p>` : '') +
      (decision.error.details.length > 0
        ? `<pre>${t(decision.error.details.slice(0, 30).join('\n'))}${decision.error.details.length > 30 ? `\n… ${decision.error.details.length - 30} more lines` : ''}</pre>`
        : '') +
      '</div>'
    : '';
  return (
    `<section class="verdict ${decision.verdict}" id="verdict" aria-label="Verdict">` +
    `<div class="word">${VERDICT_WORD[decision.verdict]}</div>` +
    `<div class="why"><strong>verdict=${t(decision.verdict)} · reason=${t(decision.reason)}</strong>${t(decision.summary)}</div></section>` +
    (reasons.length > 0 ? `<ul class="reasons">${reasons.join('')}</ul>` : '') +
    error
  );
}

function countsSection(decision: Decision, t: Text): string {
  const distinct = distinctCounts(decision);
  const total = SEVERITIES.reduce((sum, s) => sum + distinct[s], 0);
  const tiles = SEVERITIES.map(
    (s) => `<div class="count sev-${s.toLowerCase()}" data-severity="${s}"><span class="n">${distinct[s].toLocaleString('en-US')}</span><span class="l">${s}</span></div>`,
  ).join('');
  const scopeRow = (label: string, scanned: boolean, counts: SeverityCounts): string =>
    `<tr><th scope="row">${label}</th>${
      scanned
        ? `${SEVERITIES.map((s) => `<td class="num">${counts[s]}</td>`).join('')}<td class="num">${SEVERITIES.reduce((n, s) => n + counts[s], 0)}</td>`
        : `<td colspan="${SEVERITIES.length + 1}" class="muted">not scanned</td>`
    }</tr>`;
  return (
    `<section aria-labelledby="h-counts"><h2 id="h-counts">Findings by severity</h2>` +
    `<p class="muted">${total.toLocaleString('en-US')} distinct findings (a finding in both the build context and the image counts once).</p>` +
    `<div class="counts" id="counts">${tiles}</div>` +
    `<div class="chart-row"><div>${severityBarChart(distinct, 'Distinct findings by severity')}</div>` +
    `<div class="table-wrap"><table><caption class="muted">Per scan (as gated)</caption><thead><tr><th scope="col">Scan</th>${SEVERITIES.map((s) => `<th scope="col" class="num">${s[0]}${s.slice(1).toLowerCase()}</th>`).join('')}<th scope="col" class="num">Total</th></tr></thead><tbody>` +
    scopeRow('Build context', decision.scanned.filesystem, decision.counts.filesystem) +
    scopeRow('Image', decision.scanned.image, decision.counts.image) +
    `</tbody></table></div></div>${t('')}</section>`
  );
}

/** One server-rendered row; the client script builds the same cells. */
function rowHtml(row: FindingRow, t: Text, columns: ReturnType<typeof optionalColumns>): string {
  const sev = `<td class="c-sev"><span class="sev sev-${row.severity.toLowerCase()}">${row.severity}</span>${row.judgedAs ? `<span class="sub">judged ${t(row.judgedAs)}</span>` : ''}</td>`;
  const id =
    `<td class="c-id">${anchor(t, row.id, row.url, 'fid')}${row.kind !== 'vulnerability' ? `<span class="tag">${row.kind}</span>` : ''}` +
    `${row.title ? `<span class="sub title">${t(row.title)}</span>` : ''}</td>`;
  const pkg = `<td class="c-pkg">${row.pkg ? `<code>${t(row.pkg)}</code>` : ''}${row.installed ? `<span class="sub">${t(row.installed)}</span>` : ''}</td>`;
  const fix = `<td class="c-fix">${row.fixed ? `<code>${t(row.fixed)}</code>` : row.kind === 'vulnerability' ? '<span class="muted">no fix yet</span>' : ''}</td>`;
  const loc = `<td class="c-loc">${anchor(t, row.location, row.locationUrl, 'loc')}<span class="tag">${row.scope === 'image' ? 'image' : 'context'}</span></td>`;
  const platform = columns.platform ? `<td class="c-plat">${t(row.platform)}</td>` : '';
  const status =
    `<td class="c-status"><span class="st st-${row.status}">${STATUS_LABEL[row.status]}</span>` +
    `${row.statusDetail ? `<span class="sub">${t(row.statusDetail)}</span>` : ''}${row.isNew ? '<span class="tag tag-new">new</span>' : ''}</td>`;
  const kev = columns.kev ? `<td class="c-kev">${row.kev === true ? 'KEV' : row.kev === false ? 'no' : ''}</td>` : '';
  const epss = columns.epss ? `<td class="c-epss num">${row.epss !== undefined ? `${(row.epss * 100).toFixed(1)}%` : ''}</td>` : '';
  return `<tr${row.kev ? ' class="kev"' : ''}>${sev}${id}${pkg}${fix}${loc}${platform}${status}${kev}${epss}</tr>`;
}

/** Rows → `{ s: strings, r: rows of indices }`; see client-script.ts for the layout. */
export function encodeRows(rows: readonly FindingRow[], redact: (value: string) => string): { s: string[]; r: number[][] } {
  // Each distinct value is listed once, in order of first use, and redacted once (not once per
  // row: most values repeat). Values that redact to the same text then share one entry, as if
  // every value had been redacted before it was listed.
  const table = new StringTable();
  const values = table.strings;
  // Each value is redacted as it is listed, while its text is still in the cache; the redacted
  // list is only made once some value changes (until then it would equal `values`).
  let redacted: string[] | undefined;
  const ref = (value: string | undefined): number => {
    if (value === undefined || value === '') return -1;
    const listed = values.length;
    const i = table.indexOf(value);
    if (values.length !== listed) {
      const clean = redact(value);
      if (redacted === undefined && clean !== value) redacted = values.slice(0, listed);
      redacted?.push(clean);
    }
    return i;
  };
  // Columns with few distinct values (kinds, packages, versions, locations, statuses) look them up
  // in a small table of their own first: one big table probed for every cell is mostly cache misses.
  const column = (): ((value: string | undefined) => number) => {
    const seen = new Map<string, number>();
    return (value) => {
      if (value === undefined || value === '') return -1;
      let i = seen.get(value);
      if (i === undefined) seen.set(value, (i = ref(value)));
      return i;
    };
  };
  const [judgedAs, kind, pkg, installed, fixed, location, scope, platform, status, statusDetail] = Array.from({ length: 10 }, column);
  const r = rows.map((row) => [
    SEVERITIES.indexOf(row.severity),
    judgedAs!(row.judgedAs),
    ref(row.id),
    ref(row.url),
    kind!(row.kind),
    pkg!(row.pkg),
    installed!(row.installed),
    fixed!(row.fixed),
    ref(row.title),
    location!(row.location),
    ref(row.locationUrl),
    scope!(row.scope),
    platform!(row.platform),
    status!(row.status),
    statusDetail!(row.statusDetail),
    row.isNew ? 1 : 0,
    row.kev === undefined ? -1 : row.kev ? 1 : 0,
    row.epss === undefined ? -1 : Math.round(row.epss * 1e5) / 1e5,
  ]);
  if (redacted === undefined) return { s: values, r };
  // Some value held a secret: entries that now read the same are merged, keeping first-use order.
  const strings: string[] = [];
  const merged = new Map<string, number>();
  const remap = redacted.map((v) => {
    let i = merged.get(v);
    if (i === undefined) {
      i = strings.length;
      strings.push(v);
      merged.set(v, i);
    }
    return i;
  });
  for (const row of r) for (const field of STRING_FIELDS) if (row[field]! >= 0) row[field] = remap[row[field]!]!;
  return { s: strings, r };
}

/** The positions of `encodeRows`' row arrays that index the string table. */
const STRING_FIELDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] as const;

/**
 * `jsonForScript(value)` for the findings data, in pieces of a few thousand strings or rows: on a
 * run of 50,000 findings the data is ~10 MB of text, written to the file without ever being one string.
 */
function* findingsDataChunks(data: { s: string[]; r: number[][]; o: ReturnType<typeof optionalColumns> }): Generator<string> {
  function* list(items: readonly unknown[], batch: number, json: (value: unknown) => string): Generator<string> {
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

function* findingsSectionChunks(rows: readonly FindingRow[], t: Text, redact: (value: string) => string): Generator<string> {
  const columns = optionalColumns(rows);
  const statuses = STATUS_ORDER.filter((s) => rows.some((r) => r.status === s));
  const scopes = (['filesystem', 'image'] as const).filter((s) => rows.some((r) => r.scope === s));
  const perSeverity = new Map<string, number>();
  for (const r of rows) perSeverity.set(r.severity, (perSeverity.get(r.severity) ?? 0) + 1);
  const bySeverity = SEVERITIES.map((s) => [s, perSeverity.get(s) ?? 0] as const);
  const filters =
    `<form id="filters" hidden role="search" aria-label="Filter findings">` +
    `<fieldset><legend>Severity</legend>${bySeverity.map(([s, n]) => `<label class="check"><input type="checkbox" name="sev" value="${s}" checked> ${s} (${n})</label>`).join('')}</fieldset>` +
    `<label class="field"><span>Status</span><select name="status"><option value="">all</option>${statuses.map((s) => `<option value="${s}">${STATUS_LABEL[s]}</option>`).join('')}</select></label>` +
    `<label class="field"><span>Scope</span><select name="scope"><option value="">all</option>${scopes.map((s) => `<option value="${s}">${s === 'image' ? 'image' : 'build context'}</option>`).join('')}</select></label>` +
    `<label class="field"><span>Search</span><input type="search" name="q" placeholder="ID, package, path, title…"></label>` +
    `<label class="field"><span>Rows per page</span><select name="size"><option>50</option><option selected>100</option><option>500</option></select></label>` +
    `</form>`;
  const head =
    `<tr><th scope="col" data-sort="sev">Severity</th><th scope="col" data-sort="id">Finding</th><th scope="col" data-sort="pkg">Package</th>` +
    `<th scope="col" data-sort="fix">Fix</th><th scope="col" data-sort="loc">Location</th>` +
    `${columns.platform ? '<th scope="col" data-sort="platform">Platform</th>' : ''}<th scope="col" data-sort="status">Status</th>` +
    `${columns.kev ? '<th scope="col" data-sort="kev">KEV</th>' : ''}${columns.epss ? '<th scope="col" data-sort="epss" class="num">EPSS</th>' : ''}</tr>`;
  const shown = rows.slice(0, STATIC_ROWS);
  const note =
    rows.length === 0
      ? 'No findings.'
      : rows.length > shown.length
        ? `Showing the first ${shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} findings, blocking first. ` +
          `${(rows.length - shown.length).toLocaleString('en-US')} more are not shown here: open this file with scripts enabled to page through all of them, or read the SARIF file.`
        : `${rows.length.toLocaleString('en-US')} findings, blocking first.`;
  yield (
    `<section aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>${filters}` +
    `<p id="rows-note" role="status" aria-live="polite">${note}</p>` +
    `<div class="table-wrap"><table id="findings" data-rows="${shown.length}" data-total="${rows.length}"><thead>${head}</thead>` +
    `<tbody id="findings-body">${shown.map((r) => rowHtml(r, t, columns)).join('')}</tbody></table></div>` +
    `<nav class="pager" id="pager" hidden aria-label="Pages"><button type="button" id="page-prev">Previous</button><span id="page-info"></span><button type="button" id="page-next">Next</button></nav>` +
    `<script type="application/json" id="findings-data">`
  );
  // `jsonForScript({ ...encodeRows(rows, redact), o: columns, statusOrder: STATUS_ORDER, statusLabel: STATUS_LABEL })`, in pieces.
  yield* findingsDataChunks({ ...encodeRows(rows, redact), o: columns });
  yield '</script></section>';
}

function hardeningSection(hardening: readonly HardeningResult[], t: Text): string {
  if (hardening.length === 0) return '';
  const rows = hardening.map(
    (h) =>
      `<tr><td>${t(h.rule)}</td><td>${t(h.mode)}</td><td><span class="st st-${h.status === 'fail' ? 'blocking' : h.status === 'pass' ? 'passed' : 'unfixed'}">${t(h.status)}</span></td>` +
      `<td>${t(h.message)}${h.problems.length > 0 ? `<ul>${h.problems.slice(0, 50).map((p) => `<li>${t(p)}</li>`).join('')}</ul>` : ''}</td></tr>`,
  );
  return (
    `<section aria-labelledby="h-hardening"><h2 id="h-hardening">Image hardening</h2><div class="table-wrap"><table>` +
    `<thead><tr><th scope="col">Rule</th><th scope="col">Mode</th><th scope="col">Result</th><th scope="col">Details</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

function findingList(findings: readonly Finding[], t: Text): string {
  if (findings.length === 0) return '<p class="muted">None.</p>';
  const items = findings
    .slice(0, LIST_CAP)
    .map((f) => `<li><span class="sev sev-${f.severity.toLowerCase()}">${f.severity}</span> ${anchor(t, f.id, f.url)} <code>${t(f.packageName ?? f.target)}</code> ${t(f.installedVersion ?? '')}</li>`);
  if (findings.length > LIST_CAP) items.push(`<li>… and ${(findings.length - LIST_CAP).toLocaleString('en-US')} more</li>`);
  return `<ul>${items.join('')}</ul>`;
}

function baselineSection(decision: Decision, t: Text): string {
  const b = decision.baseline;
  if (!b) return '';
  return (
    `<section aria-labelledby="h-baseline"><h2 id="h-baseline">Against the baseline</h2>` +
    `<p><strong>${t(b.verdict)}</strong> (${b.scope === 'image' ? 'image' : 'build context'} scan): ${b.baselineCount} → ${b.currentCount} gated vulnerabilities, ` +
    `+${b.newCount} new, −${b.fixedCount} fixed, ${b.unchangedCount} unchanged${b.blocking ? '. This blocks (block-on-increase).' : '.'}</p>` +
    `<h3>New</h3>${findingList(b.newVulnerabilities, t)}<h3>Fixed</h3>${findingList(b.fixedVulnerabilities, t)}</section>`
  );
}

function exceptionsSection(decision: Decision, t: Text): string {
  const { fileName, used, unused, expired } = decision.exceptions;
  const all: { e: PolicyException; state: string; findings: number | undefined }[] = [
    ...expired.map((e) => ({ e, state: 'expired', findings: undefined })),
    ...used.map((u) => ({ e: u.exception, state: 'in use', findings: u.findings })),
    ...unused.map((e) => ({ e, state: 'unused', findings: 0 })),
  ];
  if (all.length === 0) return '';
  const rows = all.map(
    ({ e, state, findings }) =>
      `<tr${state === 'expired' ? ' class="expired-row"' : ''}><td><code>${t(e.id)}</code></td><td>${e.package ? `<code>${t(e.package)}</code>` : '<span class="muted">any</span>'}</td>` +
      `<td>${e.path ? `<code>${t(e.path)}</code>` : '<span class="muted">any</span>'}</td><td>${t(e.reason)}</td>` +
      `<td class="${state === 'expired' ? 'expired' : ''}">${t(e.expires)}${state === 'expired' ? ' (expired)' : ''}</td><td>${state}</td><td class="num">${findings ?? '—'}</td></tr>`,
  );
  return (
    `<section aria-labelledby="h-exceptions"><h2 id="h-exceptions">Exceptions</h2>` +
    `${fileName ? `<p class="muted">From <code>${t(fileName)}</code>. Expired exceptions no longer apply.</p>` : ''}` +
    `<div class="table-wrap"><table><thead><tr><th scope="col">ID</th><th scope="col">Package</th><th scope="col">Path</th><th scope="col">Reason</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col" class="num">Findings</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

/** Attestations another change may add to the context (`attestations: [{ type, reference }]`), shown when present. */
function attestationsOf(context: HtmlReportContext): string[] {
  const list = (context as unknown as Record<string, unknown>).attestations;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a) => {
    if (typeof a === 'string') return [a];
    if (typeof a !== 'object' || a === null) return [];
    const r = a as Record<string, unknown>;
    const parts = [r.type, r.predicateType, r.reference, r.digest, r.url].filter((v): v is string => typeof v === 'string' && v !== '');
    return parts.length > 0 ? [parts.join(' · ')] : [];
  });
}

function detailsSection(decision: Decision, context: HtmlReportContext, t: Text): string {
  const facts: [string, string][] = [];
  const add = (label: string, html: string | undefined): void => {
    if (html) facts.push([label, html]);
  };
  add('Image', `<code>${t(context.image)}</code>`);
  add('Scanned image ID', context.imageId ? `<code>${t(context.imageId)}</code>` : '<span class="muted">no image was built</span>');
  add('Pushed digest', context.digest && context.pushedReferences?.length ? `<code>${t(context.digest)}</code>` : '<span class="muted">nothing pushed</span>');
  if (context.pushedReferences?.length) add('Pushed tags', context.pushedReferences.map((r) => `<code>${t(r)}</code>`).join('<br>'));
  const attestations = attestationsOf(context);
  if (attestations.length > 0) add('Attestations', attestations.map((a) => `<code>${t(a)}</code>`).join('<br>'));
  add('Trivy', context.trivyVersion ? t(context.trivyVersion) : '<span class="muted">not installed</span>');
  add('Vulnerability DB', context.dbUpdatedAt ? t(context.dbUpdatedAt) : '<span class="muted">date not recorded</span>');
  const p = decision.policy;
  add(
    'Policy',
    p
      ? t(
          `fail on ${describeSeverities(p.failOn)}; issue on ${describeSeverities(p.issueOn)}; UNKNOWN judged ${p.unknownSeverity}; ` +
            `ignore-unfixed ${p.ignoreUnfixed ? 'on' : 'off'}; block-on-increase ${p.blockOnIncrease ? 'on' : 'off'}`,
        )
      : '<span class="muted">no policy (the run stopped before one was read)</span>',
  );
  if (context.repository) add('Repository', anchor(t, context.repository, context.serverUrl ? `${context.serverUrl}/${context.repository}` : undefined));
  if (context.commitSha)
    add('Commit', anchor(t, context.commitSha, context.serverUrl && context.repository ? `${context.serverUrl}/${context.repository}/commit/${context.commitSha}` : undefined, 'mono'));
  if (context.runUrl) add('Workflow run', anchor(t, context.runUrl, context.runUrl));
  add('Evaluated at', t(decision.evaluatedAt));
  return (
    `<section aria-labelledby="h-details"><h2 id="h-details">Run details</h2><dl class="facts">` +
    facts.map(([label, html]) => `<dt>${label}</dt><dd>${html}</dd>`).join('') +
    `</dl></section>`
  );
}

/** The whole page. Pure: decision and context in, one HTML string out. */
export function renderHtmlReport(decision: Decision, context: HtmlReportContext): string {
  return [...htmlReportChunks(decision, context)].join('');
}

/** The page as renderHtmlReport gives it, in pieces, for writing it to a file without holding it whole. */
export function* htmlReportChunks(decision: Decision, context: HtmlReportContext): Generator<string> {
  const redact = redactor(context.secrets);
  const t: Text = (value) => escapeHtml(redact(value ?? ''));
  const rows = findingRows(decision, context);
  const title = `${VERDICT_WORD[decision.verdict]}: ${context.image} — Container Security Gate report`;
  yield (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer">` +
    `<title>${t(title)}</title><style>${STYLES}</style></head><body><main>` +
    `<header class="top"><h1>Container Security Gate · <code>${t(context.image)}</code></h1>` +
    `<span class="meta">${t(decision.evaluatedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}${context.runUrl ? ` · ${anchor(t, 'workflow run', context.runUrl)}` : ''}</span></header>` +
    verdictSection(decision, t) +
    countsSection(decision, t)
  );
  yield* findingsSectionChunks(rows, t, redact);
  yield (
    hardeningSection(decision.hardening, t) +
    baselineSection(decision, t) +
    exceptionsSection(decision, t) +
    detailsSection(decision, context, t) +
    `<footer>Generated by Container Security Gate${context.gateVersion ? ` ${t(context.gateVersion)}` : ''}. This file is self-contained: it loads nothing from the network.</footer>` +
    `</main><script>${CLIENT_SCRIPT}</script></body></html>\n`
  );
}
