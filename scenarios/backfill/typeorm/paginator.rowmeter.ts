import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectTypeorm } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/paginator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size entities with repository.find({ order: { id: 'ASC' }, skip, take }) (LIMIT/OFFSET: no joins), one repository.update(id, { field }) per row.",
  notes: ['find() with skip/take and no relations emits plain LIMIT/OFFSET; with joins it would first select distinct ids.'],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        for (let skip = 0; ; skip += context.batchSize) {
          const entities = await rows.find({ order: { id: 'ASC' }, skip, take: context.batchSize });
          for (const entity of entities) {
            context.rowsProcessed(1);
            await rows.update(entity.id, { field: computeField(entity.data) });
          }
          if (entities.length < context.batchSize) break;
        }
      },
      close: () => dataSource.destroy(),
    };
  },
});
