import type { TableDefinition } from '../harness/api/index.js';
import { TABLE } from '../scenarios/tables.js';
import { documentText } from './rows.js';

/**
 * Bump when the generated data changes: templates carry it in their name, so an old
 * template is never reused for a new generator.
 */
export const SEED_VERSION = 1;

export const CREATE_TABLE_SQL = `CREATE TABLE ${TABLE} (
  id serial PRIMARY KEY,
  data jsonb NOT NULL,
  field integer NOT NULL DEFAULT -1
)`;

/**
 * Generates rows `$1` to `$2` (inclusive) as (id, data, field), each document padded to about `$3` bytes of JSON
 * text. Generated on the server from integer arithmetic on the row number only (no
 * random(), no hash whose result may differ between PostgreSQL builds), so the same
 * options give byte-identical data on every machine.
 *
 * The row number is a bigint so that no product overflows up to MAX_ROWS (g * 7919 passes
 * int4 from g = 271,197 on).
 *
 * A document: a customer with a nested address, 1–8 order items, 1–4 tags, a meta object
 * and a `notes` string that pads it to the requested size. Every `field` starts at -1, which
 * the backfill's computation can never produce.
 */
export const GENERATE_ROWS_SQL = `SELECT g, base || jsonb_build_object('notes',
         left(repeat(md5(g::text), ($3::int / 32) + 1), greatest(0, $3::int - octet_length(base::text) - 12))),
       -1
FROM (
  SELECT g, jsonb_build_object(
    'customer', jsonb_build_object(
      'name', 'customer-' || (g % 997),
      'tier', g % 3,
      'address', jsonb_build_object('city', 'city-' || (g % 101), 'zip', lpad(((g * 7919) % 100000)::text, 5, '0'))),
    'items', (SELECT jsonb_agg(jsonb_build_object(
                'sku', 'sku-' || ((g * 13 + i) % 5000),
                'qty', 1 + (g * 31 + i * 17) % 20,
                'priceCents', 100 + (g * 2654435761 + i * 40503) % 99900) ORDER BY i)
              FROM generate_series(1, 1 + (g * 7) % 8) AS i),
    'tags', (SELECT jsonb_agg('tag-' || ((g + t * 11) % 50) ORDER BY t) FROM generate_series(1, 1 + g % 4) AS t),
    'meta', jsonb_build_object('version', 1 + g % 7, 'source', 'rowmeter-seed')
  ) AS base
  FROM generate_series($1::bigint, $2::bigint) AS g
) AS generated`;

/** {@link GENERATE_ROWS_SQL} into the seeded table: the reference seeding, and what seed/rows.ts must reproduce. */
export const INSERT_ROWS_SQL = `INSERT INTO ${TABLE} (id, data, field)
${GENERATE_ROWS_SQL}`;

/**
 * The seeded table as a generated table (docs/tables.md), the way a user's is described: the
 * same definition as {@link CREATE_TABLE_SQL} (a test holds them equal), its documents from
 * seed/rows.ts, byte for byte what {@link GENERATE_ROWS_SQL} makes. Seeding loads it through
 * the generators like any generated table; its templates keep their name (`rowmeter_tpl_v…`).
 */
export const SEEDED_TABLE_DEFINITION: TableDefinition = {
  name: TABLE,
  primaryKey: 'id',
  columns: {
    id: { type: 'integer', serial: true },
    data: { type: 'jsonb', generate: (row, table) => documentText(row, table.payloadBytes) },
    field: { type: 'integer', default: '-1', generate: () => '-1' },
  },
};

/**
 * Disk one seeded row takes, with its share of the table's pages, TOAST and primary key, as
 * measured on PostgreSQL 18: 1,388 bytes per row at 1,024-byte documents (1M rows: 1.39 GB), so
 * about 1.25 × the document plus 110 bytes. Rounded up: an estimate that refuses a benchmark
 * the disk could just hold is better than one that fills the disk.
 */
export function estimateRowBytes(payloadBytes: number): number {
  return Math.ceil(1.3 * payloadBytes + 120);
}

/**
 * Disk a benchmark needs on the server: every size's template (they stay until the benchmark
 * ends), plus, for the largest, one run's copy and the backfill's rewrite of every row in it
 * (an UPDATE writes a new version of each row), plus 10 % for the WAL and the catalogs.
 */
export function estimateBenchmarkBytes(rows: readonly number[], payloadBytes: number): number {
  const perRow = estimateRowBytes(payloadBytes);
  const templates = rows.reduce((sum, size) => sum + size * perRow, 0);
  const largest = Math.max(0, ...rows) * perRow;
  return Math.ceil((templates + 2 * largest) * 1.1);
}
