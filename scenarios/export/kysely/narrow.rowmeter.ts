import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonTextLine, withExportFile, writeLines } from '../workload.js';
import { connectKysely, STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/kysely/narrow',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'kysely', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: ".select(['id', sql<string>`data::text`.as('data')]).orderBy('id').stream(--batch-size): each line built by string concatenation, no document parsed or stringified.",
  notes: [STREAM_NOTE],
  async setup(context) {
    const { sql } = await import('kysely');
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          writeLines(file, db.selectFrom('rowmeter_rows').select(['id', sql<string>`data::text`.as('data')]).orderBy('id').stream(context.batchSize), ndjsonTextLine, context),
        );
      },
      close,
    };
  },
});
