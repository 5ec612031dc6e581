import { GateError } from '../gate-error.js';

/** An OCI platform as an image index names it (`linux/arm64/v8`). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const PART = /^[a-z0-9][a-z0-9._-]*$/;

/** `os/arch[/variant]`, lower case, as BuildKit and the OCI index spell it. */
export function parsePlatform(raw: string): Platform {
  const parts = raw.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => PART.test(p))) {
    throw new GateError('input-error', `input 'platforms': '${raw}' is not os/arch[/variant]`, {
      remedy: 'for example: platforms: linux/amd64,linux/arm64',
    });
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((p) => p !== undefined && p !== '').join('/');
}

/** Parsed and de-duplicated; a repeated platform would build and push the same image twice. */
export function parsePlatforms(items: readonly string[]): Platform[] {
  const seen = new Map<string, Platform>();
  for (const item of items) {
    const platform = parsePlatform(item);
    const name = formatPlatform(platform);
    if (seen.has(name)) {
      throw new GateError('input-error', `input 'platforms': ${name} is listed twice`, { remedy: 'for example: platforms: linux/amd64,linux/arm64' });
    }
    seen.set(name, platform);
  }
  return [...seen.values()];
}

/**
 * Whether the image config's os/architecture/variant is what was asked for. An engine that
 * ignores the platform parameter (an old classic builder) builds for itself: that image must
 * not be published as another platform's.
 */
export function matchesPlatform(requested: Platform, actual: Platform): boolean {
  if (requested.os !== actual.os || requested.architecture !== actual.architecture) return false;
  // arm64 images usually carry variant v8 or none; only a requested variant must match.
  return requested.variant === undefined || requested.variant === (actual.variant ?? '');
}
