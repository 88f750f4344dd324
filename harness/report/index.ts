/**
 * The report stage: results in, report.html + summary.md + runs.csv out. Each format is an
 * {@link Exporter} (a pure render function and a file name); this module only does the I/O.
 */
import { writeFile } from 'node:fs/promises';
import { scrub } from '../secrets.js';
import { UsageError } from '../errors.js';
import { ensureDirectory, PathError } from '../paths.js';
import { dirname, join } from 'node:path';
import type { Comparison } from '../compare/types.js';
import type { BenchmarkResults } from '../results.js';
import { readResults } from '../store/store.js';
import { loadVegaAssets } from './assets.js';
import { csvExporter } from './csv.js';
import { htmlExporter } from './html.js';
import { markdownExporter } from './markdown.js';
import type { Exporter, ReportInput, VegaAssets } from './types.js';
import type { ReportView } from './view.js';

export type { Exporter, ReportInput, VegaAssets } from './types.js';
export type { ReportView } from './view.js';
export { renderHtml, HTML_FILE_NAME } from './html.js';
export { renderMarkdown, MARKDOWN_FILE_NAME } from './markdown.js';
export { renderCsv, CSV_FILE_NAME } from './csv.js';
export { loadVegaAssets } from './assets.js';

/** Every exporter, in the order their files are written. */
export function exporters(assets: VegaAssets): Exporter[] {
  return [htmlExporter(assets), markdownExporter, csvExporter];
}

/**
 * Writes report.html, summary.md and runs.csv into `outDir` (created if missing) and
 * returns their paths. With `comparison`, the HTML and Markdown lead with the verdicts;
 * `extraViews` are appended to the HTML page.
 */
export async function writeReports(
  results: BenchmarkResults,
  outDir: string,
  options: { comparison?: Comparison; extraViews?: ReportView[] } = {},
): Promise<string[]> {
  const input: ReportInput = { results };
  if (options.comparison !== undefined) input.comparison = options.comparison;
  if (options.extraViews !== undefined) input.extraViews = options.extraViews;
  const assets = await loadVegaAssets();
  try {
    await ensureDirectory(outDir);
  } catch (error) {
    if (error instanceof PathError) throw new UsageError(`Cannot create the report folder ${outDir}: ${error.message}`);
    throw error;
  }
  const written: string[] = [];
  for (const exporter of exporters(assets)) {
    const path = join(outDir, exporter.fileName);
    await writeFile(path, scrub(exporter.render(input)));
    written.push(path);
  }
  return written;
}

/** Re-renders the reports of a saved results.json, by default into the folder it lives in. */
export async function renderReportFromFile(resultsPath: string, outDir?: string): Promise<string[]> {
  const results = await readResults(resultsPath);
  return writeReports(results, outDir ?? dirname(resultsPath));
}
