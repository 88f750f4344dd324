import { defineScenario } from '../../../harness/api/index.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/set-based',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'set-based' },
  version: 1,
  support: 'native',
  description: 'One server-side UPDATE … SET field = <the computation in SQL> through sql.unsafe: no row reaches the client. The lower bound.',
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        const result = await sql.unsafe(SET_BASED_UPDATE_SQL);
        context.rowsProcessed(result.count);
      },
      close: () => sql.end(),
    };
  },
});
