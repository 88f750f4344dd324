/**
 * `--against <git-ref>`: the user's project at another revision, beside the working tree, for
 * "this branch against main" in one benchmark (asv's `continuous`). The revision is checked out in
 * a temporary git worktree, removed at exit (Ctrl-C and a killed rowmeter included), and given
 * the working tree's `node_modules` when its lockfile is the same; otherwise its dependencies are
 * installed with `npm ci` once into a cache keyed by the lockfile and reused.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { onExit } from '../run/cleanup.js';
import { guardPath } from '../run/guard.js';
import { oneLine, UsageError } from '../errors.js';
import { versionCacheRoot } from './cache.js';

/** A revision checked out beside the working tree. */
export interface CheckedOutRevision {
  /** What the user asked for (`main`, `origin/main`, a sha), or the merge base found. */
  ref: string;
  /** The full commit. */
  commit: string;
  /** The label its cells carry (`main`, or the short commit). */
  label: string;
  /** The project's folder inside the worktree (the working directory's place in the repository). */
  directory: string;
  /** How its dependencies were found: the working tree's (same lockfile), a cached `npm ci`, or none needed. */
  dependencies: 'same-lockfile' | 'cached' | 'installed' | 'none';
  /** Removes the worktree (also done at exit). */
  remove(): Promise<void>;
}

async function git(args: string[], cwd: string): Promise<string> {
  const result = await execa('git', args, { cwd, reject: false });
  if (result.exitCode !== 0) throw new Error(oneLine(result.stderr || result.stdout || `git ${args.join(' ')} failed`));
  return result.stdout.trim();
}

/**
 * The ref `--against` compares with when given no value: in a pull request on GitHub Actions the
 * merge base with its base branch, else the merge base with `main` (or `master`).
 */
export async function defaultAgainst(cwd: string, environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = environment.GITHUB_BASE_REF ? [`origin/${environment.GITHUB_BASE_REF}`, environment.GITHUB_BASE_REF] : ['main', 'origin/main', 'master', 'origin/master'];
  for (const candidate of candidates) {
    try {
      return await git(['merge-base', 'HEAD', candidate], cwd);
    } catch {
      // Try the next name.
    }
  }
  throw new UsageError(`--against: no ref given and no merge base with ${candidates.join(' or ')} found; name one (--against main)`);
}

/** A label for a ref in cell ids: letters, digits, `.`, `_`, `-`. */
export function revisionLabel(ref: string, commit: string): string {
  const named = ref.replace(/^origin\//, '').replace(/[^A-Za-z0-9._-]/g, '-');
  return /^[0-9a-f]{40}$/.test(ref) || named === '' ? commit.slice(0, 8) : named;
}

/** Whether two lockfiles are the same (or both absent). */
function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return existsSync(a) === existsSync(b);
  return readFileSync(a).equals(readFileSync(b));
}

/** The revision's dependencies: the working tree's `node_modules` for the same lockfile, else `npm ci` once per lockfile, cached. */
async function provideDependencies(project: string, checkout: string): Promise<CheckedOutRevision['dependencies']> {
  const lockfile = join(checkout, 'package-lock.json');
  if (!existsSync(join(checkout, 'package.json'))) return 'none';
  if (sameFile(join(project, 'package-lock.json'), lockfile) && existsSync(join(project, 'node_modules'))) {
    symlinkSync(join(project, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    return 'same-lockfile';
  }
  if (!existsSync(lockfile)) throw new UsageError(`--against: the revision has a package.json but no package-lock.json to install from (npm ci needs one)`);
  const key = createHash('sha256').update(readFileSync(lockfile)).digest('hex').slice(0, 16);
  const cached = join(versionCacheRoot(), '..', 'revisions', key);
  let how: CheckedOutRevision['dependencies'] = 'cached';
  if (!existsSync(join(cached, '.rowmeter-installed'))) {
    const staging = `${cached}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'package.json'), readFileSync(join(checkout, 'package.json')));
    writeFileSync(join(staging, 'package-lock.json'), readFileSync(lockfile));
    const install = await execa('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging, reject: false, timeout: 600_000 });
    if (install.exitCode !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new UsageError(`--against: npm ci of the revision failed: ${oneLine(install.stderr).slice(-300)}`);
    }
    writeFileSync(join(staging, '.rowmeter-installed'), new Date().toISOString());
    rmSync(cached, { recursive: true, force: true });
    renameSync(staging, cached);
    how = 'installed';
  }
  symlinkSync(join(cached, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  return how;
}

/**
 * Checks the project out at `ref` (or the default merge base) in a temporary worktree, with its
 * dependencies. A folder that is not in a git repository, or a ref that is not a commit, is one
 * line and exit 2.
 */
export async function checkOutRevision(cwd: string, ref: string | true): Promise<CheckedOutRevision> {
  let top: string;
  try {
    top = await git(['rev-parse', '--show-toplevel'], cwd);
  } catch {
    throw new UsageError(`--against: ${cwd} is not in a git repository`);
  }
  const asked = ref === true ? await defaultAgainst(cwd) : ref;
  let commit: string;
  try {
    commit = await git(['rev-parse', '--verify', '--quiet', `${asked}^{commit}`], cwd);
  } catch {
    throw new UsageError(`--against: ${JSON.stringify(asked)} is not a commit of this repository (git rev-parse found nothing)`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'rowmeter-against-'));
  guardPath(folder);
  const checkout = join(folder, 'tree');
  let removed = false;
  const removeNow = (): void => {
    if (removed) return;
    removed = true;
    // Synchronous at exit: `git worktree remove` needs a process; deleting the folder and pruning does the same.
    rmSync(folder, { recursive: true, force: true });
    try {
      execFileSync('git', ['worktree', 'prune'], { cwd: top, stdio: 'ignore' });
    } catch {
      // The next prune (git's own gc) takes it.
    }
  };
  const atExit = onExit(removeNow);
  try {
    await git(['worktree', 'add', '--detach', '--quiet', checkout, commit], top);
    const directory = join(checkout, relative(top, cwd));
    const dependencies = await provideDependencies(cwd, directory);
    return { ref: ref === true ? `merge base ${commit.slice(0, 8)}` : asked, commit, label: ref === true ? `base-${commit.slice(0, 8)}` : revisionLabel(asked, commit), directory, dependencies, remove: async () => atExit() };
  } catch (error) {
    atExit();
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--against ${asked}: could not check it out: ${oneLine(error)}`);
  }
}
