import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectTypeorm, EXPORT_SELECT } from './connect.js';

export default defineScenario({
  name: 'export/typeorm/full-load',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'typeorm', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "repository.find({ select: { id, data }, order: { id: 'ASC' } }) loads every row as an entity, then each entity's { id, data } is JSON.stringify-ed into the file.",
  notes: ['find() holds the raw pg rows and the entities built from them at the same time (two copies at peak).'],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const entities = await rows.find({ select: EXPORT_SELECT, order: { id: 'ASC' } });
          await writeLines(file, entities, ndjsonLine, context);
        });
      },
      close: () => dataSource.destroy(),
    };
  },
});
