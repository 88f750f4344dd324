import { defineScenario } from '../../../harness/api/index.js';
import { keysetPages, ndjsonLine, TABLE, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectKnex } from './connect.js';

export default defineScenario({
  name: 'export/knex/keyset',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'knex', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: "Seek pagination with the query builder: .where('id', '>', last).orderBy('id').limit(--batch-size) until an empty page; each row JSON.stringify-ed into the file.",
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, (afterId, limit): Promise<ExportRow[]> =>
            db(TABLE).select('id', 'data').where('id', '>', afterId).orderBy('id').limit(limit),
          );
          for await (const rows of pages) await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => db.destroy(),
    };
  },
});
