/**
 * Number formatting for comparisons: signed changes next to plain values, the same in the
 * terminal, Markdown and the reasons, on top of the shared byte and time formats.
 */
import { formatBytes, formatMs } from '../format.js';
import type { ComparedMetric } from './types.js';

/** A value of the metric in its natural unit. */
export function formatMetric(metric: ComparedMetric, value: number | null): string {
  return metric === 'peakRssBytes' ? formatBytes(value) : formatMs(value);
}

/** A difference of the metric with its sign, e.g. `+27.2 MiB` or `-120 ms`; `–` for null. */
export function formatMetricChange(metric: ComparedMetric, change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '–';
  const text = formatMetric(metric, Math.abs(change));
  return `${change < 0 ? '-' : '+'}${text}`;
}

/** A ratio as a signed percentage with one decimal, e.g. `+12.0 %` for 0.12; `–` for null. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '–';
  const percent = ratio * 100;
  return `${percent < 0 ? '-' : '+'}${Math.abs(percent).toFixed(1)} %`;
}

/** A threshold fraction as a plain percentage, e.g. `10 %` for 0.1 or `12.5 %`. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))} %`;
}

/** The metric's name as readers know it. */
export function metricLabel(metric: ComparedMetric): string {
  return metric === 'peakRssBytes' ? 'peak RSS' : metric === 'warmMs' ? 'warm time' : 'wall time';
}
