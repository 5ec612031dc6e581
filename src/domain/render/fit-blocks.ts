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
  rows: RowLines;
  /** How many rows there are in all, including any not rendered. */
  total: number;
  /** Tables with a higher number lose rows first. */
  dropPriority: number;
}

export type Block = string | TableBlock;

/** A table's row lines: an array, or rows rendered when first read (see `lazyRows`). */
export interface RowLines {
  readonly length: number;
  at(index: number): string | undefined;
}

/**
 * `count` rows rendered by `render(index)` only when fitBlocks reads them, each once: a body
 * limited to 65,536 characters shows a few hundred of the 2,000 rows a table may offer.
 */
export function lazyRows(count: number, render: (index: number) => string): RowLines {
  const rendered: string[] = [];
  return {
    length: count,
    at: (index) => {
      if (index < 0 || index >= count) return undefined;
      return (rendered[index] ??= render(index));
    },
  };
}

function rowAt(rows: RowLines, index: number): string {
  return rows.at(index)!;
}

/** Room kept for each omission note, so adding the note never pushes a body over. */
const NOTE_RESERVE = 240;
const SEPARATOR = '\n\n';

export function table(title: string | undefined, columns: readonly string[], rows: RowLines, options: { total?: number; dropPriority?: number } = {}): TableBlock {
  return { kind: 'table', title, columns, rows, total: options.total ?? rows.length, dropPriority: options.dropPriority ?? 0 };
}

function renderTable(block: TableBlock, shown: number, omittedNote: (omitted: number) => string): string {
  const parts: string[] = [];
  if (block.title) parts.push(block.title);
  if (shown > 0) parts.push(`${tableHeader(block.columns)}\n${Array.from({ length: shown }, (_, i) => rowAt(block.rows, i)).join('\n')}`);
  if (shown < block.total) parts.push(omittedNote(block.total - shown));
  return parts.join(SEPARATOR);
}

/**
 * Joins the blocks with blank lines, keeping the result at most `limit` characters
 * (UTF-16 code units, which is never fewer than GitHub's count of characters).
 */
export function fitBlocks(blocks: readonly Block[], limit: number, omittedNote: (omitted: number) => string): string {
  const tables = blocks.filter((b): b is TableBlock => typeof b !== 'string');
  const shown = keptRows(blocks, tables, limit);

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

/**
 * How many rows of each table fitBlocks shows: whole rows are dropped from the end of the
 * highest drop priority table first, then the next, until the body fits. Put the other way round,
 * with the rows lined up most important first (the lowest drop priority's table first, its rows
 * in order), the body shows the longest run of them from the start whose text (rows, fixed
 * blocks, one note reserve per table shown short) fits. Rows are read in that order only while
 * the rows alone still fit: past that, no longer run can fit, so the rest are never rendered.
 */
function keptRows(blocks: readonly Block[], tables: readonly TableBlock[], limit: number): Map<TableBlock, number> {
  const fixedLength = blocks.reduce((sum, block) => {
    if (typeof block === 'string') return sum + block.length + SEPARATOR.length;
    const header = block.title ? block.title.length + SEPARATOR.length : 0;
    return sum + header + tableHeader(block.columns).length + 1 + SEPARATOR.length;
  }, 0);
  // Dropped first = highest priority; equal priorities in block order (a stable sort).
  const byDropOrder = [...tables].sort((a, b) => b.dropPriority - a.dropPriority);
  const keepOrder = byDropOrder.reverse();
  // lengths[p] = fixed text + the first p rows in keep order, each with its newline.
  const lengths = [fixedLength];
  reading: for (const block of keepOrder) {
    for (let i = 0; i < block.rows.length; i++) {
      const next = lengths[lengths.length - 1]! + rowAt(block.rows, i).length + 1;
      if (next > limit) break reading;
      lengths.push(next);
    }
  }
  const shownFor = (run: number): Map<TableBlock, number> => {
    const shown = new Map<TableBlock, number>();
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
    let total = lengths[run]!;
    for (const block of tables) if (shown.get(block)! < block.total) total += NOTE_RESERVE;
    if (total <= limit) return shown;
  }
  return shownFor(0);
}
