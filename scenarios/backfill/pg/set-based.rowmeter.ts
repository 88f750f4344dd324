import { defineScenario } from '../../../harness/api/index.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/set-based',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'set-based' },
  version: 1,
  support: 'native',
  description: 'One server-side UPDATE … SET field = <the computation in SQL>: no row reaches the client. The lower bound.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        const result = await client.query(SET_BASED_UPDATE_SQL);
        context.rowsProcessed(result.rowCount ?? 0);
      },
      close: () => client.end(),
    };
  },
});
