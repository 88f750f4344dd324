import type { ScenarioDefinition } from '../types.js';
import { computeField, UpdateBatch } from '../workload.js';
import { backfillInput, connectPrisma, CURSOR_OPTION_NOTE, flushBatch } from './connect.js';

const scenario: ScenarioDefinition = {
  library: 'prisma',
  strategy: 'keyset',
  version: 1,
  support: 'native',
  how: "Seek pagination with findMany({ where: { id: { gt: last } }, orderBy: { id: 'asc' }, take: --batch-size }), one unnest UPDATE with $executeRawUnsafe per page.",
  notes: [CURSOR_OPTION_NOTE, 'Prisma emits take as LIMIT $n OFFSET 0.'],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const batch = new UpdateBatch();
        let lastId = 0;
        for (;;) {
          const rows = await prisma.row.findMany({ where: { id: { gt: lastId } }, orderBy: { id: 'asc' }, take: context.batchSize });
          if (rows.length === 0) break;
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(backfillInput(row.data)));
          await flushBatch(prisma, batch);
          lastId = rows[rows.length - 1]!.id;
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
};
export default scenario;
