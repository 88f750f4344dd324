import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, UpdateBatch } from '../workload.js';
import { backfillInput, connectPrisma, CURSOR_OPTION_NOTE, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/prisma/keyset',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: "Seek pagination with findMany({ where: { id: { gt: last } }, orderBy: { id: 'asc' }, take: --batch-size }), one unnest UPDATE with $executeRawUnsafe per page.",
  notes: [CURSOR_OPTION_NOTE, 'Prisma emits take as LIMIT $n OFFSET 0.'],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, (afterId, limit) => prisma.row.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit }));
        for await (const rows of pages) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(backfillInput(row.data)));
          await flushBatch(prisma, batch);
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
