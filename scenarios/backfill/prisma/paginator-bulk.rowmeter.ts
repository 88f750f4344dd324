import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch } from '../workload.js';
import { backfillInput, connectPrisma, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/prisma/paginator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'paginator-bulk' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size rows with findMany({ orderBy: { id: 'asc' }, skip, take }) (LIMIT/OFFSET), one unnest UPDATE with $executeRawUnsafe per page.",
  notes: ['updateMany cannot set a different value per row (prisma #6862), so the bulk write is raw SQL.'],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const batch = new UpdateBatch();
        for (let skip = 0; ; skip += context.batchSize) {
          const rows = await prisma.row.findMany({ orderBy: { id: 'asc' }, skip, take: context.batchSize });
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(backfillInput(row.data)));
          await flushBatch(prisma, batch);
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
