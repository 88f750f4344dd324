import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withClient, type DatabaseCatalog } from '../../harness/run/database.js';
import { MAX_ROWS } from '../../harness/config/options.js';
import { CREATE_TABLE_SQL, GENERATE_ROWS_SQL, INSERT_ROWS_SQL } from '../../seed/generate.js';
import { documentObject, documentText, jsonbText } from '../../seed/rows.js';
import { computeField, EXPECTED_FIELD_SQL, TABLE, type BackfillInput } from '../../scenarios/backfill/workload.js';
import { startTestServer } from '../support/server.js';

describe('the seed generator on a real PostgreSQL', () => {
  let catalog: DatabaseCatalog;
  let stop: () => Promise<void>;
  let databases = 0;

  before(async () => {
    const started = await startTestServer();
    catalog = started.catalog;
    stop = started.stop;
  });
  after(async () => stop());

  async function seeded(first: number, last: number, payloadBytes: number): Promise<string> {
    databases += 1;
    const url = await catalog.create(`rowmeter_seedtest_${process.pid}_${databases}`);
    await withClient(url, async (client) => {
      await client.query(CREATE_TABLE_SQL);
      await client.query(INSERT_ROWS_SQL, [first, last, payloadBytes]);
    });
    return url;
  }

  const checksum = (url: string): Promise<string> =>
    withClient(url, async (client) => (await client.query<{ hash: string }>(`SELECT md5(string_agg(id || ':' || data::text, ',' ORDER BY id)) AS hash FROM ${TABLE}`)).rows[0]!.hash);

  test('the same options give byte-identical data', async () => {
    const [a, b] = [await seeded(1, 300, 1024), await seeded(1, 300, 1024)];
    assert.equal(await checksum(a), await checksum(b));
    assert.notEqual(await checksum(await seeded(1, 300, 2048)), await checksum(a), 'the payload size changes the data');
  });

  test('documents are padded to the requested size', async () => {
    for (const payloadBytes of [1024, 4096]) {
      const url = await seeded(1, 500, payloadBytes);
      const average = await withClient(url, async (client) => (await client.query<{ average: number }>(`SELECT avg(octet_length(data::text))::float8 AS average FROM ${TABLE}`)).rows[0]!.average);
      assert.ok(Math.abs(average - payloadBytes) / payloadBytes < 0.02, `average ${average} bytes for ${payloadBytes} requested`);
    }
  });

  test('the largest allowed table overflows nothing, and JavaScript and SQL agree on every backfill value', async () => {
    // Rows at both ends of the allowed range: arithmetic on the row number must stay exact.
    for (const [first, last] of [[1, 400], [MAX_ROWS - 199, MAX_ROWS]] as const) {
      const url = await seeded(first, last, 512);
      const rows = await withClient(url, async (client) =>
        (await client.query<{ id: number; data: BackfillInput; expected: number }>(`SELECT id, data, (${EXPECTED_FIELD_SQL})::int AS expected FROM ${TABLE} ORDER BY id`)).rows,
      );
      assert.equal(rows.length, last - first + 1);
      assert.equal(rows[rows.length - 1]!.id, last);
      for (const row of rows) assert.equal(computeField(row.data), row.expected, `row ${row.id}`);
    }
  });

  test('the JavaScript generator writes byte for byte the text the SQL generator produces', async () => {
    const url = await seeded(1, 1, 1024);
    const ranges: Array<[number, number]> = [
      [1, 2000],
      [271_190, 271_210],
      [99_999_950, MAX_ROWS],
    ];
    for (const payloadBytes of [0, 100, 1024, 5000]) {
      for (const [first, last] of ranges) {
        const rows = await withClient(url, async (client) =>
          (await client.query<{ g: string; data: string }>(`SELECT g::text AS g, data::text AS data FROM (${GENERATE_ROWS_SQL}) AS generated(g, data)`, [first, last, payloadBytes])).rows,
        );
        assert.equal(rows.length, last - first + 1);
        for (const row of rows) {
          const g = Number(row.g);
          assert.equal(documentText(g, payloadBytes), row.data, `row ${g} at ${payloadBytes} bytes`);
          assert.equal(jsonbText(documentObject(g, payloadBytes)), row.data, `row ${g} as an object`);
        }
      }
    }
  });
});
