#!/usr/bin/env node
/**
 * Copies the minified browser builds of vega, vega-lite and vega-embed (with their licences)
 * into dist/vendor/, the only part of them an installed rowmeter uses: report.html inlines them.
 * The packages themselves (25 MB with their d3 dependencies) stay development dependencies, so
 * `npm i -D rowmeter` does not install them; their versions are recorded in dist/vendor/versions.json.
 *
 * Usage: node scripts/vendor-vega.mjs   (part of `npm run build`)
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));
const target = join(root, 'dist', 'vendor');
mkdirSync(target, { recursive: true });

const versions = {};
for (const name of ['vega', 'vega-lite', 'vega-embed']) {
  // The `exports` maps hide build/: it sits beside the file the package entry resolves to.
  const build = dirname(require.resolve(name));
  copyFileSync(join(build, `${name}.min.js`), join(target, `${name}.min.js`));
  const packageFolder = dirname(build);
  copyFileSync(join(packageFolder, 'LICENSE'), join(target, `${name}.LICENSE`));
  versions[name] = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')).version;
}
writeFileSync(join(target, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);
