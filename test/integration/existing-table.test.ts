/**
 * A user's existing table copied into a template, on a real PostgreSQL: the copy a run gets
 * has the same rows and the same definition (but for the foreign key), its sequences continue
 * where the source's stand, a second benchmark reuses the template, and the user's table is
 * byte-for-byte what it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DatabaseCatalog, withClient, type DatabaseServer } from '../../harness/run/database.js';
import { UsageError } from '../../harness/errors.js';
import { describeExistingTable, ensureExistingTemplate, type ExistingTemplate } from '../../harness/run/existing-table.js';
import { startTestServer } from '../support/server.js';

const USER_SCHEMA = `
  CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
  CREATE TABLE branches (id int PRIMARY KEY);
  INSERT INTO branches SELECT generate_series(1, 10);
  CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial_no serial NOT NULL,
    note text,
    doc jsonb,
    balance numeric(10,2) NOT NULL DEFAULT 0,
    feeling mood DEFAULT 'ok',
    branch_id int CONSTRAINT accounts_branch_fk REFERENCES branches (id),
    email text COLLATE "C",
    CONSTRAINT accounts_balance_check CHECK (balance > -1000),
    CONSTRAINT accounts_email_key UNIQUE (email)
  ) WITH (fillfactor = 80);
  CREATE INDEX accounts_branch_balance_idx ON accounts (branch_id, balance DESC);
  INSERT INTO accounts (note, doc, balance, feeling, branch_id, email)
    SELECT CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END,
           jsonb_build_object('g', g, 'tags', jsonb_build_array('a', g % 3), 'nested', jsonb_build_object('x', g * 1.5)),
           (g * 37 % 10000) / 7.0 - 500,
           (ARRAY['sad', 'ok', 'happy']::mood[])[1 + g % 3],
           1 + g % 10,
           'user' || g || '@example.com'
      FROM generate_series(1, 2000) AS g;
  -- Rows deleted and serial values skipped: the copy must follow the sequences, not the row count.
  DELETE FROM accounts WHERE id IN (3, 1999);
  SELECT nextval('accounts_serial_no_seq');
  CREATE TABLE nokey (a int);
  CREATE SCHEMA ledger;
  CREATE TABLE ledger.entries (id serial PRIMARY KEY, amount numeric, tag mood[]);
  INSERT INTO ledger.entries (amount, tag) SELECT g / 3.0, ARRAY['happy', 'sad']::mood[] FROM generate_series(1, 50) AS g;
`;

describe('an existing table copied into a template', () => {
  let server: DatabaseServer;
  let catalog: DatabaseCatalog;
  let stop: () => Promise<void>;
  let sourceUrl: string;
  let sourceHash: string;
  let rowmeterBefore: string[];
  const userDatabase = `usertest_${process.pid}`;
  const published = new Set<string>();
  let runs = 0;

  const query = async <T extends object>(url: string, sql: string, values: unknown[] = []): Promise<T[]> =>
    withClient(url, async (client) => (await client.query<T>(sql, values)).rows);
  const rowmeterDatabases = async (): Promise<string[]> =>
    (await query<{ datname: string }>(server.adminUrl, "SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter%' ORDER BY 1")).map((row) => row.datname);

  /** md5 over the first `limit` rows by id (all when null), each row as its text form. */
  const rowsHash = async (url: string, table: string, limit: number | null): Promise<string> =>
    (await query<{ hash: string }>(url, `SELECT md5(string_agg(t::text, E'\\n' ORDER BY t.id)) AS hash FROM (SELECT * FROM ${table} ORDER BY id LIMIT $1) t`, [limit]))[0]!.hash;

  const ensure = async (table: string, rows: number | null): Promise<ExistingTemplate> => {
    const template = await ensureExistingTemplate(catalog, { sourceUrl, table, rows });
    published.add(template.name);
    return template;
  };

  /** Runs `check` on a fresh run copy of the template, then drops the copy. */
  const inRun = async <T>(template: ExistingTemplate, check: (url: string) => Promise<T>): Promise<T> => {
    runs += 1;
    const name = `rowmeter_run_x_${process.pid}_${runs}`;
    const url = await catalog.create(name, template.name);
    try {
      return await check(url);
    } finally {
      await catalog.drop(name);
    }
  };

  /** The definition as information_schema and the catalogs show it, foreign keys aside. */
  const definition = async (url: string): Promise<unknown> => ({
    columns: await query(
      url,
      `SELECT column_name, ordinal_position, column_default, is_nullable, data_type, udt_schema, udt_name,
              character_maximum_length, numeric_precision, numeric_scale, collation_name, is_identity,
              identity_generation, identity_start, identity_increment, identity_maximum, identity_minimum,
              identity_cycle, is_generated, generation_expression
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'accounts' ORDER BY ordinal_position`,
    ),
    indexes: await query(url, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'accounts' ORDER BY indexname"),
    constraints: await query(
      url,
      "SELECT conname, contype::text, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'public.accounts'::regclass AND contype <> 'f' ORDER BY conname",
    ),
    sequences: await query(url, "SELECT sequencename, data_type::text, start_value, min_value, max_value, increment_by, cycle, cache_size FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"),
    enums: await query(url, "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'public.mood'::regtype ORDER BY enumsortorder"),
    options: await query(url, "SELECT reloptions FROM pg_class WHERE oid = 'public.accounts'::regclass"),
  });

  /** The ids a new row gets: the identity and the serial sequence continue where the source's stand. */
  const insertOne = async (url: string): Promise<{ id: string; serial_no: number }> =>
    (await query<{ id: string; serial_no: number }>(url, "INSERT INTO accounts (note, balance, email) VALUES ('new', 1, 'new@example.com') RETURNING id, serial_no"))[0]!;

  before(async () => {
    const started = await startTestServer();
    server = started.server;
    catalog = started.catalog;
    stop = started.stop;
    rowmeterBefore = await rowmeterDatabases();
    await query(server.adminUrl, `CREATE DATABASE ${userDatabase}`);
    sourceUrl = server.urlFor(userDatabase);
    await withClient(sourceUrl, (client) => client.query(USER_SCHEMA));
    sourceHash = await rowsHash(sourceUrl, 'accounts', null);
  });

  after(async () => {
    for (const name of published) await query(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await query(server.adminUrl, `DROP DATABASE IF EXISTS ${userDatabase} WITH (FORCE)`);
    await stop();
  });

  test('all rows: a run sees the same rows and the same definition, but for the foreign key, listed as left out', async () => {
    const template = await ensure('accounts', null);
    assert.match(template.name, /^rowmeter_tpl_x_[0-9a-f]{12}_rall$/);
    assert.deepEqual(
      { ...template.info, tableBytes: 0, copyMs: 0 },
      {
        table: 'public.accounts',
        rows: 1998,
        availableRows: 1998,
        requestedRows: null,
        tableBytes: 0,
        copyMs: 0,
        reused: false,
        primaryKey: ['id'],
        leftOut: ['foreign key accounts_branch_fk (REFERENCES public.branches): left out, runs see no other table'],
      },
    );
    assert.ok(template.info.tableBytes > 0 && template.info.copyMs > 0);
    const sourceDefinition = await definition(sourceUrl);
    await inRun(template, async (url) => {
      assert.equal(await rowsHash(url, 'accounts', null), sourceHash);
      assert.deepEqual(await definition(url), sourceDefinition);
      assert.deepEqual(await query(url, "SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'"), [{ n: 0 }]);
      assert.deepEqual(await insertOne(url), { id: '2001', serial_no: 2002 });
    });
  });

  test('the first 500 rows by primary key, with sequences that continue past the source', async () => {
    const progress: Array<[number, number]> = [];
    const template = await ensureExistingTemplate(catalog, { sourceUrl, table: 'public.accounts', rows: 500 }, (done, total) => progress.push([done, total]));
    published.add(template.name);
    assert.match(template.name, /^rowmeter_tpl_x_[0-9a-f]{12}_r500$/);
    assert.equal(template.info.rows, 500);
    assert.equal(template.info.availableRows, 1998);
    assert.deepEqual(progress.at(-1), [500, 500]);
    await inRun(template, async (url) => {
      assert.equal(await rowsHash(url, 'accounts', null), await rowsHash(sourceUrl, 'accounts', 500));
      assert.deepEqual(await query(url, 'SELECT min(id)::int AS low, max(id)::int AS high FROM accounts'), [{ low: 1, high: 501 }]);
      assert.deepEqual(await insertOne(url), { id: '2001', serial_no: 2002 });
    });
  });

  test('a second benchmark reuses the template without connecting to it', async () => {
    const first = await ensure('accounts', 500);
    const again = await ensure('accounts', 500);
    assert.equal(again.name, first.name);
    assert.equal(again.info.reused, true);
    assert.equal(again.info.copyMs, 0);
    assert.equal(again.info.tableBytes, first.info.tableBytes);
    assert.equal(again.info.rows, 500);
    const connected = await query<{ n: number }>(server.adminUrl, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [first.name]);
    assert.deepEqual(connected, [{ n: 0 }]);
  });

  test('two benchmarks at once: one builds the template, the other waits for it and reuses it', async () => {
    const [one, two] = await Promise.all([ensure('accounts', 700), ensure('accounts', 700)]);
    assert.equal(one.name, two.name);
    assert.deepEqual([one.info.reused, two.info.reused].sort(), [false, true]);
    assert.equal(one.info.tableBytes, two.info.tableBytes);
  });

  test('more rows than the table has: all of them, the whole-table template, and the count reported', async () => {
    const whole = await ensure('accounts', null);
    const more = await ensure('accounts', 5000);
    assert.equal(more.name, whole.name);
    assert.deepEqual([more.info.rows, more.info.availableRows, more.info.requestedRows, more.info.reused], [1998, 1998, 5000, true]);
  });

  test('a table in its own schema with an array of the enum and a serial key', async () => {
    const template = await ensure('ledger.entries', null);
    assert.equal(template.info.table, 'ledger.entries');
    assert.deepEqual(template.info.leftOut, []);
    await inRun(template, async (url) => {
      assert.equal(await rowsHash(url, 'ledger.entries', null), await rowsHash(sourceUrl, 'ledger.entries', null));
      assert.deepEqual(await query(url, 'INSERT INTO ledger.entries (amount) VALUES (1) RETURNING id'), [{ id: 51 }]);
    });
  });

  test('a missing table and a table without a primary key are one-line usage errors', async () => {
    const oneLineUsage = (pattern: RegExp) => (error: unknown) => {
      assert.ok(error instanceof UsageError, String(error));
      assert.ok(!error.message.includes('\n'), error.message);
      assert.match(error.message, pattern);
      return true;
    };
    await assert.rejects(describeExistingTable(sourceUrl, 'acounts'), oneLineUsage(new RegExp(`^table public\\.acounts does not exist in ${userDatabase} — tables there: .*public\\.accounts`)));
    await assert.rejects(ensureExistingTemplate(catalog, { sourceUrl, table: 'ledger.nothing', rows: 10 }), oneLineUsage(/^table ledger\.nothing does not exist/));
    await assert.rejects(ensureExistingTemplate(catalog, { sourceUrl, table: 'nokey', rows: null }), oneLineUsage(/^table public\.nokey in usertest_\d+ has no primary key/));
  });

  test("the user's table is unchanged, and only the published templates stay", async () => {
    assert.equal(await rowsHash(sourceUrl, 'accounts', null), sourceHash);
    const added = (await rowmeterDatabases()).filter((name) => !rowmeterBefore.includes(name));
    assert.deepEqual(added, [...published].sort());
  });

  test('a change to the source content builds a new template; the old one is not reused', async () => {
    const before = await ensure('ledger.entries', null);
    await query(sourceUrl, 'UPDATE ledger.entries SET amount = amount + 1 WHERE id = 7');
    const after = await ensure('ledger.entries', null);
    assert.notEqual(after.name, before.name);
    assert.equal(after.info.reused, false);
  });
});
