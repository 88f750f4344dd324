/**
 * Loaded first in a measured child of a `--versions` variant (`node --import …/preload.js`): every
 * `require` and `import` of one of the variant's packages — from the scenario, from a library such
 * as knex requiring `pg`, and from rowmeter's own query counter — resolves in the variant's folder
 * instead of the project's `node_modules`. So the counters patch the copy the scenario really
 * loads. Both sides of a comparison run with it, so its own cost (a resolve hook) is on both.
 * The variant comes in `ROWMETER_VARIANT` as JSON `{ directory, packages }`.
 */
import Module from 'node:module';
import * as moduleApi from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface VariantEnvironment {
  directory: string;
  packages: string[];
}

const variant = JSON.parse(process.env.ROWMETER_VARIANT ?? 'null') as VariantEnvironment | null;

/** Whether a specifier names one of the variant's packages (or a file inside one). */
export function isVariantPackage(specifier: string, packages: readonly string[]): boolean {
  return packages.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: { paths?: string[] }) => string;

if (variant) {
  const { directory, packages } = variant;
  // CommonJS: resolve as if required from the variant's folder.
  const internals = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolveFilename = internals._resolveFilename;
  internals._resolveFilename = function resolveInVariant(this: unknown, request, parent, isMain, options) {
    if (isVariantPackage(request, packages)) return resolveFilename.call(this, request, parent, isMain, { ...options, paths: [directory] });
    return resolveFilename.call(this, request, parent, isMain, options);
  };
  // ES modules: the same, through a resolve hook (in this thread where Node has registerHooks, else a hooks thread).
  const parentURL = pathToFileURL(join(directory, 'package.json')).href;
  const api = moduleApi as unknown as {
    registerHooks?: (hooks: { resolve: (specifier: string, context: { parentURL?: string }, next: (specifier: string, context: object) => unknown) => unknown }) => void;
    register: (specifier: URL, options: { data: unknown }) => void;
  };
  if (api.registerHooks) {
    api.registerHooks({ resolve: (specifier, context, next) => next(specifier, isVariantPackage(specifier, packages) ? { ...context, parentURL } : context) });
  } else {
    api.register(new URL('./resolve-hooks.js', import.meta.url), { data: { parentURL, packages } });
  }
}
