/**
 * One direction of a simulated network link, as pure arithmetic: a chunk of bytes enters the
 * link when it arrives and the link is free, occupies it for its size over the bandwidth (its
 * serialisation time), and is delivered one one-way delay after it left. The proxy
 * (harness/run/network/delay-proxy.ts) asks {@link scheduleChunk} when to hand each chunk on.
 */

/** A link's shape: the one-way delay and the bandwidth (null: unlimited). */
export interface LinkShape {
  /** Half the round trip asked for, in milliseconds. */
  oneWayDelayMs: number;
  /** Bits per millisecond (Mbit/s × 1000); null for no limit. */
  bitsPerMs: number | null;
}

/** The link's state: when it is next free to take bytes, in milliseconds on the proxy's clock. */
export interface LinkState {
  freeAtMs: number;
}

/** The shape of a link for `--latency <rtt ms>` and `--bandwidth <Mbit/s>`. */
export function linkShape(roundTripMs: number, bandwidthMbit: number | null): LinkShape {
  return { oneWayDelayMs: roundTripMs / 2, bitsPerMs: bandwidthMbit === null ? null : bandwidthMbit * 1000 };
}

/**
 * When a chunk of `bytes` that arrived at `arrivedAtMs` is delivered, and the link's state after
 * it: serialised after whatever is still on the wire, then delayed. Without a bandwidth limit the
 * wire takes no time and only the delay counts (chunks still leave in order).
 */
export function scheduleChunk(shape: LinkShape, state: LinkState, arrivedAtMs: number, bytes: number): { deliverAtMs: number; state: LinkState } {
  const startMs = Math.max(arrivedAtMs, state.freeAtMs);
  const wireMs = shape.bitsPerMs === null ? 0 : (bytes * 8) / shape.bitsPerMs;
  const freeAtMs = startMs + wireMs;
  return { deliverAtMs: freeAtMs + shape.oneWayDelayMs, state: { freeAtMs } };
}

/**
 * The largest slice a chunk is cut into under a bandwidth limit, so a 64 KiB read arrives as a
 * stream of slices over its serialisation time rather than at once at its end (16 KiB at
 * 100 Mbit/s is 1.3 ms on the wire).
 */
export const SLICE_BYTES = 16 * 1024;

/** `bytes` cut into slices of at most {@link SLICE_BYTES} (one slice without a bandwidth limit). */
export function sliceSizes(bytes: number, limited: boolean): number[] {
  if (!limited || bytes <= SLICE_BYTES) return [bytes];
  const sizes: number[] = [];
  for (let left = bytes; left > 0; left -= SLICE_BYTES) sizes.push(Math.min(SLICE_BYTES, left));
  return sizes;
}
