/**
 * Idle CPUs that poll instead of halting, while the benchmark runs.
 *
 * A strategy that waits for one round trip per row (full-load's and the iterator's per-row
 * UPDATEs, LIMIT/OFFSET pages) spends most of its time with the job and its server backend both
 * idle, each waiting for the other: every round trip wakes a sleeping CPU twice. On a virtual
 * machine a halted CPU is a VM exit, and waking it costs more than the query: measured here, an
 * UPDATE round trip took 222 µs with CPUs allowed to halt and 91 µs without (a `SELECT 1`, 179
 * against 85 µs). That cost belongs to the machine's power management, not to the library or
 * the strategy, and it is not what a job pays against a busy production server.
 *
 * Linux's PM QoS interface does exactly this, for as long as a file descriptor stays open:
 * writing 0 to `/dev/cpu_dma_latency` asks every CPU to keep out of idle states with any exit
 * latency (tuned's `latency-performance` profile and cyclictest use it). The kernel drops the
 * request when the descriptor closes, so it ends with rowmeter however rowmeter ends, even on
 * SIGKILL: nothing to clean up. It needs root (or write access to the device); without it the
 * benchmark runs as before and the results say so (`context.lowLatency`). It costs power while it
 * is held (idle CPUs spin), which is why it is only held during `bench`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { LowLatencyState } from '../results.js';

export const CPU_DMA_LATENCY = '/dev/cpu_dma_latency';

export interface LowLatencyHold {
  state: LowLatencyState;
  release(): void;
}

/** Asks the kernel for polling idle CPUs; says why not when it cannot. Never throws. */
export function holdLowLatency(enabled: boolean, device = CPU_DMA_LATENCY): LowLatencyHold {
  const without = (detail: string): LowLatencyHold => ({ state: { held: false, detail }, release: () => undefined });
  if (!enabled) return without('off (--no-low-latency): idle CPUs may halt between round trips');
  if (process.platform !== 'linux') return without(`not available on ${process.platform} (Linux PM QoS only): idle CPUs may halt between round trips`);
  let descriptor: number;
  try {
    descriptor = openSync(device, 'w');
    const zero = Buffer.alloc(4);
    zero.writeInt32LE(0);
    writeSync(descriptor, zero);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return without(`not available (${code} on ${device}; it needs root or write access): idle CPUs may halt between round trips`);
  }
  let released = false;
  return {
    state: { held: true, detail: `${device} held at 0 µs: idle CPUs poll instead of halting` },
    release() {
      if (released) return;
      released = true;
      closeSync(descriptor);
    },
  };
}
