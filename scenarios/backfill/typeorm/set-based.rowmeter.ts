import { defineScenario } from '../../../harness/api/index.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectTypeorm } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/set-based',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'set-based' },
  version: 1,
  support: 'native',
  description: "dataSource.query(SET_BASED_UPDATE_SQL): one server-side UPDATE … SET field = <the computation in SQL>; raw SQL is typeorm's own API for this, no row reaches the client.",
  async setup(context) {
    const { dataSource } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        // For an UPDATE, typeorm's postgres query() returns [rows, rowCount].
        const [, rowCount] = (await dataSource.query(SET_BASED_UPDATE_SQL)) as [unknown[], number];
        context.rowsProcessed(rowCount);
      },
      close: () => dataSource.destroy(),
    };
  },
});
