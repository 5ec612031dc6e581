import { posix } from 'node:path';
import { GateError } from './gate-error.js';
import {
  compileDockerignore,
  excludedByLegacyMatch,
  mustEnterExcludedDirectory,
  parseDockerignore,
  type IgnoreMatcher,
  type ParentMatches,
} from './dockerignore.js';

/*
 * The decisions behind a build context archive, kept apart from the file system walk so
 * that they read like the Docker CLI code they mirror (cli/command/image/build).
 */

/** Where the Dockerfile sits relative to the context, after symlinks are resolved. */
export type DockerfileLocation =
  | { kind: 'inside'; path: string }
  /** Sent under a generated name, as the CLI does for `-f ../Dockerfile`. */
  | { kind: 'outside'; absolutePath: string };

/** `realContext` and `realDockerfile` are absolute, symlink-free paths. */
export function locateDockerfile(realContext: string, realDockerfile: string): DockerfileLocation {
  const relative = posix.relative(realContext, realDockerfile);
  if (relative === '') {
    throw new GateError('input-error', `input 'dockerfile': resolves to the context directory itself, not a file`, {
      remedy: 'for example: dockerfile: Dockerfile',
    });
  }
  if (relative === '..' || relative.startsWith('../') || posix.isAbsolute(relative)) {
    return { kind: 'outside', absolutePath: realDockerfile };
  }
  return { kind: 'inside', path: relative };
}

/**
 * TrimBuildFilesFromExcludes: the Dockerfile and .dockerignore are always sent (the engine
 * needs them and removes them from the context itself if they are ignored). The `!` lines
 * are only added when needed because an added exclusion changes which directories the walk
 * enters.
 */
export function contextExcludes(dockerignore: readonly string[], dockerfilePath: string | undefined): string[] {
  const excludes = [...dockerignore];
  if (excludedByLegacyMatch('.dockerignore', excludes)) excludes.push('!.dockerignore');
  if (dockerfilePath !== undefined && excludedByLegacyMatch(dockerfilePath, excludes)) excludes.push(`!${dockerfilePath}`);
  return excludes;
}

/** The name the CLI gives a Dockerfile from outside the context; ours is derived from its content, not random. */
export function outsideDockerfileName(contentSha256Hex: string): string {
  return `.dockerfile.${contentSha256Hex.slice(0, 20)}`;
}

/**
 * The .dockerignore sent along with an outside Dockerfile lists that file, so that
 * `COPY . .` does not pick it up (AddDockerfileToBuildContext).
 */
export function dockerignoreWithOutsideDockerfile(existing: string | undefined, name: string): string {
  return `${existing ?? '.dockerignore'}\n${name}\n`;
}

export interface ContextEntryDecision {
  /** Put this entry in the archive. */
  include: boolean;
  /** Walk into this directory. */
  descend: boolean;
  /** What a child of this directory inherits. */
  matches: ParentMatches;
}

/** One step of the CLI's walk (go-archive TarWithOptions): `path` is relative, slash-separated. */
export function decideContextEntry(
  matcher: IgnoreMatcher,
  path: string,
  isDirectory: boolean,
  parent: ParentMatches | undefined,
): ContextEntryDecision {
  const { excluded, matches } = matcher.excludesWithParent(path, parent);
  if (!excluded) return { include: true, descend: isDirectory, matches };
  return { include: false, descend: isDirectory && mustEnterExcludedDirectory(matcher, path), matches };
}

export interface ContextPlan {
  matcher: IgnoreMatcher;
  /** Path of the Dockerfile inside the archive, as the engine's `dockerfile` parameter. */
  dockerfileInArchive: string;
}

/** Everything the walk needs, from the .dockerignore text and the Dockerfile's location. */
export function planContext(dockerignoreText: string | undefined, dockerfile: DockerfileLocation, outsideName: string | undefined): ContextPlan {
  const patterns = dockerignoreText === undefined ? [] : parseDockerignore(dockerignoreText);
  const inside = dockerfile.kind === 'inside' ? dockerfile.path : undefined;
  const matcher = compileDockerignore(contextExcludes(patterns, inside));
  const dockerfileInArchive = dockerfile.kind === 'inside' ? dockerfile.path : outsideName;
  if (dockerfileInArchive === undefined) throw new Error('an outside Dockerfile needs its archive name');
  return { matcher, dockerfileInArchive };
}
