import { defineScenario } from '../../../harness/api/index.js';
import { NARROW_COLUMNS_SQL, ndjsonTextLine, TABLE, withExportFile, writeLines, type ExportTextRow } from '../workload.js';
import { connectKnex, STREAM_TRANSFORM_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/knex/narrow',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'knex', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: "iterator (.stream({ batchSize: --batch-size })) selecting knex.raw('id, data::text AS data'): each line is built by string concatenation, no document is parsed or stringified.",
  notes: [STREAM_TRANSFORM_NOTE],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const stream = db(TABLE).select(db.raw(NARROW_COLUMNS_SQL)).orderBy('id').stream({ batchSize: context.batchSize });
          await writeLines(file, stream as AsyncIterable<ExportTextRow>, ndjsonTextLine, context);
        });
      },
      close: () => db.destroy(),
    };
  },
});
