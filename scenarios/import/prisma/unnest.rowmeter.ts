import { defineScenario } from '../../../harness/api/index.js';
import { batches, textRows, UNNEST_INSERT_SQL, unnestParameters } from '../workload.js';
import { connectPrisma } from '../../libraries/prisma.js';

export default defineScenario({
  name: 'import/prisma/unnest',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'prisma', strategy: 'unnest' },
  version: 1,
  support: 'native',
  description: '$executeRawUnsafe(INSERT … SELECT * FROM unnest($1::int[], $2::jsonb[], $3::int[]), ids, documents, fields) per --batch-size rows (the adapter hands the arrays to pg as they are).',
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          await prisma.$executeRawUnsafe(UNNEST_INSERT_SQL, ...unnestParameters(batch));
          context.rowsProcessed(batch.length);
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
