import { defineScenario } from '../../../harness/api/index.js';
import { objectRows } from '../workload.js';
import { connectTypeorm } from '../../libraries/typeorm.js';

export default defineScenario({
  name: 'import/typeorm/row-by-row',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'typeorm', strategy: 'row-by-row' },
  version: 1,
  support: 'native',
  description: 'repository.insert({ id, data, field }) per row, each awaited (insert, not save: save would SELECT each row first).',
  async setup(context) {
    const { dataSource, imports } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        for (const row of objectRows(context.rows, context.payloadBytes)) {
          await imports.insert(row);
          context.rowsProcessed(1);
        }
      },
      close: () => dataSource.destroy(),
    };
  },
});
