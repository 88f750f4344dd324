import { defineScenario } from '../../../harness/api/index.js';
import { cursorBatches, ndjsonLine, withExportFile, writeLines, type ExportRow } from '../workload.js';
import { connectPrisma, TRANSACTION_MAX_WAIT_MS, TRANSACTION_TIMEOUT_MS } from './connect.js';

export default defineScenario({
  name: 'export/prisma/server-cursor',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'prisma', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'Prisma has no cursor API: inside $transaction(async tx => …), tx.$executeRawUnsafe DECLAREs a NO SCROLL cursor, then tx.$queryRawUnsafe FETCHes --batch-size rows until empty; each row JSON.stringify-ed into the file.',
  notes: ['Each FETCH is one counted query, plus BEGIN, DECLARE, CLOSE and COMMIT.', 'The interactive transaction gets timeout = 24 h (default 5 s) and maxWait = 60 s.'],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, (file) =>
          prisma.$transaction(
            async (tx) => {
              const batches = cursorBatches<ExportRow>(context.batchSize, {
                execute: (sql) => tx.$executeRawUnsafe(sql),
                fetch: (sql) => tx.$queryRawUnsafe(sql),
              });
              for await (const rows of batches) await writeLines(file, rows, ndjsonLine, context);
            },
            { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_MAX_WAIT_MS },
          ),
        );
      },
      close: () => prisma.$disconnect(),
    };
  },
});
