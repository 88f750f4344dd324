import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { VegaAssets } from './types.js';

/**
 * The minified browser (UMD) builds of vega, vega-lite and vega-embed, copied into `dist/vendor/`
 * by the build (scripts/vendor-vega.mjs): an installed rowmeter ships these three files, not the
 * packages and their dependencies.
 */
const VENDOR = new URL('../../vendor/', import.meta.url);

/** Path of a vendored browser build, e.g. `…/dist/vendor/vega.min.js`. */
export function browserBuildPath(packageName: 'vega' | 'vega-lite' | 'vega-embed'): string {
  return fileURLToPath(new URL(`${packageName}.min.js`, VENDOR));
}

/** Reads the vega, vega-lite and vega-embed browser builds to inline into the page. */
export async function loadVegaAssets(): Promise<VegaAssets> {
  const [vega, vegaLite, vegaEmbed] = await Promise.all((['vega', 'vega-lite', 'vega-embed'] as const).map((name) => readFile(browserBuildPath(name), 'utf8')));
  return { vega: vega!, vegaLite: vegaLite!, vegaEmbed: vegaEmbed! };
}
