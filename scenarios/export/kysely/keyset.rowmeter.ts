import { defineScenario } from '../../../harness/api/index.js';
import { keysetPages, ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectKysely } from './connect.js';

export default defineScenario({
  name: 'export/kysely/keyset',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'kysely', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: ".where('id', '>', last).orderBy('id').limit(--batch-size) pages, each row JSON.stringify-ed into the file.",
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, (afterId, limit) =>
            db.selectFrom('rowmeter_rows').select(['id', 'data']).where('id', '>', afterId).orderBy('id').limit(limit).execute(),
          );
          for await (const rows of pages) await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close,
    };
  },
});
