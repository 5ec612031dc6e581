/*
 * The decision lists findings of one status and severity by ID in `localeCompare` order. On a
 * report of tens of thousands of findings, collating every comparison costs more than the rest
 * of the sort. For the IDs scanners write (CVE-2024-1234, GHSA-abcd-…, DS-0002: ASCII letters,
 * digits and `-`) the default (root and English) collation is simple: `-` before digits before
 * letters, letters compared without case first, and between two IDs that differ only in case,
 * lower case first at the first difference. That order is reproduced here with plain string
 * comparisons, for IDs of that alphabet only and only where the process's collation is checked
 * to be that one; anything else keeps `localeCompare`.
 */

const PLAIN_ID = /^[0-9A-Za-z-]*$/;

/** `x.localeCompare(y)`'s sign for plain IDs, given `X` and `Y` their upper-case forms. */
export function comparePlainIds(x: string, y: string, X: string, Y: string): number {
  if (X !== Y) return X < Y ? -1 : 1;
  // Same letters: the first letter whose case differs decides, lower case first (ASCII has upper first).
  return x === y ? 0 : x < y ? 1 : -1;
}

/** Whether `comparePlainIds` orders like `localeCompare` in this process (a Danish collation, say, puts `aa` after `z`). */
function collationIsPlain(): boolean {
  const { locale } = new Intl.Collator().resolvedOptions();
  if (!/^en(?:-[A-Za-z0-9]+)*$/.test(locale) || locale.includes('-u-')) return false;
  const probe = [...'-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];
  probe.push('aa', 'Aa', 'aA', 'ch', 'cz', 'll', 'lz', 'a-', '-a', 'a0', '0a', 'z-', 'ss', 'ij', 'iz', 'dz', 'ab-1', 'ab1', 'AB-1');
  const collated = [...probe].sort((a, b) => a.localeCompare(b));
  const plain = [...probe].sort((a, b) => comparePlainIds(a, b, a.toUpperCase(), b.toUpperCase()));
  return collated.every((value, i) => value === plain[i]);
}

let plainCollation: boolean | undefined;

/**
 * The upper-case forms of `ids` for `comparePlainIds`, or undefined when some ID is outside its
 * alphabet or the collation is not the one it reproduces (then compare with `localeCompare`).
 */
export function plainIdForms(ids: readonly string[]): string[] | undefined {
  plainCollation ??= collationIsPlain();
  if (!plainCollation) return undefined;
  const forms = new Array<string>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!PLAIN_ID.test(id)) return undefined;
    forms[i] = id.toUpperCase();
  }
  return forms;
}
