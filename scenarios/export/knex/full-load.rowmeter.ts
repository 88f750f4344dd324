import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, TABLE, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectKnex } from './connect.js';

export default defineScenario({
  name: 'export/knex/full-load',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'knex', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "knex(table).select('id', 'data').orderBy('id') buffers every row (pg parses each jsonb), then each row is JSON.stringify-ed into the file.",
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const rows: ExportRow[] = await db(TABLE).select('id', 'data').orderBy('id');
          await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => db.destroy(),
    };
  },
});
