import { GateError } from '../../domain/gate-error.js';
import { redactSecrets as redactText } from '../../domain/text-safety.js';

export type RegistryAccess = 'push' | 'pull';

/** What the account needs, said in the registry's own terms where we know them. */
export function permissionHint(registry: string, repository: string, access: RegistryAccess): string {
  if (registry === 'ghcr.io') {
    return access === 'push'
      ? "The token needs the 'packages: write' permission: add `permissions: { contents: read, packages: write }` to the job (for GITHUB_TOKEN) or use a token with write:packages. If the package already exists, also give this repository write access under the package's settings → Manage Actions access."
      : "The token needs the 'packages: read' permission on the package.";
  }
  return `Check registry-username and registry-password: that account needs ${access === 'push' ? 'push (write)' : 'pull (read)'} access to ${repository} on ${registry}.`;
}

/**
 * A refusal by the registry. The message names the registry, repository and user — never
 * the password or the encoded auth header.
 */
export function registryAuthError(options: {
  registry: string;
  repository: string;
  username: string;
  access: RegistryAccess;
  detail: string;
  cause?: unknown;
}): GateError {
  const who = options.username ? `user '${options.username}'` : 'anonymous access';
  return new GateError(
    'registry-auth',
    `registry ${options.registry} refused ${options.access} access to ${options.repository} for ${who}: ${options.detail}`,
    { remedy: permissionHint(options.registry, options.repository, options.access), ...(options.cause !== undefined && { cause: options.cause }) },
  );
}

/** Replaces every occurrence of the given secrets (any letter case, and their common encodings) with ***. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return redactText(text, secrets, 3);
}
