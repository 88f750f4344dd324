import type { ScenarioDefinition } from '../../types.js';
import { objectRows } from '../workload.js';
import { connectDrizzle } from '../../libraries/drizzle.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'drizzle',
  strategy: 'row-by-row',
  version: 1,
  support: 'native',
  how: 'db.insert(importTable).values(row) per row, each awaited (drizzle serialises the jsonb column with JSON.stringify).',
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        for (const row of objectRows(context.tableRows, context.payloadBytes)) {
          await db.insert(tables.imports).values(row);
          context.rowsProcessed(1);
        }
      },
      close: () => pool.end(),
    };
  },
};
export default scenario;
