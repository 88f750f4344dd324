/**
 * The server's side of a run's memory: the run's own PostgreSQL backend processes, found
 * through `pg_stat_activity` and read from `/proc` while they live. A client that streams does
 * not make the work free (a cursor, a sort, a materialised result cost memory or temp files on
 * the server); these figures show what pushing work to the server costs there.
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { ServerMeasurement } from '../results.js';

/** How often the run's backends are looked up and read, in ms. VmHWM covers spikes between reads. */
export const SERVER_SAMPLE_INTERVAL_MS = 20;

/** One reading of a backend process. */
export interface BackendMemory {
  /** `VmHWM`: the backend's peak resident set, shared memory it touched included. */
  hwmBytes: number | null;
  /** `VmRSS`: its resident set now. */
  rssBytes: number | null;
  /** `RssAnon`: its private anonymous memory now (sorts, hash tables, cursors, caches). */
  anonBytes: number | null;
}

/** Parses `VmHWM` and `RssAnon` from a Linux `/proc/<pid>/status`. */
export function parseBackendStatus(status: string): BackendMemory {
  const field = (name: string): number | null => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : null;
  };
  return { hwmBytes: field('VmHWM'), rssBytes: field('VmRSS'), anonBytes: field('RssAnon') };
}

/**
 * True when `cmdline` (NUL-separated, as in `/proc/<pid>/cmdline`) is a PostgreSQL backend
 * serving `database`: its process title is `postgres: <user> <database> <host> <state>`. This
 * is what makes a pid from `pg_stat_activity` safe to read here: a server in a container or on
 * another host reports pids of its own namespace, which name some other process (or none) on
 * this machine.
 */
export function isBackendOf(cmdline: string, database: string): boolean {
  const title = cmdline.replace(/\0/g, ' ').trim();
  return /^postgres: /.test(title) && title.split(/\s+/).includes(database);
}

export interface ServerMonitorOptions {
  /** The maintenance database's URL: the monitor's own connection goes there, never to the run's database. */
  adminUrl: string;
  /** The run's database, whose backends are watched. */
  database: string;
  intervalMs?: number;
}

export interface ServerMonitor {
  /** Takes a reading now (the runner calls it when the child says it is connected, so even a short run's backends are seen). */
  sampleNow(): void;
  /** Stops sampling (call when the child has exited) and reads the run's temp-file bytes. */
  stop(): Promise<ServerMeasurement>;
}

/** A /proc file's text; `gone` when the process ended meanwhile, null when it cannot be read (another machine's, no /proc). */
async function readText(path: string): Promise<string | null | 'gone'> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : null;
  }
}

async function tempBytes(client: pg.Client, database: string): Promise<number | null> {
  const result = await client.query<{ temp_bytes: string | null }>('SELECT temp_bytes::text FROM pg_stat_database WHERE datname = $1', [database]);
  const value = result.rows[0]?.temp_bytes;
  return value === undefined || value === null ? null : Number(value);
}

/**
 * Watches the backends of one run's database from a connection to the maintenance database:
 * every {@link SERVER_SAMPLE_INTERVAL_MS} it lists their pids and reads `/proc/<pid>/status`,
 * keeping the highest VmHWM and RssAnon seen. When the server is not on this machine (or its
 * processes cannot be read), the peak is null with the reason; temp bytes come from
 * `pg_stat_database` wherever the server is.
 */
export async function startServerMonitor(options: ServerMonitorOptions): Promise<ServerMonitor> {
  const client = new pg.Client({ connectionString: options.adminUrl, connectionTimeoutMillis: 5_000 });
  let connected = true;
  try {
    await client.connect();
  } catch {
    connected = false;
  }
  client.on('error', () => undefined);
  const tempBefore = connected ? await tempBytes(client, options.database).catch(() => null) : null;
  const seen = new Set<number>();
  const unreadable = new Set<number>();
  let peakHwm: number | null = null;
  let peakAnon: number | null = null;
  let sampling = false;
  /** A sample asked for (at `ready`, at the first row) while one was running: taken right after it. */
  let pending = false;
  let stopped = false;
  let lookupError: string | null = connected ? null : 'could not connect to the server to find the run\'s backends';

  const sample = async (): Promise<void> => {
    if (stopped || !connected) return;
    if (sampling) {
      pending = true;
      return;
    }
    sampling = true;
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [options.database]);
      for (const { pid } of rows) {
        const cmdline = await readText(`/proc/${pid}/cmdline`);
        const status = typeof cmdline === 'string' && cmdline !== 'gone' && isBackendOf(cmdline, options.database) ? await readText(`/proc/${pid}/status`) : cmdline === 'gone' ? 'gone' : null;
        // A backend that ended between the listing and the reading says nothing about where the server is.
        if (status === 'gone') continue;
        if (status === null) {
          if (!seen.has(pid)) unreadable.add(pid);
          continue;
        }
        seen.add(pid);
        unreadable.delete(pid);
        const memory = parseBackendStatus(status);
        // Linux reads RSS counters approximately, so a VmRSS reading can pass the stored VmHWM
        // by a few hundred KiB: the peak is the highest of both.
        if (memory.hwmBytes !== null) peakHwm = Math.max(peakHwm ?? 0, memory.hwmBytes);
        if (memory.rssBytes !== null) peakHwm = Math.max(peakHwm ?? 0, memory.rssBytes);
        if (memory.anonBytes !== null) peakAnon = Math.max(peakAnon ?? 0, memory.anonBytes);
      }
    } catch (error) {
      lookupError ??= `could not list the run's backends: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      sampling = false;
    }
    if (pending && !stopped) {
      pending = false;
      await sample();
    }
  };
  const timer = setInterval(() => void sample(), options.intervalMs ?? SERVER_SAMPLE_INTERVAL_MS);
  void sample();

  return {
    sampleNow: () => void sample(),
    async stop(): Promise<ServerMeasurement> {
      stopped = true;
      clearInterval(timer);
      while (sampling) await new Promise((resolve) => setTimeout(resolve, 2));
      let tempAfter: number | null = null;
      if (connected) {
        // Backends report their statistics when they exit; the child has exited, so give the
        // last one a moment to flush before reading.
        await new Promise((resolve) => setTimeout(resolve, 50));
        tempAfter = await tempBytes(client, options.database).catch(() => null);
        await client.end().catch(() => undefined);
      }
      const measured = seen.size > 0;
      let reason: string | null = null;
      if (!measured) {
        reason =
          lookupError ??
          (unreadable.size > 0
            ? 'the server is not on this machine (its backends are not readable in /proc)'
            : process.platform !== 'linux'
              ? 'no /proc on this OS'
              : 'no backend of the run was seen (the run ended before the first sample)');
      }
      return {
        peakRssBytes: measured ? peakHwm : null,
        peakPrivateBytes: measured ? peakAnon : null,
        backends: seen.size,
        tempBytes: tempBefore !== null && tempAfter !== null ? Math.max(0, tempAfter - tempBefore) : null,
        unavailableReason: reason,
      };
    },
  };
}
