import { defineScenario } from '../../../harness/api/index.js';
import { objectRows } from '../workload.js';
import { connectTypeorm } from '../../libraries/typeorm.js';

export default defineScenario({
  name: 'import/typeorm/all-at-once',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'typeorm', strategy: 'all-at-once' },
  version: 1,
  support: 'native',
  description: 'Every row built in an array first, then one createQueryBuilder().insert().values(rows).execute(): one statement with three parameters per row.',
  notes: ["Beyond 21,845 rows the statement passes the protocol's 65,535-parameter limit; whatever typeorm and the server then do is recorded as it is."],
  async setup(context) {
    const { dataSource, imports } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        const rows = [...objectRows(context.rows, context.payloadBytes)];
        await imports.createQueryBuilder().insert().values(rows).execute();
        context.rowsProcessed(rows.length);
      },
      close: () => dataSource.destroy(),
    };
  },
});
