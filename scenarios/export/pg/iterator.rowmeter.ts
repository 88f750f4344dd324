import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'export/pg/iterator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'pg', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: 'pg-query-stream (batchSize = --batch-size) read with for await; each row JSON.stringify-ed into the file, waiting for drain when its buffer is full.',
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const stream = client.query(new QueryStream(SELECT_ROWS_SQL, [], { batchSize: context.batchSize }));
          await writeLines(file, stream as AsyncIterable<ExportRow>, ndjsonLine, context);
        });
      },
      close: () => client.end(),
    };
  },
});
