import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectTypeorm, EXPORT_SELECT } from './connect.js';

export default defineScenario({
  name: 'export/typeorm/paginator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'typeorm', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size entities with repository.find({ select: { id, data }, order: { id: 'ASC' }, skip, take }) (LIMIT/OFFSET: no joins) until a short page; each JSON.stringify-ed into the file.",
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for (let skip = 0; ; skip += context.batchSize) {
            const entities = await rows.find({ select: EXPORT_SELECT, order: { id: 'ASC' }, skip, take: context.batchSize });
            await writeLines(file, entities, ndjsonLine, context);
            if (entities.length < context.batchSize) break;
          }
        });
      },
      close: () => dataSource.destroy(),
    };
  },
});
