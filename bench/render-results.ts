// The markdown table README summarises: one row per measured ratio, skipped cases with why.
import type { CaseResult, Measurement } from './harness.js';

export interface BenchResults {
  generatedAt: string;
  machine: Record<string, string | number>;
  quick: boolean;
  cases: CaseResult[];
}

function formatValue(m: Measurement): string {
  switch (m.unit) {
    case 'ratio':
    case '×':
      return `${m.value.toFixed(2)}×`;
    case 'ms':
      return `${m.value >= 0 ? '+' : ''}${m.value.toFixed(0)} ms`;
    case 'MiB':
      return `${m.value.toFixed(1)} MiB`;
    case 'count':
      return String(m.value);
  }
}

function formatTarget(m: Measurement): string {
  if (!m.target) return '—';
  const limit = m.target.kind === 'delta-ms' ? `+${m.target.limit} ms` : `${m.target.limit}×`;
  return `≤ ${limit}`;
}

function formatDetail(detail: Measurement['detail']): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderResultsMarkdown(results: BenchResults): string {
  const machine = results.machine;
  const lines = [
    '# Benchmarks',
    '',
    `Generated ${results.generatedAt} by \`npm run bench\`${results.quick ? ' (--quick: fewer sizes and runs)' : ''} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMiB} MiB, Node ${machine.node}.`,
    'Figures are ratios against a reference measured the same way on the same machine; they are not tests and never fail a build.',
    `Load average (1 min) when the run started: ${machine.loadAverage}; a load above the core count means other work competed with the measurements.`,
    '',
    '| Case | Measure | Result | Target | Within | Raw figures |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of results.cases) {
    if (c.status === 'measured') {
      for (const m of c.measurements) {
        const within = m.withinTarget === undefined ? '—' : m.withinTarget ? 'yes' : '**no**';
        lines.push(`| ${cell(c.title)} | ${cell(m.label)} | ${formatValue(m)} | ${formatTarget(m)} | ${within} | ${cell(formatDetail(m.detail))} |`);
      }
    } else if (c.status === 'skipped') {
      lines.push(`| ${cell(c.title)} | skipped | — | — | — | ${cell(c.reason)} |`);
    } else {
      lines.push(`| ${cell(c.title)} | error | — | — | — | ${cell(c.error)} |`);
    }
  }
  lines.push('', '## Method', '');
  for (const c of results.cases) {
    lines.push(`- **${c.title}** (${c.seconds.toFixed(0)} s, load average ${c.loadAverage.before} → ${c.loadAverage.after}): ${c.method}`);
    if (c.status === 'measured') for (const note of c.notes) lines.push(`  - ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
