import { defineScenario } from '../../../harness/api/index.js';
import { NARROW_SELECT_SQL, ndjsonTextLine, withExportFile, writeLines, type ExportTextRow } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'export/pg/narrow',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'pg', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: 'server-cursor (pg-cursor read(--batch-size)) selecting id, data::text: each line is built by string concatenation, no document is parsed or stringified.',
  async setup(context) {
    const { default: Cursor } = await import('pg-cursor');
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const cursor = client.query(new Cursor<ExportTextRow>(NARROW_SELECT_SQL));
          for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
            await writeLines(file, rows, ndjsonTextLine, context);
          }
          await cursor.close();
        });
      },
      close: () => client.end(),
    };
  },
});
