import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectKysely } from './connect.js';

export default defineScenario({
  name: 'export/kysely/paginator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'kysely', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: ".orderBy('id').limit(--batch-size).offset(k) pages, each row JSON.stringify-ed into the file.",
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for (let offset = 0; ; offset += context.batchSize) {
            const rows = await db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').limit(context.batchSize).offset(offset).execute();
            await writeLines(file, rows, ndjsonLine, context);
            if (rows.length < context.batchSize) break;
          }
        });
      },
      close,
    };
  },
});
