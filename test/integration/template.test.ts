/**
 * The seeded template as other users of a shared server meet it: two benchmarks at once, a
 * user connected to the template while a run copies it, and the data COPY writes against the
 * SQL reference.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { DatabaseCatalog, withClient, type DatabaseServer } from '../../harness/run/database.js';
import { checkResults } from '../../harness/store/store.js';
import { CREATE_TABLE_SQL, INSERT_ROWS_SQL } from '../../seed/generate.js';
import { ensureTemplate, parseTemplateComment, templateName } from '../../harness/run/seed-template.js';
import { TABLE } from '../../scenarios/tables.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

describe('the seeded template on a shared server', () => {
  let server: DatabaseServer;
  let catalog: DatabaseCatalog;
  let stop: () => Promise<void>;
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-template-test-'));

  before(async () => {
    const started = await startTestServer();
    server = started.server;
    catalog = started.catalog;
    stop = started.stop;
  });
  after(async () => {
    await stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const databases = (): Promise<string[]> =>
    withClient(server.adminUrl, async (client) => (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter%' ORDER BY 1")).rows.map((row) => row.datname));

  test('COPY from the JavaScript generator seeds exactly the rows the SQL generator inserts', async () => {
    const seeded = await ensureTemplate(catalog, { rows: 3000, payloadBytes: 700 }, () => undefined);
    const reference = await catalog.create(`rowmeter_reference_${process.pid}`);
    await withClient(reference, async (client) => {
      await client.query(CREATE_TABLE_SQL);
      await client.query(INSERT_ROWS_SQL, [1, 3000, 700]);
    });
    const checksum = (url: string): Promise<string> =>
      withClient(url, async (client) => (await client.query<{ hash: string }>(`SELECT md5(string_agg(id || ':' || data::text || ':' || field, ',' ORDER BY id)) AS hash FROM ${TABLE}`)).rows[0]!.hash);
    // A copy of the template, since no one is to connect to the template itself.
    const copy = await catalog.create(`rowmeter_copy_${process.pid}`, seeded.name);
    assert.equal(await checksum(copy), await checksum(reference));
    const nextId = await withClient(copy, async (client) => (await client.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('${TABLE}', 'id'))::int AS id`)).rows[0]!.id);
    assert.equal(nextId, 3001, 'the sequence continues after the seeded rows');
  });

  test('a published template carries its description and has no connection from rowmeter', async () => {
    const seeded = await ensureTemplate(catalog, { rows: 500, payloadBytes: 300 }, () => undefined);
    const description = parseTemplateComment((await catalog.describe(seeded.name))?.comment ?? null);
    assert.deepEqual(description, { rows: 500, averagePayloadBytes: seeded.info.averagePayloadBytes, tableBytes: seeded.info.tableBytes, seedVersion: 1 });
    const connected = await withClient(server.adminUrl, async (client) => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [seeded.name])).rows[0]!.n);
    assert.equal(connected, 0);
    const again = await ensureTemplate(catalog, { rows: 500, payloadBytes: 300 }, () => undefined);
    assert.equal(again.info.reused, true);
    assert.equal(again.info.tableBytes, seeded.info.tableBytes, 'read from the comment, not by connecting');
  });

  test('a copy waits out a user connected to the template instead of failing', async () => {
    const seeded = await ensureTemplate(catalog, { rows: 300, payloadBytes: 300 }, () => undefined);
    const user = new pg.Client({ connectionString: catalog.urlOf(seeded.name) });
    await user.connect();
    const leaving = new Promise((resolve) => setTimeout(resolve, 700)).then(() => user.end());
    const url = await catalog.create(`rowmeter_busy_copy_${process.pid}`, seeded.name);
    await leaving;
    const rows = await withClient(url, async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE}`)).rows[0]!.n);
    assert.equal(rows, 300);
  });

  test('two benchmarks started together on one server both succeed: one seeds, the other waits and reuses', async () => {
    const before = await databases();
    const run = (name: string) =>
      runCli(['bench', '--rows', '5000', '--repeat', '1', '--libraries', 'pg', '--strategies', 'server-cursor,set-based', '--out', join(scratch, name)], {
        env: { DATABASE_URL: server.adminUrl },
      });
    const [first, second] = await Promise.all([run('first'), run('second')]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    const seeded = [first, second].filter((outcome) => /Seeded rowmeter_tpl_v1_r5000_p1024 in/.test(outcome.stderr));
    const reused = [first, second].filter((outcome) => /Reusing the seeded template rowmeter_tpl_v1_r5000_p1024/.test(outcome.stderr));
    assert.equal(seeded.length, 1, 'exactly one built the template');
    assert.equal(reused.length, 1, 'the other waited and reused it');
    for (const name of ['first', 'second']) {
      const results = checkResults(JSON.parse(readFileSync(join(scratch, name, 'results.json'), 'utf8')), name);
      assert.deepEqual(results.runs.map((entry) => entry.status), ['ok', 'ok']);
    }
    const added = (await databases()).filter((name) => !before.includes(name));
    assert.deepEqual(added, [templateName({ rows: 5000, payloadBytes: 1024 })], 'only the shared template stays');
  });
});
