/**
 * Formatting and escaping shared by the terminal, the report exporters and compare, so a
 * figure reads the same everywhere. Every string that comes from results (versions, options,
 * `how`, failure messages) goes through one of the escapers before it reaches markup.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escapes text for one cell of a GitHub-flavoured Markdown table: no line breaks, no raw
 * HTML (GitHub renders inline tags), no emphasis, link or code syntax, no cell separators.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** Bytes as MiB (GiB from 10 GiB up, KiB or B below 1 MiB), e.g. `81.2 MiB`; `–` for null. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  const size = Math.abs(bytes);
  if (size >= 10 * GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (size >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (size >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}

/** Milliseconds as `850 ms`, `12.3 s` or `4 min 05 s`; `–` for null. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 120_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
}

/** A count with thousands separators (`1,234,567`); `–` for null. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.round(value).toLocaleString('en-US');
}

/** Rounds to a fixed number of decimals, for compact chart data. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function bytesToMiB(bytes: number): number {
  return bytes / MiB;
}

/** A budget's figure in its unit: bytes for memory, ms for `wallTime`. */
export function formatBudgetFigure(metric: 'peakRss' | 'peakHeap' | 'retained' | 'wallTime', value: number): string {
  return metric === 'wallTime' ? formatMs(value) : formatBytes(value);
}
