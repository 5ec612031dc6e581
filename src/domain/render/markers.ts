import { commentSafe } from './markdown.js';

/*
 * Hidden markers: how the adapter finds "our" issue or comment again. They are HTML comments
 * (invisible on GitHub) naming the image, so each image has its own issue and PR comment, and
 * they are matched as a whole line, never by title (titles get edited, translated, reused).
 */

const TOOL = 'container-security-gate';

/** Marks the open security issue of one image. */
export function securityIssueMarker(image: string): string {
  return `<!-- ${TOOL}:issue image=${commentSafe(image)} -->`;
}

/** Marks the pull request comment of one image. */
export function pullRequestCommentMarker(image: string): string {
  return `<!-- ${TOOL}:pr-comment image=${commentSafe(image)} -->`;
}

/** Marks the one weekly summary issue of the repository. */
export const WEEKLY_SUMMARY_MARKER = `<!-- ${TOOL}:weekly-summary -->`;

/**
 * Whether a body carries the marker on a line of its own. A quote (`> <!-- … -->`) or a longer
 * image name (`image=…/app2`) does not match.
 */
export function hasMarker(body: string | null | undefined, marker: string): boolean {
  if (!body) return false;
  return body.split(/\r?\n/).some((line) => line.trim() === marker);
}
