/**
 * rowmeter as a user gets it: `npm pack`, installed into a fresh project with `pg` and knex (no
 * TypeScript toolchain), a TypeScript config and scenarios written there, and `npx rowmeter
 * bench` run against a table the test created on a real PostgreSQL (not rowmeter). Checks the
 * statuses, the unverified label, a budget within and two exceeded (exit 1), the retained heap of
 * a hoarding scenario, the user's table unchanged and nothing left on the server; and every bad
 * config a one-line error, exit 2, before any database is touched.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withClient, type DatabaseServer } from '../../harness/run/database.js';
import type { BenchmarkResults } from '../../harness/results.js';
import { startTestServer } from '../support/server.js';
import { installProject, npxRowmeter, pinnedVersion, projectFolder, writeFiles } from '../support/project.js';

const ROWS = 3000;
const MiB = 1024 * 1024;

const CONFIG = `import { defineConfig, defineTable } from 'rowmeter';

export default defineConfig({
  tables: [defineTable({ name: 'accounts', existing: true })],
  scenarios: ['bench/*.rowmeter.ts'],
  repeat: 2,
  budget: { peakRss: '2 GiB' },
});
`;

/** knex's stream over the copy, verified by counting what it saw against the table. */
const STREAM = `import { defineScenario } from 'rowmeter';
import knex from 'knex';

let seen = 0;
export default defineScenario({
  name: 'accounts-stream',
  table: 'accounts',
  tags: { library: 'knex', strategy: 'stream' },
  async setup(ctx) {
    const db = knex({ client: 'pg', connection: ctx.databaseUrl, pool: { min: 1, max: 1 } });
    return {
      async run() {
        for await (const row of db(ctx.table).select('id', 'profile').orderBy('id').stream()) {
          if (typeof row.id !== 'string' && typeof row.id !== 'number') throw new Error('no id');
          seen += 1;
          ctx.rowsProcessed(1);
        }
      },
      async close() {
        await db.destroy();
      },
    };
  },
  async verify(ctx) {
    return { checkedRows: ctx.rows, mismatches: Math.abs(ctx.rows - seen) };
  },
});
`;

/** A backfill that changes every row of its copy (never the user's table), over a tiny budget. */
const BACKFILL = `import { defineScenario } from 'rowmeter';
import pg from 'pg';

export default defineScenario({
  name: 'accounts-backfill',
  table: 'accounts',
  budget: { peakRss: '1 MiB' },
  async setup(ctx) {
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    return {
      async run() {
        const result = await client.query(\`UPDATE \${ctx.table} SET balance = balance + 1\`);
        ctx.rowsProcessed(result.rowCount ?? 0);
      },
      async close() {
        await client.end();
      },
    };
  },
  async verify(ctx) {
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    const { rows } = await client.query(\`SELECT count(*)::int AS n FROM \${ctx.table} WHERE balance = id * 3 + 1\`);
    await client.end();
    return rows[0].n === ctx.rows;
  },
});
`;

/** Keeps every row in a module-level array: what budget.retained is for. No verify. */
const HOARD = `import { defineScenario } from 'rowmeter';
import pg from 'pg';

const kept: unknown[] = [];
export default defineScenario({
  name: 'accounts-hoard',
  table: 'accounts',
  budget: { retained: '1 MiB' },
  async setup(ctx) {
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    return {
      async run() {
        const { rows } = await client.query(\`SELECT * FROM \${ctx.table}\`);
        for (const row of rows) {
          kept.push(row);
          ctx.rowsProcessed(1);
        }
      },
      async close() {
        await client.end();
      },
    };
  },
});
`;

describe('a user project installed from the packed tarball', () => {
  let server: DatabaseServer;
  let stop: () => Promise<void>;
  let userUrl: string;
  let project: string;
  const userDatabase = `usertest_${process.pid}`;

  const rowmeterDatabases = (): Promise<string[]> =>
    withClient(server.adminUrl, async (client) => (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'rowmeter%' ORDER BY 1")).rows.map((row) => row.datname));
  const checksum = (): Promise<string> =>
    withClient(userUrl, async (client) => (await client.query<{ hash: string }>('SELECT md5(string_agg(a::text, \',\' ORDER BY id)) AS hash FROM accounts AS a')).rows[0]!.hash);

  before(async () => {
    const started = await startTestServer();
    server = started.server;
    stop = started.stop;
    await withClient(server.adminUrl, (client) => client.query(`CREATE DATABASE ${userDatabase}`));
    userUrl = server.urlFor(userDatabase);
    await withClient(userUrl, async (client) => {
      await client.query(`CREATE TABLE accounts (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        owner text NOT NULL,
        balance numeric(12, 2) NOT NULL CHECK (balance >= 0),
        profile jsonb,
        note text
      )`);
      await client.query(`INSERT INTO accounts (owner, balance, profile, note)
        SELECT 'owner ' || g, g * 3, jsonb_build_object('tier', g % 5, 'tags', jsonb_build_array('a', 'b'), 'bio', repeat('x', 2000)), CASE WHEN g % 7 = 0 THEN NULL ELSE 'n' || g END
        FROM generate_series(1, ${ROWS}) AS g`);
    });
    project = projectFolder('user-project');
    await installProject(project, [`pg@${pinnedVersion('pg')}`, `knex@${pinnedVersion('knex')}`]);
  });
  after(async () => {
    const left = await rowmeterDatabases();
    await withClient(server.adminUrl, async (client) => {
      for (const name of left) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`DROP DATABASE IF EXISTS ${userDatabase} WITH (FORCE)`);
    });
    await stop();
    rmSync(project, { recursive: true, force: true });
  });

  test('runs the scenarios on copies of the user\'s table: statuses, unverified, budgets, retained, exit 1', async () => {
    writeFiles(project, { 'rowmeter.config.ts': CONFIG, 'bench/stream.rowmeter.ts': STREAM, 'bench/backfill.rowmeter.ts': BACKFILL, 'bench/hoard.rowmeter.ts': HOARD });
    const before = await checksum();
    const databasesBefore = await rowmeterDatabases();
    const outcome = await npxRowmeter(project, ['bench', '--rows', String(ROWS), '--out', 'out'], { DATABASE_URL: userUrl });
    assert.equal(outcome.code, 1, `an exceeded budget exits 1\n${outcome.stderr}`);
    assert.match(outcome.stderr, /Budget exceeded: accounts-backfill at 3000 rows: peakRss [\d.]+ MiB over its budget of 1\.0 MiB \(median of 2 ok runs\)/);
    assert.match(outcome.stderr, /Budget exceeded: accounts-hoard at 3000 rows: retained [\d.]+ MiB over its budget of 1\.0 MiB/);
    assert.doesNotMatch(outcome.stderr, /runs failed/);
    assert.match(outcome.stdout, /accounts-hoard .* unverified unverified/);

    const results = JSON.parse(readFileSync(join(project, 'out', 'results.json'), 'utf8')) as BenchmarkResults;
    assert.deepEqual(results.scenarios.map((scenario) => [scenario.id, scenario.file, scenario.table, scenario.verification]).sort(), [
      ['accounts-backfill', join('bench', 'backfill.rowmeter.ts'), 'accounts', 'scenario'],
      ['accounts-hoard', join('bench', 'hoard.rowmeter.ts'), 'accounts', 'none'],
      ['accounts-stream', join('bench', 'stream.rowmeter.ts'), 'accounts', 'scenario'],
    ]);
    assert.equal(results.runs.length, 6);
    for (const run of results.runs) {
      assert.equal(run.status, 'ok', `${run.scenarioId}: ${run.failure?.message ?? ''}`);
      assert.equal(run.rows, ROWS);
      assert.equal(run.tableRows, ROWS);
      if (run.scenarioId === 'accounts-hoard') assert.equal(run.verify, null, 'nothing checked the hoard');
      else assert.deepEqual(run.verify?.mismatches, 0);
    }
    const retained = (id: string): number[] => results.runs.filter((run) => run.scenarioId === id).map((run) => run.retainedBytes!);
    for (const bytes of retained('accounts-hoard')) assert.ok(bytes > 3 * MiB, `the hoard keeps its ${ROWS} rows (${bytes} B)`);
    for (const bytes of retained('accounts-stream')) assert.ok(bytes < MiB, `the stream keeps nothing (${bytes} B)`);
    const verdicts = Object.fromEntries(results.budgets.map((verdict) => [`${verdict.scenarioId} ${verdict.metric}`, verdict.verdict]));
    assert.deepEqual(verdicts, {
      'accounts-stream peakRss': 'within',
      'accounts-backfill peakRss': 'exceeded',
      'accounts-hoard peakRss': 'within',
      'accounts-hoard retained': 'exceeded',
    });
    assert.equal(results.context.tables[0]?.kind, 'existing');
    assert.equal(results.context.configFile, 'rowmeter.config.ts');

    const summary = readFileSync(join(project, 'out', 'summary.md'), 'utf8');
    assert.match(summary, /Unverified \(the scenario has no `verify`.*\): accounts-hoard\./);
    assert.match(summary, /Budgets \(judged on the median of the ok runs\): 2 exceeded, 2 within\./);
    const html = readFileSync(join(project, 'out', 'report.html'), 'utf8');
    assert.match(html, /class="status status-unverified"/);
    assert.match(html, /Budgets: 2 exceeded/);

    assert.equal(await checksum(), before, 'the user\'s table is byte for byte unchanged');
    const left = (await rowmeterDatabases()).filter((name) => !databasesBefore.includes(name));
    assert.ok(left.every((name) => name.startsWith('rowmeter_tpl_')), `only the template is kept: ${left.join(', ')}`);
    assert.equal(left.length, 1);
  });

  test('a generated table: defined in the config, built into a template, read by the user\'s scenario', async () => {
    const folder = projectFolder('generated');
    try {
      symlinkSync(join(project, 'node_modules'), join(folder, 'node_modules'));
      writeFiles(folder, {
        'package.json': JSON.stringify({ type: 'module' }),
        'rowmeter.config.ts': `import { defineConfig, defineTable } from 'rowmeter';
export const events = defineTable({
  name: 'events',
  primaryKey: 'id',
  columns: {
    id: { type: 'bigint' },
    kind: { type: 'enum', labels: ['click', 'view', 'buy'], mostCommon: [0.6, 0.3, 0.1] },
    payload: { type: 'jsonb', shape: { type: 'object', keys: { path: { type: 'string', length: { min: 5, max: 50 } }, ms: { type: 'integer', min: 0, max: 5000 } } } },
    note: { type: 'text', nulls: 0.5 },
  },
});
export default defineConfig({ tables: [events], repeat: 1 });
`,
        'events.rowmeter.ts': HOARD.replace("table: 'accounts'", "table: 'events'").replace("name: 'accounts-hoard'", "name: 'events-load'").replace("budget: { retained: '1 MiB' },", '').replace(
          '  async setup(ctx) {',
          `  async verify(ctx) {
    return kept.length === ctx.rows && kept.every((row: any) => typeof row.payload === 'object' && ['click', 'view', 'buy'].includes(row.kind));
  },
  async setup(ctx) {`,
        ),
      });
      const outcome = await npxRowmeter(folder, ['bench', '--rows', '1500', '--out', 'out'], { DATABASE_URL: userUrl });
      assert.equal(outcome.code, 0, outcome.stderr);
      assert.match(outcome.stderr, /Generated 1500 rows of events in rowmeter_tpl_g[0-9a-f]{12}_r1500/);
      const results = JSON.parse(readFileSync(join(folder, 'out', 'results.json'), 'utf8')) as BenchmarkResults;
      assert.equal(results.context.tables[0]?.kind, 'generated');
      assert.equal(results.runs.length, 1);
      assert.equal(results.runs[0]?.status, 'ok', results.runs[0]?.failure?.message);
      assert.equal(results.runs[0]?.verify?.mismatches, 0);
      assert.equal(results.runs[0]?.rows, 1500);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('the same scenarios in two shards, merged, give the same runs, statuses and budget verdicts (exit 1, as unsharded)', async () => {
    const keys = (results: BenchmarkResults) => results.runs.map((run) => `${run.scenarioId}#${run.repeat}:${run.status}`).sort();
    const verdicts = (results: BenchmarkResults) => results.budgets.map((verdict) => `${verdict.scenarioId} ${verdict.metric} ${verdict.verdict}`).sort();
    for (const index of [1, 2]) {
      const shard = await npxRowmeter(project, ['bench', '--rows', String(ROWS), '--shard', `${index}/2`, '--out', `shard-${index}`], { DATABASE_URL: userUrl });
      assert.match(shard.stderr, new RegExp(`Shard ${index}/2: \\d of 3 cells`), shard.stdout + shard.stderr);
    }
    const merged = await npxRowmeter(project, ['merge', 'shard-1', 'shard-2', '--out', 'merged']);
    assert.equal(merged.code, 1, `exceeded budgets exit 1, as unsharded\n${merged.stderr}`);
    assert.match(merged.stderr, /^Budget exceeded: accounts-backfill at 3000 rows/m);
    const read = (folder: string) => JSON.parse(readFileSync(join(project, folder, 'results.json'), 'utf8')) as BenchmarkResults;
    assert.deepEqual(keys(read('merged')), keys(read('out')));
    assert.deepEqual(verdicts(read('merged')), verdicts(read('out')));
    assert.equal(read('merged').context.merged?.count, 2);
  });

  test('loads a CommonJS config and JavaScript scenario in a CommonJS project', async () => {
    const cjs = projectFolder('user-project-cjs');
    try {
      writeFiles(cjs, {
        'package.json': JSON.stringify({ name: 'cjs-project', private: true }),
        'rowmeter.config.js': `const { defineConfig } = require('rowmeter');\nmodule.exports = defineConfig({ tables: [{ name: 'accounts', existing: true }], repeat: 1 });\n`,
        'count.rowmeter.js': `const { defineScenario } = require('rowmeter');\nconst pg = require('pg');\nmodule.exports = defineScenario({ name: 'count', table: 'accounts', async setup(ctx) { const c = new pg.Client(ctx.databaseUrl); await c.connect(); return { async run() { const r = await c.query('SELECT count(*)::int AS n FROM ' + ctx.table); ctx.rowsProcessed(r.rows[0].n); }, async close() { await c.end(); } }; }, verify: () => true });\n`,
      });
      // The same installed packages, as a second project of the same user.
      symlinkSync(join(project, 'node_modules'), join(cjs, 'node_modules'));
      const outcome = await npxRowmeter(cjs, ['bench', '--rows', '500', '--out', 'out'], { DATABASE_URL: userUrl });
      assert.equal(outcome.code, 0, outcome.stderr);
      const results = JSON.parse(readFileSync(join(cjs, 'out', 'results.json'), 'utf8')) as BenchmarkResults;
      assert.deepEqual(results.runs.map((run) => [run.scenarioId, run.status, run.rows, run.tableRows]), [['count', 'ok', 500, 500]]);
    } finally {
      rmSync(cjs, { recursive: true, force: true });
    }
  });

  test('npx rowmeter init writes a config, a knex example and a workflow, and never overwrites them', async () => {
    const folder = projectFolder('init');
    try {
      symlinkSync(join(project, 'node_modules'), join(folder, 'node_modules'));
      writeFiles(folder, { 'package.json': JSON.stringify({ type: 'module', devDependencies: { knex: '^3', pg: '^8' } }) });
      const first = await npxRowmeter(folder, ['init']);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^wrote rowmeter\.config\.ts\nwrote rowmeter\/knex-stream\.rowmeter\.ts\nwrote \.github\/workflows\/rowmeter\.yml\n/);
      const config = readFileSync(join(folder, 'rowmeter.config.ts'), 'utf8');
      const second = await npxRowmeter(folder, ['init']);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /left alone: rowmeter\.config\.ts exists/);
      assert.equal(readFileSync(join(folder, 'rowmeter.config.ts'), 'utf8'), config);
      // The config it wrote names a table to change: run as is, that is one clear line, exit 2.
      const bench = await npxRowmeter(folder, ['bench'], { DATABASE_URL: userUrl });
      assert.equal(bench.code, 2, bench.stderr);
      assert.match(bench.stderr.trim(), /^rowmeter: rowmeter\.config\.ts: tables\[0\] \(my_table\): .*my_table.* does not exist/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  const badConfigs: Array<[string, Record<string, string>, string[], RegExp]> = [
    ['an unknown key', { 'rowmeter.config.ts': `export default { tables: [{ name: 'accounts', existng: true }] };` }, [], /^rowmeter: rowmeter\.config\.ts: tables\[0\]\.existng is not an option — did you mean existing\?$/],
    ['a wrong type', { 'rowmeter.config.ts': `export default { repeat: 'two' };` }, [], /^rowmeter: rowmeter\.config\.ts: repeat: expected a whole number of runs, or "auto"$/],
    ['a budget without its unit', { 'rowmeter.config.ts': `export default { budget: { peakRss: 160 } };` }, [], /^rowmeter: rowmeter\.config\.ts: budget\.peakRss: expected a size with its unit/],
    ['a missing --config file', {}, ['--config', 'nope.config.ts'], /^rowmeter: --config nope\.config\.ts: no such file$/],
    ['a glob that matches nothing', { 'rowmeter.config.ts': `export default { scenarios: ['jobs/*.rowmeter.ts'] };` }, [], /^rowmeter: rowmeter\.config\.ts: scenarios \["jobs\/\*\.rowmeter\.ts"\] matches no file/],
    [
      'two scenarios with one name',
      { 'rowmeter.config.ts': `export default { tables: [{ name: 'accounts', existing: true }] };`, 'a.rowmeter.ts': HOARD, 'b.rowmeter.ts': HOARD },
      [],
      /^rowmeter: b\.rowmeter\.ts: name "accounts-hoard" is already the name of the scenario in a\.rowmeter\.ts$/,
    ],
    [
      'a table that does not exist',
      { 'rowmeter.config.ts': `export default { tables: [{ name: 'acounts', existing: true }] };`, 'a.rowmeter.ts': HOARD.replace("table: 'accounts'", "table: 'acounts'") },
      [],
      /^rowmeter: .*acounts.* does not exist/,
    ],
    ['a bad value of an option', { 'rowmeter.config.ts': `export default { rows: ['ten'] };` }, [], /^rowmeter: rowmeter\.config\.ts: rows: expected --rows to be a row count/],
    [
      'a generated column its generator cannot make',
      { 'rowmeter.config.ts': `export default { tables: [{ name: 'events', columns: { id: { type: 'integer' }, code: { type: 'varchar', maxLength: 4, length: 10 } } }] };`, 'a.rowmeter.ts': HOARD.replace("table: 'accounts'", "table: 'events'") },
      [],
      /^rowmeter: rowmeter\.config\.ts: tables\[0\]\.columns\.code \(table events, column code\): values of up to 10 characters do not fit varchar\(4\)$/,
    ],
    [
      'a table that is neither existing nor generated',
      { 'rowmeter.config.ts': `export default { tables: [{ name: 'events' }] };`, 'a.rowmeter.ts': HOARD.replace("table: 'accounts'", "table: 'events'") },
      [],
      /^rowmeter: rowmeter\.config\.ts: tables\[0\] \(events\): say what the table is: existing: true .*, or columns .*$/,
    ],
  ];
  for (const [name, files, args, pattern] of badConfigs) {
    test(`bad config: ${name} is one line naming the file and key, exit 2, nothing touched`, async () => {
      const folder = projectFolder('bad-config');
      try {
        symlinkSync(join(project, 'node_modules'), join(folder, 'node_modules'));
        writeFiles(folder, { 'package.json': JSON.stringify({ type: 'module' }), ...files });
        const databasesBefore = await rowmeterDatabases();
        const outcome = await npxRowmeter(folder, ['bench', '--out', 'out', ...args], { DATABASE_URL: userUrl });
        assert.equal(outcome.code, 2, outcome.stderr);
        assert.match(outcome.stderr.trim(), pattern);
        assert.equal(outcome.stderr.trim().split('\n').length, 1, `one line: ${outcome.stderr}`);
        assert.doesNotMatch(outcome.stderr, /\bat .*\.js:\d+/, 'no stack trace');
        assert.deepEqual(await rowmeterDatabases(), databasesBefore, 'no database created');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
