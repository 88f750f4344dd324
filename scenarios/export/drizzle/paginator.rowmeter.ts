import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectDrizzle } from './connect.js';

export default defineScenario({
  name: 'export/drizzle/paginator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'drizzle', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: '.orderBy(rows.id).limit(--batch-size).offset(k) pages, each row JSON.stringify-ed into the file.',
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for (let offset = 0; ; offset += context.batchSize) {
            const rows = await db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).orderBy(tables.rows.id).limit(context.batchSize).offset(offset);
            await writeLines(file, rows, ndjsonLine, context);
            if (rows.length < context.batchSize) break;
          }
        });
      },
      close: () => pool.end(),
    };
  },
});
