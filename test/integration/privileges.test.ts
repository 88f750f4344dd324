/**
 * What cannot work is refused up front, naming the missing privilege and the SQL that grants it:
 * a role without CREATEDB (every run works on a database rowmeter creates), and a role that
 * cannot read the existing table it is to copy. One line, exit 2, no folder and no database made.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withClient, type DatabaseServer } from '../../harness/run/database.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

describe('missing rights, refused before anything is made', () => {
  let server: DatabaseServer;
  let stop: () => Promise<void>;
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-privileges-test-'));
  const suffix = process.pid;
  const databases = (): Promise<string[]> =>
    withClient(server.adminUrl, async (client) => (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter%' ORDER BY 1")).rows.map((row) => row.datname));
  /** The server's URL for another role and database. */
  const urlAs = (role: string, password: string, database: string): string => {
    const url = new URL(server.urlFor(database));
    url.username = role;
    url.password = password;
    return url.toString();
  };

  before(async () => {
    ({ server, stop } = await startTestServer());
    await withClient(server.adminUrl, async (client) => {
      await client.query(`CREATE ROLE nocreate_${suffix} LOGIN PASSWORD 'pw1'`);
      await client.query(`CREATE ROLE noread_${suffix} LOGIN CREATEDB PASSWORD 'pw2'`);
      await client.query(`CREATE DATABASE shop_${suffix}`);
    });
    await withClient(server.urlFor(`shop_${suffix}`), (client) => client.query('CREATE TABLE orders (id int PRIMARY KEY, total int)'));
  });
  after(async () => {
    await withClient(server.adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS shop_${suffix} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS nocreate_${suffix}`);
      await client.query(`DROP ROLE IF EXISTS noread_${suffix}`);
    });
    await stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a role without CREATEDB: the ALTER ROLE that fixes it, exit 2, nothing created', async () => {
    const before = await databases();
    const out = join(scratch, 'nocreate');
    const outcome = await runCli(['bench', '--rows', '500', '--out', out], { env: { DATABASE_URL: urlAs(`nocreate_${suffix}`, 'pw1', 'postgres') } });
    assert.equal(outcome.code, 2, outcome.stderr);
    assert.match(outcome.stderr.trim(), new RegExp(`^rowmeter: The role nocreate_${suffix} on postgres://nocreate_${suffix}:\\*\\*\\*@.* cannot create databases, .*ALTER ROLE "nocreate_${suffix}" CREATEDB;`));
    assert.doesNotMatch(outcome.stderr, /pw1/, 'no password printed');
    assert.equal(existsSync(out), false, 'no output folder');
    assert.deepEqual(await databases(), before);
  });

  test('a role that cannot read the existing table: the GRANT that fixes it, exit 2, nothing created', async () => {
    const project = join(scratch, 'project');
    rmSync(project, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(project);
    writeFileSync(join(project, 'rowmeter.config.mjs'), `export default { tables: [{ name: 'orders', existing: true }] };\n`);
    writeFileSync(join(project, 'job.rowmeter.mjs'), `export default { name: 'job', table: 'orders', async setup() { return { async run() {} }; } };\n`);
    const before = await databases();
    const outcome = await runCli(['bench', '--config', join(project, 'rowmeter.config.mjs'), '--rows', '10', '--out', join(project, 'out')], {
      env: { DATABASE_URL: urlAs(`noread_${suffix}`, 'pw2', `shop_${suffix}`) },
    });
    assert.equal(outcome.code, 2, outcome.stderr);
    assert.match(outcome.stderr.trim(), new RegExp(`tables\\[0\\] \\(orders\\): the role noread_${suffix} cannot read public\\.orders: grant it with GRANT SELECT ON "public"\\."orders" TO "noread_${suffix}";$`));
    assert.equal(existsSync(join(project, 'out')), false, 'no output folder');
    assert.deepEqual(await databases(), before);
  });
});
