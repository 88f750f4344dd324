/**
 * Every runnable cell, run in this process on a small table: it does its job (the workload's own
 * verification) and, once closed, leaves no connection open on its database. A cell that leaves
 * a connection behind is harmless inside its short-lived child, but it is a bug in the cell (the
 * library's own shutdown was not called, or not enough) and it would be killed mid-query by the
 * harness dropping the database.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withClient, type DatabaseCatalog } from '../../harness/run/database.js';
import { WORKLOADS } from '../../harness/results.js';
import { workloadDefinition, type RunTarget } from '../../harness/run/workloads/index.js';
import { builtinContext, loadDefinitions } from '../support/builtin.js';
import { ensureTemplate } from '../../harness/run/seed-template.js';
import { startTestServer } from '../support/server.js';

const ROWS = 60;
const PAYLOAD_BYTES = 200;

let catalog: DatabaseCatalog;
let stop: () => Promise<void>;
let directory: string;
let template: string;

before(async () => {
  const started = await startTestServer();
  catalog = started.catalog;
  stop = started.stop;
  directory = mkdtempSync(join(tmpdir(), 'rowmeter-sessions-'));
  template = (await ensureTemplate(catalog, { rows: ROWS, payloadBytes: PAYLOAD_BYTES }, () => undefined)).name;
});
after(async () => {
  rmSync(directory, { recursive: true, force: true });
  await stop();
});

/**
 * Connections to the database other than the one asking, once those being closed are gone: a
 * backend leaves pg_stat_activity when its process exits, shortly after the client's Terminate
 * (seen here: typeorm's still listed right after close on a loaded machine), so this waits up to
 * 3 s for the count to reach 0 before reporting what is left.
 */
async function otherConnectionsTo(databaseUrl: string): Promise<number> {
  const count = (): Promise<number> =>
    withClient(databaseUrl, async (client) => {
      const result = await client.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      return Number(result.rows[0]?.count);
    });
  const deadline = Date.now() + 3000;
  let left = await count();
  while (left > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await count();
  }
  return left;
}

for (const workload of WORKLOADS) {
  describe(`${workload}: every runnable cell closes what it opened`, () => {
    test('each cell verifies and leaves no connection after close', async () => {
      const matrix = (await loadDefinitions([workload])).filter((cell) => cell.definition.support !== 'unsupported');
      assert.ok(matrix.length > 0, `${workload} has runnable cells`);
      const definition = workloadDefinition(workload);
      const checked: string[] = [];
      for (const [index, cell] of matrix.entries()) {
        if (cell.definition.support === 'unsupported') continue;
        const name = `rowmeter_sessions_${process.pid}_${workload}_${index}`;
        const target: RunTarget = {
          databaseUrl: await catalog.create(name, template),
          tableRows: ROWS,
          payloadBytes: PAYLOAD_BYTES,
          outputPath: join(directory, `${name}.ndjson`),
        };
        try {
          await definition.prepare(target);
          const session = await cell.definition.setup(
            builtinContext({ databaseUrl: target.databaseUrl, rows: target.tableRows, payloadBytes: target.payloadBytes, outputPath: target.outputPath, batchSize: 7, pipelineDepth: 4 }),
          );
          try {
            await session.run();
          } finally {
            await session.close?.();
          }
          assert.equal(await otherConnectionsTo(target.databaseUrl), 0, `${cell.id} closed every connection it opened`);
          const outcome = await definition.verify(target);
          assert.equal(outcome.mismatches, 0, `${cell.id}: ${outcome.detail ?? ''}`);
          assert.equal(outcome.checkedRows, ROWS, cell.id);
          checked.push(cell.id);
        } finally {
          await definition.cleanup(target);
          await catalog.drop(name);
        }
      }
      assert.deepEqual(checked, matrix.map((cell) => cell.id));
    });
  });
}
