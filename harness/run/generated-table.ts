/**
 * Generated tables on a server: a `rowmeter_` template database per definition and size, built
 * once (CREATE, COPY fed by the generators of seed/table.ts, keys and indexes, VACUUM) and reused
 * by later benchmarks while the definition is unchanged. The same care as the seeded table's:
 * built under a temporary name and renamed when complete, under an advisory lock.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import type { TableDefinition } from '../api/index.js';
import { compileTable, definitionHash, type CompiledTable } from '../../seed/table.js';
import { withClient, type DatabaseCatalog } from './database.js';
import { templateLockKey } from './template-lock.js';

/** Rows between two progress reports. */
const CHUNK_ROWS = 20_000;
/** COPY data is sent in pieces of about this many bytes. */
const COPY_PIECE_BYTES = 1 << 16;

export interface GeneratedTemplate {
  name: string;
  info: { rows: number; tableBytes: number; buildMs: number; reused: boolean };
}

/** The template of a definition at a size: its hash in the name, so a changed definition builds anew. */
export function generatedTemplateName(definition: TableDefinition, rows: number, payloadBytes = 0): string {
  return `rowmeter_tpl_g${definitionHash(definition, payloadBytes)}_r${rows}`;
}

const COMMENT_PREFIX = 'rowmeter generated table ';

/** COPY text of rows 1 … rows, in pieces, reporting progress every chunk. */
function* copyText(table: CompiledTable, rows: number, progress: (doneRows: number, totalRows: number) => void): Generator<string> {
  let piece = '';
  for (let row = 1; row <= rows; row += 1) {
    piece += table.line(row);
    if (piece.length >= COPY_PIECE_BYTES) {
      yield piece;
      piece = '';
    }
    if (row % CHUNK_ROWS === 0) progress(row, rows);
  }
  if (piece.length > 0) yield piece;
  progress(rows, rows);
}

/**
 * Creates and fills a compiled table in one transaction: its CREATE statements, `COPY … FROM
 * STDIN WITH (FREEZE)` (rows written frozen, allowed for a table created in the same
 * transaction) fed by the generators while the server parses on the other core, then its keys
 * and indexes, one sort each instead of an index insertion per row. The seeded table loads this way too.
 */
export async function loadRows(client: pg.Client, table: CompiledTable, rows: number, progress: (doneRows: number, totalRows: number) => void): Promise<void> {
  const { default: copyStreams } = await import('pg-copy-streams');
  await client.query('BEGIN');
  try {
    for (const statement of table.create) await client.query(statement);
    await pipeline(Readable.from(copyText(table, rows, progress)), client.query(copyStreams.from(table.copy)));
    for (const statement of table.after) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** {@link loadRows}, then VACUUM (FREEZE, ANALYZE): every copy starts with the same visibility map and statistics. */
export async function loadGeneratedTable(client: pg.Client, table: CompiledTable, rows: number, progress: (doneRows: number, totalRows: number) => void): Promise<void> {
  await loadRows(client, table, rows, progress);
  await client.query(`VACUUM (FREEZE, ANALYZE) ${table.sqlName}`);
}

/** Makes sure the template of a generated table at `rows` rows exists: reused, or built now. */
export async function ensureGeneratedTemplate(
  catalog: DatabaseCatalog,
  request: { definition: TableDefinition; rows: number; payloadBytes?: number },
  progress: (doneRows: number, totalRows: number) => void,
): Promise<GeneratedTemplate> {
  const name = generatedTemplateName(request.definition, request.rows, request.payloadBytes ?? 0);
  return catalog.withAdvisoryLock(templateLockKey(name), async () => {
    const existing = await catalog.describe(name);
    if (existing !== null) {
      if (!existing.comment?.startsWith(COMMENT_PREFIX)) throw new Error(`Template ${name} has no description of what it holds; drop it (DROP DATABASE ${name}) and run again`);
      const description = JSON.parse(existing.comment.slice(COMMENT_PREFIX.length)) as { rows: number; tableBytes: number };
      return { name, info: { rows: description.rows, tableBytes: description.tableBytes, buildMs: 0, reused: true } };
    }
    // Checked before anything is created (checkGeneratedTables), so this cannot throw on the definition.
    const table = compileTable(request.definition, request.rows, request.payloadBytes ?? 0);
    const buildingName = `${name}_build_${process.pid}`;
    const started = performance.now();
    const url = await catalog.create(buildingName);
    const tableBytes = await withClient(url, async (client) => {
      await loadGeneratedTable(client, table, request.rows, progress);
      const result = await client.query<{ bytes: string }>('SELECT pg_total_relation_size($1::regclass)::text AS bytes', [table.sqlName]);
      return Number(result.rows[0]!.bytes);
    });
    const buildMs = performance.now() - started;
    await catalog.comment(buildingName, `${COMMENT_PREFIX}${JSON.stringify({ rows: request.rows, tableBytes })}`);
    await catalog.rename(buildingName, name);
    return { name, info: { rows: request.rows, tableBytes, buildMs, reused: false } };
  });
}
