import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, SELECT_ROWS_SQL, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'export/pg/server-cursor',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'pg', strategy: 'server-cursor' },
  version: 1,
  support: 'native',
  description: 'pg-cursor read(--batch-size) until empty; each row JSON.stringify-ed into the file. One connection: nothing else runs while the cursor is open.',
  async setup(context) {
    const { default: Cursor } = await import('pg-cursor');
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const cursor = client.query(new Cursor<ExportRow>(SELECT_ROWS_SQL));
          for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
            await writeLines(file, rows, ndjsonLine, context);
          }
          await cursor.close();
        });
      },
      close: () => client.end(),
    };
  },
});
