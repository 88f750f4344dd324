import { defineScenario } from '../../../harness/api/index.js';
import { EXPORT_COLUMNS_SQL, ndjsonLine, TABLE, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/postgres-js/paginator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'postgres-js', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: 'Pages of --batch-size rows with … ORDER BY id LIMIT $1 OFFSET $2, each row JSON.stringify-ed into the file.',
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for (let offset = 0; ; offset += context.batchSize) {
            const rows = await sql.unsafe<ExportRow[]>(`SELECT ${EXPORT_COLUMNS_SQL} FROM ${TABLE} ORDER BY id LIMIT $1 OFFSET $2`, [context.batchSize, offset]);
            await writeLines(file, rows, ndjsonLine, context);
            if (rows.length < context.batchSize) break;
          }
        });
      },
      close: () => sql.end(),
    };
  },
});
