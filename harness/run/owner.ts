/**
 * Whose is this? Everything rowmeter leaves on disk or on a server carries its owner, so the next
 * rowmeter can tell what a dead one left behind — and clean exactly that, never a live one's.
 *
 * - Temp folders are named `rowmeter-<kind>-o<pid>.<start time>-XXXXXX`: the owner is dead when
 *   no process has that pid with that start time (so a reused pid does not keep it alive).
 * - Run databases on a server are named `rowmeter_run_<token>_<n>`, and the owner holds a
 *   session-level advisory lock on its token for as long as it lives: liveness checked from the
 *   database itself (`pg_try_advisory_lock` succeeds only once the owner's session is gone), so
 *   it holds for a rowmeter on another machine too.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { quoteOwnName, withClient } from './database.js';
import { startTimeOf } from './watchdog.js';

/** This process's token, in its run databases' names. */
export const OWNER_TOKEN = `o${randomBytes(4).toString('hex')}`;

/** `o<pid>.<start time>`, in this process's temp folders' names. */
export function ownerTag(pid = process.pid): string {
  return `o${pid}.${startTimeOf(pid) ?? '0'}`;
}

/** The name of this process's `counter`-th run database. */
export function runDatabaseName(counter: number): string {
  return `rowmeter_run_${OWNER_TOKEN}_${counter}`;
}

const RUN_DATABASE = /^rowmeter_run_(o[0-9a-f]{8})_\d+$/;
const TEMP_FOLDER = /^rowmeter-(?:pg|pg-pw|pg-bin|scratch)-o(\d+)\.(\d+)-/;

/** A 64-bit advisory lock key for an owner token (FNV-1a, stable across processes and machines). */
export function ownerLockKey(token: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`rowmeter-owner:${token}`)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return BigInt.asIntN(64, hash).toString();
}

/** Holds this process's owner lock on the server until the returned function is called (or the process dies). */
export async function holdOwnerLock(adminUrl: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: `rowmeter owner ${OWNER_TOKEN}` });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1::bigint)', [ownerLockKey(OWNER_TOKEN)]);
  return () => client.end().catch(() => undefined);
}

/**
 * Drops the run databases of rowmeters that are gone: those whose owner's lock can be taken.
 * Never touches a live owner's, nor anything not named `rowmeter_run_<token>_<n>`. Returns the names dropped.
 */
export async function dropOrphanRunDatabases(adminUrl: string): Promise<string[]> {
  return withClient(adminUrl, async (client) => {
    const names = (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter\\_run\\_o%' ORDER BY 1")).rows.map((row) => row.datname);
    const byOwner = new Map<string, string[]>();
    for (const name of names) {
      const token = RUN_DATABASE.exec(name)?.[1];
      if (token && token !== OWNER_TOKEN) byOwner.set(token, [...(byOwner.get(token) ?? []), name]);
    }
    const dropped: string[] = [];
    for (const [token, databases] of byOwner) {
      const key = ownerLockKey(token);
      const free = (await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS free', [key])).rows[0]!.free;
      if (!free) continue;
      try {
        for (const name of databases) {
          await client.query(`DROP DATABASE IF EXISTS ${quoteOwnName(name)} WITH (FORCE)`);
          dropped.push(name);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
      }
    }
    return dropped;
  });
}

function isAlive(pid: number, startTime: string | null): boolean {
  const now = startTimeOf(pid);
  return now !== null && (startTime === null || now === startTime);
}

/** Stops a PostgreSQL still running from a dead rowmeter's data directory (its postmaster.pid says which). */
async function stopOrphanServer(dataDirectory: string): Promise<void> {
  const pidFile = join(dataDirectory, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid, null)) return;
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (!command.includes('postgres') || !command.includes(dataDirectory)) return;
  process.kill(pid, 'SIGQUIT');
  for (let waited = 0; waited < 5000 && isAlive(pid, null); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid, null)) process.kill(pid, 'SIGKILL');
}

/**
 * Removes the temp folders (in `roots`) of rowmeters that are gone, stopping a server still
 * running from one of them first. Folders of live rowmeters, and anything not named by
 * {@link ownerTag}, are left alone. Returns the paths removed.
 */
export async function removeOrphanFolders(roots: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const root of new Set(roots)) {
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = TEMP_FOLDER.exec(name);
      if (!match || isAlive(Number(match[1]), match[2] === '0' ? null : match[2]!)) continue;
      const path = join(root, name);
      await stopOrphanServer(path).catch(() => undefined);
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}
