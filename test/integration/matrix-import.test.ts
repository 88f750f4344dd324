import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withClient, type DatabaseCatalog } from '../../harness/run/database.js';
import { cellOf } from '../../harness/run/benchmark.js';
import { selectedBy } from '../../harness/run/cells.js';
import { resolveBenchOptions } from '../../harness/config/options.js';
import { LIBRARIES, STRATEGIES_BY_WORKLOAD, type ImportStrategy, type LibraryName } from '../../harness/results.js';
import { runOnce } from '../../harness/run/runner.js';
import { importWorkload, verifyImport } from '../../harness/run/workloads/import.js';
import type { RunTarget } from '../../harness/run/workloads/index.js';
import { IMPORT_TABLE } from '../../scenarios/tables.js';
import { loadMatrix } from '../../harness/config/builtin.js';
import type { UserScenarioCell } from '../../harness/config/discover.js';
import { ensureTemplate } from '../../harness/run/seed-template.js';
import { startTestServer } from '../support/server.js';

const ROWS = 1250;
const BATCH = 200;
/** Batches holding rows: 6 full ones and a short last one. */
const BATCHES = Math.ceil(ROWS / BATCH);

/**
 * An import writes on one connection in every library; sequelize opens one more, short-lived,
 * at start-up to read the server version.
 */
function expectedConnections(library: LibraryName): number {
  return library === 'sequelize' ? 2 : 1;
}

/**
 * What each strategy sends, by its definition: one INSERT per row, one multi-row INSERT or one
 * unnest INSERT per batch, one statement for the whole array, one COPY. Prisma's createMany
 * splits a statement by itself only past its parameter limit, far beyond these 1,250 rows.
 */
function expectedQueries(_library: LibraryName, strategy: ImportStrategy): number {
  switch (strategy) {
    case 'row-by-row':
      return ROWS;
    case 'batched':
    case 'unnest':
      return BATCHES;
    case 'all-at-once':
    case 'copy':
      return 1;
  }
}

describe('every import cell against a real PostgreSQL', () => {
  let catalog: DatabaseCatalog;
  let stop: () => Promise<void>;
  let template: string;
  let matrix: UserScenarioCell[];
  let copies = 0;

  before(async () => {
    const started = await startTestServer();
    catalog = started.catalog;
    stop = started.stop;
    template = (await ensureTemplate(catalog, { rows: ROWS, payloadBytes: 700 }, () => undefined)).name;
    matrix = await loadMatrix(['import']);
  });
  after(async () => stop());

  async function freshTarget(): Promise<{ name: string; target: RunTarget }> {
    copies += 1;
    const name = `rowmeter_matrix_import_${process.pid}_${copies}`;
    const target: RunTarget = { databaseUrl: await catalog.create(name, template), tableRows: ROWS, payloadBytes: 700, outputPath: '/nonexistent/rowmeter-import-writes-no-file' };
    await importWorkload.prepare(target);
    return { name, target };
  }

  test('the import matrix has a module for every library × strategy, and unsupported cells say why', () => {
    assert.equal(matrix.length, LIBRARIES.length * STRATEGIES_BY_WORKLOAD.import.length);
    for (const cell of matrix) {
      assert.ok((cell.description ?? '').length > 20, `${cell.id} explains what it does`);
      if (cell.support === 'unsupported') assert.ok((cell.unsupportedReason ?? '').length > 10, `${cell.id} says why`);
    }
    assert.deepEqual(matrix.filter((cell) => cell.support === 'unsupported').map((cell) => cell.id), ['import/prisma/copy']);
  });

  test('verification catches a missing row, an altered one and an extra one, and passes a faithful copy', async () => {
    const { name, target } = await freshTarget();
    try {
      await withClient(target.databaseUrl, (client) => client.query(`INSERT INTO ${IMPORT_TABLE} SELECT id, data, field FROM rowmeter_rows`));
      assert.deepEqual(await verifyImport(target.databaseUrl, ROWS), { checkedRows: ROWS, mismatches: 0 });
      await withClient(target.databaseUrl, (client) => client.query(`DELETE FROM ${IMPORT_TABLE} WHERE id = 17`));
      const missing = await verifyImport(target.databaseUrl, ROWS);
      assert.equal(missing.mismatches, 1);
      assert.match(missing.detail ?? '', /row 17 is missing or differs from the seed; 1249 rows imported, 1250 expected/);
      await withClient(target.databaseUrl, (client) => client.query(`INSERT INTO ${IMPORT_TABLE} SELECT id, data || '{"x": 1}', field FROM rowmeter_rows WHERE id = 17`));
      const altered = await verifyImport(target.databaseUrl, ROWS);
      assert.equal(altered.mismatches, 1, 'an altered row is one mismatch');
      assert.match(altered.detail ?? '', /row 17 is missing or differs from the seed/);
      await withClient(target.databaseUrl, (client) => client.query(`UPDATE ${IMPORT_TABLE} t SET data = r.data FROM rowmeter_rows r WHERE t.id = 17 AND r.id = 17; INSERT INTO ${IMPORT_TABLE} VALUES (99999, '{}', -1)`));
      const extra = await verifyImport(target.databaseUrl, ROWS);
      assert.equal(extra.mismatches, 1);
      assert.match(extra.detail ?? '', /row 99999 is not a seeded row; 1251 rows imported/);
      await withClient(target.databaseUrl, (client) => client.query(`DELETE FROM ${IMPORT_TABLE} WHERE id = 99999; UPDATE ${IMPORT_TABLE} SET field = 0 WHERE id = 5`));
      assert.equal((await verifyImport(target.databaseUrl, ROWS)).mismatches, 1, 'a changed field is a mismatch too');
    } finally {
      await catalog.drop(name);
    }
  });

  for (const library of LIBRARIES) {
    for (const strategy of STRATEGIES_BY_WORKLOAD.import) {
      test(`import/${library}/${strategy}: verified, with its connections and queries`, async (context) => {
        const cell = matrix.find((candidate) => candidate.id === `import/${library}/${strategy}`)!;
        if (cell.support === 'unsupported') {
          context.skip(`not supported: ${cell.unsupportedReason ?? ''}`);
          return;
        }
        const { name, target } = await freshTarget();
        try {
          const result = await runOnce({
            scenario: cellOf(cell, undefined, selectedBy(resolveBenchOptions({ workload: 'import' }, {}), cell.tags)).info,
            modulePath: cell.modulePath,
            repeat: 1,
            databaseUrl: target.databaseUrl,
            tableRows: ROWS,
            payloadBytes: 700,
            outputPath: target.outputPath,
            pipelineDepth: 256,
            batchSize: BATCH,
            intervalMs: 10,
            timeoutMs: 120_000,
            memoryLimitBytes: null,
            verify: () => importWorkload.verify(target),
          });
          assert.equal(result.status, 'ok', `${result.failure?.message ?? ''} ${JSON.stringify(result.verify)}\n${result.failure?.stderrTail ?? ''}`);
          assert.deepEqual(result.verify, { checkedRows: ROWS, mismatches: 0 });
          assert.equal(result.rows, ROWS, 'every row inserted was reported');
          assert.equal(result.connections, expectedConnections(library), 'connections');
          assert.equal(result.queries, expectedQueries(library, strategy), 'queries');
        } finally {
          await catalog.drop(name);
        }
      });
    }
  }
});
