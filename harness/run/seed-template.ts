import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { withClient, type DatabaseCatalog } from './database.js';
import type { SeedInfo } from '../results.js';
import { TABLE } from '../../scenarios/tables.js';
import { SEED_VERSION, SEEDED_TABLE_DEFINITION, seedChunks } from '../../seed/generate.js';
import { compileTable, type CompiledTable } from '../../seed/table.js';

export interface SeedRequest {
  rows: number;
  payloadBytes: number;
}

export interface SeededTemplate {
  /** Database every run copies with CREATE DATABASE … TEMPLATE. */
  name: string;
  info: SeedInfo;
}

/** Rows between two progress reports while seeding. */
const CHUNK_ROWS = 50_000;
/** COPY data is sent in pieces of about this many bytes. */
const COPY_PIECE_BYTES = 1 << 16;

/** The template's name says what it holds, so a matching one can be reused safely. */
export function templateName(request: SeedRequest): string {
  return `rowmeter_tpl_v${SEED_VERSION}_r${request.rows}_p${request.payloadBytes}`;
}

/** What a template holds, stored with it so that nobody needs to connect to it again. */
interface TemplateDescription {
  rows: number;
  averagePayloadBytes: number;
  tableBytes: number;
  seedVersion: number;
}

/** The marker that starts a template's database comment, before its description as JSON. */
const COMMENT_PREFIX = 'rowmeter template ';

export function templateComment(description: TemplateDescription): string {
  return `${COMMENT_PREFIX}${JSON.stringify(description)}`;
}

/** Reads a description back from a database comment; null when it is not one of ours. */
export function parseTemplateComment(comment: string | null): TemplateDescription | null {
  if (comment === null || !comment.startsWith(COMMENT_PREFIX)) return null;
  try {
    const parsed = JSON.parse(comment.slice(COMMENT_PREFIX.length)) as Partial<TemplateDescription>;
    if (typeof parsed.rows !== 'number' || typeof parsed.averagePayloadBytes !== 'number' || typeof parsed.tableBytes !== 'number') return null;
    return { rows: parsed.rows, averagePayloadBytes: parsed.averagePayloadBytes, tableBytes: parsed.tableBytes, seedVersion: parsed.seedVersion ?? SEED_VERSION };
  } catch {
    return null;
  }
}

async function describeTable(client: pg.Client): Promise<TemplateDescription> {
  const result = await client.query<{ rows: number; average: number | null; bytes: string }>(
    `SELECT count(*)::int AS rows, avg(octet_length(data::text))::float8 AS average,
            pg_total_relation_size('${TABLE}')::text AS bytes FROM ${TABLE}`,
  );
  const row = result.rows[0]!;
  return { rows: row.rows, averagePayloadBytes: Math.round(row.average ?? 0), tableBytes: Number(row.bytes), seedVersion: SEED_VERSION };
}

/** The COPY text of rows `first` to `last`, in pieces, reporting each finished chunk of rows. */
function* copyText(table: CompiledTable, first: number, last: number, chunkDone: (lastRow: number) => void): Generator<string> {
  for (const [from, to] of seedChunks(last - first + 1, CHUNK_ROWS).map(([a, b]) => [a + first - 1, b + first - 1] as const)) {
    let piece = '';
    for (let g = from; g <= to; g += 1) {
      piece += table.line(g);
      if (piece.length >= COPY_PIECE_BYTES) {
        yield piece;
        piece = '';
      }
    }
    if (piece.length > 0) yield piece;
    chunkDone(to);
  }
}

/**
 * Fills a fresh table in one transaction: the seeded table's definition as a generated table
 * (seed/generate.ts) without its key, `COPY … FROM STDIN WITH (FREEZE)` fed by its generators
 * (the documents byte-identical to the SQL reference), so the server parses rows at its own COPY
 * speed while the generator runs on the other core, then the primary key in one sort and the
 * sequence past the rows. The table ends up with CREATE_TABLE_SQL's definition (tested).
 */
export async function loadTable(client: pg.Client, request: SeedRequest, progress: (doneRows: number, totalRows: number) => void): Promise<void> {
  const { default: copyStreams } = await import('pg-copy-streams');
  const table = compileTable(SEEDED_TABLE_DEFINITION, request.rows, request.payloadBytes);
  await client.query('BEGIN');
  try {
    for (const statement of table.create) await client.query(statement);
    // FREEZE: the rows are written frozen (allowed for a table created in this transaction),
    // so the VACUUM after has nothing to rewrite.
    const target = client.query(copyStreams.from(table.copy));
    await pipeline(Readable.from(copyText(table, 1, request.rows, (lastRow) => progress(lastRow, request.rows))), target);
    // One sort builds the key, instead of a million index insertions during the COPY; then the sequence.
    for (const statement of table.after) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Every copy then starts with the same visibility map, hint bits and statistics. */
export async function freezeTable(client: pg.Client): Promise<void> {
  await client.query(`VACUUM (FREEZE, ANALYZE) ${TABLE}`);
}

/** {@link loadTable} then {@link freezeTable}: a seeded table, ready to be a template. */
export async function seedTable(client: pg.Client, request: SeedRequest, progress: (doneRows: number, totalRows: number) => void): Promise<void> {
  await loadTable(client, request, progress);
  await freezeTable(client);
}

/** A 64-bit advisory lock key for a template name (stable across processes and machines). */
export function templateLockKey(name: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`rowmeter:${name}`)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return BigInt.asIntN(64, hash);
}

/**
 * Makes sure a seeded template exists: reuses one with the same parameters, or seeds a new
 * one under a temporary name and renames it when complete, so a half-seeded database is never
 * mistaken for a template.
 *
 * Safe next to another rowmeter on the same server: the whole check-or-build holds a
 * PostgreSQL advisory lock named after the template, so one benchmark builds while the others
 * wait and then reuse it. And no rowmeter ever connects to a published template (its
 * description is stored in the database's comment), because `CREATE DATABASE … TEMPLATE`
 * fails while anyone is connected to the template.
 */
export async function ensureTemplate(
  catalog: DatabaseCatalog,
  request: SeedRequest,
  progress: (doneRows: number, totalRows: number) => void,
): Promise<SeededTemplate> {
  const name = templateName(request);
  return catalog.withAdvisoryLock(templateLockKey(name), async () => {
    const existing = await catalog.describe(name);
    if (existing !== null) {
      let description = parseTemplateComment(existing.comment);
      if (description === null) {
        // A template from an older rowmeter, without its description: read it once, under the lock, and store it.
        description = await withClient(catalog.urlOf(name), describeTable);
        await catalog.comment(name, templateComment(description));
      }
      if (description.rows !== request.rows) {
        throw new Error(`Template ${name} holds ${description.rows} rows instead of ${request.rows}; drop it (DROP DATABASE ${name}) and run again`);
      }
      return {
        name,
        info: { ...request, averagePayloadBytes: description.averagePayloadBytes, tableBytes: description.tableBytes, seedMs: 0, rowsPerSecond: null, reused: true, seedVersion: SEED_VERSION },
      };
    }
    const buildingName = `${name}_build_${process.pid}`;
    const started = performance.now();
    const url = await catalog.create(buildingName);
    const description = await withClient(url, async (client) => {
      await seedTable(client, request, progress);
      return describeTable(client);
    });
    const seedMs = performance.now() - started;
    await catalog.comment(buildingName, templateComment(description));
    await catalog.rename(buildingName, name);
    return {
      name,
      info: {
        ...request,
        averagePayloadBytes: description.averagePayloadBytes,
        tableBytes: description.tableBytes,
        seedMs,
        rowsPerSecond: seedMs > 0 ? (request.rows * 1000) / seedMs : null,
        reused: false,
        seedVersion: SEED_VERSION,
      },
    };
  });
}
