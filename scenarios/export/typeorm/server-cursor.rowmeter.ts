import { defineScenario } from '../../../harness/api/index.js';
import { cursorBatches, ndjsonLine, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectTypeorm } from './connect.js';

export default defineScenario({
  name: 'export/typeorm/server-cursor',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'typeorm', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'typeorm has no cursor API: inside dataSource.transaction, manager.query runs DECLARE … NO SCROLL CURSOR, then FETCH --batch-size until empty; each row JSON.stringify-ed into the file.',
  notes: [
    'Each FETCH is one counted query, plus START TRANSACTION, DECLARE, CLOSE and COMMIT.',
    "typeorm's own streaming (stream(), a pg-query-stream portal of 100 rows) is measured as typeorm/iterator.",
  ],
  async setup(context) {
    const { dataSource } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          dataSource.transaction(async (manager) => {
            const batches = cursorBatches<ExportRow>(context.batchSize, {
              execute: (sql) => manager.query(sql),
              fetch: (sql) => manager.query(sql),
            });
            for await (const rows of batches) await writeLines(file, rows, ndjsonLine, context);
          }),
        );
      },
      close: () => dataSource.destroy(),
    };
  },
});
