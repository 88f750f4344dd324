import { defineScenario } from '../../../harness/api/index.js';
import { batches, IMPORT_TABLE, textRows, unnestParameters } from '../workload.js';
import { connectDrizzle } from '../../libraries/drizzle.js';

export default defineScenario({
  name: 'import/drizzle/unnest',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'drizzle', strategy: 'unnest' },
  version: 1,
  support: 'native',
  description: 'db.execute(sql`INSERT … SELECT * FROM unnest(${sql.param(ids)}::int[], ${sql.param(documents)}::jsonb[], ${sql.param(fields)}::int[])`) per --batch-size rows: three array parameters whatever the batch size (sql.param keeps an array one parameter).',
  async setup(context) {
    const { sql } = await import('drizzle-orm');
    const { db, pool } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          const [ids, documents, fields] = unnestParameters(batch);
          await db.execute(
            sql`INSERT INTO ${sql.raw(IMPORT_TABLE)} (id, data, field) SELECT * FROM unnest(${sql.param(ids)}::int[], ${sql.param(documents)}::jsonb[], ${sql.param(fields)}::int[])`,
          );
          context.rowsProcessed(batch.length);
        }
      },
      close: () => pool.end(),
    };
  },
});
