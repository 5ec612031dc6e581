// `node dist/dashboard/index.js --history <dir|file> … [--summary-issue <file>] --out <dir>`:
// the dashboard builder's command line (the dashboard/ composite action runs it).
import { buildDashboard } from './build-site.js';

function parse(argv: readonly string[]): { history: string[]; summaryIssue?: string; out: string; title?: string } {
  const history: string[] = [];
  let summaryIssue: string | undefined;
  let out: string | undefined;
  let title: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === '--history') history.push(...value.split('\n').map((v) => v.trim()).filter(Boolean));
    else if (arg === '--summary-issue') summaryIssue = value || undefined;
    else if (arg === '--out') out = value;
    else if (arg === '--title') title = value || undefined;
    else throw new Error(`unknown argument ${arg}`);
    i++;
  }
  if (!out) throw new Error('--out is required, e.g. --out site');
  if (history.length === 0) throw new Error('--history is required: a folder of downloaded report artifacts or an audit log (.jsonl)');
  return { history, out, ...(summaryIssue && { summaryIssue }), ...(title && { title }) };
}

try {
  const built = await buildDashboard(parse(process.argv.slice(2)));
  console.log(`dashboard: ${built.images} images, ${built.runs} runs, ${built.reports} run reports → ${built.index}`);
  for (const line of built.skipped.slice(0, 20)) console.log(`::warning::skipped history line ${line.replace(/[\r\n%]/g, ' ')}`);
  for (const note of built.notes) console.log(`::warning::${note.replace(/[\r\n%]/g, ' ')}`);
} catch (error) {
  console.error(`::error::dashboard not built: ${error instanceof Error ? error.message : String(error)}`.replace(/[\r\n]+/g, ' '));
  process.exit(1);
}
