import { defineScenario } from '../../../harness/api/index.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectKnex } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/set-based',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'set-based' },
  version: 1,
  support: 'native',
  description: 'knex.raw(SET_BASED_UPDATE_SQL): one server-side UPDATE … SET field = <the computation in SQL>; raw SQL is knex\'s own API for this, no row reaches the client.',
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        const result = (await db.raw(SET_BASED_UPDATE_SQL)) as { rowCount: number | null };
        context.rowsProcessed(result.rowCount ?? 0);
      },
      close: () => db.destroy(),
    };
  },
});
