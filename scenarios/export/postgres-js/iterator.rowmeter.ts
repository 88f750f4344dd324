import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, CURSOR_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/postgres-js/iterator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'postgres-js', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: 'for await over sql.unsafe(SELECT id, data … ORDER BY id).cursor(--batch-size), each row JSON.stringify-ed into the file as it comes.',
  notes: [CURSOR_NOTE, COUNTING_NOTE],
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
