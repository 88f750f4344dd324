import { performance } from 'node:perf_hooks';
import { withClient, type DatabaseCatalog } from '../harness/database.js';
import type { SeedInfo } from '../harness/results.js';
import { TABLE } from '../scenarios/tables.js';
import { CREATE_TABLE_SQL, INSERT_ROWS_SQL, SEED_VERSION, seedChunks } from './generate.js';

export interface SeedRequest {
  rows: number;
  payloadBytes: number;
}

export interface SeededTemplate {
  /** Database every run copies with CREATE DATABASE … TEMPLATE. */
  name: string;
  info: SeedInfo;
}

const CHUNK_ROWS = 50_000;

/** The template's name says what it holds, so a matching one can be reused safely. */
export function templateName(request: SeedRequest): string {
  return `rowmeter_tpl_v${SEED_VERSION}_r${request.rows}_p${request.payloadBytes}`;
}

async function describeTable(url: string): Promise<{ averagePayloadBytes: number; tableBytes: number; rows: number }> {
  return withClient(url, async (client) => {
    const result = await client.query<{ rows: number; average: number | null; bytes: string }>(
      `SELECT count(*)::int AS rows, avg(octet_length(data::text))::float8 AS average,
              pg_total_relation_size('${TABLE}')::text AS bytes FROM ${TABLE}`,
    );
    const row = result.rows[0]!;
    return { rows: row.rows, averagePayloadBytes: Math.round(row.average ?? 0), tableBytes: Number(row.bytes) };
  });
}

/**
 * Makes sure a seeded template exists: reuses one with the same parameters, or seeds a new
 * one under a temporary name and renames it when complete, so a half-seeded database is
 * never mistaken for a template.
 */
export async function ensureTemplate(
  catalog: DatabaseCatalog,
  request: SeedRequest,
  progress: (doneRows: number, totalRows: number) => void,
): Promise<SeededTemplate> {
  const name = templateName(request);
  if (await catalog.exists(name)) {
    const url = catalog.urlOf(name);
    const described = await describeTable(url);
    if (described.rows !== request.rows) {
      throw new Error(`Template ${name} holds ${described.rows} rows instead of ${request.rows}; drop it (DROP DATABASE ${name}) and run again`);
    }
    return {
      name,
      info: { ...request, ...described, seedMs: 0, rowsPerSecond: null, reused: true, seedVersion: SEED_VERSION },
    };
  }
  const buildingName = `${name}_build_${process.pid}`;
  const started = performance.now();
  const url = await catalog.create(buildingName);
  await withClient(url, async (client) => {
    await client.query(CREATE_TABLE_SQL);
    let done = 0;
    for (const [first, last] of seedChunks(request.rows, CHUNK_ROWS)) {
      await client.query(INSERT_ROWS_SQL, [first, last, request.payloadBytes]);
      done = last;
      progress(done, request.rows);
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('${TABLE}', 'id'), $1)`, [Math.max(1, request.rows)]);
    // Every copy then starts with the same visibility map, hint bits and statistics.
    await client.query(`VACUUM (FREEZE, ANALYZE) ${TABLE}`);
  });
  const seedMs = performance.now() - started;
  const described = await describeTable(url);
  await catalog.rename(buildingName, name);
  return {
    name,
    info: {
      ...request,
      averagePayloadBytes: described.averagePayloadBytes,
      tableBytes: described.tableBytes,
      seedMs,
      rowsPerSecond: seedMs > 0 ? (request.rows * 1000) / seedMs : null,
      reused: false,
      seedVersion: SEED_VERSION,
    },
  };
}
