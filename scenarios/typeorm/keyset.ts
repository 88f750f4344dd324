import type { ScenarioDefinition } from '../types.js';
import { computeField, UpdateBatch } from '../workload.js';
import { connectTypeorm, flushBatch } from './connect.js';

const scenario: ScenarioDefinition = {
  library: 'typeorm',
  strategy: 'keyset',
  version: 1,
  support: 'native',
  how: "Seek pagination with repository.find({ where: { id: MoreThan(last) }, order: { id: 'ASC' }, take: --batch-size }) (entities), one unnest UPDATE with dataSource.query per page.",
  async setup(context) {
    const { MoreThan } = await import('typeorm');
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        let lastId = 0;
        for (;;) {
          const entities = await rows.find({ where: { id: MoreThan(lastId) }, order: { id: 'ASC' }, take: context.batchSize });
          if (entities.length === 0) break;
          context.rowsProcessed(entities.length);
          for (const entity of entities) batch.add(entity.id, computeField(entity.data));
          await flushBatch(dataSource, batch);
          lastId = entities[entities.length - 1]!.id;
        }
      },
      close: () => dataSource.destroy(),
    };
  },
};
export default scenario;
