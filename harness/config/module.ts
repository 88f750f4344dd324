/**
 * Turning a user's file into something plain Node.js imports. TypeScript (`.ts`, `.mts`) is
 * bundled in the parent with esbuild, packages left external, into plain JavaScript that the
 * measured child imports: the child never loads a TypeScript loader, so an idle TypeScript
 * scenario measures like the same scenario written in JavaScript. JavaScript files are used as
 * they are.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { onExit } from '../run/cleanup.js';
import { guardPath } from '../run/guard.js';
import { oneLine, UsageError } from '../errors.js';

const TYPESCRIPT = /\.(ts|mts|cts)$/;

/**
 * Where bundles are written while rowmeter runs: beside the user's packages
 * (`node_modules/.cache/rowmeter/<pid>/`), so the bundle's bare imports (`knex`, `rowmeter`)
 * resolve to the same installed copies as the source file's; removed at exit.
 */
export class ModuleCache {
  private readonly folders = new Set<string>();
  private readonly removeAtExit = onExit(() => this.remove());

  /** The folder for bundles of `file`: under the nearest `node_modules` above it, else beside it. */
  folderFor(file: string): string {
    let directory = dirname(file);
    for (;;) {
      if (existsSync(join(directory, 'node_modules'))) return join(directory, 'node_modules', '.cache', 'rowmeter', String(process.pid));
      const parent = dirname(directory);
      if (parent === directory) return join(dirname(file), `.rowmeter-${process.pid}`);
      directory = parent;
    }
  }

  async prepare(file: string): Promise<string> {
    const folder = this.folderFor(file);
    await mkdir(folder, { recursive: true });
    if (!this.folders.has(folder)) guardPath(folder);
    this.folders.add(folder);
    return folder;
  }

  /** Removes every bundle written (also runs at process exit). */
  remove(): void {
    for (const folder of this.folders) rmSync(folder, { recursive: true, force: true });
    this.folders.clear();
  }

  /** Removes the bundles now and forgets the exit hook. */
  dispose(): void {
    this.remove();
    this.removeAtExit();
  }
}

/**
 * The plain JavaScript file to import for `file`: the file itself for JavaScript, else its
 * bundle. A file that does not compile is a one-line {@link UsageError} naming it and the line.
 */
export async function plainJavaScriptFor(file: string, cache: ModuleCache | null, shown: string): Promise<string> {
  if (!TYPESCRIPT.test(file)) return file;
  // Only rowmeter's own compiled suite is discovered without a cache, and it is JavaScript.
  if (cache === null) throw new UsageError(`${shown}: TypeScript needs a module cache to be bundled into`);
  const { build } = await import('esbuild');
  const folder = await cache.prepare(file);
  const outfile = join(folder, `${basename(file).replace(TYPESCRIPT, '')}-${createHash('sha256').update(file).digest('hex').slice(0, 8)}.mjs`);
  try {
    await build({
      entryPoints: [file],
      outfile,
      bundle: true,
      // The user's packages stay imports: resolved by Node from the user's node_modules, never copied.
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      write: true,
    });
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line}:${first.location.column})` : '';
    throw new UsageError(`${shown}: does not compile: ${first ? first.text : oneLine(error)}${where}`);
  }
  return outfile;
}

/** Imports `file` (bundled first when TypeScript): its default export, and the plain JavaScript imported. */
export async function importUserModule(file: string, cache: ModuleCache | null, shown: string): Promise<{ exported: unknown; plainPath: string }> {
  const plain = await plainJavaScriptFor(file, cache, shown);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(plain).href)) as { default?: unknown };
  } catch (error) {
    throw new UsageError(`${shown}: could not be loaded: ${oneLine(error)}`);
  }
  // A CommonJS file's module.exports arrives as the default export, already.
  return { exported: module.default, plainPath: plain };
}
