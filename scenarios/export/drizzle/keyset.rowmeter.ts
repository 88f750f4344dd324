import { defineScenario } from '../../../harness/api/index.js';
import { keysetPages, ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectDrizzle } from './connect.js';

export default defineScenario({
  name: 'export/drizzle/keyset',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'drizzle', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: '.where(gt(rows.id, last)).orderBy(rows.id).limit(--batch-size) pages, each row JSON.stringify-ed into the file.',
  async setup(context) {
    const { gt } = await import('drizzle-orm');
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, (afterId, limit) =>
            db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).where(gt(tables.rows.id, afterId)).orderBy(tables.rows.id).limit(limit),
          );
          for await (const rows of pages) await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => pool.end(),
    };
  },
});
