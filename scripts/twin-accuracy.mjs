#!/usr/bin/env node
// How close a twin behaves to its real table (docs/twin.md#accuracy): four real tables made by SQL
// (not by rowmeter's generators) and analysed, a twin of each written by `rowmeter twin`, and the
// same two scenarios per table — a full load (SELECT * into memory) and a streaming read of every
// row (pg-cursor, 1,000 at a time) — benchmarked on the real tables, then on the twins, at the
// real row count. Prints per scenario the median peak RSS and wall time of both and the difference.
//
// Usage: npm run --silent build && node scripts/twin-accuracy.mjs [rows=100000] [repeat=3] [--ten-times]
//   --ten-times also benchmarks the twins at ten times the rows (the point of a twin).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedServer, DatabaseCatalog, withClient } from '../dist/harness/run/database.js';
import { runTwin } from '../dist/harness/twin/command.js';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const tenTimes = process.argv.includes('--ten-times');
const rows = Number(args[0] ?? 100_000);
const repeat = Number(args[1] ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/harness/cli/main.js');

/** The four shapes, made by SQL with arithmetic on the row number (deterministic), then ANALYZE. */
const TABLES = {
  narrow: `CREATE TABLE narrow (id bigserial PRIMARY KEY, qty int NOT NULL, price numeric(10,2), weight float8, active boolean NOT NULL, day date NOT NULL, small smallint, big bigint, ratio real, version int NOT NULL);
    INSERT INTO narrow (qty, price, weight, active, day, small, big, ratio, version)
      SELECT g % 100, (g * 37 % 100000) / 100.0, g / 7.0, g % 10 <> 0, date '2020-01-01' + (g / 200), g % 1000, g::bigint * 1000003, (g % 97) / 97.0, 1 + g % 5 FROM generate_series(1, ${rows}) g`,
  people: `CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, email varchar(120) UNIQUE, bio text, street text, country text NOT NULL, created timestamptz NOT NULL);
    INSERT INTO people SELECT g, 'person number ' || g, 'user' || g || '@example.com',
      CASE WHEN g % 2 = 0 THEN NULL ELSE repeat('lorem ipsum dolor ', 1 + g % 60) END,
      CASE WHEN g % 5 = 0 THEN NULL ELSE (g % 999) || ' Long Street Name Avenue' END,
      (ARRAY['DE','FR','US','JP','GB'])[1 + g % 5], timestamptz '2020-01-01' + g * interval '1 minute' FROM generate_series(1, ${rows}) g`,
  orders: `CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'refunded', 'void');
    CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL, doc jsonb NOT NULL);
    INSERT INTO orders SELECT g,
      CASE WHEN g % 20 < 16 THEN 'paid' WHEN g % 20 < 18 THEN 'shipped' WHEN g % 20 = 18 THEN 'pending' ELSE 'void' END::order_status,
      jsonb_build_object(
        'customer', jsonb_build_object('name', 'customer ' || (g % 5000), 'tier', g % 4, 'since', 2000 + g % 25),
        'lines', (SELECT jsonb_agg(jsonb_build_object('sku', 'sku-' || lpad((g * i % 50000)::text, 6, '0'), 'qty', 1 + i % 9, 'price', ((g * i) % 10000) / 100.0)) FROM generate_series(1, 1 + g % 12) i),
        'tags', (SELECT coalesce(jsonb_agg('tag' || ((g + t) % 30)), '[]'::jsonb) FROM generate_series(1, g % 4) t),
        'channel', CASE WHEN g % 10 < 7 THEN 'web' ELSE 'store' END)
      || CASE WHEN g % 3 = 0 THEN jsonb_build_object('note', repeat('note text ', 1 + g % 40)) ELSE '{}'::jsonb END
      FROM generate_series(1, ${rows}) g`,
  blobs: `CREATE TABLE blobs (id int PRIMARY KEY, tags text[] NOT NULL, readings float8[], thumbnail bytea);
    INSERT INTO blobs SELECT g, ARRAY(SELECT 'label-' || ((g * t) % 200) FROM generate_series(1, g % 8) t),
      CASE WHEN g % 4 = 0 THEN NULL ELSE ARRAY(SELECT ((g * r) % 1000) / 10.0 FROM generate_series(1, 10 + g % 30) r) END,
      decode(repeat(md5(g::text), 8 + g % 56), 'hex') FROM generate_series(1, ${rows}) g`,
};

const load = (table) => `import { defineScenario } from 'rowmeter';
import pg from 'pg';
let kept = [];
export default defineScenario({
  name: '${table}-load',
  table: '${table}',
  async setup(ctx) {
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    return {
      async run() { kept = (await client.query('SELECT * FROM ' + ctx.table)).rows; ctx.rowsProcessed(kept.length); },
      async close() { await client.end(); },
    };
  },
  verify: (ctx) => kept.length === ctx.rows,
});
`;
const stream = (table) => `import { defineScenario } from 'rowmeter';
import pg from 'pg';
import Cursor from 'pg-cursor';
let seen = 0;
export default defineScenario({
  name: '${table}-stream',
  table: '${table}',
  async setup(ctx) {
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    return {
      async run() {
        const cursor = client.query(new Cursor('SELECT * FROM ' + ctx.table));
        for (let batch = await cursor.read(1000); batch.length > 0; batch = await cursor.read(1000)) { seen += batch.length; ctx.rowsProcessed(batch.length); }
        await cursor.close();
      },
      async close() { await client.end(); },
    };
  },
  verify: (ctx) => seen === ctx.rows,
});
`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const medians = (path) => {
  const results = JSON.parse(readFileSync(path, 'utf8'));
  const by = new Map();
  for (const run of results.runs) {
    if (run.status !== 'ok') throw new Error(`${run.scenarioId} #${run.repeat}: ${run.status} ${run.failure?.message ?? ''}`);
    by.set(run.scenarioId, [...(by.get(run.scenarioId) ?? []), run]);
  }
  return new Map([...by].map(([id, runs]) => [id, { peak: median(runs.map((run) => run.peakRssBytes)), wall: median(runs.map((run) => run.wallMs)) }]));
};

const server = await startEmbeddedServer();
const catalog = new DatabaseCatalog(server);
const project = mkdtempSync(join(tmpdir(), 'rowmeter-twin-accuracy-'));
try {
  const url = await catalog.create('rowmeter_twin_accuracy_source');
  process.stderr.write(`Making the four real tables of ${rows} rows…\n`);
  await withClient(url, async (client) => {
    for (const sql of Object.values(TABLES)) await client.query(sql);
    await client.query('ANALYZE');
  });
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(root, join(project, 'node_modules', 'rowmeter'));
  for (const name of ['pg', 'pg-cursor']) symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name));
  mkdirSync(join(project, 'twins'));
  for (const table of Object.keys(TABLES)) {
    const { twin } = await runTwin({ table, out: join(project, 'twins', `${table}.twin.ts`), databaseUrl: url });
    process.stderr.write(`Twin of ${table}: ${Object.keys(twin.definition.columns).length} columns, ${twin.notes.length} notes\n`);
    writeFileSync(join(project, `${table}-load.rowmeter.ts`), load(table));
    writeFileSync(join(project, `${table}-stream.rowmeter.ts`), stream(table));
  }
  writeFileSync(
    join(project, 'rowmeter.config.ts'),
    `${Object.keys(TABLES).map((table) => `import ${table} from './twins/${table}.twin.ts';`).join('\n')}
export default {
  tables: process.env.ROWMETER_TWIN ? [${Object.keys(TABLES).join(', ')}] : [${Object.keys(TABLES).map((table) => `{ name: '${table}', existing: true }`).join(', ')}],
  repeat: ${repeat},
};
`,
  );
  const bench = (label, extra, env) => {
    process.stderr.write(`Benchmarking the ${label}…\n`);
    const started = Date.now();
    execFileSync(process.execPath, [cli, 'bench', '--out', join(project, label), ...extra], { cwd: project, env: { ...process.env, DATABASE_URL: url, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    return (Date.now() - started) / 1000;
  };
  const realSeconds = bench('real', ['--rows', String(rows)], {});
  const twinSeconds = bench('twin', ['--rows', String(rows)], { ROWMETER_TWIN: '1' });
  const real = medians(join(project, 'real', 'results.json'));
  const twin = medians(join(project, 'twin', 'results.json'));
  const MiB = 2 ** 20;
  const percent = (a, b) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)} %`;
  console.log(`\n${rows} rows, ${repeat} runs each; real ${realSeconds.toFixed(0)} s, twin ${twinSeconds.toFixed(0)} s\n`);
  console.log('| scenario | real peak RSS | twin peak RSS | Δ peak | real wall | twin wall | Δ wall |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [id, figures] of real) {
    const other = twin.get(id);
    console.log(`| ${id} | ${(figures.peak / MiB).toFixed(1)} MiB | ${(other.peak / MiB).toFixed(1)} MiB | ${percent(other.peak, figures.peak)} | ${(figures.wall / 1000).toFixed(2)} s | ${(other.wall / 1000).toFixed(2)} s | ${percent(other.wall, figures.wall)} |`);
  }
  if (tenTimes) {
    const seconds = bench('twin-10x', ['--rows', String(rows * 10), '--repeat', '1'], { ROWMETER_TWIN: '1' });
    const ten = medians(join(project, 'twin-10x', 'results.json'));
    console.log(`\nThe twins at ${rows * 10} rows (one run each, ${seconds.toFixed(0)} s in all, generation included):\n`);
    console.log('| scenario | peak RSS | wall |');
    console.log('|---|---:|---:|');
    for (const [id, figures] of ten) console.log(`| ${id} | ${(figures.peak / MiB).toFixed(1)} MiB | ${(figures.wall / 1000).toFixed(2)} s |`);
  }
} finally {
  await catalog.dropAll();
  await server.stop();
  rmSync(project, { recursive: true, force: true });
}
process.exit(0);
