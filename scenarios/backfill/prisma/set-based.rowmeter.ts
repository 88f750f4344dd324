import { defineScenario } from '../../../harness/api/index.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectPrisma } from './connect.js';

export default defineScenario({
  name: 'backfill/prisma/set-based',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'set-based' },
  version: 1,
  support: 'native',
  description: "$executeRawUnsafe(SET_BASED_UPDATE_SQL): one server-side UPDATE … SET field = <the computation in SQL>; raw SQL is Prisma's own API for this, no row reaches the client.",
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        context.rowsProcessed(await prisma.$executeRawUnsafe(SET_BASED_UPDATE_SQL));
      },
      close: () => prisma.$disconnect(),
    };
  },
});
