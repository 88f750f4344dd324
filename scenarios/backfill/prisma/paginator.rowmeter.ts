import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { backfillInput, connectPrisma, updateRow, UPDATE_RETURNING_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/prisma/paginator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size rows with findMany({ orderBy: { id: 'asc' }, skip, take }) (LIMIT/OFFSET), one prisma.row.update per row.",
  notes: [UPDATE_RETURNING_NOTE],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        for (let skip = 0; ; skip += context.batchSize) {
          const rows = await prisma.row.findMany({ orderBy: { id: 'asc' }, skip, take: context.batchSize });
          for (const row of rows) {
            context.rowsProcessed(1);
            await updateRow(prisma, row.id, computeField(backfillInput(row.data)));
          }
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
