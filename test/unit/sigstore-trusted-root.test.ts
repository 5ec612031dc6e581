// The Sigstore trusted root the action carries is the public-good root from the TUF seed that
// @sigstore/tuf ships (scripts/update-sigstore-root.mjs writes it): a stale or hand-edited copy fails here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT } from '../../src/adapters/trivy/sigstore-trusted-root.js';

const require = createRequire(import.meta.url);

describe('the carried Sigstore trusted root', () => {
  it('is the trusted_root.json of the @sigstore/tuf seed (run node scripts/update-sigstore-root.mjs after updating it)', () => {
    const seeds = JSON.parse(readFileSync(require.resolve('@sigstore/tuf/seeds.json'), 'utf8')) as Record<string, { targets: Record<string, string> }>;
    const seed = JSON.parse(Buffer.from(seeds['https://tuf-repo-cdn.sigstore.dev']!.targets['trusted_root.json']!, 'base64').toString('utf8')) as unknown;
    expect(SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT).toEqual(seed);
  });

  it('names the public-good Fulcio CA, Rekor and CT logs', () => {
    const root = SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT as { tlogs: { baseUrl: string }[]; ctlogs: unknown[]; certificateAuthorities: { uri: string }[] };
    expect(root.tlogs.map((t) => t.baseUrl)).toContain('https://rekor.sigstore.dev');
    expect(root.certificateAuthorities.map((c) => c.uri)).toContain('https://fulcio.sigstore.dev');
    expect(root.ctlogs.length).toBeGreaterThan(0);
  });
});
