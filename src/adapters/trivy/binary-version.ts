import { execFile } from 'node:child_process';
import { parseTrivyVersionOutput } from '../../domain/trivy-release.js';

export type BinaryVersionProbe =
  | { ok: true; version: string }
  | { ok: false; problem: string; details: string[] };

/**
 * Runs `<binary> --version` and reads the version Trivy reports. Never throws: the caller
 * decides what a binary that does not run means in its context.
 */
export function probeTrivyVersion(binary: string, timeoutMs: number): Promise<BinaryVersionProbe> {
  return new Promise((resolve) => {
    execFile(binary, ['--version'], { timeout: timeoutMs, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      const details = String(stderr).trim().split('\n').filter((l) => l.length > 0).slice(-10);
      if (error) {
        const { code, signal, killed } = error as NodeJS.ErrnoException & { signal?: string; killed?: boolean };
        const problem =
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EACCES'
              ? 'it is not executable (permission denied)'
              : code === 'ENOEXEC'
                ? 'it is not an executable for this runner'
                : killed && signal
                  ? `\`--version\` did not finish within ${Math.round(timeoutMs / 1000)}s`
                  : typeof code === 'number'
                    ? `\`--version\` exited with code ${code}`
                    : `it could not be started: ${error.message}`;
        resolve({ ok: false, problem, details });
        return;
      }
      const version = parseTrivyVersionOutput(String(stdout));
      if (version === undefined) {
        const firstLine = String(stdout).trim().split('\n')[0] ?? '';
        resolve({ ok: false, problem: `\`--version\` printed no 'Version:' line (got '${firstLine.slice(0, 120)}'), so it does not look like Trivy`, details });
        return;
      }
      resolve({ ok: true, version });
    });
  });
}
