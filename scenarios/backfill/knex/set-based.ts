import type { ScenarioDefinition } from '../../types.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectKnex } from './connect.js';

const scenario: ScenarioDefinition = {
  workload: 'backfill',
  library: 'knex',
  strategy: 'set-based',
  version: 1,
  support: 'native',
  how: 'knex.raw(SET_BASED_UPDATE_SQL): one server-side UPDATE … SET field = <the computation in SQL>; raw SQL is knex\'s own API for this, no row reaches the client.',
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
};
export default scenario;
