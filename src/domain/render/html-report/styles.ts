/* The report's stylesheet (inline; its sha256 goes into the Content-Security-Policy). */
export const STYLES = `
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
