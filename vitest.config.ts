import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests drive one Docker engine, one registry and a 2-core machine:
    // running files in parallel only makes them fight for the same daemon.
    fileParallelism: false,
    // Tools under test print a lot (Trivy, tool-cache debug lines); show it only for failures.
    silent: 'passed-only',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
