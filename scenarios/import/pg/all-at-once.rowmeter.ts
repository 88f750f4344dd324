import { defineScenario } from '../../../harness/api/index.js';
import { textRows, valuesInsertSql, valuesParameters } from '../workload.js';
import { connectClient } from '../../libraries/pg.js';

export default defineScenario({
  name: 'import/pg/all-at-once',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'pg', strategy: 'all-at-once' },
  version: 1,
  support: 'native',
  description: 'Every row built in an array first, then one multi-row INSERT … VALUES with three parameters per row: the naive version.',
  notes: ["The protocol allows 65,535 parameters per statement, so beyond 21,845 rows the statement fails with the server's or pg's own error: recorded as it is."],
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        const rows = [...textRows(context.rows, context.payloadBytes)];
        await client.query(valuesInsertSql(rows.length), valuesParameters(rows));
        context.rowsProcessed(rows.length);
      },
      close: () => client.end(),
    };
  },
});
