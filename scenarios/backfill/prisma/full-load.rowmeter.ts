import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { backfillInput, connectPrisma, updateRow, UPDATE_RETURNING_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/prisma/full-load',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "prisma.row.findMany({ orderBy: { id: 'asc' } }) loads every row, then one prisma.row.update({ where: { id }, data: { field } }) per row.",
  notes: [UPDATE_RETURNING_NOTE],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const rows = await prisma.row.findMany({ orderBy: { id: 'asc' } });
        for (const row of rows) {
          context.rowsProcessed(1);
          await updateRow(prisma, row.id, computeField(backfillInput(row.data)));
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
