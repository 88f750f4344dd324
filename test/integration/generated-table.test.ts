/**
 * Generated tables on a real PostgreSQL: every column type loads through COPY, the table has the
 * declared definition, its statistics (after the ANALYZE rowmeter runs) show the asked null
 * fractions, distinct counts, frequencies and correlations, two builds are byte-identical, and a
 * second request reuses the template.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TableDefinition } from '../../harness/api/index.js';
import { DatabaseCatalog, withClient, type DatabaseServer } from '../../harness/run/database.js';
import { ensureGeneratedTemplate, generatedTemplateName } from '../../harness/run/generated-table.js';
import { startTestServer } from '../support/server.js';

const ROWS = 20_000;

/** One column of every type the generators know, with the spreads a twin would ask for. */
const EVERY_TYPE: TableDefinition = {
  name: 'shop.orders',
  primaryKey: 'id',
  indexes: ['customer_id'],
  columns: {
    id: { type: 'bigint' },
    customer_id: { type: 'integer', distinct: 500, correlation: 0.3 },
    small: { type: 'smallint', min: -100, max: 100, distinct: 201 },
    amount: { type: 'numeric', precision: 10, scale: 2, min: 0, max: 5000, nulls: 0.1 },
    ratio: { type: 'real', min: 0, max: 1, distinct: 100 },
    score: { type: 'double precision', distinct: 0.25 },
    paid: { type: 'boolean', mostCommon: [0.8, 0.2] },
    note: { type: 'text', length: { min: 10, max: 200 }, nulls: 0.4, distinct: 0.5 },
    code: { type: 'varchar', maxLength: 12, length: 12, unique: true },
    ref: { type: 'uuid', distinct: 1.0 },
    day: { type: 'date', from: '2024-01-01', to: '2024-12-31', correlation: 1 },
    at: { type: 'timestamp', distinct: 5000 },
    at_tz: { type: 'timestamptz', correlation: -0.8, distinct: 1000 },
    blob: { type: 'bytea', size: { min: 16, max: 64 }, nulls: 0.05 },
    status: { type: 'enum', labels: ['new', 'paid', 'shipped', 'void'], mostCommon: [0.7, 0.2, 0.05, 0.05], index: true },
    tags: { type: 'array', of: { type: 'text', length: 6, distinct: 40 }, length: { min: 0, max: 5 } },
    scores: { type: 'array', of: { type: 'integer', min: 0, max: 100, distinct: 101, nulls: 0.1 }, length: 3, nulls: 0.2 },
    doc: {
      type: 'jsonb',
      index: true,
      shape: {
        type: 'object',
        keys: {
          kind: { type: 'string', values: ['a', 'b', 'c'], weights: [6, 3, 1] },
          lines: { type: 'array', length: { min: 1, max: 4 }, items: { type: 'object', keys: { sku: { type: 'string', length: 8 }, qty: { type: 'integer', min: 1, max: 9 } } } },
          comment: { type: 'string', length: { min: 0, max: 80 }, presence: 0.3 },
          flag: { type: 'boolean' },
          price: { type: 'number', min: 0, max: 100 },
          gone: { type: 'null', presence: 0.1 },
        },
      },
    },
    raw: { type: 'json', nulls: 0.5 },
  },
};

describe('a generated table on a real server', () => {
  let server: DatabaseServer;
  let catalog: DatabaseCatalog;
  let stop: () => Promise<void>;
  let templateUrl: string;
  let buildMs: number;

  const query = async <T extends object>(url: string, sql: string, values: unknown[] = []): Promise<T[]> => withClient(url, async (client) => (await client.query<T>(sql, values)).rows);

  before(async () => {
    ({ server, catalog, stop } = await startTestServer());
    const template = await ensureGeneratedTemplate(catalog, { definition: EVERY_TYPE, rows: ROWS }, () => undefined);
    assert.equal(template.name, generatedTemplateName(EVERY_TYPE, ROWS));
    assert.equal(template.info.reused, false);
    buildMs = template.info.buildMs;
    // A run's copy, as a benchmark makes them (a template cannot be connected to while it is copied).
    templateUrl = await catalog.create(`rowmeter_run_gen_${process.pid}`, template.name);
  });
  after(async () => stop());

  test('every row is there, with the declared definition: types, NOT NULL where no nulls, key, unique, indexes', async () => {
    assert.ok(buildMs > 0);
    const [counted] = await query<{ count: string }>(templateUrl, 'SELECT count(*)::text AS count FROM shop.orders');
    assert.equal(Number(counted!.count), ROWS);
    const columns = await query<{ column_name: string; type: string; is_nullable: string }>(
      templateUrl,
      "SELECT column_name, format_type(atttypid, atttypmod) AS type, is_nullable FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = 'shop.orders'::regclass AND a.attname = c.column_name WHERE table_schema = 'shop' AND table_name = 'orders' ORDER BY ordinal_position",
    );
    assert.deepEqual(
      columns.map((column) => `${column.column_name} ${column.type}${column.is_nullable === 'NO' ? ' not null' : ''}`),
      [
        'id bigint not null',
        'customer_id integer not null',
        'small smallint not null',
        'amount numeric(10,2)',
        'ratio real not null',
        'score double precision not null',
        'paid boolean not null',
        'note text',
        'code character varying(12) not null',
        'ref uuid not null',
        'day date not null',
        'at timestamp without time zone not null',
        'at_tz timestamp with time zone not null',
        'blob bytea',
        'status shop.orders_status not null',
        'tags text[] not null',
        'scores integer[]',
        'doc jsonb not null',
        'raw json',
      ],
    );
    const indexes = await query<{ indexdef: string }>(templateUrl, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'shop' ORDER BY indexname");
    assert.deepEqual(
      indexes.map((index) => index.indexdef.replace(/ ON shop\.orders USING /, ' ')),
      [
        'CREATE UNIQUE INDEX orders_code_key btree (code)',
        'CREATE INDEX orders_customer_id_idx btree (customer_id)',
        'CREATE INDEX orders_doc_idx gin (doc)',
        'CREATE UNIQUE INDEX orders_pkey btree (id)',
        'CREATE INDEX orders_status_idx btree (status)',
      ],
    );
  });

  test("the statistics show what was asked: null fractions, distinct counts, frequencies, correlation", async () => {
    const stats = new Map(
      (
        await query<{ attname: string; null_frac: number; n_distinct: number; correlation: number | null; most_common_freqs: number[] | null; most_common_vals: string | null }>(
          templateUrl,
          "SELECT attname, null_frac, n_distinct, correlation, most_common_freqs, most_common_vals::text FROM pg_stats WHERE schemaname = 'shop' AND tablename = 'orders'",
        )
      ).map((row) => [row.attname, row]),
    );
    const stat = (name: string) => {
      const found = stats.get(name);
      assert.ok(found, `pg_stats has ${name}`);
      return found;
    };
    // ANALYZE samples 30,000 rows: at 20,000 it reads them all, so these are exact but for rounding.
    assert.ok(Math.abs(stat('amount').null_frac - 0.1) < 0.005);
    assert.ok(Math.abs(stat('note').null_frac - 0.4) < 0.005);
    assert.ok(Math.abs(stat('raw').null_frac - 0.5) < 0.005);
    assert.equal(stat('customer_id').n_distinct, 500);
    assert.equal(stat('small').n_distinct, 201);
    // Negative n_distinct: a fraction of the rows (PostgreSQL's way once distinct values are over a tenth of them).
    assert.equal(stat('at').n_distinct, -0.25);
    assert.ok(Math.abs(stat('score').n_distinct - -0.25) < 0.01, `score n_distinct ${stat('score').n_distinct}`);
    assert.equal(stat('id').n_distinct, -1);
    assert.equal(stat('code').n_distinct, -1);
    assert.ok(Math.abs((stat('day').correlation ?? 0) - 1) < 0.01);
    assert.ok(Math.abs((stat('at_tz').correlation ?? 0) - -0.8) < 0.1, `at_tz correlation ${stat('at_tz').correlation}`);
    assert.ok(Math.abs(stat('customer_id').correlation ?? 1) < 0.4);
    assert.equal(stat('status').most_common_vals, '{new,paid,shipped,void}');
    const freqs = stat('status').most_common_freqs ?? [];
    assert.deepEqual(freqs.map((freq) => Math.round(freq * 100)), [70, 20, 5, 5]);
    assert.deepEqual((stat('paid').most_common_freqs ?? []).map((freq) => Math.round(freq * 100)), [80, 20]);
  });

  test('arrays and documents hold what their specs say', async () => {
    const [row] = await query<{ tags_max: number; tag_values: string; scores_null: string; kinds: string; comments: string; lines_max: number }>(
      templateUrl,
      `SELECT max(cardinality(tags)) AS tags_max,
              (SELECT count(DISTINCT tag)::text FROM shop.orders, unnest(tags) AS tag) AS tag_values,
              (count(*) FILTER (WHERE scores IS NULL)::float8 / count(*))::text AS scores_null,
              (count(*) FILTER (WHERE doc->>'kind' = 'a')::float8 / count(*))::text AS kinds,
              (count(*) FILTER (WHERE doc ? 'comment')::float8 / count(*))::text AS comments,
              max(jsonb_array_length(doc->'lines')) AS lines_max
         FROM shop.orders`,
    );
    assert.equal(row!.tags_max, 5);
    assert.equal(Number(row!.tag_values), 40);
    assert.ok(Math.abs(Number(row!.scores_null) - 0.2) < 0.02);
    assert.ok(Math.abs(Number(row!.kinds) - 0.6) < 0.02);
    assert.ok(Math.abs(Number(row!.comments) - 0.3) < 0.02);
    assert.equal(row!.lines_max, 4);
  });

  test('deterministic: built again from scratch, byte-identical rows; a second request reuses the template', async () => {
    const rowsHash = async (url: string) => (await query<{ hash: string }>(url, 'SELECT md5(string_agg(t::text, E\'\\n\' ORDER BY t.id)) AS hash FROM shop.orders t'))[0]!.hash;
    const reused = await ensureGeneratedTemplate(catalog, { definition: EVERY_TYPE, rows: ROWS }, () => undefined);
    assert.equal(reused.info.reused, true);
    // The same definition under another seed is another table; back at seed 0 in a fresh database, the same bytes.
    const freshUrl = await catalog.create(`rowmeter_gen_again_${process.pid}`);
    const { loadGeneratedTable } = await import('../../harness/run/generated-table.js');
    const { compileTable } = await import('../../seed/table.js');
    await withClient(freshUrl, (client) => loadGeneratedTable(client, compileTable(EVERY_TYPE, ROWS), ROWS, () => undefined));
    assert.equal(await rowsHash(freshUrl), await rowsHash(templateUrl));
    const otherUrl = await catalog.create(`rowmeter_gen_other_${process.pid}`);
    await withClient(otherUrl, (client) => loadGeneratedTable(client, compileTable({ ...EVERY_TYPE, seed: 7 }, ROWS), ROWS, () => undefined));
    assert.notEqual(await rowsHash(otherUrl), await rowsHash(templateUrl));
    assert.notEqual(generatedTemplateName({ ...EVERY_TYPE, seed: 7 }, ROWS), reused.name);
  });
});
