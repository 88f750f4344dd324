import { defineScenario } from '../../../harness/api/index.js';
import { cursorBatches, ndjsonLine, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectDrizzle } from './connect.js';

export default defineScenario({
  name: 'export/drizzle/server-cursor',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'drizzle', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'drizzle has no cursor API: inside db.transaction, tx.execute(sql.raw(…)) DECLARE … NO SCROLL CURSOR, then FETCH --batch-size until empty; each row JSON.stringify-ed into the file.',
  notes: ['Each FETCH is one counted query, plus BEGIN, DECLARE, CLOSE and COMMIT.'],
  async setup(context) {
    const { sql } = await import('drizzle-orm');
    const { db, pool } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          db.transaction(async (tx) => {
            const batches = cursorBatches<ExportRow>(context.batchSize, {
              execute: (statement) => tx.execute(sql.raw(statement)),
              fetch: async (statement) => (await tx.execute(sql.raw(statement))).rows as unknown as ExportRow[],
            });
            for await (const rows of batches) await writeLines(file, rows, ndjsonLine, context);
          }),
        );
      },
      close: () => pool.end(),
    };
  },
});
