import { defineScenario } from '../../../harness/api/index.js';
import { cursorBatches, ndjsonLine, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectSequelize } from './connect.js';

export default defineScenario({
  name: 'export/sequelize/server-cursor',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'sequelize', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'sequelize has no cursor API: inside sequelize.transaction, sequelize.query DECLARE … NO SCROLL CURSOR, then FETCH --batch-size (type SELECT) until empty; each row JSON.stringify-ed into the file.',
  notes: ['Each FETCH is one counted query, plus BEGIN, DECLARE, CLOSE and COMMIT.'],
  async setup(context) {
    const { QueryTypes } = await import('sequelize');
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          sequelize.transaction(async (transaction) => {
            const batches = cursorBatches<ExportRow>(context.batchSize, {
              execute: (statement) => sequelize.query(statement, { transaction }),
              fetch: (statement) => sequelize.query<ExportRow>(statement, { transaction, type: QueryTypes.SELECT }),
            });
            for await (const rows of batches) await writeLines(file, rows, ndjsonLine, context);
          }),
        );
      },
      close: () => sequelize.close(),
    };
  },
});
