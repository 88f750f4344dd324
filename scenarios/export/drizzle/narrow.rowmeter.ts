import { defineScenario } from '../../../harness/api/index.js';
import { NARROW_SELECT_SQL, ndjsonTextLine, withExportFile, writeLines, type ExportTextRow } from '../workload.js';
import { connectDrizzle, NO_ITERATOR_NOTE, withPoolClient } from './connect.js';

export default defineScenario({
  name: 'export/drizzle/narrow',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'drizzle', strategy: 'narrow' },
  version: 1,
  support: 'emulated',
  description: "drizzle has no cursor: pg-cursor read(--batch-size) on a client of drizzle's pg.Pool over SELECT id, data::text AS data; each line built by string concatenation.",
  notes: [NO_ITERATOR_NOTE],
  async setup(context) {
    const { default: Cursor } = await import('pg-cursor');
    const { pool } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          withPoolClient(pool, async (client) => {
            const cursor = client.query(new Cursor<ExportTextRow>(NARROW_SELECT_SQL));
            for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
              await writeLines(file, rows, ndjsonTextLine, context);
            }
            await cursor.close();
          }),
        );
      },
      close: () => pool.end(),
    };
  },
});
