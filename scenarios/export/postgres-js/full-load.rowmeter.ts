import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/postgres-js/full-load',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'postgres-js', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: 'await sql.unsafe(SELECT id, data … ORDER BY id) buffers every row (postgres.js parses each jsonb), then each row is JSON.stringify-ed into the file.',
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        await withExportFile(context, async (file) => writeLines(file, await sql.unsafe<ExportRow[]>(SELECT_ROWS_SQL), ndjsonLine, context));
      },
      close: () => sql.end(),
    };
  },
});
