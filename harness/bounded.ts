/**
 * Did a run's memory stay bounded while rows flowed? The question a slow consumer asks
 * (`--sink-rate`): a job that honours backpressure keeps a flat curve of memory against rows; one
 * that does not buffers what the consumer has not taken yet, and its curve climbs with the table.
 * Pure arithmetic on the child's own heap samples, which carry the rows processed so far.
 */
import { median } from 'simple-statistics';

/** The nearest-rank quantile: the value at rank ⌈q·n⌉ of the sorted values (q 0.1 of 6 values: the smallest). */
export function nearestRank(values: readonly number[], quantile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)]!;
}
import type { HeapSample } from './results.js';

/** The verdict on one run, recorded as `runs[].memoryBound`. */
export interface MemoryBound {
  /** `bounded`: no growth above the noise floor; `grows`: it climbed with the rows; `unknown`: too few samples to tell. */
  verdict: 'bounded' | 'grows' | 'unknown';
  /** The lower envelope (10th percentile) of memory over the last quarter of the rows minus that of the first (after warm-up), in bytes; null for `unknown`. */
  growthBytes: number | null;
  /** That growth over the rows between the two quarters' medians, in bytes per row; null for `unknown`. */
  bytesPerRow: number | null;
  /** Growth this small is noise: the larger of {@link MIN_NOISE_BYTES} and the first quarter's own range (a GC cycle's sawtooth). */
  noiseFloorBytes: number | null;
  /** Samples after warm-up the verdict rests on. */
  samples: number;
}

/** Rows before this share of the run's rows are warm-up (connections, first batches, JIT) and not judged. */
export const WARMUP_FRACTION = 0.2;
/**
 * The least growth that counts: 16 MiB. V8 lets its old space grow by 10–20 MiB between major
 * collections, so a job that honours backpressure shows up to ~13 MiB of growth on its lower
 * envelope over a short run (measured on every built-in export at 10,000 rows behind a 2 MB/s
 * sink: docs/network.md#a-slow-consumer); a job that buffers the table grows by the table.
 */
export const MIN_NOISE_BYTES = 16 * 1024 * 1024;

/** The quantile of a quarter's samples compared: its lower envelope, memory after collections rather than between them. */
export const ENVELOPE_QUANTILE = 0.1;
/** Samples after warm-up below which there is no verdict. */
export const MIN_SAMPLES = 8;

/** What memory a sample counts: the V8 heap and memory outside it (Buffers, where a byte stream's backlog waits). */
export function sampleBytes(sample: Pick<HeapSample, 'heapUsedBytes' | 'externalBytes'>): number {
  return sample.heapUsedBytes + sample.externalBytes;
}

/**
 * The verdict on a run's samples while its rows flowed (up to the first sample at its last row
 * count) and after warm-up: the lower envelope (10th percentile) of memory over the last quarter
 * of its rows against that of the first quarter; growth above the noise floor is `grows`.
 */
export function memoryBoundOf(samples: ReadonlyArray<Pick<HeapSample, 'rows' | 'heapUsedBytes' | 'externalBytes'>>): MemoryBound {
  const totalRows = samples.reduce((most, sample) => Math.max(most, sample.rows), 0);
  // While rows flowed: up to the first sample at the last row count (after it, a backlog only drains).
  const flowing = samples.slice(0, samples.findIndex((sample) => sample.rows === totalRows) + 1);
  const warm = flowing.filter((sample) => sample.rows > 0 && sample.rows >= WARMUP_FRACTION * totalRows);
  const unknown: MemoryBound = { verdict: 'unknown', growthBytes: null, bytesPerRow: null, noiseFloorBytes: null, samples: warm.length };
  if (warm.length < MIN_SAMPLES) return unknown;
  const fromRows = warm.reduce((least, sample) => Math.min(least, sample.rows), totalRows);
  const quarter = (totalRows - fromRows) / 4;
  const first = warm.filter((sample) => sample.rows <= fromRows + quarter);
  const last = warm.filter((sample) => sample.rows >= totalRows - quarter);
  if (quarter === 0 || first.length < 2 || last.length < 2) return unknown;
  const firstBytes = first.map(sampleBytes);
  const growthBytes = nearestRank(last.map(sampleBytes), ENVELOPE_QUANTILE) - nearestRank(firstBytes, ENVELOPE_QUANTILE);
  const rowsBetween = median(last.map((sample) => sample.rows)) - median(first.map((sample) => sample.rows));
  const noiseFloorBytes = Math.max(MIN_NOISE_BYTES, Math.max(...firstBytes) - Math.min(...firstBytes));
  return {
    verdict: growthBytes > noiseFloorBytes ? 'grows' : 'bounded',
    growthBytes,
    bytesPerRow: rowsBetween > 0 ? growthBytes / rowsBetween : null,
    noiseFloorBytes,
    samples: warm.length,
  };
}
