import type { ScenarioDefinition } from '../types.js';
import { computeField, UpdateBatch } from '../workload.js';
import { backfillInput, connectPrisma, CURSOR_OPTION_NOTE, flushBatch, NO_STREAM_NOTE } from './connect.js';

const scenario: ScenarioDefinition = {
  library: 'prisma',
  strategy: 'iterator-bulk',
  version: 1,
  support: 'emulated',
  how: "No stream in Prisma: a keyset findMany loop ({ where: { id: { gt: last } }, orderBy: { id: 'asc' }, take: --batch-size }) handing rows over one by one; every --batch-size rows one unnest UPDATE with $executeRawUnsafe.",
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
        let lastId = 0;
        for (;;) {
          const rows = await prisma.row.findMany({ where: { id: { gt: lastId } }, orderBy: { id: 'asc' }, take: context.batchSize });
          if (rows.length === 0) break;
          for (const row of rows) {
            context.rowsProcessed(1);
            batch.add(row.id, computeField(backfillInput(row.data)));
            if (batch.size >= context.batchSize) await flushBatch(prisma, batch);
          }
          lastId = rows[rows.length - 1]!.id;
        }
        await flushBatch(prisma, batch);
      },
      close: () => prisma.$disconnect(),
    };
  },
};
export default scenario;
