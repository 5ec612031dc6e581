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
      const fetched = await client.getManifest({ registry: reference.registry, repository: reference.repository, reference: reference.tag, credentials: options.credentials });
      return { mediaType: fetched.mediaType, bytes: fetched.bytes };
    } catch (error) {
      // registry-client's 404 (MANIFEST_UNKNOWN / NAME_UNKNOWN): the tag is not published yet.
      if (error instanceof GateError && / has no manifest /.test(error.message)) return undefined;
      // The client names its failures for pushes; here nothing is pushed.
      if (error instanceof GateError && error.reason === 'push-error') throw new GateError('scan-error', error.message, { remedy: error.remedy, cause: error });
      throw error;
    }
  };
}
