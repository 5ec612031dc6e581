/** What `attest` asked for, and what this run does about it. */
export type AttestRequest = 'auto' | 'keyless' | 'key' | 'off';
export type AttestMode = 'keyless' | 'key' | 'off';

/**
 * `auto` signs keyless only where the job can get an OIDC token (`id-token: write`): elsewhere
 * (pull requests from forks, GHES without Sigstore, local runs) it attaches nothing and says so.
 */
export function resolveAttestMode(requested: AttestRequest, hasOidcToken: boolean): { mode: AttestMode; notice: string | undefined } {
  if (requested !== 'auto') return { mode: requested, notice: undefined };
  if (hasOidcToken) return { mode: 'keyless', notice: undefined };
  return {
    mode: 'off',
    notice:
      'attest: auto attaches no SBOM or attestations: the job has no OIDC token. Give it `permissions: id-token: write` for keyless signing, or use attest: key.',
  };
}
