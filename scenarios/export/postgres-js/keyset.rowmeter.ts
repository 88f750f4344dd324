import { defineScenario } from '../../../harness/api/index.js';
import { EXPORT_COLUMNS_SQL, keysetPages, ndjsonLine, TABLE, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/postgres-js/keyset',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'postgres-js', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: 'Seek pages WHERE id > $1 ORDER BY id LIMIT $2, each row JSON.stringify-ed into the file.',
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, async (afterId, limit) => [
            ...(await sql.unsafe<ExportRow[]>(`SELECT ${EXPORT_COLUMNS_SQL} FROM ${TABLE} WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit])),
          ]);
          for await (const rows of pages) await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => sql.end(),
    };
  },
});
