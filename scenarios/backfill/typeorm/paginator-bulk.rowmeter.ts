import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch } from '../workload.js';
import { connectTypeorm, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/paginator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'paginator-bulk' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size entities with repository.find({ order: { id: 'ASC' }, skip, take }) (LIMIT/OFFSET), one unnest UPDATE with dataSource.query per page.",
  notes: ["Not save(entities): it reloads the page with SELECT … IN and issues one UPDATE per changed entity in a transaction; upsert with a generated id inserts new rows (typeorm #11556)."],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        for (let skip = 0; ; skip += context.batchSize) {
          const entities = await rows.find({ order: { id: 'ASC' }, skip, take: context.batchSize });
          context.rowsProcessed(entities.length);
          for (const entity of entities) batch.add(entity.id, computeField(entity.data));
          await flushBatch(dataSource, batch);
          if (entities.length < context.batchSize) break;
        }
      },
      close: () => dataSource.destroy(),
    };
  },
});
