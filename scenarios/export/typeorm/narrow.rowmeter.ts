import { defineScenario } from '../../../harness/api/index.js';
import { NARROW_COLUMNS_SQL, ndjsonTextLine, withExportFile, writeLines, type ExportTextRow } from '../workload.js';
import { connectTypeorm, STREAM_BATCH_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/typeorm/narrow',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'typeorm', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: "iterator (query builder stream()) with .select('id, data::text AS data'): each line is built by string concatenation, no document is parsed or stringified.",
  notes: [STREAM_BATCH_NOTE],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const stream = await rows.createQueryBuilder('r').select(NARROW_COLUMNS_SQL).orderBy('r.id').stream();
          await writeLines(file, stream as AsyncIterable<ExportTextRow>, ndjsonTextLine, context);
        });
      },
      close: () => dataSource.destroy(),
    };
  },
});
