import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectKysely } from './connect.js';

export default defineScenario({
  name: 'export/kysely/full-load',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'kysely', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').execute() buffers every row, then each row is JSON.stringify-ed into the file.",
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) =>
          writeLines(file, await db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').execute(), ndjsonLine, context),
        );
      },
      close,
    };
  },
});
