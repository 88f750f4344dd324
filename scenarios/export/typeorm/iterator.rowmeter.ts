import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectTypeorm, STREAM_BATCH_NOTE, STREAM_RAW_NOTE, type RawStreamRow } from './connect.js';

export default defineScenario({
  name: 'export/typeorm/iterator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'typeorm', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: "repository.createQueryBuilder('r').select(['r.id', 'r.data']).orderBy('r.id').stream() read with for await (raw rows); each row JSON.stringify-ed into the file.",
  notes: [STREAM_BATCH_NOTE, STREAM_RAW_NOTE],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const stream = await rows.createQueryBuilder('r').select(['r.id', 'r.data']).orderBy('r.id').stream();
          await writeLines(file, stream as AsyncIterable<RawStreamRow>, (row) => ndjsonLine({ id: row.r_id, data: row.r_data }), context);
        });
      },
      close: () => dataSource.destroy(),
    };
  },
});
