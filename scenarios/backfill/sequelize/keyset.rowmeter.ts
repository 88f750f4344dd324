import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, UpdateBatch } from '../workload.js';
import { connectSequelize, flushBatch, INSTANCES_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/keyset',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: "Row.findAll({ where: { id: { [Op.gt]: last } }, order: [['id', 'ASC']], limit: --batch-size }) pages, one unnest UPDATE per page.",
  notes: [INSTANCES_NOTE],
  async setup(context) {
    const { Op } = await import('sequelize');
    const { sequelize, Row } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, async (afterId, limit) =>
          (await Row.findAll({ attributes: ['id', 'data'], where: { id: { [Op.gt]: afterId } }, order: [['id', 'ASC']], limit })).map((row) => ({ id: row.getDataValue('id'), data: row.getDataValue('data') })),
        );
        for await (const rows of pages) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(sequelize, batch);
        }
      },
      close: () => sequelize.close(),
    };
  },
});
