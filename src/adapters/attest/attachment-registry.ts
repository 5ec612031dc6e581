import { createRegistryClient, type RegistryClient, type RegistryCredentials } from '../registry/registry-client.js';
import type { AttachmentRegistry } from './attach.js';

/**
 * The registry as attaching sees it: writes go through the push path's own port (it checks
 * the digest the registry reports), reads through a registry client with the same
 * credentials — the existing `.att` manifest whose other attestations must survive, the
 * subject manifest a referrer names, and whether the registry serves the referrers API.
 */
export function attachmentRegistry(
  writer: Pick<AttachmentRegistry, 'putBlob' | 'putManifest'>,
  where: { registry: string; credentials: RegistryCredentials },
  client: RegistryClient = createRegistryClient(),
): Required<AttachmentRegistry> {
  const location = (repository: string) => ({ registry: where.registry, repository, credentials: where.credentials });
  return {
    putBlob: (repository, bytes, mediaType) => writer.putBlob(repository, bytes, mediaType),
    putManifest: (repository, reference, bytes, mediaType) => writer.putManifest(repository, reference, bytes, mediaType),
    async getManifest(repository, reference) {
      return (await client.findManifest({ ...location(repository), reference }))?.bytes;
    },
    referrers: (repository, digest) => client.listReferrers(location(repository), digest),
  };
}
