/**
 * A password in DATABASE_URL or --database-url never appears in anything rowmeter prints or
 * writes — even when a scenario puts its connection string in an error message and on stderr,
 * and when a connection fails. Every output is searched for it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withClient, type DatabaseServer } from '../../harness/run/database.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

describe('no secret leaks', () => {
  let server: DatabaseServer;
  let stop: () => Promise<void>;
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-secrets-test-'));
  const role = `leaky_${process.pid}`;
  const password = `Pw-${process.pid}-Zq9xK`;
  let url: string;
  const outputs: string[] = [];

  /** Every file under `folder`, as text. */
  const filesUnder = (folder: string): string[] =>
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));

  before(async () => {
    ({ server, stop } = await startTestServer());
    await withClient(server.adminUrl, (client) => client.query(`CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}'`));
    const parsed = new URL(server.adminUrl);
    parsed.username = role;
    parsed.password = password;
    url = parsed.toString();
  });
  after(async () => {
    await withClient(server.adminUrl, async (client) => {
      const left = (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter%' AND datdba = (SELECT oid FROM pg_roles WHERE rolname = $1)", [role])).rows;
      for (const { datname } of left) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${role}`);
    });
    await stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a benchmark whose scenarios print and throw their connection string', async () => {
    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'rowmeter.config.mjs'), 'export default { repeat: 1, rows: 200 };\n');
    writeFileSync(
      join(project, 'talk.rowmeter.mjs'),
      `export default { name: 'talk', table: 'rowmeter_rows', async setup(ctx) { console.error('connecting to ' + ctx.databaseUrl); console.log(ctx.databaseUrl); return { async run() { ctx.rowsProcessed(1); } }; }, verify: () => true };\n`,
    );
    writeFileSync(join(project, 'throw.rowmeter.mjs'), `export default { name: 'throw', table: 'rowmeter_rows', async setup(ctx) { return { async run() { throw new Error('cannot use ' + ctx.databaseUrl); } }; } };\n`);
    const out = join(project, 'out');
    const outcome = await runCli(['bench', '--config', join(project, 'rowmeter.config.mjs'), '--out', out], { env: { DATABASE_URL: url } });
    assert.equal(outcome.code, 1, outcome.stderr);
    outputs.push(outcome.stdout, outcome.stderr, ...filesUnder(out));
    const results = readFileSync(join(out, 'results.json'), 'utf8');
    // The failure is kept, with the password masked where the scenario put it.
    assert.match(results, new RegExp(`run\\(\\) threw: cannot use postgres://${role}:\\*\\*\\*@`));
    for (const text of outputs) assert.ok(!text.includes(password), 'the password is in an output');
  });

  test('a failed connection, --database-url given on the command line', async () => {
    const wrong = new URL(url);
    wrong.password = `${password}-wrong`;
    const outcome = await runCli(['bench', '--database-url', wrong.toString(), '--out', join(scratch, 'never')]);
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /Cannot connect to postgres:\/\/leaky_\d+:\*\*\*@/);
    assert.ok(!outcome.stderr.includes(password) && !outcome.stdout.includes(password));
  });

  test('compare and report of those results', async () => {
    const results = join(scratch, 'project', 'out', 'results.json');
    const compared = await runCli(['compare', results, results, '--markdown', join(scratch, 'compare.md')], { env: { DATABASE_URL: url } });
    const reported = await runCli(['report', results, '--out', join(scratch, 'project', 'out')]);
    for (const text of [compared.stdout, compared.stderr, reported.stdout, reported.stderr, readFileSync(join(scratch, 'compare.md'), 'utf8')]) assert.ok(!text.includes(password));
    assert.equal(reported.code, 0, reported.stderr);
  });
});
