import { defineScenario } from '../../../harness/api/index.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectSequelize } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/set-based',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'set-based' },
  version: 1,
  support: 'native',
  description: "sequelize.query(SET_BASED_UPDATE_SQL): one server-side UPDATE, no row reaches the client (sequelize's raw query is its API for this). The lower bound.",
  async setup(context) {
    const { QueryTypes } = await import('sequelize');
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        const [, affected] = await sequelize.query(SET_BASED_UPDATE_SQL, { type: QueryTypes.UPDATE });
        context.rowsProcessed(affected);
      },
      close: () => sequelize.close(),
    };
  },
});
