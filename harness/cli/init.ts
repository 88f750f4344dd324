/**
 * `rowmeter init`: writes the starter files into a user's project (a config, one example
 * scenario for the database library the project uses, a GitHub workflow), never overwriting.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { detectLibrary, exampleFileName, exampleSource, missingPackages, type Library } from './init-examples.js';
import { configSource, PLACEHOLDER_TABLE, workflowSource } from './init-templates.js';

/** What {@link runInit} did, paths relative to the project (with `/`). */
export interface InitResult {
  /** Files written, in the order written. */
  written: string[];
  /** Files that existed already and were not touched. */
  leftAlone: string[];
  /** The library the example scenario uses; null when the project names none init knows (the example then uses `pg`). */
  library: string | null;
  /**
   * Packages the example imports that the project's package.json lacks (`pg`, `pg-cursor`…),
   * to install before benchmarking.
   */
  missing?: string[];
}

/** The folder the example scenario goes in (found by the default glob `**\/*.rowmeter.ts`). */
const SCENARIO_FOLDER = 'rowmeter';

/**
 * Writes the starter files into `cwd`: `rowmeter.config.ts`, `rowmeter/<library>-stream.rowmeter.ts`
 * and `.github/workflows/rowmeter.yml`. Never overwrites a file: one that exists is left alone
 * and reported. The library is the first of knex, @prisma/client, typeorm, kysely, drizzle-orm,
 * postgres, sequelize, pg found in `cwd/package.json`; without one, the example uses pg.
 */
export async function runInit(cwd: string): Promise<InitResult> {
  const dependencies = await projectDependencies(cwd);
  const library = detectLibrary(dependencies);
  const exampleLibrary: Library = library ?? 'pg';
  const files: Array<[string, string]> = [
    ['rowmeter.config.ts', configSource()],
    [`${SCENARIO_FOLDER}/${exampleFileName(exampleLibrary)}`, exampleSource(exampleLibrary, dependencies, PLACEHOLDER_TABLE)],
    ['.github/workflows/rowmeter.yml', workflowSource()],
  ];
  const result: InitResult = { written: [], leftAlone: [], library, missing: missingPackages(exampleLibrary, dependencies) };
  for (const [path, text] of files) {
    if (await writeNew(join(cwd, path), text)) result.written.push(path);
    else result.leftAlone.push(path);
  }
  return result;
}

/**
 * The lines `rowmeter init` prints: each file written, each left alone, and what to do next.
 */
export function initSummary(result: InitResult): string {
  const lines = [...result.written.map((path) => `wrote ${path}`), ...result.leftAlone.map((path) => `left alone: ${path} exists`)];
  lines.push('', 'Next:');
  if (result.library === null) lines.push('- No database library found in package.json (knex, prisma, typeorm, kysely, drizzle-orm, postgres, sequelize, pg): the example uses pg, which must be installed.');
  if (result.missing !== undefined && result.missing.length > 0) lines.push(`- Install what the example needs: npm i -D ${result.missing.join(' ')}`);
  lines.push(
    `- Put your table's name in rowmeter.config.ts and in the example scenario (both say '${PLACEHOLDER_TABLE}').`,
    '- Point DATABASE_URL at the server that has the table (without it rowmeter starts its own PostgreSQL).',
    '- Run: npx rowmeter bench',
    '- In CI, .github/workflows/rowmeter.yml benchmarks every pull request against the default branch; set the ROWMETER_DATABASE_URL secret to measure your table there.',
  );
  return lines.join('\n');
}

/** Names in `dependencies` and `devDependencies` of `cwd/package.json`; empty without one. */
async function projectDependencies(cwd: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(join(cwd, 'package.json'), 'utf8');
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return new Set();
    throw error;
  }
  const manifest: unknown = JSON.parse(text);
  return new Set([...dependencyNames(manifest, 'dependencies'), ...dependencyNames(manifest, 'devDependencies')]);
}

function dependencyNames(manifest: unknown, field: string): string[] {
  if (typeof manifest !== 'object' || manifest === null) return [];
  const section: unknown = (manifest as Record<string, unknown>)[field];
  return typeof section === 'object' && section !== null ? Object.keys(section) : [];
}

/**
 * Writes `text` to `path` unless a file is there: `wx` makes the check and the write one step,
 * so a file created meanwhile (by the user, or a second init) is never overwritten.
 * Returns false when the file existed.
 */
async function writeNew(path: string, text: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) return false;
    throw error;
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
