/**
 * The slow consumer of `--sink-rate`: a writable that takes bytes no faster than a given rate
 * (an HTTP response to a slow client, an upload) and pushes back as a socket does — `write()`
 * returns false once 16 KiB wait in it, and `'drain'` comes when they have gone. A job that
 * honours backpressure keeps a flat memory curve behind it; one that ignores it buffers what the
 * sink has not taken yet. Loaded in the measured child: Node's own modules only.
 */
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** What a socket's buffer holds before `write()` says to wait (Node's default for net sockets is 16 KiB). */
export const SINK_HIGH_WATER_MARK = 16 * 1024;

/** Where a sink's bytes go: a file written as they pass, or nowhere. */
export interface SinkOptions {
  /** Write what passes to this new file (`wx`: it must not exist); without it the bytes are dropped. */
  path?: string;
}

/**
 * The clock arithmetic of a sink: a chunk of `bytes` arriving at `nowMs` leaves once the ones
 * before it have, at `bytesPerMs`. Returns when it has gone and the sink's next free moment.
 */
export function sinkSchedule(freeAtMs: number, nowMs: number, bytes: number, bytesPerMs: number): number {
  return Math.max(nowMs, freeAtMs) + bytes / bytesPerMs;
}

/** A writable draining at `bytesPerSecond` into `target` (or nowhere). */
export class ThrottledSink extends Writable {
  private freeAtMs = 0;
  private readonly bytesPerMs: number;

  constructor(
    bytesPerSecond: number,
    private readonly target: Writable | null,
  ) {
    super({ highWaterMark: SINK_HIGH_WATER_MARK, decodeStrings: true });
    this.bytesPerMs = bytesPerSecond / 1000;
    target?.on('error', (error) => this.destroy(error));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const now = performance.now();
    this.freeAtMs = sinkSchedule(this.freeAtMs, now, chunk.length, this.bytesPerMs);
    const pass = (): void => {
      if (!this.target || this.target.write(chunk)) callback();
      else this.target.once('drain', () => callback());
    };
    // Node's timers count whole ms: shorter waits pass at once, and the clock above keeps the
    // average rate exact (the next chunk waits for this one's time too).
    const waitMs = this.freeAtMs - now;
    if (waitMs >= 1) setTimeout(pass, Math.floor(waitMs));
    else pass();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.target) return callback();
    this.target.end();
    finished(this.target).then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.target?.destroy();
    callback(error);
  }
}

/**
 * `ctx.createSink()`: with a rate, a {@link ThrottledSink}; without one, the file itself (or a
 * writable that drops everything at once).
 */
export function createSink(bytesPerSecond: number | null, options: SinkOptions = {}): Writable {
  const file = options.path === undefined ? null : createWriteStream(options.path, { flags: 'wx' });
  if (bytesPerSecond !== null) return new ThrottledSink(bytesPerSecond, file);
  return file ?? new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
