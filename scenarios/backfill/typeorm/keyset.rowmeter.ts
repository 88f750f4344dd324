import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, UpdateBatch } from '../workload.js';
import { connectTypeorm, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/keyset',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: "Seek pagination with repository.find({ where: { id: MoreThan(last) }, order: { id: 'ASC' }, take: --batch-size }) (entities), one unnest UPDATE with dataSource.query per page.",
  async setup(context) {
    const { MoreThan } = await import('typeorm');
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, (afterId, limit) => rows.find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit }));
        for await (const entities of pages) {
          context.rowsProcessed(entities.length);
          for (const entity of entities) batch.add(entity.id, computeField(entity.data));
          await flushBatch(dataSource, batch);
        }
      },
      close: () => dataSource.destroy(),
    };
  },
});
