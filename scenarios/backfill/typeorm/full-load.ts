import type { ScenarioDefinition } from '../../types.js';
import { computeField } from '../workload.js';
import { connectTypeorm } from './connect.js';

const scenario: ScenarioDefinition = {
  workload: 'backfill',
  library: 'typeorm',
  strategy: 'full-load',
  version: 1,
  support: 'native',
  how: "repository.find({ order: { id: 'ASC' } }) loads every row as an entity, then one repository.update(id, { field }) per row.",
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
};
export default scenario;
