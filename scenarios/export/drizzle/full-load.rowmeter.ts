import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectDrizzle } from './connect.js';

export default defineScenario({
  name: 'export/drizzle/full-load',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'drizzle', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: 'db.select({ id, data }).from(rows).orderBy(rows.id) buffers every row (each jsonb parsed), then each row is JSON.stringify-ed into the file.',
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) =>
          writeLines(file, await db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).orderBy(tables.rows.id), ndjsonLine, context),
        );
      },
      close: () => pool.end(),
    };
  },
});
