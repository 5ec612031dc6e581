import { GateError } from '../../domain/gate-error.js';
import { createRegistryClient, type RegistryClient, type RegistryCredentials } from './registry-client.js';

/**
 * Reads the manifest (or index) a published tag names, for `mode: summary` to learn the
 * platforms of what users pull. Undefined when the tag does not exist; any other failure
 * throws, so a summary never quietly falls back to fewer platforms than are published.
 */
export function createPublishedManifestReader(options: { credentials: RegistryCredentials | undefined; client?: RegistryClient }) {
  const client = options.client ?? createRegistryClient();
  return async (reference: { registry: string; repository: string; tag: string }): Promise<{ mediaType: string; bytes: Buffer } | undefined> => {
    try {
      const fetched = await client.findManifest({ registry: reference.registry, repository: reference.repository, reference: reference.tag, credentials: options.credentials });
      return fetched && { mediaType: fetched.mediaType, bytes: fetched.bytes };
    } catch (error) {
      // The client names its failures for pushes; here nothing is pushed.
      if (error instanceof GateError && error.reason === 'push-error') throw new GateError('scan-error', error.message, { remedy: error.remedy, cause: error });
      throw error;
    }
  };
}
