import { defineScenario } from '../../../harness/api/index.js';
import { cursorBatches, ndjsonLine, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectKnex } from './connect.js';

export default defineScenario({
  name: 'export/knex/server-cursor',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'knex', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'knex has no cursor API: inside knex.transaction, trx.raw DECLARE … NO SCROLL CURSOR, then FETCH --batch-size until empty; each row JSON.stringify-ed into the file.',
  notes: [
    'Each FETCH is one counted query, plus BEGIN, DECLARE, CLOSE and COMMIT.',
    "knex's own streaming (.stream(), a pg-cursor portal) is measured as knex/iterator.",
  ],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          db.transaction(async (trx) => {
            const batches = cursorBatches<ExportRow>(context.batchSize, {
              execute: (sql) => trx.raw(sql),
              fetch: async (sql) => ((await trx.raw(sql)) as { rows: ExportRow[] }).rows,
            });
            for await (const rows of batches) await writeLines(file, rows, ndjsonLine, context);
          }),
        );
      },
      close: () => db.destroy(),
    };
  },
});
