import { defineScenario } from '../../../harness/api/index.js';
import { NARROW_SELECT_SQL, ndjsonTextLine, withExportFile, writeLines, type ExportTextRow } from '../workload.js';
import { connectSequelize, NO_STREAM_NOTE, withPgConnection } from './connect.js';

export default defineScenario({
  name: 'export/sequelize/narrow',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'sequelize', strategy: 'narrow' },
  version: 1,
  support: 'emulated',
  description: "sequelize has no cursor: pg-cursor read(--batch-size) on the pg client behind one of its pooled connections over SELECT id, data::text AS data; each line built by string concatenation.",
  notes: [NO_STREAM_NOTE],
  async setup(context) {
    const { default: Cursor } = await import('pg-cursor');
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, (file) =>
          withPgConnection(sequelize, async (client) => {
            const cursor = client.query(new Cursor<ExportTextRow>(NARROW_SELECT_SQL));
            for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
              await writeLines(file, rows, ndjsonTextLine, context);
            }
            await cursor.close();
          }),
        );
      },
      close: () => sequelize.close(),
    };
  },
});
