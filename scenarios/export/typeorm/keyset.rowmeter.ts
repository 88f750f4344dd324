import { defineScenario } from '../../../harness/api/index.js';
import { keysetPages, ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectTypeorm, EXPORT_SELECT } from './connect.js';

export default defineScenario({
  name: 'export/typeorm/keyset',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'typeorm', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: "Seek pagination with repository.find({ select: { id, data }, where: { id: MoreThan(last) }, order: { id: 'ASC' }, take: --batch-size }) until an empty page; each entity JSON.stringify-ed into the file.",
  async setup(context) {
    const { MoreThan } = await import('typeorm');
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, (afterId, limit) => rows.find({ select: EXPORT_SELECT, where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit }));
          for await (const entities of pages) await writeLines(file, entities, ndjsonLine, context);
        });
      },
      close: () => dataSource.destroy(),
    };
  },
});
