/**
 * The watchdog: a small detached process that outlives rowmeter only to clean up after it.
 * rowmeter starts one (harness/run/guard.ts) and tells it, one line at a time on its stdin, which
 * processes (the embedded PostgreSQL, measured children) and folders (data directory, copies of
 * the server's binaries, scratch files, bundles) are its own. When that pipe closes — rowmeter
 * exited, crashed, or was killed with SIGKILL, which no handler sees — it ends those processes
 * (PostgreSQL with SIGQUIT, its immediate shutdown, then SIGKILL) and removes those folders.
 *
 * Safe to run after a normal exit too: a process is only signalled while it is still the one
 * registered (same pid *and* same start time in /proc, so a reused pid is never hit), and
 * removing a folder that is gone does nothing. Imports nothing but Node.
 */
import { readFileSync, rmSync } from 'node:fs';

interface Guarded {
  pid: number;
  /** Field 22 of /proc/<pid>/stat, in clock ticks since boot: with the pid, one process for good. */
  startTime: string | null;
  /** The signal that stops it at once (PostgreSQL: SIGQUIT). */
  signal: NodeJS.Signals;
}

const processes = new Map<number, Guarded>();
const paths = new Set<string>();

export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isSameProcess(guarded: Guarded): boolean {
  try {
    process.kill(guarded.pid, 0);
  } catch {
    return false;
  }
  return guarded.startTime === null || startTimeOf(guarded.pid) === guarded.startTime;
}

/** One line of the protocol: `process <pid> <startTime|-> <signal>`, `path <absolute path>`, `release <pid>`. */
export function applyLine(line: string): void {
  const [kind, ...rest] = line.trim().split(' ');
  if (kind === 'process') {
    const [pid, startTime, signal] = rest;
    processes.set(Number(pid), { pid: Number(pid), startTime: startTime === '-' ? null : (startTime ?? null), signal: (signal ?? 'SIGKILL') as NodeJS.Signals });
  } else if (kind === 'path' && rest.length > 0) {
    paths.add(rest.join(' '));
  } else if (kind === 'release') {
    processes.delete(Number(rest[0]));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function cleanUp(): Promise<void> {
  const alive = [...processes.values()].filter(isSameProcess);
  for (const guarded of alive) {
    try {
      process.kill(guarded.pid, guarded.signal);
    } catch {
      // Gone in the meantime.
    }
  }
  // PostgreSQL's immediate shutdown takes well under a second; give it five, then kill.
  for (let waited = 0; waited < 5000 && alive.some(isSameProcess); waited += 100) await sleep(100);
  for (const guarded of alive.filter(isSameProcess)) {
    try {
      process.kill(guarded.pid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
  for (let waited = 0; waited < 2000 && alive.some(isSameProcess); waited += 100) await sleep(100);
  for (const path of paths) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
}

function main(): void {
  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) applyLine(line);
  });
  // The pipe closes when rowmeter is gone, however it went.
  process.stdin.on('close', () => void cleanUp().finally(() => process.exit(0)));
  process.stdin.on('end', () => void cleanUp().finally(() => process.exit(0)));
}

if (process.argv[2] === '--watch') main();
