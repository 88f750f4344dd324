import { defineScenario } from '../../../harness/api/index.js';
import { computeField, ROW_UPDATE_SQL, TABLE } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, PIPELINE_NOTE, type PostgresJsRow } from './connect.js';
import { InFlight } from '../pipeline.js';

export default defineScenario({
  name: 'backfill/postgres-js/pipelined',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'pipelined' },
  version: 1,
  support: 'native',
  description: 'Rows from .cursor(--batch-size); one UPDATE per row sent on a reserved connection without waiting for the previous answer, at most --pipeline-depth in flight: postgres.js pipelines them on the one connection.',
  notes: [PIPELINE_NOTE, COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 2, context.counters, context.pipelineDepth);
    const writer = await sql.reserve();
    return {
      async run() {
        const inFlight = new InFlight(context.pipelineDepth);
        for await (const rows of sql.unsafe<PostgresJsRow[]>(`SELECT id, data FROM ${TABLE} ORDER BY id`).cursor(context.batchSize)) {
          for (const row of rows) {
            context.rowsProcessed(1);
            // postgres.js queries are lazy: .execute() sends it now.
            await inFlight.add(writer.unsafe(ROW_UPDATE_SQL, [computeField(row.data), row.id]).execute());
          }
        }
        await inFlight.drain();
      },
      async close() {
        writer.release();
        await sql.end();
      },
    };
  },
});
