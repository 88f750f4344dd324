import type { ScenarioDefinition } from '../types.js';
import { computeField, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectPrisma, fetchCount, flushBatch } from './connect.js';

/** Interactive transactions time out after 5 s by default; a backfill takes as long as it takes. */
const TRANSACTION_TIMEOUT_MS = 24 * 60 * 60 * 1000;
const TRANSACTION_MAX_WAIT_MS = 60 * 1000;

const scenario: ScenarioDefinition = {
  library: 'prisma',
  strategy: 'server-cursor',
  version: 1,
  support: 'emulated',
  how: 'Prisma has no cursor API: inside $transaction(async tx => …), tx.$executeRawUnsafe DECLAREs a NO SCROLL cursor, then tx.$queryRawUnsafe FETCHes --batch-size rows and one unnest UPDATE per fetch runs on the same connection.',
  notes: [
    'One connection (pool max 1). Each FETCH is one counted query.',
    'The interactive transaction gets timeout = 24 h (default 5 s) and maxWait = 60 s.',
  ],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    const count = fetchCount(context.batchSize);
    return {
      async run() {
        await prisma.$transaction(
          async (tx) => {
            await tx.$executeRawUnsafe(`DECLARE rowmeter_cursor NO SCROLL CURSOR FOR SELECT id, data FROM ${TABLE} ORDER BY id`);
            const batch = new UpdateBatch();
            for (;;) {
              const rows = await tx.$queryRawUnsafe<Array<{ id: number; data: BackfillInput }>>(`FETCH ${count} FROM rowmeter_cursor`);
              if (rows.length === 0) break;
              context.rowsProcessed(rows.length);
              for (const row of rows) batch.add(row.id, computeField(row.data));
              await flushBatch(tx, batch);
            }
            await tx.$executeRawUnsafe('CLOSE rowmeter_cursor');
          },
          { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_MAX_WAIT_MS },
        );
      },
      close: () => prisma.$disconnect(),
    };
  },
};
export default scenario;
