import { defineScenario } from '../../../harness/api/index.js';
import { objectRows } from '../workload.js';
import { connectPrisma, jsonInput } from '../../libraries/prisma.js';

export default defineScenario({
  name: 'import/prisma/all-at-once',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'prisma', strategy: 'all-at-once' },
  version: 1,
  support: 'native',
  description: 'Every row built in an array first, then one importRow.createMany({ data: rows }): the "createMany of 1M rows" call.',
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const rows = [...objectRows(context.rows, context.payloadBytes)].map((row) => ({ id: row.id, data: jsonInput(row.data), field: row.field }));
        await prisma.importRow.createMany({ data: rows });
        context.rowsProcessed(rows.length);
      },
      close: () => prisma.$disconnect(),
    };
  },
});
