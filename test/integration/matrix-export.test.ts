import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DatabaseCatalog } from '../../harness/run/database.js';
import { cellOf } from '../../harness/run/benchmark.js';
import { selectedBy } from '../../harness/run/cells.js';
import { resolveBenchOptions } from '../../harness/config/options.js';
import { LIBRARIES, STRATEGIES_BY_WORKLOAD, type ExportStrategy, type LibraryName } from '../../harness/results.js';
import { runOnce } from '../../harness/run/runner.js';
import { exportWorkload } from '../../harness/run/workloads/export.js';
import type { RunTarget } from '../../harness/run/workloads/index.js';
import { loadMatrix } from '../../harness/config/builtin.js';
import type { UserScenarioCell } from '../../harness/config/discover.js';
import { ensureTemplate } from '../../harness/run/seed-template.js';
import { startTestServer } from '../support/server.js';

const ROWS = 1250;
const BATCH = 200;
/** Pages holding rows: 6 full ones and a short last one. */
const PAGES = Math.ceil(ROWS / BATCH);

/**
 * An export only reads, so no strategy needs a second connection: every pool holds exactly one.
 * Sequelize opens one more, short-lived, at start-up to read the server version.
 */
function expectedConnections(library: LibraryName): number {
  return library === 'sequelize' ? 2 : 1;
}

/** Libraries whose server-cursor cell is one driver-level cursor query (pg-cursor, postgres.js's cursor). */
const CURSOR_AS_ONE_QUERY: readonly LibraryName[] = ['pg', 'postgres-js', 'kysely'];

/**
 * What each strategy sends, by its definition: a pg-query-stream, pg-cursor or pg-copy-streams
 * COPY is one query; LIMIT/OFFSET pages end on a short page, keyset pages on an empty one; a
 * DECLARE/FETCH transaction is BEGIN, DECLARE, one FETCH per batch plus the empty one, CLOSE
 * and COMMIT. Prisma has no stream, so its iterator and narrow are keyset loops. Nothing is
 * written back, so there are no per-row queries.
 */
function expectedQueries(library: LibraryName, strategy: ExportStrategy): number {
  const keysetReads = PAGES + 1;
  switch (strategy) {
    case 'full-load':
    case 'copy':
      return 1;
    case 'iterator':
    case 'narrow':
      return library === 'prisma' ? keysetReads : 1;
    case 'paginator':
      return PAGES;
    case 'keyset':
      return keysetReads;
    case 'server-cursor':
      return CURSOR_AS_ONE_QUERY.includes(library) ? 1 : 2 + keysetReads + 2;
  }
}

describe('every export cell against a real PostgreSQL', () => {
  let catalog: DatabaseCatalog;
  let stop: () => Promise<void>;
  let template: string;
  let matrix: UserScenarioCell[];
  let outputDirectory: string;
  let copies = 0;

  before(async () => {
    const started = await startTestServer();
    catalog = started.catalog;
    stop = started.stop;
    template = (await ensureTemplate(catalog, { rows: ROWS, payloadBytes: 700 }, () => undefined)).name;
    matrix = await loadMatrix(['export']);
    outputDirectory = mkdtempSync(join(tmpdir(), 'rowmeter-matrix-export-'));
  });
  after(async () => {
    rmSync(outputDirectory, { recursive: true, force: true });
    await stop();
  });

  test('the export matrix has a module for every library × strategy, and unsupported cells say why', () => {
    assert.equal(matrix.length, LIBRARIES.length * STRATEGIES_BY_WORKLOAD.export.length);
    for (const cell of matrix) {
      assert.ok((cell.description ?? '').length > 20, `${cell.id} explains what it does`);
      if (cell.support === 'unsupported') assert.ok((cell.unsupportedReason ?? '').length > 10, `${cell.id} says why`);
    }
    const unsupported = matrix.filter((cell) => cell.support === 'unsupported').map((cell) => cell.id);
    assert.deepEqual(unsupported, ['export/prisma/copy']);
  });

  for (const library of LIBRARIES) {
    for (const strategy of STRATEGIES_BY_WORKLOAD.export) {
      test(`export/${library}/${strategy}: verified, with its connections and queries, file removed`, async (context) => {
        const cell = matrix.find((candidate) => candidate.id === `export/${library}/${strategy}`)!;
        if (cell.support === 'unsupported') {
          context.skip(`not supported: ${cell.unsupportedReason ?? ''}`);
          return;
        }
        copies += 1;
        const name = `rowmeter_matrix_export_${process.pid}_${copies}`;
        const target: RunTarget = {
          databaseUrl: await catalog.create(name, template),
          tableRows: ROWS,
          payloadBytes: 700,
          outputPath: join(outputDirectory, `run-${copies}.ndjson`),
        };
        try {
          await exportWorkload.prepare(target);
          const result = await runOnce({
            scenario: cellOf(cell, undefined, selectedBy(resolveBenchOptions({}, {}), cell.tags)).info,
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
            verify: () => exportWorkload.verify(target),
          });
          assert.equal(result.status, 'ok', `${result.failure?.message ?? ''} ${JSON.stringify(result.verify)}\n${result.failure?.stderrTail ?? ''}`);
          assert.deepEqual(result.verify, { checkedRows: ROWS, mismatches: 0 });
          assert.equal(result.rows, ROWS, 'every row written was reported');
          assert.equal(result.connections, expectedConnections(library), 'connections');
          assert.equal(result.queries, expectedQueries(library, strategy), 'queries');
          assert.ok(existsSync(target.outputPath), 'the run wrote its file');
          await exportWorkload.cleanup(target);
          assert.equal(existsSync(target.outputPath), false, 'cleanup removed the file');
        } finally {
          await exportWorkload.cleanup(target);
          await catalog.drop(name);
        }
      });
    }
  }
});
