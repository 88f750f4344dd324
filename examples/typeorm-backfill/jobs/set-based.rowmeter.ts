import { defineScenario } from 'rowmeter';
import { connect, TOTAL_SQL, verifyBackfill } from './shared.js';

/** The lower bound: the whole backfill as one UPDATE on the server. */
export default defineScenario({
  name: 'set-based',
  table: 'rowmeter_rows',
  tags: { library: 'typeorm', strategy: 'set-based' },
  async setup(ctx) {
    const source = await connect(ctx.databaseUrl);
    return {
      async run() {
        const [, affected] = (await source.query(`UPDATE ${ctx.table} SET field = ${TOTAL_SQL}`)) as [unknown, number];
        ctx.rowsProcessed(affected);
      },
      async close() {
        await source.destroy();
      },
    };
  },
  verify: verifyBackfill,
});
