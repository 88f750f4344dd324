/**
 * Creating the folders rowmeter writes to, without ever hanging. Node's recursive `mkdir` loops
 * forever at 100 % CPU when a parent exists but cannot hold children (under `/proc` the kernel
 * answers ENOENT, the walk steps back to the parent, gets EEXIST, and steps forward again), and
 * a path through a dangling symbolic link can do the same. This walks the path itself, one
 * component at a time, and turns every obstacle into one clear sentence.
 */
import { constants } from 'node:fs';
import { access, lstat, mkdir, readlink, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, parse, resolve, sep } from 'node:path';

/** A folder that cannot be created; `message` names the component in the way and why. */
export class PathError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PathError';
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown error';
}

/** The prefixes of an absolute path, root excluded: `/a`, `/a/b`, `/a/b/c`. */
export function pathPrefixes(absolute: string): string[] {
  const { root } = parse(absolute);
  const parts = absolute.slice(root.length).split(sep).filter((part) => part.length > 0);
  return parts.map((_, index) => join(root, ...parts.slice(0, index + 1)));
}

/**
 * Makes sure `path` is a folder, creating missing components one by one (never recursively).
 * Follows symbolic links that lead somewhere; fails at once, with a {@link PathError}, on a
 * dangling one, on a component that is a file, and on a parent that exists but cannot hold a
 * folder (`/proc`, a read-only file system, no permission). Returns the absolute path.
 */
export async function ensureDirectory(path: string, cwd = process.cwd()): Promise<string> {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  for (const prefix of pathPrefixes(absolute)) {
    let isLink = false;
    try {
      isLink = (await lstat(prefix)).isSymbolicLink();
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') throw new PathError(`${prefix} cannot be read (${codeOf(error)})`, codeOf(error));
      try {
        await mkdir(prefix);
      } catch (creating) {
        const code = codeOf(creating);
        if (code === 'EEXIST') continue;
        // The parent exists (it was checked one step before) yet refuses a child.
        throw new PathError(`${dirname(prefix)} cannot hold a folder (${code})`, code);
      }
      continue;
    }
    let target;
    try {
      target = await stat(prefix);
    } catch (error) {
      if (isLink && codeOf(error) === 'ENOENT') {
        const points = await readlink(prefix).catch(() => '?');
        throw new PathError(`${prefix} is a symbolic link to ${points}, which does not exist`, 'ENOENT');
      }
      throw new PathError(`${prefix} cannot be read (${codeOf(error)})`, codeOf(error));
    }
    if (!target.isDirectory()) throw new PathError(`${prefix} is not a folder`, 'ENOTDIR');
  }
  return absolute;
}

/**
 * Checks that the OS temp folder (`$TMPDIR`, where the embedded server's data and the runs'
 * scratch files go) is a folder that can be written, without creating it: it is the user's.
 */
export async function checkTempFolder(folder: string): Promise<void> {
  let target;
  try {
    target = await stat(folder);
  } catch (error) {
    const link = await lstat(folder).then((found) => found.isSymbolicLink(), () => false);
    throw new PathError(link ? `${folder} is a symbolic link to a missing folder` : `${folder} does not exist (${codeOf(error)})`, codeOf(error));
  }
  if (!target.isDirectory()) throw new PathError(`${folder} is not a folder`, 'ENOTDIR');
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    throw new PathError(`${folder} cannot be written (${codeOf(error)})`, codeOf(error));
  }
}
