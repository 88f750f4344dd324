import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, type BackfillInput } from '../workload.js';
import { InFlight } from '../pipeline.js';

export default defineScenario({
  name: 'backfill/drizzle/pipelined',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'pipelined' },
  version: 1,
  support: 'emulated',
  description: "drizzle has no pipelining of its own, but runs on any pg client it is given: here one made with { pipeline: true }, so its builder's db.update(rows).set({ field }).where(eq(rows.id, id)) go out without waiting for the previous answer, at most --pipeline-depth in flight; rows from pg-cursor on a second client.",
  notes: ['Pipelining trades round trips for memory: every query in flight is held by the client until its answer arrives.'],
  async setup(context) {
    const [{ drizzle }, { eq }, { default: pgModule }, { default: Cursor }, { drizzleTables }] = await Promise.all([
      import('drizzle-orm/node-postgres'),
      import('drizzle-orm'),
      import('pg'),
      import('pg-cursor'),
      import('../../libraries/drizzle.js'),
    ]);
    const reader = new pgModule.Client({ connectionString: context.databaseUrl });
    const writer = new pgModule.Client({ connectionString: context.databaseUrl, pipeline: true } as ConstructorParameters<typeof pgModule.Client>[0]);
    await Promise.all([reader.connect(), writer.connect()]);
    const tables = await drizzleTables();
    const db = drizzle({ client: writer });
    return {
      async run() {
        const cursor = reader.query(new Cursor<{ id: number; data: BackfillInput }>(`SELECT id, data FROM ${TABLE} ORDER BY id`));
        const inFlight = new InFlight(context.pipelineDepth);
        for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
          for (const row of rows) {
            context.rowsProcessed(1);
            await inFlight.add(db.update(tables.rows).set({ field: computeField(row.data) }).where(eq(tables.rows.id, row.id)).execute());
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
