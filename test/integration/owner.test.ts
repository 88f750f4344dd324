/**
 * Run databases are dropped at the next start only when their owner is gone, which the server
 * itself says: the owner's session-level advisory lock is free. Never a live owner's, never a
 * database not named rowmeter_run_<token>_<n>.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { withClient, type DatabaseServer } from '../../harness/run/database.js';
import { dropOrphanRunDatabases, OWNER_TOKEN, ownerLockKey, runDatabaseName } from '../../harness/run/owner.js';
import { startTestServer } from '../support/server.js';

describe('orphaned run databases', () => {
  let server: DatabaseServer;
  let stop: () => Promise<void>;
  const exists = (name: string): Promise<boolean> => withClient(server.adminUrl, async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  const create = (name: string): Promise<unknown> => withClient(server.adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));

  before(async () => {
    ({ server, stop } = await startTestServer());
  });
  after(async () => {
    await withClient(server.adminUrl, async (client) => {
      for (const name of ['rowmeter_run_oaaaaaaaa_1', 'rowmeter_run_12345_1', runDatabaseName(1)]) await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    });
    await stop();
  });

  test('a live owner\'s are kept; once its session ends they are dropped; other names never', async () => {
    await create('rowmeter_run_oaaaaaaaa_1');
    await create('rowmeter_run_12345_1');
    await create(runDatabaseName(1));
    const owner = new pg.Client({ connectionString: server.adminUrl });
    await owner.connect();
    await owner.query('SELECT pg_advisory_lock($1::bigint)', [ownerLockKey('oaaaaaaaa')]);
    assert.deepEqual(await dropOrphanRunDatabases(server.adminUrl), [], 'the owner is alive');
    assert.ok(await exists('rowmeter_run_oaaaaaaaa_1'));
    await owner.end();
    assert.deepEqual(await dropOrphanRunDatabases(server.adminUrl), ['rowmeter_run_oaaaaaaaa_1']);
    assert.equal(await exists('rowmeter_run_oaaaaaaaa_1'), false);
    assert.ok(await exists('rowmeter_run_12345_1'), 'an older name without a token is not ours to judge');
    assert.ok(await exists(runDatabaseName(1)), `this process's own (${OWNER_TOKEN}) are never orphans`);
  });
});
