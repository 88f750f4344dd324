import { defineScenario } from '../../../harness/api/index.js';
import { computeField, ROW_UPDATE_SQL, TABLE, type BackfillInput } from '../workload.js';
import { connectClient } from './connect.js';
import { InFlight } from '../pipeline.js';

export default defineScenario({
  name: 'backfill/pg/pipelined',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'pipelined' },
  version: 1,
  support: 'native',
  description: 'Rows from pg-cursor read(--batch-size) on one client; one UPDATE per row on a second client made with { pipeline: true }, sent without waiting for the previous answer, at most --pipeline-depth in flight.',
  notes: [
    'A pipelined pg client refuses cursors and streams, so the rows come from a second, ordinary client.',
    'Pipelining trades round trips for memory: every query in flight is held by the client until its answer arrives, and the server queues its answers.',
  ],
  async setup(context) {
    const [{ default: pgModule }, { default: Cursor }] = await Promise.all([import('pg'), import('pg-cursor')]);
    const reader = await connectClient(context.databaseUrl);
    const writer = new pgModule.Client({ connectionString: context.databaseUrl, pipeline: true } as ConstructorParameters<typeof pgModule.Client>[0]);
    await writer.connect();
    return {
      async run() {
        const cursor = reader.query(new Cursor<{ id: number; data: BackfillInput }>(`SELECT id, data FROM ${TABLE} ORDER BY id`));
        const inFlight = new InFlight(context.pipelineDepth);
        for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
          for (const row of rows) {
            context.rowsProcessed(1);
            await inFlight.add(writer.query(ROW_UPDATE_SQL, [computeField(row.data), row.id]));
          }
        }
        await inFlight.drain();
        await cursor.close();
      },
      async close() {
        await Promise.all([reader.end(), writer.end()]);
      },
    };
  },
});
