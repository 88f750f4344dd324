import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectTypeorm } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/full-load',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "repository.find({ order: { id: 'ASC' } }) loads every row as an entity, then one repository.update(id, { field }) per row.",
  notes: ['find() holds the raw pg rows and the entities built from them at the same time (two copies at peak).'],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        const entities = await rows.find({ order: { id: 'ASC' } });
        for (const entity of entities) {
          context.rowsProcessed(1);
          await rows.update(entity.id, { field: computeField(entity.data) });
        }
      },
      close: () => dataSource.destroy(),
    };
  },
});
