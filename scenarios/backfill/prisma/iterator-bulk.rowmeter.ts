import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, UpdateBatch } from '../workload.js';
import { backfillInput, connectPrisma, CURSOR_OPTION_NOTE, flushBatch, NO_STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/prisma/iterator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'iterator-bulk' },
  version: 1,
  support: 'emulated',
  description: "No stream in Prisma: a keyset findMany loop ({ where: { id: { gt: last } }, orderBy: { id: 'asc' }, take: --batch-size }) handing rows over one by one; every --batch-size rows one unnest UPDATE with $executeRawUnsafe.",
  notes: [
    NO_STREAM_NOTE,
    'With pages and update batches of the same size this issues the same statements as prisma/keyset; it is listed so the cell is not missing.',
    CURSOR_OPTION_NOTE,
  ],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, (afterId, limit) => prisma.row.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit }));
        for await (const rows of pages) {
          for (const row of rows) {
            context.rowsProcessed(1);
            batch.add(row.id, computeField(backfillInput(row.data)));
            if (batch.size >= context.batchSize) await flushBatch(prisma, batch);
          }
        }
        await flushBatch(prisma, batch);
      },
      close: () => prisma.$disconnect(),
    };
  },
});
