import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectKysely, STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/kysely/iterator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'kysely', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: "for await over db.selectFrom(…).select(['id', 'data']).orderBy('id').stream(--batch-size), each row JSON.stringify-ed into the file as it comes.",
  notes: [STREAM_NOTE],
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          writeLines(file, db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').stream(context.batchSize), ndjsonLine, context),
        );
      },
      close,
    };
  },
});
