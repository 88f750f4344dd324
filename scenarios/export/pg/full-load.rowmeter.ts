import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'export/pg/full-load',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'pg', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: 'One query buffers every row in result.rows (each jsonb parsed to an object), then each row is JSON.stringify-ed into the file.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const { rows } = await client.query<ExportRow>(SELECT_ROWS_SQL);
          await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => client.end(),
    };
  },
});
