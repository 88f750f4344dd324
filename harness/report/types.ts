import type { Comparison } from '../compare/types.js';
import type { BenchmarkResults } from '../results.js';
import type { ReportView } from './view.js';

/** Everything an exporter renders from. */
export interface ReportInput {
  results: BenchmarkResults;
  /** When given, a comparison section (verdict per scenario) leads the report. */
  comparison?: Comparison;
  /** Views contributed by other stages (e.g. the history trend), appended after the built-in ones. */
  extraViews?: ReportView[];
}

/**
 * One output format. `render` is a pure function of its input: same results, same bytes,
 * which is what lets the renderers be tested from fixed results.
 */
export interface Exporter {
  /** File name inside the report folder, e.g. `report.html`. */
  fileName: string;
  render(input: ReportInput): string;
}

/** The browser builds of vega, vega-lite and vega-embed, as JavaScript source, inlined into the page. */
export interface VegaAssets {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}
