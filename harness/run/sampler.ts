import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** One reading of another process's memory, from the OS. */
export interface ProcessMemory {
  rssBytes: number;
  /** The kernel's high-water mark of RSS (`VmHWM`), where the OS offers it. */
  hwmBytes: number | null;
}

/** Parses `VmRSS` and `VmHWM` out of a Linux `/proc/<pid>/status`. */
export function parseProcStatus(status: string): ProcessMemory | null {
  const rss = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!rss) return null;
  const hwm = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return { rssBytes: Number(rss[1]) * 1024, hwmBytes: hwm ? Number(hwm[1]) * 1024 : null };
}

/**
 * Reads a process's memory from outside: `/proc/<pid>/status` on Linux (cheap enough for a
 * 10 ms period), `ps` elsewhere. Null once the process is gone.
 */
export async function readProcessMemory(pid: number): Promise<ProcessMemory | null> {
  if (process.platform === 'linux') {
    try {
      return parseProcStatus(await readFile(`/proc/${pid}/status`, 'utf8'));
    } catch {
      return null;
    }
  }
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'rss=', '-p', String(pid)]);
    const kilobytes = Number.parseInt(stdout.trim(), 10);
    return Number.isFinite(kilobytes) ? { rssBytes: kilobytes * 1024, hwmBytes: null } : null;
  } catch {
    return null;
  }
}

/** `ps` costs a process spawn per reading, so off Linux the period is at least this. */
export const MIN_PORTABLE_INTERVAL_MS = 100;
