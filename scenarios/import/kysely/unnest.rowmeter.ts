import { defineScenario } from '../../../harness/api/index.js';
import { batches, IMPORT_TABLE, textRows, unnestParameters } from '../workload.js';
import { connectKysely } from '../../libraries/kysely.js';

export default defineScenario({
  name: 'import/kysely/unnest',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'kysely', strategy: 'unnest' },
  version: 1,
  support: 'native',
  description: "sql`INSERT … SELECT * FROM unnest(${ids}::int[], ${documents}::jsonb[], ${fields}::int[])`.execute(db) per --batch-size rows: kysely's sql tag sends each array as one parameter, three whatever the batch size.",
  async setup(context) {
    const { sql } = await import('kysely');
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          const [ids, documents, fields] = unnestParameters(batch);
          await sql`INSERT INTO ${sql.table(IMPORT_TABLE)} (id, data, field) SELECT * FROM unnest(${ids}::int[], ${documents}::jsonb[], ${fields}::int[])`.execute(db);
          context.rowsProcessed(batch.length);
        }
      },
      close,
    };
  },
});
