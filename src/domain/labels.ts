import { GateError } from './gate-error.js';
import type { GithubEventContext } from './github-event.js';

export interface OciLabelOptions {
  /** Defaults to the repository's name (the part after `owner/`). */
  title?: string;
  /** Omitted from the labels when undefined; see `versionFromTags`. */
  version?: string;
  /** The build time; passed in so the function stays pure. */
  created: Date;
  /** Labels from the `labels` input; they win over the ones computed here. */
  userLabels?: Readonly<Record<string, string>>;
}

/** `1.2`, `1.2.3`, `v1.2.3-rc.1`, `2024.05.01`: a tag that starts with a dotted number. */
const VERSION_TAG = /^v?\d+(?:\.\d+)+(?:[-_.+][\w.-]*)?$/;

export function isVersionTag(tag: string): boolean {
  return VERSION_TAG.test(tag);
}

/** The `version` label: the first version-like tag, else the first tag. */
export function versionFromTags(tags: readonly string[]): string | undefined {
  return tags.find(isVersionTag) ?? tags[0];
}

/**
 * OCI annotation labels for every build. `source` is the repository page, which is
 * how GHCR links a pushed package to its repository.
 */
export function ociLabels(event: GithubEventContext, options: OciLabelOptions): Record<string, string> {
  const year = options.created.getUTCFullYear();
  // RFC 3339 has four-digit years; toISOString writes `+275760-…` beyond them.
  if (Number.isNaN(year) || year < 0 || year > 9999) {
    throw new GateError('internal-error', `ociLabels: the build time ${String(options.created)} cannot be written as RFC 3339`);
  }
  const title = options.title ?? event.repository.slice(event.repository.indexOf('/') + 1);
  return {
    'org.opencontainers.image.source': event.repositoryUrl ?? `${event.serverUrl}/${event.repository}`,
    'org.opencontainers.image.revision': event.sha,
    // toISOString is RFC 3339 in UTC (`2024-05-01T12:00:00.000Z`).
    'org.opencontainers.image.created': options.created.toISOString(),
    'org.opencontainers.image.title': title,
    ...(options.version !== undefined && { 'org.opencontainers.image.version': options.version }),
    ...options.userLabels,
  };
}
