/**
 * rowmeter's side of the watchdog (harness/run/watchdog.ts): processes and folders registered
 * here are ended and removed when rowmeter's process ends in any way, SIGKILL included. The
 * watchdog is started on first use, detached in its own process group (so a signal to
 * rowmeter's group, a CI job cancelled, reaches it only by the pipe closing), and holds nothing
 * of rowmeter but the read end of that pipe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTimeOf } from './watchdog.js';

const WATCHDOG = fileURLToPath(new URL('./watchdog.js', import.meta.url));

let watchdog: ChildProcess | null = null;

function send(line: string): void {
  if (process.env.ROWMETER_NO_WATCHDOG === '1') return;
  if (!watchdog) {
    watchdog = spawn(process.execPath, [WATCHDOG, '--watch'], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    watchdog.on('error', () => undefined);
    watchdog.stdin?.on('error', () => undefined);
    // rowmeter may exit while the watchdog lives on: it must not keep rowmeter's event loop alive.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
  watchdog.stdin?.write(`${line}\n`);
}

/** Ends this process (with `signal`, then SIGKILL) should rowmeter die before it does. */
export function guardProcess(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  send(`process ${pid} ${startTimeOf(pid) ?? '-'} ${signal}`);
}

/** Forgets a process that ended normally (its pid may be reused later). */
export function releaseProcess(pid: number | undefined): void {
  if (pid !== undefined && watchdog) send(`release ${pid}`);
}

/** Removes this folder (or file) should rowmeter die before it does. */
export function guardPath(path: string): void {
  send(`path ${path}`);
}

/** The watchdog's pid, for tests; null before the first registration. */
export function watchdogPid(): number | null {
  return watchdog?.pid ?? null;
}
