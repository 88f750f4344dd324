/**
 * `rowmeter twin --table T [--schema S] [--out twin.ts] [--sample N] [--keep-values]`: reads a
 * table's definition and statistics (read-only) and writes a TypeScript module whose default
 * export is the `defineTable` of a generated twin under the same name (docs/twin.md).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { parseDatabaseUrl } from '../run/database.js';
import { compileTable, TableDefinitionError } from '../../seed/table.js';
import { buildTwin, type Twin } from './build.js';
import { readTableFacts, splitTableName } from './read.js';

export interface TwinFlags {
  table: string;
  schema?: string;
  out?: string;
  sample?: string;
  keepValues?: boolean;
  overwrite?: boolean;
  databaseUrl?: string;
}

/** Rows read for the structure of JSON and the lengths of text by default: few, from a TABLESAMPLE. */
export const DEFAULT_SAMPLE_ROWS = 200;

/** The module's text: a header that says what it holds and what was guessed, then the definition. */
export function renderTwin(twin: Twin, source: { schema: string; table: string; rows: number; sampleRows: number; keepValues: boolean; at: Date }): string {
  const header = [
    `Twin of ${source.schema}.${source.table}, written by \`rowmeter twin\` on ${source.at.toISOString().slice(0, 10)}.`,
    `Built from the catalog and pg_stats${source.sampleRows > 0 ? ` and the shape (lengths, JSON structure) of a sample of up to ${source.sampleRows} rows` : ''}.`,
    source.keepValues
      ? 'Made with --keep-values: exact numeric and date bounds, and JSON strings with few values (status-like) with their frequencies in the sample, are real values of the table.'
      : 'It holds no value of the table: numeric and date ranges are rounded outwards, strings, JSON and bytes are stand-ins of the same length and frequency.',
    `The real table had about ${source.rows >= 0 ? source.rows.toLocaleString('en-US') : 'an unknown number of'} rows; --rows takes the twin to any size.`,
    ...(twin.notes.length > 0 ? ['', 'Guessed or left out:', ...twin.notes.map((note) => `- ${note}`)] : []),
  ];
  return [
    '/**',
    // A note quotes column and key names: nothing in them may end the comment.
    ...header.map((line) => ` * ${line.replace(/\*\//g, '* /')}`.trimEnd()),
    ' */',
    "import { defineTable } from 'rowmeter';",
    '',
    `export default defineTable(${JSON.stringify(twin.definition, null, 2)});`,
    '',
  ].join('\n');
}

function parseSample(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SAMPLE_ROWS;
  if (!/^\d+$/.test(value.trim()) || Number(value) > 1_000_000) throw new UsageError(`Expected --sample to be a number of rows from 0 (no sample) to 1000000, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Runs `twin`; returns the path written. Every bad input is a one-line UsageError. */
export async function runTwin(flags: TwinFlags, now = new Date()): Promise<{ path: string; twin: Twin }> {
  const url = flags.databaseUrl ?? process.env.DATABASE_URL;
  if (!url) throw new UsageError('twin reads a table on your server: set DATABASE_URL or pass --database-url');
  parseDatabaseUrl(url);
  const sampleRows = parseSample(flags.sample);
  const name = splitTableName(flags.table, flags.schema ?? null);
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name.table) || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name.schema)) throw new UsageError(`Expected --table to be a table name such as shop_orders or public.shop_orders, got ${JSON.stringify(flags.table)}`);
  const path = resolve(flags.out ?? `${name.table}.twin.ts`);
  if (existsSync(path) && !flags.overwrite) throw new UsageError(`${flags.out ?? `${name.table}.twin.ts`} already exists: edit it, or pass --overwrite to write it again`);
  const facts = await readTableFacts(url, name, sampleRows);
  const twin = buildTwin(facts, { keepValues: flags.keepValues === true, name: name.schema === 'public' && !flags.table.includes('.') ? name.table : `${name.schema}.${name.table}` });
  // The twin must be one the generators accept: checked at the real size before it is written.
  try {
    compileTable(twin.definition, Math.max(1, facts.rows));
  } catch (error) {
    if (error instanceof TableDefinitionError) throw new Error(`the twin of ${name.schema}.${name.table} came out wrong (${error.message}): please report it`);
    throw error;
  }
  await writeFile(path, renderTwin(twin, { ...name, rows: facts.rows, sampleRows, keepValues: flags.keepValues === true, at: now }));
  return { path, twin };
}
