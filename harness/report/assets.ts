import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { VegaAssets } from './types.js';

const require = createRequire(import.meta.url);

/**
 * The minified browser (UMD) builds, read from the installed packages. Their `exports` maps
 * hide `build/`, so each is found beside the file the package entry resolves to.
 */
const BUILDS = {
  vega: ['vega', 'vega.min.js'],
  vegaLite: ['vega-lite', 'vega-lite.min.js'],
  vegaEmbed: ['vega-embed', 'vega-embed.min.js'],
} as const;

/** Path of a package's browser build, e.g. `…/node_modules/vega/build/vega.min.js`. */
export function browserBuildPath(packageName: string, fileName: string): string {
  return join(dirname(require.resolve(packageName)), fileName);
}

/** Reads the vega, vega-lite and vega-embed browser builds to inline into the page. */
export async function loadVegaAssets(): Promise<VegaAssets> {
  const [vega, vegaLite, vegaEmbed] = await Promise.all(
    [BUILDS.vega, BUILDS.vegaLite, BUILDS.vegaEmbed].map(([name, file]) => readFile(browserBuildPath(name, file), 'utf8')),
  );
  return { vega: vega as string, vegaLite: vegaLite as string, vegaEmbed: vegaEmbed as string };
}
