import type { Platform } from './platform.js';

export const IMAGE_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';

export interface PlatformManifest {
  mediaType: string;
  digest: string;
  size: number;
  platform: Platform;
}

/**
 * The OCI image index over the platforms' manifests, serialised once: these exact bytes are
 * hashed, PUT by digest and tagged, so the digest the gate reports is the one pulled.
 */
export function imageIndex(manifests: readonly PlatformManifest[]): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: IMAGE_INDEX_MEDIA_TYPE,
    manifests: manifests.map((m) => ({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.size,
      platform: { architecture: m.platform.architecture, os: m.platform.os, ...(m.platform.variant && { variant: m.platform.variant }) },
    })),
  });
}
