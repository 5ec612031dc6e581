import { tableHeader } from './markdown.js';

/*
 * Fitting a markdown document under a size limit (GitHub: 65,536 characters for an issue or
 * comment body, 1 MiB for a job summary) by dropping whole table rows, least important table
 * first, and saying where rows were dropped. Nothing is ever cut in the middle of a line, so
 * no table, link or code span is left half-open.
 */

export interface TableBlock {
  kind: 'table';
  /** A heading line above the table, e.g. `#### Blocking findings (3)`. */
  title: string | undefined;
  columns: readonly string[];
  /** Rendered row lines (see `tableRow`); may be fewer than `total` when capped early. */
  rows: readonly string[];
  /** How many rows there are in all, including any not rendered. */
  total: number;
  /** Tables with a higher number lose rows first. */
  dropPriority: number;
}

export type Block = string | TableBlock;

/** Room kept for each omission note, so adding the note never pushes a body over. */
const NOTE_RESERVE = 240;
const SEPARATOR = '\n\n';

export function table(title: string | undefined, columns: readonly string[], rows: readonly string[], options: { total?: number; dropPriority?: number } = {}): TableBlock {
  return { kind: 'table', title, columns, rows, total: options.total ?? rows.length, dropPriority: options.dropPriority ?? 0 };
}

function renderTable(block: TableBlock, shown: number, omittedNote: (omitted: number) => string): string {
  const parts: string[] = [];
  if (block.title) parts.push(block.title);
  if (shown > 0) parts.push(`${tableHeader(block.columns)}\n${block.rows.slice(0, shown).join('\n')}`);
  if (shown < block.total) parts.push(omittedNote(block.total - shown));
  return parts.join(SEPARATOR);
}

/**
 * Joins the blocks with blank lines, keeping the result at most `limit` characters
 * (UTF-16 code units, which is never fewer than GitHub's count of characters).
 */
export function fitBlocks(blocks: readonly Block[], limit: number, omittedNote: (omitted: number) => string): string {
  const tables = blocks.filter((b): b is TableBlock => typeof b !== 'string');
  const shown = new Map<TableBlock, number>(tables.map((t) => [t, t.rows.length]));

  const fixedLength = blocks.reduce((sum, block) => {
    if (typeof block === 'string') return sum + block.length + SEPARATOR.length;
    const header = block.title ? block.title.length + SEPARATOR.length : 0;
    return sum + header + tableHeader(block.columns).length + 1 + SEPARATOR.length;
  }, 0);
  let total =
    fixedLength +
    tables.reduce((sum, t) => sum + t.rows.reduce((s, row) => s + row.length + 1, 0) + (t.rows.length < t.total ? NOTE_RESERVE : 0), 0);

  const byDropOrder = [...tables].sort((a, b) => b.dropPriority - a.dropPriority);
  for (const block of byDropOrder) {
    let count = shown.get(block)!;
    while (total > limit && count > 0) {
      if (count === block.total) total += NOTE_RESERVE;
      count -= 1;
      total -= block.rows[count]!.length + 1;
    }
    shown.set(block, count);
    if (total <= limit) break;
  }

  const rendered = blocks
    .map((block) => (typeof block === 'string' ? block : renderTable(block, shown.get(block)!, omittedNote)))
    .filter((part) => part.length > 0)
    .join(SEPARATOR);
  if (rendered.length <= limit) return rendered;

  // Only the fixed text is left and it is still too long (e.g. thousands of hardening problems):
  // cut at a line boundary and say so.
  const note = `\n\n${omittedNote(0)}`;
  const cut = rendered.lastIndexOf('\n', Math.max(0, limit - note.length));
  return `${rendered.slice(0, Math.max(0, cut))}${note}`.slice(0, limit);
}
