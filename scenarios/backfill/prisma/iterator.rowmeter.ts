import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages } from '../workload.js';
import { backfillInput, connectPrisma, CURSOR_OPTION_NOTE, NO_STREAM_NOTE, updateRow, UPDATE_RETURNING_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/prisma/iterator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'iterator' },
  version: 1,
  support: 'emulated',
  description: "No stream in Prisma: a keyset findMany loop ({ where: { id: { gt: last } }, orderBy: { id: 'asc' }, take: --batch-size }) handing rows over one by one, with one prisma.row.update per row.",
  notes: [NO_STREAM_NOTE, CURSOR_OPTION_NOTE, UPDATE_RETURNING_NOTE],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const pages = keysetPages(context.batchSize, (afterId, limit) => prisma.row.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit }));
        for await (const rows of pages) {
          for (const row of rows) {
            context.rowsProcessed(1);
            await updateRow(prisma, row.id, computeField(backfillInput(row.data)));
          }
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
