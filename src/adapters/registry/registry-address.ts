import { isIP } from 'node:net';

/*
 * Where a registry's HTTP API lives. Docker talks plain HTTP to registries on loopback
 * addresses (127.0.0.0/8 and ::1 are "insecure registries" by default) and HTTPS to
 * everything else; we do the same, and nothing more permissive.
 */

/** `127.0.0.1:5000` → `127.0.0.1`, `[::1]:5000` → `::1`, `ghcr.io` → `ghcr.io`. */
export function hostOf(registry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return registry.replace(/:\d+$/, '').toLowerCase();
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** Base URL of the Distribution API for a registry host as written in references. */
export function registryBaseUrl(registry: string): string {
  if (registry === 'docker.io' || registry === 'index.docker.io') return 'https://registry-1.docker.io';
  return `${isLoopbackHost(hostOf(registry)) ? 'http' : 'https'}://${registry}`;
}

/** A URL we may send credentials to: HTTPS, or HTTP on a loopback host. */
export function isTrustedForCredentials(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}
