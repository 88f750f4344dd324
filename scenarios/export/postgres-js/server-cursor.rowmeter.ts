import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, CURSOR_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/postgres-js/server-cursor',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'postgres-js', strategy: 'server-cursor' },
  version: 1,
  support: 'native',
  description: "sql.unsafe(SELECT id, data … ORDER BY id).cursor(--batch-size): a server-side portal read --batch-size rows at a time, each batch written before the next is fetched.",
  notes: [CURSOR_NOTE, "postgres.js's only stream is this cursor, so its iterator and server-cursor read the same way.", COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for await (const rows of sql.unsafe<ExportRow[]>(SELECT_ROWS_SQL).cursor(context.batchSize)) await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => sql.end(),
    };
  },
});
