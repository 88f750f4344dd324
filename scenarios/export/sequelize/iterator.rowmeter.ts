import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectSequelize, NO_STREAM_NOTE, withPgConnection } from './connect.js';

export default defineScenario({
  name: 'export/sequelize/iterator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'sequelize', strategy: 'iterator' },
  version: 1,
  support: 'emulated',
  description: "sequelize has no stream: pg-query-stream (batchSize = --batch-size) on the pg client behind one of its pooled connections (connectionManager.getConnection()); each row written as it comes.",
  notes: [NO_STREAM_NOTE],
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          withPgConnection(sequelize, (client) => writeLines(file, client.query(new QueryStream(SELECT_ROWS_SQL, [], { batchSize: context.batchSize })) as AsyncIterable<ExportRow>, ndjsonLine, context)),
        );
      },
      close: () => sequelize.close(),
    };
  },
});
