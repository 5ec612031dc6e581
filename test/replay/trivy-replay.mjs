#!/usr/bin/env node
// A stand-in for the Trivy binary, used as `trivy-path` by the fault-injection tests.
//
// Real Trivy cannot be made to crash, hang past its own --timeout, or write a broken report,
// yet those are the failures the gate must turn into `error` (never a silent pass). This
// script answers `--version` exactly like Trivy 0.74.0 and otherwise replays one failure,
// chosen by CSG_REPLAY_MODE:
//
//   crash           a Go panic on stderr, exit code 2 (what the Go runtime does)
//   signal          killed by SIGKILL (the OOM killer, a runner that ran out of memory)
//   deadline        like real Trivy when --timeout expires: waits that long, then the FATAL
//                   "context deadline exceeded" lines, exit 1
//   hang            ignores --timeout and does not finish (only a signal ends it; as a safety
//                   net against leaked processes it exits by itself after CSG_REPLAY_HANG_MS,
//                   default 120 s)
//   invalid-json    writes something that is not JSON to --output, exit 0
//   truncated-json  writes the first half of a well-formed report to --output, exit 0
//
// Every call is appended to CSG_REPLAY_LOG (when set), so a test can see what ran.
import { appendFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const mode = process.env.CSG_REPLAY_MODE ?? '';

if (process.env.CSG_REPLAY_LOG) appendFileSync(process.env.CSG_REPLAY_LOG, `${JSON.stringify({ mode, args })}\n`);

if (args[0] === '--version' || args[0] === 'version' || args[0] === '-v') {
  // Trivy 0.74.0 prints this first line; the DB lines follow only when a DB is in its cache.
  process.stdout.write('Version: 0.74.0\n');
  process.exit(0);
}

function flag(name) {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

/** `--timeout 1s` / `90s` / `10m` → milliseconds (Go durations as the action passes them). */
function timeoutMs() {
  const match = /^(\d+)(s|m|h)$/.exec(flag('--timeout') ?? '');
  if (!match) return 600_000;
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[match[2]];
}

function log(level, message) {
  process.stderr.write(`${new Date().toISOString()}\t${level}\t${message}\n`);
}

/** A report in the shape Trivy 0.74.0 writes for `trivy fs` of a directory with nothing in it. */
function report() {
  const target = args.at(-1) ?? '.';
  return JSON.stringify(
    {
      SchemaVersion: 2,
      CreatedAt: new Date().toISOString(),
      ArtifactName: target,
      ArtifactType: 'filesystem',
      Metadata: { ImageConfig: { architecture: '', created: '0001-01-01T00:00:00Z', os: '', rootfs: { type: '', diff_ids: null }, config: {} } },
      Results: [
        {
          Target: 'Dockerfile',
          Class: 'config',
          Type: 'dockerfile',
          MisconfSummary: { Successes: 20, Failures: 0 },
        },
        {
          Target: 'app/package-lock.json',
          Class: 'lang-pkgs',
          Type: 'npm',
          Vulnerabilities: [
            {
              VulnerabilityID: 'CVE-2021-44906',
              PkgName: 'minimist',
              InstalledVersion: '1.2.5',
              FixedVersion: '1.2.6',
              Status: 'fixed',
              Severity: 'CRITICAL',
              Title: 'minimist: prototype pollution',
            },
          ],
        },
      ],
    },
    null,
    2,
  );
}

function writeReport(text) {
  const output = flag('--output');
  if (output === undefined) process.stdout.write(text);
  else writeFileSync(output, text);
}

log('INFO', `[replay] ${mode || '(no CSG_REPLAY_MODE)'}: trivy ${args.join(' ')}`);

switch (mode) {
  case 'crash':
    log('INFO', '[vuln] Vulnerability scanning is enabled');
    process.stderr.write(
      [
        'panic: runtime error: invalid memory address or nil pointer dereference',
        '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x1c2f3a4]',
        '',
        'goroutine 1 [running]:',
        'github.com/aquasecurity/trivy/pkg/fanal/analyzer.(*AnalyzerGroup).AnalyzeFile(0xc000a1e000, {0x4a6b1e8, 0xc0001b2000})',
        '\t/home/runner/work/trivy/trivy/pkg/fanal/analyzer/analyzer.go:466 +0x64',
        'main.main()',
        '\t/home/runner/work/trivy/trivy/cmd/trivy/main.go:19 +0x2c',
        '',
        // The Go runtime dumps every goroutine; a real crash log is dozens of lines long.
        ...[2, 7, 12, 19].flatMap((id) => [
          `goroutine ${id} [select]:`,
          'github.com/aquasecurity/trivy/pkg/parallel.(*Pipeline[...]).Do.func1()',
          '\t/home/runner/work/trivy/trivy/pkg/parallel/pipeline.go:58 +0x1f8',
          'golang.org/x/sync/errgroup.(*Group).Go.func1()',
          '\t/root/go/pkg/mod/golang.org/x/sync@v0.16.0/errgroup/errgroup.go:93 +0x50',
          'created by golang.org/x/sync/errgroup.(*Group).Go in goroutine 1',
          '\t/root/go/pkg/mod/golang.org/x/sync@v0.16.0/errgroup/errgroup.go:78 +0x94',
          '',
        ]),
      ].join('\n'),
    );
    process.exit(2);
    break;
  case 'signal':
    log('INFO', '[vuln] Vulnerability scanning is enabled');
    process.kill(process.pid, 'SIGKILL');
    break;
  case 'deadline':
    setTimeout(() => {
      log('FATAL', 'Fatal error\trun error: fs scan error: scan error: scan failed: failed analysis: analyze error: pipeline error: failed to analyze layer: context deadline exceeded');
      log('WARN', 'Provide a higher timeout value, see https://trivy.dev/v0.74/docs/guide/references/troubleshooting#timeout');
      process.exit(1);
    }, timeoutMs());
    break;
  case 'hang':
    // SIGTERM (Node's default action) ends it; the timer only keeps a leaked process from living on.
    setTimeout(() => {
      log('FATAL', 'trivy-replay: hang mode gave up waiting for a signal');
      process.exit(70);
    }, Number(process.env.CSG_REPLAY_HANG_MS ?? 120_000));
    break;
  case 'invalid-json':
    writeReport('<html><body>502 Bad Gateway</body></html>\n');
    process.exit(0);
    break;
  case 'truncated-json': {
    const text = report();
    writeReport(text.slice(0, Math.floor(text.length / 2)));
    process.exit(0);
    break;
  }
  default:
    log('FATAL', `trivy-replay: unknown CSG_REPLAY_MODE '${mode}'`);
    process.exit(64);
}
