import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/*
 * Reading a Trivy ignore file only to find the entries that never expire. Trivy applies the file
 * itself (and lists what it suppressed with --show-suppressed); the gate warns about entries
 * that would hide a finding forever, so every suppression gets a review date.
 *
 * Formats (pkg/result/ignore.go): `.trivyignore`, one ID per line, optional `exp:YYYY-MM-DD`,
 * `#` comments; `.trivyignore.yaml`/`.yml`, lists `vulnerabilities`, `misconfigurations`,
 * `secrets`, `licenses` of `{ id, paths, purls, expired_at, statement }`.
 */

export interface IgnoreEntry {
  id: string;
  /** 1-based line in the file. */
  line: number;
  /** The expiry as written; undefined when the entry never expires. */
  expires: string | undefined;
  statement: string | undefined;
}

const YAML_SECTIONS = ['vulnerabilities', 'misconfigurations', 'secrets', 'licenses'] as const;

function isYamlName(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function parseText(text: string): IgnoreEntry[] {
  const entries: IgnoreEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    const expiry = fields.slice(1).find((f) => f.startsWith('exp:'));
    entries.push({ id: fields[0]!, line: index + 1, expires: expiry?.slice(4) || undefined, statement: undefined });
  });
  return entries;
}

function parseYaml(text: string): IgnoreEntry[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const entries: IgnoreEntry[] = [];
  if (!isMap(document.contents)) return entries;
  for (const section of YAML_SECTIONS) {
    const list = document.contents.get(section, true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const scalar = (key: string): string | undefined => {
        const node = item.get(key, true);
        return isScalar(node) && node.value !== null && node.value !== undefined && String(node.value).trim() !== '' ? String(node.value) : undefined;
      };
      const offset = item.range?.[0] ?? 0;
      entries.push({ id: scalar('id') ?? '(no id)', line: lines.linePos(offset).line, expires: scalar('expired_at'), statement: scalar('statement') });
    }
  }
  return entries;
}

/**
 * The entries of an ignore file. Never throws: a file Trivy cannot read fails the scan with
 * Trivy's own message, and this only looks for missing expiry dates.
 */
export function parseIgnoreFile(text: string, path: string): IgnoreEntry[] {
  try {
    return isYamlName(path) ? parseYaml(text) : parseText(text);
  } catch {
    return [];
  }
}

/** The entries with no expiry: they suppress their findings for ever. */
export function entriesWithoutExpiry(entries: readonly IgnoreEntry[]): IgnoreEntry[] {
  return entries.filter((e) => e.expires === undefined);
}
