/**
 * The arithmetic of calibrating the delay proxy. A proxy that holds each byte for exactly half
 * the round trip in each direction still adds more than that: its own hop (a read and a write in
 * each direction) and the time the client and the server take to wake after idling a whole
 * round trip (0.5 ms each after 5 ms idle, measured here, against 0.07 ms when they never sleep).
 * So the proxy's delay is set by measuring: the round trip through it is driven to the asked one
 * plus the direct (localhost) one, and what it took is recorded.
 */

/** What calibrating a proxy found, recorded in the results. */
export interface NetworkCalibration {
  /** The round trip asked for (`--latency`), in ms. */
  askedMs: number;
  /** Median `SELECT 1` round trip straight to the server, in ms. */
  baselineMs: number;
  /** The round trip the proxy was set to hold bytes for, in ms (below {@link askedMs} by what the hop and wake-ups add). */
  proxyDelayMs: number;
  /** Median `SELECT 1` round trip through the proxy at that delay, in ms: the aim is `askedMs + baselineMs`. */
  measuredMs: number;
  /** Calibration steps taken (delays tried). */
  steps: number;
  /** Round trips timed per step. */
  samples: number;
}

/**
 * Whether a measured round trip is close enough to the target: within 10 % or 0.1 ms, whichever
 * is larger (times `scale`, to aim tighter than the tolerance while calibrating).
 */
export function withinTolerance(measuredMs: number, targetMs: number, scale = 1): boolean {
  return Math.abs(measuredMs - targetMs) <= scale * Math.max(0.1 * targetMs, 0.1);
}

/**
 * The next delay to try: moved by 80 % of the miss (what the hop and the wake-ups add barely
 * depends on the delay, but a median of noisy round trips overshoots when followed in full),
 * to the microsecond, never below 0.
 */
export function calibrationStep(delayMs: number, measuredMs: number, targetMs: number): number {
  return Math.max(0, Math.round((delayMs + 0.8 * (targetMs - measuredMs)) * 1000) / 1000);
}
