import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseCatalog } from '../../harness/run/database.js';
import { cellOf } from '../../harness/run/benchmark.js';
import { selectedBy } from '../../harness/run/cells.js';
import { resolveBenchOptions } from '../../harness/config/options.js';
import { LIBRARIES, STRATEGIES_BY_WORKLOAD, type LibraryName, type StrategyName } from '../../harness/results.js';
import { runOnce } from '../../harness/run/runner.js';
import { verifyBackfill } from '../../harness/run/workloads/backfill.js';
import { loadMatrix } from '../../harness/config/builtin.js';
import type { UserScenarioCell } from '../../harness/config/discover.js';
import { ensureTemplate } from '../../harness/run/seed-template.js';
import { startTestServer } from '../support/server.js';

const ROWS = 1250;
const BATCH = 200;
/** Pages holding rows: 6 full ones and a short last one. */
const PAGES = Math.ceil(ROWS / BATCH);

/** Libraries whose server-cursor cell reads through pg-cursor or a driver cursor on a connection of its own. */
const CURSOR_ON_OWN_CONNECTION: readonly LibraryName[] = ['pg', 'postgres-js', 'kysely'];

/**
 * Streams (and the pipelined window) need a second connection for their updates; prisma has no
 * stream. Sequelize opens one more, short-lived, at start-up to read the server version.
 */
function expectedConnections(library: LibraryName, strategy: StrategyName): number {
  const streams: StrategyName[] = ['iterator', 'iterator-bulk', 'narrow', 'pipelined'];
  const versionProbe = library === 'sequelize' ? 1 : 0;
  if (library !== 'prisma' && streams.includes(strategy)) return 2 + versionProbe;
  if (strategy === 'server-cursor' && CURSOR_ON_OWN_CONNECTION.includes(library)) return 2 + versionProbe;
  return 1 + versionProbe;
}

/**
 * What each strategy sends, by its definition: a stream or pg-cursor is one query; pages end
 * on a short page (LIMIT/OFFSET) or an empty one (keyset); a DECLARE/FETCH transaction is
 * BEGIN, DECLARE, one FETCH per batch plus the empty one, CLOSE and COMMIT. Prisma has no
 * stream, so its iterator, iterator-bulk and narrow are keyset loops. Pipelined sends one UPDATE
 * per row over one stream.
 */
function expectedQueries(library: LibraryName, strategy: StrategyName): number {
  const keysetReads = PAGES + 1;
  const prismaEmulatesStream = library === 'prisma';
  switch (strategy) {
    case 'full-load':
      return 1 + ROWS;
    case 'iterator':
    case 'pipelined':
      return (prismaEmulatesStream ? keysetReads : 1) + ROWS;
    case 'iterator-bulk':
    case 'narrow':
      return (prismaEmulatesStream ? keysetReads : 1) + PAGES;
    case 'paginator':
      return PAGES + ROWS;
    case 'paginator-bulk':
      return PAGES + PAGES;
    case 'server-cursor':
      return CURSOR_ON_OWN_CONNECTION.includes(library) ? 1 + PAGES : 2 + (PAGES + 1) + PAGES + 2;
    case 'keyset':
      return keysetReads + PAGES;
    case 'set-based':
      return 1;
    default:
      throw new Error(`no expected query count for backfill/${library}/${strategy}`);
  }
}

describe('every cell of the matrix against a real PostgreSQL', () => {
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
    matrix = await loadMatrix(['backfill']);
  });
  after(async () => stop());

  test('the matrix has a module for every library × strategy, and unsupported cells say why', () => {
    assert.equal(matrix.length, LIBRARIES.length * STRATEGIES_BY_WORKLOAD.backfill.length);
    for (const cell of matrix) {
      assert.ok((cell.description ?? '').length > 20, `${cell.id} explains what it does`);
      if (cell.support === 'unsupported') assert.ok((cell.unsupportedReason ?? '').length > 10, `${cell.id} says why`);
    }
  });

  test('exactly the cells documented as unsupported are unsupported: pipelining needs pg or postgres.js underneath', () => {
    const unsupported = matrix.filter((cell) => cell.support === 'unsupported').map((cell) => cell.id).sort();
    assert.deepEqual(unsupported, ['knex', 'kysely', 'prisma', 'sequelize', 'typeorm'].map((library) => `backfill/${library}/pipelined`));
  });

  for (const library of LIBRARIES) {
    for (const strategy of STRATEGIES_BY_WORKLOAD.backfill) {
      test(`backfill/${library}/${strategy}: verified, with its connections and queries`, async (context) => {
        const cell = matrix.find((candidate) => candidate.id === `backfill/${library}/${strategy}`)!;
        if (cell.support === 'unsupported') {
          context.skip(`not supported: ${cell.unsupportedReason ?? ''}`);
          return;
        }
        copies += 1;
        const name = `rowmeter_matrix_${process.pid}_${copies}`;
        const databaseUrl = await catalog.create(name, template);
        try {
          const result = await runOnce({
            scenario: cellOf(cell, undefined, selectedBy(resolveBenchOptions({}, {}), cell.tags)).info,
            modulePath: cell.modulePath,
            repeat: 1,
            databaseUrl,
            tableRows: ROWS,
            payloadBytes: 700,
            outputPath: '/nonexistent/rowmeter-backfill-writes-no-file',
            pipelineDepth: 256,
            batchSize: BATCH,
            intervalMs: 10,
            timeoutMs: 120_000,
            memoryLimitBytes: null,
            verify: () => verifyBackfill(databaseUrl, ROWS),
          });
          assert.equal(result.status, 'ok', `${result.failure?.message ?? ''}\n${result.failure?.stderrTail ?? ''}`);
          assert.deepEqual(result.verify, { checkedRows: ROWS, mismatches: 0 });
          assert.equal(result.rows, ROWS, 'every row handed to user code was reported');
          assert.equal(result.connections, expectedConnections(library, strategy), 'connections');
          assert.equal(result.queries, expectedQueries(library, strategy), 'queries');
        } finally {
          await catalog.drop(name);
        }
      });
    }
  }
});
