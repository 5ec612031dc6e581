// Build contexts for two-platform runs (linux/amd64 + linux/arm64) without RUN steps: no
// binfmt_misc here, so each platform's image is FROM scratch + that architecture's busybox
// (the arm64 one from Debian, test/env/arm64-busybox.sh) and `COPY ${TARGETARCH}/` so the
// platforms' images can differ.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arm64BusyboxPath } from '../env/arm64-busybox.js';
import type { TestEnv } from '../env/test-env.js';
import { fixtureContext, gateInputs } from './fault-run.js';

export const PLATFORMS_DOCKERFILE = `FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
COPY app/ /app/
COPY \${TARGETARCH}/ /app/
WORKDIR /app
USER 65534:65534
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/bin/busybox", "test", "-f", "/app/hello.txt"]
ENTRYPOINT ["/bin/busybox", "sh", "/app/run.sh"]
`;

/** The clean fixture with a busybox per architecture and a per-architecture folder; `arm64Files` lands in /app of the arm64 image only. */
export function platformContext(env: TestEnv, options: { arm64Files?: Record<string, string>; withArm64Busybox?: boolean } = {}): string {
  const dir = fixtureContext(env, 'clean', PLATFORMS_DOCKERFILE);
  cpSync(env.busybox, join(dir, 'busybox-amd64'));
  if (options.withArm64Busybox !== false) cpSync(arm64BusyboxPath(), join(dir, 'busybox-arm64'));
  for (const arch of ['amd64', 'arm64']) {
    mkdirSync(join(dir, arch));
    writeFileSync(join(dir, arch, 'platform.txt'), `${arch}\n`);
  }
  for (const [file, text] of Object.entries(options.arm64Files ?? {})) {
    mkdirSync(join(dir, 'arm64', file, '..'), { recursive: true });
    writeFileSync(join(dir, 'arm64', file), text);
  }
  return dir;
}

/** A gate run of both platforms pushing `v1` and `latest`. */
export function platformInputs(env: TestEnv, repository: string, context: string): Record<string, string> {
  return { ...gateInputs(env, context, `${env.registry}/${repository}`), tags: 'v1,latest', platforms: 'linux/amd64,linux/arm64' };
}
