import type { Finding } from './findings.js';

/*
 * When two findings are one problem seen in two places: the build context's lockfile and the
 * package installed in the image, or the Dockerfile in the context and its copy in the image
 * (`COPY . .`). `findingKey` says "same problem, same place"; this says "same problem".
 *
 * Package names are compared the way their ecosystem compares them, so `Werkzeug` in
 * requirements.txt is `werkzeug` in site-packages. Where an ecosystem is case-sensitive (Go
 * module paths, Maven coordinates, RubyGems, OS packages) the name is kept exactly: merging two
 * different packages would hide one of them, keeping two apart only shows a row twice.
 */

/** Trivy result Types (pkg/fanal/types/const.go) grouped by the package registry they name. */
const ECOSYSTEM: Record<string, string> = {
  pip: 'pypi',
  pipenv: 'pypi',
  poetry: 'pypi',
  uv: 'pypi',
  'python-pkg': 'pypi',
  npm: 'npm',
  yarn: 'npm',
  pnpm: 'npm',
  bun: 'npm',
  'node-pkg': 'npm',
  nuget: 'nuget',
  'dotnet-core': 'nuget',
  'packages-props': 'nuget',
  composer: 'packagist',
  'composer-vendor': 'packagist',
  cargo: 'crates',
  rustbinary: 'crates',
  gomod: 'go',
  gobinary: 'go',
  jar: 'maven',
  pom: 'maven',
  gradle: 'maven',
  sbt: 'maven',
  bundler: 'rubygems',
  gemspec: 'rubygems',
  'conda-pkg': 'conda',
  'conda-environment': 'conda',
  pub: 'pub',
  hex: 'hex',
  swift: 'swift',
  cocoapods: 'cocoapods',
};

/** The registry a finding's package comes from; OS packages by distribution. */
export function ecosystemOf(finding: Pick<Finding, 'targetClass' | 'targetType'>): string {
  const type = finding.targetType ?? '';
  if (finding.targetClass === 'os-pkgs') return `os:${type}`;
  return ECOSYSTEM[type] ?? type;
}

/**
 * A package name as its registry compares names:
 * - PyPI: PEP 503 (lowercase; runs of `-`, `_`, `.` are one `-`);
 * - npm, NuGet, Packagist, conda, pub, hex: case-insensitive (npm's registry refuses names that differ only in case);
 * - crates.io: case-insensitive, and `-` and `_` are the same name;
 * - everything else (Go, Maven, RubyGems, OS packages): exactly as written.
 */
export function normalisePackageName(ecosystem: string, name: string): string {
  switch (ecosystem) {
    case 'pypi':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'crates':
      return name.toLowerCase().replace(/_/g, '-');
    case 'npm':
    case 'nuget':
    case 'packagist':
    case 'conda':
    case 'pub':
    case 'hex':
      return name.toLowerCase();
    default:
      return name;
  }
}

/** Misconfiguration check IDs changed spelling between Trivy versions: DS002, DS-0002, AVD-DS-0002 are one check. */
export function canonicalCheckId(id: string): string {
  const m = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/i.exec(id.trim());
  return m ? `${m[1]!.toUpperCase()}-${m[2]}` : id.trim().toUpperCase();
}

/** Findings located in a file (not a package): matched by the file's path. */
function isFileFinding(finding: Finding): boolean {
  return finding.kind === 'secret' || finding.kind === 'misconfiguration' || (finding.kind === 'license' && !finding.packageName);
}

/**
 * Parts joined with NUL: cheaper than JSON.stringify over tens of thousands of findings. A
 * crafted name holding NUL could at worst merge two findings into one evaluation that lists
 * both locations and takes the more severe status: nothing is dropped or weakened.
 */
function joinParts(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}

function fileIdentity(finding: Finding, path: string): string {
  const id = finding.kind === 'misconfiguration' ? canonicalCheckId(finding.id) : finding.id;
  return joinParts('file', finding.kind, id, finding.namespace ?? '', path, finding.startLine ?? '', finding.endLine ?? '');
}

function stripSlashes(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+/, '');
}

/**
 * The identity of a package finding, whatever the scope and the path it was found at: kind,
 * ID, ecosystem, normalised package name, installed version. undefined for file findings,
 * which `mergeByIdentity` matches by path instead.
 */
export function packageIdentity(finding: Finding): string | undefined {
  if (isFileFinding(finding)) return undefined;
  const ecosystem = ecosystemOf(finding);
  const name = normalisePackageName(ecosystem, finding.packageName ?? '');
  if (finding.kind === 'license') return joinParts('package', finding.kind, finding.id, ecosystem, name);
  return joinParts('package', finding.kind, finding.id, ecosystem, name, finding.installedVersion ?? '');
}

/**
 * One item per group of items whose findings are one problem: package findings by
 * `packageIdentity`; file findings by check (or rule), lines and path, where an image path
 * matches a build-context path it ends with (`app/Dockerfile` in the image is `Dockerfile` in the
 * context, copied there). Groups keep the order of their first item; an item alone in its group
 * is returned as it is, a group of several (items in input order) as `merge` makes it. Most
 * findings are alone: no list is made for them.
 */
export function mergeByIdentity<T>(items: readonly T[], findingOf: (item: T) => Finding, merge: (group: readonly T[]) => T): T[] {
  const { firsts, others } = identityGroups(items, findingOf);
  return firsts.map((first, g) => (others[g] === undefined ? first : merge([first, ...others[g]])));
}

/** The groups of `mergeByIdentity` as their first items and, for groups of several, the items after the first. */
function identityGroups<T>(items: readonly T[], findingOf: (item: T) => Finding): { firsts: T[]; others: (T[] | undefined)[] } {
  const firsts: T[] = [];
  const others: (T[] | undefined)[] = [];
  // Identity → group number.
  const byIdentity = new Map<string, number>();
  const contextFiles = new Map<string, number>();
  const pending: T[] = [];
  const join = (g: number, item: T): void => {
    const more = others[g];
    if (more === undefined) others[g] = [item];
    else more.push(item);
  };
  const add = (identity: string, item: T, index: Map<string, number>): void => {
    const g = index.get(identity);
    if (g !== undefined) return join(g, item);
    index.set(identity, firsts.length);
    firsts.push(item);
    others.push(undefined);
  };
  for (const item of items) {
    const finding = findingOf(item);
    const identity = packageIdentity(finding);
    if (identity !== undefined) add(identity, item, byIdentity);
    else if (finding.scope === 'filesystem') add(fileIdentity(finding, stripSlashes(finding.target)), item, contextFiles);
    else pending.push(item);
  }
  // Image file findings: the longest build-context path their own path ends with.
  for (const item of pending) {
    const finding = findingOf(item);
    const segments = stripSlashes(finding.target).split('/');
    let g: number | undefined;
    for (let i = 0; i < segments.length && g === undefined; i++) {
      g = contextFiles.get(fileIdentity(finding, segments.slice(i).join('/')));
    }
    if (g !== undefined) join(g, item);
    else add(joinParts('image', fileIdentity(finding, stripSlashes(finding.target))), item, byIdentity);
  }
  return { firsts, others };
}
