// Synthetic Trivy image reports (SchemaVersion 2) of a chosen size, shaped like real
// `trivy image --format json` output: several Results (OS packages, language packages, a
// secret, a Dockerfile check), vulnerabilities with every field Trivy writes — long
// descriptions, CVSS from several sources, vendor severities, dozens of references,
// layers and fingerprints. Deterministic for a seed, so runs compare like with like.

import { prng } from '../test/support/prng.js';

const WORDS = (
  'a an the in of to and or via when with without before after allows attackers remote local ' +
  'unauthenticated authenticated user crafted malicious request response header cookie buffer ' +
  'overflow underflow heap stack use-after-free double free null pointer dereference integer ' +
  'out-of-bounds read write memory corruption denial service cause execute arbitrary code ' +
  'command injection cross-site scripting request forgery prototype pollution path traversal ' +
  'directory certificate validation signature verification bypass race condition timing side ' +
  'channel leak sensitive information disclosure function parser decoder encoder library ' +
  'component module package implementation version versions prior through affected fixed ' +
  'improper insufficient missing incorrect handling input sanitization length check limit ' +
  'resource consumption exhaustion loop infinite recursion deep nesting regular expression ' +
  'XML JSON YAML HTTP/2 TLS SSH DNS zlib compression decompression archive extraction symlink ' +
  'privilege escalation configuration default setting environment variable file descriptor'
).split(' ');

const OS_PACKAGES = (
  'libc6 libc-bin libssl3 openssl libcurl4 curl zlib1g libxml2 libexpat1 libsqlite3-0 ' +
  'libgnutls30 libkrb5-3 libgssapi-krb5-2 libtiff6 libpng16-16 libjpeg62-turbo libfreetype6 ' +
  'libsystemd0 libudev1 perl-base libperl5.36 bash coreutils tar gzip libpcre2-8-0 ' +
  'libncursesw6 libtinfo6 libgcrypt20 libgpg-error0 libldap-2.5-0 libsasl2-2 libnghttp2-14 ' +
  'libssh2-1 libzstd1 liblzma5 libbz2-1.0 libdb5.3 login passwd util-linux mount libblkid1'
).split(' ');

const NODE_PACKAGES = 'semver minimist lodash axios follow-redirects tough-cookie word-wrap ws ip json5 qs express body-parser cookie tar got'.split(' ');
const PYTHON_PACKAGES = 'urllib3 requests certifi setuptools wheel pip cryptography jinja2 werkzeug idna pyyaml'.split(' ');
const GO_PACKAGES = 'golang.org/x/net golang.org/x/crypto golang.org/x/text google.golang.org/grpc github.com/docker/docker stdlib'.split(' ');
const SEVERITIES = ['LOW', 'LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH', 'CRITICAL', 'UNKNOWN'] as const;
const VENDORS = ['nvd', 'redhat', 'debian', 'ubuntu', 'ghsa', 'amazon', 'oracle-oval', 'alma', 'rocky', 'photon'];
const SEVERITY_NUMBER: Record<string, number> = { UNKNOWN: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function hex(random: Random, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

function prose(random: Random, minChars: number, maxChars: number): string {
  const target = int(random, minChars, maxChars);
  const words: string[] = [];
  let length = 0;
  while (length < target) {
    const word = pick(random, WORDS);
    words.push(word);
    length += word.length + 1;
  }
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function isoDate(random: Random, fromYear: number, toYear: number): string {
  const year = int(random, fromYear, toYear);
  const month = String(int(random, 1, 12)).padStart(2, '0');
  const day = String(int(random, 1, 28)).padStart(2, '0');
  return `${year}-${month}-${day}T${String(int(random, 0, 23)).padStart(2, '0')}:${String(int(random, 0, 59)).padStart(2, '0')}:00Z`;
}

function version(random: Random): string {
  return `${int(random, 0, 9)}.${int(random, 0, 30)}.${int(random, 0, 20)}`;
}

function cvss(random: Random): Record<string, Record<string, string | number>> {
  const sources: Record<string, Record<string, string | number>> = {};
  for (const source of ['nvd', 'redhat', 'ghsa'].slice(0, int(random, 1, 3))) {
    const v3 = `CVSS:3.1/AV:${pick(random, ['N', 'A', 'L'])}/AC:${pick(random, ['L', 'H'])}/PR:${pick(random, ['N', 'L', 'H'])}/UI:${pick(random, ['N', 'R'])}/S:${pick(random, ['U', 'C'])}/C:${pick(random, ['N', 'L', 'H'])}/I:${pick(random, ['N', 'L', 'H'])}/A:${pick(random, ['N', 'L', 'H'])}`;
    sources[source] =
      source === 'nvd' && random() < 0.5
        ? { V2Vector: 'AV:N/AC:M/Au:N/C:P/I:P/A:P', V3Vector: v3, V2Score: Math.round(random() * 100) / 10, V3Score: Math.round(random() * 100) / 10 }
        : { V3Vector: v3, V3Score: Math.round(random() * 100) / 10 };
  }
  return sources;
}

function references(random: Random, id: string, pkg: string): string[] {
  const hosts = ['https://access.redhat.com/security/cve/', 'https://nvd.nist.gov/vuln/detail/', 'https://www.cve.org/CVERecord?id=', 'https://ubuntu.com/security/notices/USN-', 'https://security-tracker.debian.org/tracker/', 'https://lists.debian.org/debian-lts-announce/2024/', 'https://github.com/advisories/GHSA-', 'https://security.netapp.com/advisory/ntap-2024', 'https://bugzilla.redhat.com/show_bug.cgi?id=', `https://github.com/${pkg}/${pkg}/commit/`];
  const count = int(random, 3, 28);
  const refs: string[] = [];
  for (let i = 0; i < count; i++) {
    const host = pick(random, hosts);
    refs.push(host.endsWith('/') || host.endsWith('=') || host.endsWith('-') ? `${host}${host.includes('commit') ? hex(random, 40) : id}` : `${host}${int(random, 1000, 99999)}/`);
  }
  return refs.sort();
}

interface LayerRef {
  Digest: string;
  DiffID: string;
}

function vulnerability(random: Random, index: number, pkg: string, pkgPath: string | undefined, purlType: string, layers: readonly LayerRef[]): Record<string, unknown> {
  const year = int(random, 2014, 2025);
  const id = random() < 0.85 ? `CVE-${year}-${int(random, 1000, 52000)}` : `GHSA-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}`;
  const installed = version(random);
  const fixed = random() < 0.6;
  const severity = pick(random, SEVERITIES);
  const source = pick(random, VENDORS);
  const vendorSeverity: Record<string, number> = {};
  for (let i = int(random, 1, 6); i > 0; i--) vendorSeverity[pick(random, VENDORS)] = int(random, 1, 4);
  vendorSeverity[source] = SEVERITY_NUMBER[severity]!;
  const published = isoDate(random, year, year);
  return {
    VulnerabilityID: id,
    PkgID: `${pkg}@${installed}`,
    PkgName: pkg,
    ...(pkgPath !== undefined && { PkgPath: pkgPath }),
    PkgIdentifier: { PURL: `pkg:${purlType}/${pkg}@${installed}${purlType === 'deb' ? '?arch=amd64\u0026distro=debian-12.5' : ''}`, UID: hex(random, 16) },
    InstalledVersion: installed,
    ...(fixed && { FixedVersion: `${installed.split('.')[0]}.${int(random, 31, 60)}.0` }),
    Status: fixed ? 'fixed' : pick(random, ['affected', 'will_not_fix', 'fix_deferred', 'end_of_life']),
    Layer: pick(random, layers),
    SeveritySource: source,
    PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
    DataSource: { ID: source, Name: `${source} security tracker`, URL: `https://security.example.org/${source}` },
    Fingerprint: `sha256:${hex(random, 64)}`,
    Title: prose(random, 30, 110).slice(0, -1),
    Description: prose(random, 150, 1400),
    Severity: severity,
    ...(random() < 0.8 && { CweIDs: [`CWE-${int(random, 20, 1300)}`, ...(random() < 0.3 ? [`CWE-${int(random, 20, 1300)}`] : [])] }),
    VendorSeverity: vendorSeverity,
    CVSS: cvss(random),
    References: references(random, id, pkg),
    PublishedDate: published,
    LastModifiedDate: isoDate(random, year, 2025),
    ...(purlType === 'deb' && index % 5 === 0 && { VendorIDs: [`DSA-${int(random, 4000, 6000)}-1`] }),
  };
}

function secret(random: Random, index: number): Record<string, unknown> {
  const line = int(random, 3, 400);
  const code = (n: number, cause: boolean, content: string) => ({
    Number: n,
    Content: content,
    IsCause: cause,
    Annotation: '',
    Truncated: false,
    ...(content !== '' && { Highlighted: content }),
    FirstCause: cause,
    LastCause: cause,
  });
  return {
    RuleID: pick(random, ['aws-access-key-id', 'github-pat', 'private-key', 'slack-web-hook', 'generic-api-key']),
    Category: pick(random, ['AWS', 'GitHub', 'AsymmetricPrivateKey', 'Slack', 'Generic']),
    Severity: pick(random, ['CRITICAL', 'HIGH', 'MEDIUM']),
    Title: 'Secret found in a file',
    StartLine: line,
    EndLine: line,
    Code: { Lines: [code(line - 1, false, `# config block ${index}`), code(line, true, 'export TOKEN=********************'), code(line + 1, false, '')] },
    Match: 'export TOKEN=********************',
    Layer: { Digest: `sha256:${hex(random, 64)}`, DiffID: `sha256:${hex(random, 64)}` },
  };
}

function misconfiguration(random: Random, index: number): Record<string, unknown> {
  const number = int(random, 1, 31);
  const id = `DS-${String(number).padStart(4, '0')}`;
  return {
    Type: 'Dockerfile Security Check',
    ID: id,
    Title: prose(random, 20, 60).slice(0, -1),
    Description: prose(random, 120, 400),
    Message: prose(random, 40, 120),
    Namespace: `builtin.dockerfile.DS${String(number).padStart(3, '0')}`,
    Query: `data.builtin.dockerfile.DS${String(number).padStart(3, '0')}.deny`,
    Resolution: prose(random, 20, 80),
    Severity: pick(random, ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
    PrimaryURL: `https://avd.aquasec.com/misconfig/${id.toLowerCase()}`,
    References: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/', `https://avd.aquasec.com/misconfig/${id.toLowerCase()}`],
    Status: 'FAIL',
    CauseMetadata: { Provider: 'Dockerfile', Service: 'general', StartLine: index + 1, EndLine: index + 1, Code: { Lines: null } },
  };
}

export interface GeneratedReport {
  report: Record<string, unknown>;
  findings: number;
}

/**
 * A report with exactly `findings` findings: ~0.4 % each secrets and failed Dockerfile checks,
 * the rest vulnerabilities spread over OS packages (60 %), Node, Python and Go packages.
 */
export function generateTrivyReport(findings: number, seed = 20250101): GeneratedReport {
  if (!Number.isInteger(findings) || findings < 3) throw new Error('a generated report needs at least 3 findings');
  const random = prng(seed);
  const secrets = Math.max(1, Math.round(findings * 0.004));
  const misconfigurations = Math.max(1, Math.round(findings * 0.004));
  const vulnerabilities = findings - secrets - misconfigurations;
  const layers: LayerRef[] = Array.from({ length: 6 }, () => ({ Digest: `sha256:${hex(random, 64)}`, DiffID: `sha256:${hex(random, 64)}` }));
  const image = 'ghcr.io/acme/app:pr-42';

  const groups = [
    { share: 0.6, target: `${image} (debian 12.5)`, cls: 'os-pkgs', type: 'debian', purl: 'deb', packages: OS_PACKAGES, path: () => undefined },
    { share: 0.2, target: 'Node.js', cls: 'lang-pkgs', type: 'node-pkg', purl: 'npm', packages: NODE_PACKAGES, path: (p: string, i: number) => `usr/src/app/node_modules/${i % 7 === 0 ? `nested-${i % 50}/node_modules/` : ''}${p}/package.json` },
    { share: 0.12, target: 'Python', cls: 'lang-pkgs', type: 'python-pkg', purl: 'pypi', packages: PYTHON_PACKAGES, path: (p: string) => `usr/local/lib/python3.12/site-packages/${p}.dist-info/METADATA` },
    { share: 0.08, target: 'usr/local/bin/app', cls: 'lang-pkgs', type: 'gobinary', purl: 'golang', packages: GO_PACKAGES, path: () => undefined },
  ];
  const results: Record<string, unknown>[] = [];
  let made = 0;
  groups.forEach((group, g) => {
    const count = g === groups.length - 1 ? vulnerabilities - made : Math.round(vulnerabilities * group.share);
    const vulns: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const pkg = pick(random, group.packages);
      vulns.push(vulnerability(random, made + i, pkg, group.path(pkg, i), group.purl, layers));
    }
    made += count;
    results.push({ Target: group.target, Class: group.cls, Type: group.type, ...(group.cls === 'os-pkgs' && { Packages: null }), Vulnerabilities: vulns });
  });
  results.push({
    Target: 'usr/src/app/deploy/.env.production',
    Class: 'secret',
    Secrets: Array.from({ length: secrets }, (_, i) => secret(random, i)),
  });
  results.push({
    Target: 'Dockerfile',
    Class: 'config',
    Type: 'dockerfile',
    MisconfSummary: { Successes: 26, Failures: misconfigurations },
    Misconfigurations: Array.from({ length: misconfigurations }, (_, i) => misconfiguration(random, i)),
  });

  const report = {
    SchemaVersion: 2,
    Trivy: { Version: '0.74.0' },
    ReportID: '0190a1b2-c3d4-7000-8000-000000000042',
    CreatedAt: '2025-06-01T12:00:00.000000001Z',
    ArtifactID: `sha256:${hex(random, 64)}`,
    ArtifactName: image,
    ArtifactType: 'container_image',
    Metadata: {
      Size: 187_654_321,
      OS: { Family: 'debian', Name: '12.5' },
      ImageID: `sha256:${hex(random, 64)}`,
      DiffIDs: layers.map((l) => l.DiffID),
      RepoTags: [image],
      ImageConfig: {
        architecture: 'amd64',
        created: '2025-06-01T11:58:00Z',
        history: layers.map((_, i) => ({ created: '2025-06-01T11:58:00Z', created_by: `RUN step ${i} # buildkit`, comment: 'buildkit.dockerfile.v0' })),
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.DiffID) },
        config: {
          User: 'app',
          Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NODE_ENV=production'],
          Cmd: ['node', 'server.js'],
          WorkingDir: '/usr/src/app',
          Labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app' },
        },
      },
      Layers: layers.map((l) => ({ Size: 12_345_678, ...l })),
    },
    Results: results,
  };
  return { report, findings };
}

/** Trivy writes its JSON indented by two spaces; so do we, so that sizes are comparable. */
export function renderTrivyReport(generated: GeneratedReport): string {
  return `${JSON.stringify(generated.report, null, 2)}\n`;
}
