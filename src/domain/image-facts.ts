/**
 * What actually ships, read from the built image's config (`docker image inspect` + history)
 * by the Docker adapter. Hardening rules judge this, not the Dockerfile.
 */
export interface ImageFacts {
  /** Image ID (sha256:…). */
  id: string;
  /** Config.User; '' means root. */
  user: string;
  /** Config.Healthcheck; undefined or a test of ['NONE'] means no healthcheck. */
  healthcheck: { test: string[] } | undefined;
  /** Config.Env, as 'KEY=VALUE'. */
  env: string[];
  labels: Record<string, string>;
  sizeBytes: number;
  /** Build history entries in the order the adapter reports them. */
  history: { createdBy: string }[];
  /** The config's os/architecture/variant (what a platform build must match). */
  platform?: { os: string; architecture: string; variant?: string };
}
