import type { ScenarioDefinition } from '../../types.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectPrisma } from './connect.js';

const scenario: ScenarioDefinition = {
  workload: 'backfill',
  library: 'prisma',
  strategy: 'set-based',
  version: 1,
  support: 'native',
  how: "$executeRawUnsafe(SET_BASED_UPDATE_SQL): one server-side UPDATE … SET field = <the computation in SQL>; raw SQL is Prisma's own API for this, no row reaches the client.",
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        context.rowsProcessed(await prisma.$executeRawUnsafe(SET_BASED_UPDATE_SQL));
      },
      close: () => prisma.$disconnect(),
    };
  },
};
export default scenario;
