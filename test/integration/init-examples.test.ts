import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { createSink } from '../../harness/run/sink.js';
import type { ScenarioContext, ScenarioDefinition, VerifyReport } from '../../harness/api/index.js';
import { runInit } from '../../harness/cli/init.js';
import { withClient, type DatabaseCatalog } from '../../harness/run/database.js';
import { startTestServer } from '../support/server.js';

/** Not a multiple of the batch size, so the last page or cursor read is a short one. */
const ROWS = 2500;
const BATCH_SIZE = 1000;

/** Test files run from dist/test/integration, so the checkout is three folders up. */
const checkout = fileURLToPath(new URL('../../../', import.meta.url));
const installed = realpathSync(join(checkout, 'node_modules'));
const api = pathToFileURL(join(checkout, 'dist', 'harness', 'api', 'index.js')).href;

let catalog: DatabaseCatalog;
let stop: () => Promise<void>;
let databaseUrl: string;
const temporary: string[] = [];

before(async () => {
  const started = await startTestServer();
  catalog = started.catalog;
  stop = started.stop;
  databaseUrl = await catalog.create(`rowmeter_init_examples_${process.pid}`);
  await withClient(databaseUrl, async (client) => {
    // The placeholder name of the generated config; `id` is the key the keyset examples assume.
    await client.query('CREATE TABLE my_table (id integer PRIMARY KEY, payload text NOT NULL)');
    await client.query("INSERT INTO my_table SELECT i, repeat('x', 100) FROM generate_series(1, $1) AS i", [ROWS]);
    // A config may name `schema.table`; a capital letter proves each part is quoted.
    await client.query('CREATE SCHEMA app');
    await client.query('CREATE TABLE app."Events" AS SELECT * FROM my_table');
    await client.query('ALTER TABLE app."Events" ADD PRIMARY KEY (id)');
  });
});
after(async () => {
  for (const root of temporary) rmSync(root, { recursive: true, force: true });
  await stop();
});

/**
 * Runs init in a project listing `dependencies`, then loads its example as the user's project
 * would: transpiled to JavaScript, with `rowmeter` being this checkout's API and the libraries
 * linked from node_modules.
 */
async function loadExample(dependencies: string[]): Promise<ScenarioDefinition> {
  const root = mkdtempSync(join(tmpdir(), 'rowmeter-init-run-'));
  temporary.push(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module', dependencies: Object.fromEntries(dependencies.map((name) => [name, '*'])) }));
  const example = (await runInit(root)).written.find((path) => path.startsWith('rowmeter/'));
  assert.ok(example);
  const rowmeter = join(root, 'node_modules', 'rowmeter');
  mkdirSync(rowmeter, { recursive: true });
  writeFileSync(join(rowmeter, 'package.json'), JSON.stringify({ name: 'rowmeter', type: 'module', exports: './index.js' }));
  writeFileSync(join(rowmeter, 'index.js'), `export * from ${JSON.stringify(api)};\n`);
  for (const name of dependencies) {
    mkdirSync(dirname(join(root, 'node_modules', name)), { recursive: true });
    symlinkSync(join(installed, name), join(root, 'node_modules', name));
  }
  const source = readFileSync(join(root, example), 'utf8');
  const output = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const compiled = join(root, example.replace(/\.ts$/, '.mjs'));
  writeFileSync(compiled, output);
  const loaded = (await import(pathToFileURL(compiled).href)) as { default: ScenarioDefinition };
  return loaded.default;
}

/** What rowmeter gives a scenario, for one run on the test table; counts rowsProcessed. */
function context(outputPath: string, table = 'my_table'): { ctx: ScenarioContext; processed: () => number } {
  let processed = 0;
  const ctx: ScenarioContext = {
    databaseUrl,
    table,
    rows: ROWS,
    batchSize: BATCH_SIZE,
    params: {},
    signal: new AbortController().signal,
    rowsProcessed: (count) => {
      processed += count;
    },
    outputPath,
    pipelineDepth: 256,
    payloadBytes: 100,
    counters: { query: () => undefined, connection: () => undefined },
    sinkBytesPerSecond: null,
    createSink: (options) => createSink(null, options),
  };
  return { ctx, processed: () => processed };
}

const projects: Array<[string, string[]]> = [
  ['knex', ['knex', 'pg', 'pg-query-stream']],
  ['pg keyset', ['pg']],
  ['pg with pg-cursor', ['pg', 'pg-cursor']],
  ['pg with pg-query-stream', ['pg', 'pg-query-stream']],
  ['kysely', ['kysely', 'pg', 'pg-cursor']],
  ['drizzle-orm', ['drizzle-orm', 'pg']],
  ['postgres.js', ['postgres']],
  ['sequelize', ['sequelize', 'pg']],
  ['typeorm', ['typeorm', 'pg', 'pg-query-stream']],
];

describe('the examples rowmeter init writes run on a real table', () => {
  for (const [label, dependencies] of projects) {
    it(`${label}: streams every row once and verifies against count(*), also of schema.Table`, async () => {
      const scenario = await loadExample(dependencies);
      for (const table of ['my_table', 'app.Events']) {
        const outputPath = join(mkdtempSync(join(tmpdir(), 'rowmeter-init-out-')), 'run.out');
        temporary.push(dirname(outputPath));
        const { ctx, processed } = context(outputPath, table);
        const session = await scenario.setup(ctx);
        await session.run();
        await session.close?.();
        assert.equal(processed(), ROWS, table);
        const verdict = (await scenario.verify?.(ctx)) as VerifyReport;
        assert.deepEqual(verdict, { checkedRows: ROWS, mismatches: 0, detail: `streamed ${ROWS} of ${ROWS} rows` }, table);
      }
    });
  }

  it('verify catches a job that missed rows', async () => {
    const scenario = await loadExample(['pg']);
    const outputPath = join(mkdtempSync(join(tmpdir(), 'rowmeter-init-out-')), 'run.out');
    temporary.push(dirname(outputPath));
    writeFileSync(outputPath, String(ROWS - 7));
    const verdict = (await scenario.verify?.(context(outputPath).ctx)) as VerifyReport;
    assert.equal(verdict.mismatches, 7);
  });
});
