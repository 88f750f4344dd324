/**
 * Thinning of time series for display. A long run has thousands of samples per series and a
 * report holds dozens of runs; the page only needs what a few hundred pixels can show. Plain
 * decimation would drop the one sample that holds the peak, so each bucket keeps its extremes.
 * results.json always keeps the full series; only the report is thinned.
 */

/**
 * At most `maxPoints` of `points`, in their original order: the first and the last point, and
 * from each of the equal-count buckets in between its smallest and its largest point by `value`
 * (the first of equal values). The largest point overall is therefore always kept, and so is
 * the smallest. Returns a copy of `points` when they already fit. `maxPoints` below 4 is raised
 * to 4 (first, last, and one bucket's min and max).
 */
export function downsample<T>(points: readonly T[], maxPoints: number, value: (point: T) => number): T[] {
  const limit = Math.max(4, Math.floor(maxPoints));
  if (points.length <= limit) return points.slice();
  const lastIndex = points.length - 1;
  const interior = lastIndex - 1; // points strictly between the first and the last
  const bucketCount = Math.floor((limit - 2) / 2);
  const kept: T[] = [points[0] as T];
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const start = 1 + Math.floor((bucket * interior) / bucketCount);
    const end = 1 + Math.floor(((bucket + 1) * interior) / bucketCount); // exclusive
    if (start >= end) continue;
    let minIndex = start;
    let maxIndex = start;
    for (let index = start + 1; index < end; index++) {
      const current = value(points[index] as T);
      if (current < value(points[minIndex] as T)) minIndex = index;
      if (current > value(points[maxIndex] as T)) maxIndex = index;
    }
    if (minIndex === maxIndex) {
      kept.push(points[minIndex] as T);
    } else {
      kept.push(points[Math.min(minIndex, maxIndex)] as T, points[Math.max(minIndex, maxIndex)] as T);
    }
  }
  kept.push(points[lastIndex] as T);
  return kept;
}
