import type { TopLevelSpec } from 'vega-lite';

/**
 * One section of the HTML report. The renderer lays views out in order; other stages
 * (compare, history) contribute views of their own without touching the renderer.
 */
export interface ReportView {
  /** Stable id, used as the element id (letters, digits and dashes only). */
  id: string;
  title: string;
  /** One or two sentences that tell the reader how to read the view (plain text, escaped). */
  description: string;
  /** A vega-lite chart, or a ready-made HTML fragment whose every result-derived string is already escaped. */
  content: { kind: 'chart'; spec: TopLevelSpec } | { kind: 'html'; html: string };
}
