import { defineScenario } from '../../../harness/api/index.js';
import { computeField, cursorBatches, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectPrisma, flushBatch } from './connect.js';

/** Interactive transactions time out after 5 s by default; a backfill takes as long as it takes. */
const TRANSACTION_TIMEOUT_MS = 24 * 60 * 60 * 1000;
const TRANSACTION_MAX_WAIT_MS = 60 * 1000;

export default defineScenario({
  name: 'backfill/prisma/server-cursor',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'Prisma has no cursor API: inside $transaction(async tx => …), tx.$executeRawUnsafe DECLAREs a NO SCROLL cursor, then tx.$queryRawUnsafe FETCHes --batch-size rows and one unnest UPDATE per fetch runs on the same connection.',
  notes: [
    'One connection (pool max 1). Each FETCH is one counted query.',
    'The interactive transaction gets timeout = 24 h (default 5 s) and maxWait = 60 s.',
  ],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        await prisma.$transaction(
          async (tx) => {
            const batch = new UpdateBatch();
            const batches = cursorBatches<{ id: number; data: BackfillInput }>(context.batchSize, {
              execute: (sql) => tx.$executeRawUnsafe(sql),
              fetch: (sql) => tx.$queryRawUnsafe(sql),
            });
            for await (const rows of batches) {
              context.rowsProcessed(rows.length);
              for (const row of rows) batch.add(row.id, computeField(row.data));
              await flushBatch(tx, batch);
            }
          },
          { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_MAX_WAIT_MS },
        );
      },
      close: () => prisma.$disconnect(),
    };
  },
});
