import type { ScenarioDefinition } from '../../types.js';
import { objectRows } from '../workload.js';
import { connectPrisma, jsonInput } from '../../libraries/prisma.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'prisma',
  strategy: 'all-at-once',
  version: 1,
  support: 'native',
  how: 'Every row built in an array first, then one importRow.createMany({ data: rows }): the "createMany of 1M rows" call.',
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const rows = [...objectRows(context.tableRows, context.payloadBytes)].map((row) => ({ id: row.id, data: jsonInput(row.data), field: row.field }));
        await prisma.importRow.createMany({ data: rows });
        context.rowsProcessed(rows.length);
      },
      close: () => prisma.$disconnect(),
    };
  },
};
export default scenario;
