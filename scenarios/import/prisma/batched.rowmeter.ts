import { defineScenario } from '../../../harness/api/index.js';
import { batches, objectRows } from '../workload.js';
import { connectPrisma, jsonInput } from '../../libraries/prisma.js';

export default defineScenario({
  name: 'import/prisma/batched',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'prisma', strategy: 'batched' },
  version: 1,
  support: 'native',
  description: 'importRow.createMany({ data: batch }) per --batch-size rows.',
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        for (const batch of batches(objectRows(context.rows, context.payloadBytes), context.batchSize)) {
          await prisma.importRow.createMany({ data: batch.map((row) => ({ id: row.id, data: jsonInput(row.data), field: row.field })) });
          context.rowsProcessed(batch.length);
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
