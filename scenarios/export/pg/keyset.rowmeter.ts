import { defineScenario } from '../../../harness/api/index.js';
import { EXPORT_COLUMNS_SQL, keysetPages, ndjsonLine, TABLE, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'export/pg/keyset',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'pg', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: 'Seek pagination: WHERE id > last ORDER BY id LIMIT --batch-size until an empty page; each row JSON.stringify-ed into the file.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, async (afterId, limit) =>
            (await client.query<ExportRow>(`SELECT ${EXPORT_COLUMNS_SQL} FROM ${TABLE} WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit])).rows,
          );
          for await (const rows of pages) await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => client.end(),
    };
  },
});
