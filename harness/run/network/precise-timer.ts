/**
 * A timer with sub-millisecond resolution for the delay proxy. Node's own timers count whole
 * milliseconds (libuv's loop sleeps in epoll with a millisecond timeout), so a 0.5 ms delay would
 * come out as 1 ms or 2. A worker thread sleeps instead in `Atomics.wait`, whose timeout is a
 * fractional millisecond (a futex wait to the microsecond), spins the last stretch, and then wakes
 * the proxy's loop with a message. The proxy's thread never spins; the worker spins at most
 * {@link SPIN_MS} per deadline.
 */
import { Worker } from 'node:worker_threads';

/** Milliseconds on the monotonic clock both threads share (`performance.now()` has one origin per thread). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * How long before a deadline the worker stops sleeping and spins: a futex wait overshoots by the
 * kernel's timer slack (50 µs by default) plus a wake-up, measured here at 60–90 µs.
 */
export const SPIN_MS = 0.05;

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const control = new Int32Array(workerData, 0, 2);
const deadline = new Float64Array(workerData, 8, 1);
const SPIN_MS = ${SPIN_MS};
const now = () => Number(process.hrtime.bigint()) / 1e6;
for (;;) {
  const seen = Atomics.load(control, 0);
  if (Atomics.load(control, 1) === 1) break;
  const due = deadline[0];
  if (due === 0) { Atomics.wait(control, 0, seen); continue; }
  const sleep = due - now() - SPIN_MS;
  if (sleep > 0) { Atomics.wait(control, 0, seen, sleep); continue; }
  while (now() < due) { if (Atomics.load(control, 0) !== seen) break; }
  if (Atomics.load(control, 0) !== seen) continue;
  parentPort.postMessage(due);
  Atomics.wait(control, 0, seen);
}
`;

/** Calls `onDue` soon after the earliest deadline asked for; one pending deadline at a time. */
export class PreciseTimer {
  private readonly shared = new SharedArrayBuffer(16);
  private readonly control = new Int32Array(this.shared, 0, 2);
  private readonly deadline = new Float64Array(this.shared, 8, 1);
  private readonly worker: Worker;

  constructor(onDue: () => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.shared });
    this.worker.on('message', onDue);
  }

  /** Wake at `atMs` ({@link monotonicMs}), or never when null; replaces the deadline set before. */
  set(atMs: number | null): void {
    this.deadline[0] = atMs ?? 0;
    Atomics.add(this.control, 0, 1);
    Atomics.notify(this.control, 0);
  }

  /** Ends the worker. */
  async stop(): Promise<void> {
    Atomics.store(this.control, 1, 1);
    Atomics.add(this.control, 0, 1);
    Atomics.notify(this.control, 0);
    await this.worker.terminate();
  }
}
