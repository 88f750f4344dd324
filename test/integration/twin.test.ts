/**
 * `rowmeter twin` on real tables made by SQL (not by rowmeter's generators), analysed by
 * PostgreSQL: four shapes (narrow numeric, wide text with nulls, nested JSONB with a skewed
 * status, arrays and bytea). The twin has their structure and statistics, holds no real value
 * (a sentinel string in 70 % of a column's rows never appears), loads as a generated table, and
 * every refusal is one line, exit 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ColumnSpec, TableDefinition } from '../../harness/api/index.js';
import { withClient, type DatabaseServer, type DatabaseCatalog } from '../../harness/run/database.js';
import { ensureGeneratedTemplate } from '../../harness/run/generated-table.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

const SENTINEL = 'SENTINEL-q7Zx';

const TABLES = `
  CREATE TABLE narrow (id bigserial PRIMARY KEY, qty int NOT NULL, price numeric(10,2), weight float8, active boolean NOT NULL, day date NOT NULL, small smallint, big bigint, ratio real);
  INSERT INTO narrow (qty, price, weight, active, day, small, big, ratio)
    SELECT g % 100, (g * 37 % 100000) / 100.0, g / 7.0, g % 10 <> 0, date '2024-01-01' + (g / 20), g % 1000, g::bigint * 1000003, (g % 97) / 97.0
      FROM generate_series(1, 8000) g;
  CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, email varchar(120) UNIQUE, bio text, secret text NOT NULL, country char(2));
  INSERT INTO people
    SELECT g, 'person ' || g, 'user' || g || '@example.com', CASE WHEN g % 2 = 0 THEN NULL ELSE repeat('lorem ipsum ', 1 + g % 40) END,
           CASE WHEN g % 10 < 7 THEN '${SENTINEL}' ELSE md5(g::text) END, (ARRAY['DE','FR','US','JP'])[1 + g % 4]
      FROM generate_series(1, 6000) g;
  CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'void');
  CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL, doc jsonb NOT NULL);
  INSERT INTO orders
    SELECT g, CASE WHEN g % 20 < 16 THEN 'paid' WHEN g % 20 < 18 THEN 'shipped' WHEN g % 20 = 18 THEN 'pending' ELSE 'void' END::order_status,
           jsonb_build_object(
             'customer', jsonb_build_object('name', 'c' || g, 'tier', g % 4),
             'lines', (SELECT jsonb_agg(jsonb_build_object('sku', 'sku-' || (g * i % 500), 'qty', i)) FROM generate_series(1, 1 + g % 6) i),
             'channel', CASE WHEN g % 10 < 7 THEN '${SENTINEL}' ELSE 'web' END)
             || CASE WHEN g % 3 = 0 THEN jsonb_build_object('note', repeat('x', g % 300)) ELSE '{}'::jsonb END
      FROM generate_series(1, 5000) g;
  CREATE TABLE blobs (id int PRIMARY KEY, tags text[] NOT NULL, nums int[], data bytea);
  INSERT INTO blobs
    SELECT g, ARRAY(SELECT '${SENTINEL}' || (g % 3) FROM generate_series(1, g % 5)), CASE WHEN g % 4 = 0 THEN NULL ELSE ARRAY[g, g + 1, g + 2] END, decode(repeat(md5(g::text), 1 + g % 8), 'hex')
      FROM generate_series(1, 4000) g;
  CREATE TABLE unanalysed (id int PRIMARY KEY, v text);
  ANALYZE narrow; ANALYZE people; ANALYZE orders; ANALYZE blobs;
`;

describe('rowmeter twin on real tables', () => {
  let server: DatabaseServer;
  let catalog: DatabaseCatalog;
  let stop: () => Promise<void>;
  let url: string;
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-twin-test-'));
  const database = `twinsrc_${process.pid}`;
  const role = `twin_noread_${process.pid}`;

  /** Runs twin and returns the file's text and its definition (the JSON inside defineTable). */
  const twin = async (table: string, extra: string[] = []): Promise<{ text: string; definition: TableDefinition; stdout: string }> => {
    const out = join(scratch, `${table}-${extra.join('').replace(/\W/g, '')}.twin.ts`);
    const outcome = await runCli(['twin', '--table', table, '--out', out, '--overwrite', ...extra], { env: { DATABASE_URL: url } });
    assert.equal(outcome.code, 0, outcome.stderr);
    const text = readFileSync(out, 'utf8');
    const json = /export default defineTable\(([\s\S]*)\);\n$/.exec(text)?.[1];
    assert.ok(json, 'the module exports defineTable(...)');
    return { text, definition: JSON.parse(json) as TableDefinition, stdout: outcome.stdout };
  };
  const column = (definition: TableDefinition, name: string) => definition.columns![name] as ColumnSpec & Record<string, unknown>;

  before(async () => {
    ({ server, catalog, stop } = await startTestServer());
    await withClient(server.adminUrl, async (client) => {
      await client.query(`CREATE DATABASE ${database}`);
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    });
    url = server.urlFor(database);
    await withClient(url, (client) => client.query(TABLES));
  });
  after(async () => {
    await withClient(server.adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${role}`);
    });
    await stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('narrow numeric: types, key, nulls none, rounded bounds, the boolean\'s frequencies', async () => {
    const { definition, text } = await twin('narrow');
    assert.equal(definition.name, 'narrow');
    assert.equal(definition.primaryKey, 'id');
    assert.equal(definition.rows, 8000);
    assert.deepEqual(Object.fromEntries(Object.entries(definition.columns!).map(([name, spec]) => [name, spec.type])), {
      id: 'bigint', qty: 'integer', price: 'numeric', weight: 'double precision', active: 'boolean', day: 'date', small: 'smallint', big: 'bigint', ratio: 'real',
    });
    assert.equal(column(definition, 'id').serial, true, 'bigserial: a serial again');
    assert.equal(column(definition, 'qty').distinct, 100);
    assert.equal(column(definition, 'price').precision, 10);
    assert.equal(column(definition, 'price').scale, 2);
    // 90 % true; the twin's rank 0 is false, so its shares come in the order false, true.
    assert.deepEqual(column(definition, 'active').mostCommon, [0.1, 0.9]);
    assert.ok((column(definition, 'day').correlation as number) > 0.99);
    // Bounds widened to powers of ten: 8,000,024,000 is not in the file, 10,000,000,000 is.
    assert.equal(column(definition, 'big').max, 10_000_000_000);
    assert.doesNotMatch(text, /8000024000/);
    assert.match(text, /It holds no value of the table/);
  });

  test('wide text with nulls: null fractions, unique, lengths from the sample, and the sentinel nowhere', async () => {
    const { definition, text } = await twin('people');
    assert.ok(Math.abs((column(definition, 'bio').nulls as number) - 0.5) < 0.02);
    assert.equal(column(definition, 'email').unique, true);
    assert.equal(column(definition, 'email').maxLength, 120);
    assert.equal(column(definition, 'secret').type, 'text');
    assert.ok(((column(definition, 'secret').mostCommon as number[])[0] ?? 0) > 0.65, 'the sentinel\'s frequency is kept');
    assert.match(text, /country \(character\(2\)\): a type the generators do not know, generated as text of its width/);
    assert.doesNotMatch(text, new RegExp(SENTINEL));
    assert.doesNotMatch(text, /lorem|example\.com|person /);
  });

  test('nested JSONB with a skewed status: the enum and its frequencies, the document\'s structure from a sample, no value', async () => {
    const { definition, text } = await twin('orders');
    const status = column(definition, 'status');
    assert.equal(status.type, 'enum');
    assert.deepEqual(status.labels, ['pending', 'paid', 'shipped', 'void']);
    assert.deepEqual((status.mostCommon as number[]).map((share) => Math.round(share * 100)), [80, 10, 5, 5]);
    const shape = column(definition, 'doc').shape as { type: string; keys: Record<string, { type: string; presence?: number; items?: unknown; length?: unknown }> };
    assert.equal(shape.type, 'object');
    assert.deepEqual(Object.keys(shape.keys).sort(), ['channel', 'customer', 'lines', 'note']);
    assert.equal(shape.keys.lines!.type, 'array');
    assert.deepEqual(shape.keys.lines!.length, { min: 1, max: 6 });
    assert.ok(Math.abs((shape.keys.note!.presence ?? 1) - 1 / 3) < 0.1, `note presence ${shape.keys.note!.presence}`);
    assert.equal(shape.keys.channel!.type, 'string');
    assert.doesNotMatch(text, new RegExp(SENTINEL));
    assert.doesNotMatch(text, /sku-|"web"/);
  });

  test('--keep-values keeps status-like JSON strings and exact bounds, and says so in the header', async () => {
    const { definition, text } = await twin('orders', ['--keep-values']);
    assert.match(text, /Made with --keep-values/);
    const channel = (column(definition, 'doc').shape as { keys: Record<string, { values?: string[] }> }).keys.channel!;
    assert.deepEqual(channel.values, [SENTINEL, 'web']);
  });

  test('--sample 0: no row read; the JSON structure and lengths are said to be guessed', async () => {
    const { text, definition } = await twin('orders', ['--sample', '0']);
    assert.match(text, /doc: JSON structure not sampled \(--sample 0\)/);
    assert.equal((column(definition, 'doc').shape as { type: string }).type, 'object');
  });

  test('arrays and bytea: element types, lengths and sizes from the sample, the sentinel in no array', async () => {
    const { definition, text } = await twin('blobs');
    assert.equal(column(definition, 'tags').type, 'array');
    assert.equal((column(definition, 'tags').of as ColumnSpec).type, 'text');
    assert.deepEqual(column(definition, 'tags').length, { min: 0, max: 4 });
    assert.ok(Math.abs((column(definition, 'nums').nulls as number) - 0.25) < 0.02);
    assert.equal(column(definition, 'data').type, 'bytea');
    assert.deepEqual(column(definition, 'data').size, { min: 16, max: 128 });
    assert.doesNotMatch(text, new RegExp(SENTINEL));
  });

  test('every twin loads as a generated table at ten times its source\'s rows', async () => {
    for (const table of ['narrow', 'people', 'orders', 'blobs']) {
      const { definition } = await twin(table);
      const template = await ensureGeneratedTemplate(catalog, { definition, rows: definition.rows! * 10 }, () => undefined);
      assert.equal(template.info.rows, definition.rows! * 10);
    }
  });

  test('refusals: statistics never gathered, a table the role cannot read, no such table — one line, exit 2', async () => {
    const refused = async (args: string[], pattern: RegExp, databaseUrl = url) => {
      const outcome = await runCli(['twin', '--out', join(scratch, 'refused.ts'), ...args], { env: { DATABASE_URL: databaseUrl } });
      assert.equal(outcome.code, 2, outcome.stderr);
      assert.match(outcome.stderr.trim(), pattern);
    };
    await refused(['--table', 'unanalysed'], /^rowmeter: public\.unanalysed has no statistics \(pg_stats is empty for it\): run ANALYZE "public"\."unanalysed"; and try again$/);
    const asRole = new URL(url);
    asRole.username = role;
    asRole.password = 'pw';
    await refused(['--table', 'narrow'], new RegExp(`^rowmeter: the role ${role} cannot read public\\.narrow: grant it with GRANT SELECT ON "public"\\."narrow" TO "${role}";$`), asRole.toString());
    await refused(['--table', 'nope'], /^rowmeter: no table public\.nope on this server$/);
    await refused(['--table', 'narrow', '--sample', 'lots'], /^rowmeter: Expected --sample to be a number of rows/);
  });
});
