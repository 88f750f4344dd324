import { defineScenario } from '../../../harness/api/index.js';
import { objectRows } from '../workload.js';
import { connectPrisma, jsonInput } from '../../libraries/prisma.js';

export default defineScenario({
  name: 'import/prisma/row-by-row',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'prisma', strategy: 'row-by-row' },
  version: 1,
  support: 'native',
  description: 'importRow.create({ data: { id, data, field } }) per row, each awaited (an INSERT … RETURNING the row).',
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        for (const row of objectRows(context.rows, context.payloadBytes)) {
          await prisma.importRow.create({ data: { id: row.id, data: jsonInput(row.data), field: row.field } });
          context.rowsProcessed(1);
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
