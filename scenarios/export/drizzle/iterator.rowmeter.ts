import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectDrizzle, NO_ITERATOR_NOTE, withPoolClient } from './connect.js';

export default defineScenario({
  name: 'export/drizzle/iterator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'drizzle', strategy: 'iterator' },
  version: 1,
  support: 'emulated',
  description: "drizzle has no iterator on PostgreSQL: the query its builder makes (db.select({ id, data }).from(rows).orderBy(rows.id).toSQL()) runs through pg-query-stream (batchSize = --batch-size) on a client of drizzle's own pg.Pool; each row written as it comes.",
  notes: [NO_ITERATOR_NOTE],
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        const query = db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).orderBy(tables.rows.id).toSQL();
        await withExportFile(context, (file) =>
          withPoolClient(pool, (client) => writeLines(file, client.query(new QueryStream(query.sql, query.params, { batchSize: context.batchSize })) as AsyncIterable<ExportRow>, ndjsonLine, context)),
        );
      },
      close: () => pool.end(),
    };
  },
});
