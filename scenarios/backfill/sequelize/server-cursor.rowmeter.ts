import { defineScenario } from '../../../harness/api/index.js';
import { computeField, cursorBatches, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectSequelize, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/server-cursor',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'sequelize has no cursor API: inside sequelize.transaction, raw SQL through sequelize.query(…, { transaction }): DECLARE … NO SCROLL CURSOR, then FETCH --batch-size (type SELECT) and one unnest UPDATE per fetch, all on one connection.',
  notes: ['One connection: a SQL cursor lives in its transaction, so the updates share it. Each FETCH is one counted query.'],
  async setup(context) {
    const { QueryTypes } = await import('sequelize');
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        await sequelize.transaction(async (transaction) => {
          const batch = new UpdateBatch();
          const batches = cursorBatches<{ id: number; data: BackfillInput }>(context.batchSize, {
            execute: (statement) => sequelize.query(statement, { transaction }),
            fetch: (statement) => sequelize.query<{ id: number; data: BackfillInput }>(statement, { transaction, type: QueryTypes.SELECT }),
          });
          for await (const rows of batches) {
            context.rowsProcessed(rows.length);
            for (const row of rows) batch.add(row.id, computeField(row.data));
            await flushBatch(sequelize, batch, transaction);
          }
        });
      },
      close: () => sequelize.close(),
    };
  },
});
