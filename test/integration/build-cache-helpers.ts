// Scoped build-cache cleanup for the cache tests: only records a test created are pruned.
import type Docker from 'dockerode';

interface BuildCacheRecord {
  ID: string;
  InUse: boolean;
  Description?: string;
}

/** Descriptions of the engine's build-cache records (e.g. `mount / from exec /bin/sh -c …`). */
export async function buildCacheDescriptions(docker: Docker): Promise<string[]> {
  const df = (await docker.df()) as { BuildCache?: BuildCacheRecord[] | null };
  return (df.BuildCache ?? []).map((record) => record.Description ?? '');
}

/** GET /system/df: the engine's BuildKit cache records (Engine API 1.41 has no type filter). */
export async function buildCacheIds(docker: Docker): Promise<Set<string>> {
  const df = (await docker.df()) as { BuildCache?: BuildCacheRecord[] | null };
  return new Set((df.BuildCache ?? []).map((record) => record.ID));
}

/** dockerode's pruneBuilder drops its options (it would prune everything): dial the endpoint with the filter. */
function pruneOne(docker: Docker, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      { path: '/build/prune?', method: 'POST', options: { filters: JSON.stringify({ id: [id] }) }, statusCodes: { 200: true, 500: 'server error' } },
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

/**
 * Prunes the records in `ids` one by one (POST /build/prune with an `id` filter), so the
 * rest of the engine's build cache, other engineers' and other tests', is left alone. A
 * child must go before its parent, hence the few passes. Records another build created at
 * the same moment may be among `ids` when the caller took a before/after difference: that
 * only costs that build its cache, never its correctness.
 */
export async function pruneBuildCacheRecords(docker: Docker, ids: Iterable<string>): Promise<Set<string>> {
  let left = new Set(ids);
  for (let pass = 0; pass < 4 && left.size > 0; pass++) {
    for (const id of left) {
      await pruneOne(docker, id).catch(() => undefined);
    }
    const now = await buildCacheIds(docker);
    left = new Set([...left].filter((id) => now.has(id)));
  }
  return left;
}
