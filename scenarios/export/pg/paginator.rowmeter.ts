import { defineScenario } from '../../../harness/api/index.js';
import { EXPORT_COLUMNS_SQL, ndjsonLine, TABLE, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'export/pg/paginator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'pg', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: 'Pages of --batch-size rows with ORDER BY id LIMIT/OFFSET until a short page; each row JSON.stringify-ed into the file.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for (let offset = 0; ; offset += context.batchSize) {
            const { rows } = await client.query<ExportRow>(`SELECT ${EXPORT_COLUMNS_SQL} FROM ${TABLE} ORDER BY id LIMIT $1 OFFSET $2`, [context.batchSize, offset]);
            await writeLines(file, rows, ndjsonLine, context);
            if (rows.length < context.batchSize) break;
          }
        });
      },
      close: () => client.end(),
    };
  },
});
