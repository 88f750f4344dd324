import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, TABLE, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectKnex, STREAM_TRANSFORM_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/knex/iterator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'knex', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: ".select('id', 'data').orderBy('id').stream({ batchSize: --batch-size }) (pg-query-stream underneath) read with for await; each row JSON.stringify-ed into the file.",
  notes: [STREAM_TRANSFORM_NOTE],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const stream = db(TABLE).select('id', 'data').orderBy('id').stream({ batchSize: context.batchSize });
          await writeLines(file, stream as AsyncIterable<ExportRow>, ndjsonLine, context);
        });
      },
      close: () => db.destroy(),
    };
  },
});
