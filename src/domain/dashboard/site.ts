import { createHash } from 'node:crypto';
import { SEVERITIES, type Severity, type SeverityCounts } from '../severity.js';
import { SEVERITY_COLOUR } from '../render/html-report/chart.js';
import { escapeHtml as h, safeUrl } from '../render/html-report/escape.js';
import type { SummaryHistory } from '../summary-history.js';
import type { RunRecord } from './history.js';
import { totalOf, type ImageDashboard, type TrendPoint, type WeekFlow } from './metrics.js';

/*
 * The dashboard page: static HTML with inline SVG charts and one inline stylesheet, no script
 * at all (its CSP says so). Every string from the history is escaped; links go only to run
 * reports collected into the site (runs/…/report.html) or to http(s) run URLs.
 */

const STYLES = `
:root { --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --link: #0550ae; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 40px 0 8px; padding-bottom: 6px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 22px 0 8px; }
a { color: var(--link); }
code { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88em; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: var(--panel); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
.verdict { display: inline-block; font-weight: 700; font-size: .78rem; letter-spacing: .05em; text-transform: uppercase; padding: 2px 8px; border-radius: 999px; border: 1px solid; }
.verdict.pass { background: #dafbe1; color: #0f5323; border-color: #4ac26b; }
.verdict.fail { background: #ffebe9; color: #82071e; border-color: #ff8182; }
.verdict.error { background: #fff8c5; color: #633c01; border-color: #d4a72c; }
.grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; }
svg { width: 100%; height: auto; }
svg text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: #57606a; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0 0; padding: 0; list-style: none; font-size: .85rem; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
${SEVERITIES.map((s) => `.sw-${s.toLowerCase()} { background: ${SEVERITY_COLOUR[s]}; }`).join('\n')}
.sw-added { background: #a40e26; } .sw-fixed { background: #1a7f37; }
.expired { color: #a40e26; font-weight: 700; } .soon { color: #7d5e00; font-weight: 600; }
footer { margin-top: 40px; color: var(--muted); font-size: .85rem; }
@media (max-width: 760px) { main { padding: 16px 12px; } .grid { grid-template-columns: 1fr; } .wrap > table { min-width: 560px; } }
@media print { .wrap { overflow: visible; border: 0; } section { break-inside: avoid-page; } a { color: inherit; } }
`;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

export function imageAnchor(image: string): string {
  return `image-${image.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${createHash('sha256').update(image).digest('hex').slice(0, 6)}`;
}

/** A link to the run's report: the copy in the site when collected, else the run on GitHub. */
export function reportHref(run: RunRecord): string | undefined {
  if (run.report && /^runs\/[A-Za-z0-9._-]+\/report\.html$/.test(run.report)) return run.report;
  return safeUrl(run.runUrl);
}

function runLink(run: RunRecord, label: string): string {
  const href = reportHref(run);
  return href ? `<a class="run-report" href="${h(href)}">${h(label)}</a>` : `<span class="muted">${h(label)}</span>`;
}

function verdictBadge(run: RunRecord): string {
  return `<span class="verdict ${run.verdict}">${run.verdict}</span>`;
}

/** Line chart, one polyline per severity; each point carries data-day and data-count for tests and tooltips. */
export function trendChart(points: readonly TrendPoint[], label: string): string {
  const width = 640;
  const height = 240;
  const left = 40;
  const right = 16;
  const top = 12;
  const bottom = 28;
  const max = Math.max(1, ...points.flatMap((p) => SEVERITIES.map((s) => p.counts[s])));
  const x = (i: number): number => (points.length <= 1 ? left + (width - left - right) / 2 : left + (i * (width - left - right)) / (points.length - 1));
  const y = (n: number): number => top + (height - top - bottom) * (1 - n / max);
  const grid = [0, 0.5, 1]
    .map((f) => Math.round(max * f))
    .map((n) => `<line x1="${left}" x2="${width - right}" y1="${y(n).toFixed(1)}" y2="${y(n).toFixed(1)}" stroke="#eaeef2"></line><text x="${left - 6}" y="${(y(n) + 4).toFixed(1)}" text-anchor="end">${n}</text>`)
    .join('');
  const series = SEVERITIES.map((s) => {
    const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p.counts[s]).toFixed(1)}`).join(' ');
    const dots = points
      .map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(p.counts[s]).toFixed(1)}" r="2.5" fill="${SEVERITY_COLOUR[s]}" data-day="${p.day}" data-count="${p.counts[s]}"><title>${s} ${p.counts[s]} on ${p.day}</title></circle>`)
      .join('');
    return `<g class="series" data-severity="${s}"><polyline points="${coords}" fill="none" stroke="${SEVERITY_COLOUR[s]}" stroke-width="2"></polyline>${dots}</g>`;
  }).join('');
  const first = points[0]?.day ?? '';
  const last = points[points.length - 1]?.day ?? '';
  return (
    `<svg class="trend" role="img" aria-label="${h(label)}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${grid}${series}` +
    `<text x="${left}" y="${height - 8}">${first}</text><text x="${width - right}" y="${height - 8}" text-anchor="end">${last}</text></svg>`
  );
}

function legend(): string {
  return `<ul class="legend">${SEVERITIES.map((s) => `<li><span class="swatch sw-${s.toLowerCase()}"></span>${s}</li>`).join('')}</ul>`;
}

/** Paired bars per week: new (red) and fixed (green). */
export function flowChart(weeks: readonly WeekFlow[], label: string): string {
  const shown = weeks.slice(-12);
  const width = 420;
  const height = 200;
  const left = 32;
  const bottom = 28;
  const top = 10;
  const max = Math.max(1, ...shown.flatMap((w) => [w.added, w.fixed]));
  const slot = (width - left - 8) / Math.max(1, shown.length);
  const bar = Math.min(18, slot / 2 - 3);
  const y = (n: number): number => top + (height - top - bottom) * (1 - n / max);
  const bars = shown
    .map((w, i) => {
      const x0 = left + i * slot + slot / 2 - bar;
      return (
        `<g class="week" data-week="${w.week}" data-added="${w.added}" data-fixed="${w.fixed}">` +
        `<rect x="${x0.toFixed(1)}" y="${y(w.added).toFixed(1)}" width="${bar.toFixed(1)}" height="${(height - bottom - y(w.added)).toFixed(1)}" fill="#a40e26"><title>week of ${w.week}: ${w.added} new</title></rect>` +
        `<rect x="${(x0 + bar).toFixed(1)}" y="${y(w.fixed).toFixed(1)}" width="${bar.toFixed(1)}" height="${(height - bottom - y(w.fixed)).toFixed(1)}" fill="#1a7f37"><title>week of ${w.week}: ${w.fixed} fixed</title></rect>` +
        `<text x="${(x0 + bar).toFixed(1)}" y="${height - 10}" text-anchor="middle">${w.week.slice(5)}</text></g>`
      );
    })
    .join('');
  return (
    `<svg class="flow" role="img" aria-label="${h(label)}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<line x1="${left}" x2="${width - 8}" y1="${height - bottom}" y2="${height - bottom}" stroke="#d0d7de"></line><text x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text>${bars}</svg>`
  );
}

function countsCells(counts: SeverityCounts): string {
  return `${SEVERITIES.map((s) => `<td class="num">${counts[s]}</td>`).join('')}<td class="num">${totalOf(counts)}</td>`;
}

const COUNT_HEAD = `${SEVERITIES.map((s) => `<th scope="col" class="num">${s[0]}${s.slice(1).toLowerCase()}</th>`).join('')}<th scope="col" class="num">Total</th>`;

function imageSection(d: ImageDashboard): string {
  const latest = d.latest;
  const recent = d.weeks.slice(-12);
  const exceptions =
    d.exceptions.length === 0
      ? '<p class="muted">No exceptions in the latest run.</p>'
      : `<div class="wrap"><table class="exceptions"><thead><tr><th scope="col">ID</th><th scope="col">Package</th><th scope="col">Path</th><th scope="col">Expires</th><th scope="col" class="num">Findings</th></tr></thead><tbody>` +
        d.exceptions
          .map(
            (e) =>
              `<tr><td><code>${h(e.id)}</code></td><td>${e.package ? `<code>${h(e.package)}</code>` : '<span class="muted">any</span>'}</td><td>${e.path ? `<code>${h(e.path)}</code>` : '<span class="muted">any</span>'}</td>` +
              `<td class="${e.expired || e.daysLeft < 0 ? 'expired' : e.daysLeft <= 30 ? 'soon' : ''}">${h(e.expires)} ${e.expired || e.daysLeft < 0 ? '(expired)' : `(in ${e.daysLeft} days)`}</td><td class="num">${e.findings ?? '—'}</td></tr>`,
          )
          .join('') +
        '</tbody></table></div>';
  const ttf = SEVERITIES.filter((s) => d.medianDaysToFix[s] !== undefined);
  const timeToFix =
    d.fixed.length === 0
      ? '<p class="muted">No finding has been fixed in the recorded runs yet.</p>'
      : `<div class="wrap"><table class="time-to-fix"><thead><tr><th scope="col">Severity</th><th scope="col" class="num">Fixed</th><th scope="col" class="num">Median days to fix</th></tr></thead><tbody>` +
        ttf.map((s) => `<tr><td>${s}</td><td class="num">${d.fixed.filter((f) => f.severity === s).length}</td><td class="num">${d.medianDaysToFix[s]}</td></tr>`).join('') +
        '</tbody></table></div>';
  const history =
    `<h3>Recent runs</h3><div class="wrap"><table class="runs"><thead><tr><th scope="col">When (UTC)</th><th scope="col">Verdict</th>${COUNT_HEAD}<th scope="col">Report</th></tr></thead><tbody>` +
    d.recentRuns
      .map((r) => `<tr><td>${h(r.time.slice(0, 16).replace('T', ' '))}</td><td>${verdictBadge(r)} <span class="muted">${h(r.reason)}</span></td>${countsCells(r.counts)}<td>${runLink(r, 'report')}</td></tr>`)
      .join('') +
    '</tbody></table></div>';
  const weekly =
    d.weekly.length === 0
      ? ''
      : `<h3>Weekly scans of the published image</h3><div class="wrap"><table><thead><tr><th scope="col">Week of</th>${COUNT_HEAD}</tr></thead><tbody>` +
        d.weekly.slice(-12).map((w) => `<tr><td>${w.week}</td>${countsCells(w.counts)}</tr>`).join('') +
        '</tbody></table></div>';
  return (
    `<section id="${imageAnchor(d.image)}" class="image" data-image="${h(d.image)}" aria-labelledby="${imageAnchor(d.image)}-h">` +
    `<h2 id="${imageAnchor(d.image)}-h"><code>${h(d.image)}</code></h2>` +
    `<p>Latest: ${verdictBadge(latest)} ${h(latest.reason)} on ${h(latest.time.slice(0, 16).replace('T', ' '))} UTC · ${runLink(latest, 'run report')} · ${d.runs} runs recorded</p>` +
    `<div class="grid"><div><h3>Findings by severity over time</h3>${trendChart(d.trend, `Findings by severity over time for ${d.image}`)}${legend()}</div>` +
    `<div><h3>New vs fixed per week</h3>${recent.length ? flowChart(recent, `New and fixed findings per week for ${d.image}`) : '<p class="muted">Needs two runs with recorded findings.</p>'}` +
    `<ul class="legend"><li><span class="swatch sw-added"></span>new</li><li><span class="swatch sw-fixed"></span>fixed</li></ul></div></div>` +
    `<h3>Time to fix</h3>${timeToFix}<h3>Exceptions</h3>${exceptions}${weekly}${history}</section>`
  );
}

/** Images the weekly summary scans but no collected run covers: their weekly counts only. */
function summaryOnlySection(summary: SummaryHistory | undefined, images: readonly ImageDashboard[]): string {
  const known = new Set(images.map((d) => d.image));
  const others = [...new Set((summary?.weeks ?? []).flatMap((w) => Object.keys(w.images)))].filter((image) => !known.has(image)).sort();
  if (others.length === 0) return '';
  const rows = others.flatMap((image) =>
    summary!.weeks
      .filter((w) => w.images[image])
      .slice(-12)
      .map((w) => `<tr><td><code>${h(image)}</code></td><td>${w.week}</td>${countsCells(w.images[image]!)}</tr>`),
  );
  return (
    `<section id="summary-only" aria-labelledby="h-summary-only"><h2 id="h-summary-only">Published images from the weekly summary</h2>` +
    `<p class="muted">Scanned weekly, with no gate run in the collected history.</p>` +
    `<div class="wrap"><table><thead><tr><th scope="col">Image</th><th scope="col">Week of</th>${COUNT_HEAD}</tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

/** The dashboard page: an overview, then one section per image. */
export function renderDashboard(
  images: readonly ImageDashboard[],
  options: { generatedAt: Date; title?: string; skipped?: number; summary?: SummaryHistory },
): string {
  const title = options.title ?? 'Container security dashboard';
  const csp = `default-src 'none'; style-src 'sha256-${sha256(STYLES)}'; base-uri 'none'; form-action 'none'; script-src 'none'`;
  const overview =
    `<div class="wrap"><table id="overview"><thead><tr><th scope="col">Image</th><th scope="col">Latest verdict</th><th scope="col">When (UTC)</th>${COUNT_HEAD}<th scope="col">Report</th></tr></thead><tbody>` +
    images
      .map(
        (d) =>
          `<tr data-image="${h(d.image)}"><td><a href="#${imageAnchor(d.image)}"><code>${h(d.image)}</code></a></td><td>${verdictBadge(d.latest)} <span class="muted">${h(d.latest.reason)}</span></td>` +
          `<td>${h(d.latest.time.slice(0, 16).replace('T', ' '))}</td>${countsCells(d.latest.counts)}<td>${runLink(d.latest, 'run report')}</td></tr>`,
      )
      .join('') +
    '</tbody></table></div>';
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${h(title)}</title><style>${STYLES}</style></head>` +
    `<body><main><h1>${h(title)}</h1><p class="muted">${images.length} images · generated ${h(options.generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC from the gate's audit log` +
    `${options.skipped ? ` · ${options.skipped} unreadable history lines skipped` : ''}</p>` +
    `<section aria-labelledby="h-overview"><h2 id="h-overview">Latest verdict per image</h2>${overview}</section>` +
    images.map(imageSection).join('') +
    summaryOnlySection(options.summary, images) +
    `<footer>Built by Container Security Gate. Static page: no script, nothing loaded from the network.</footer></main></body></html>\n`
  );
}

export type { Severity };
