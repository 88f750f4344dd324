import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, TABLE, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectKnex } from './connect.js';

export default defineScenario({
  name: 'export/knex/paginator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'knex', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size rows with .orderBy('id').limit(n).offset(k) (LIMIT/OFFSET) until a short page; each row JSON.stringify-ed into the file.",
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for (let offset = 0; ; offset += context.batchSize) {
            const rows: ExportRow[] = await db(TABLE).select('id', 'data').orderBy('id').limit(context.batchSize).offset(offset);
            await writeLines(file, rows, ndjsonLine, context);
            if (rows.length < context.batchSize) break;
          }
        });
      },
      close: () => db.destroy(),
    };
  },
});
