import type { ScenarioDefinition } from '../../types.js';
import { objectRows } from '../workload.js';
import { connectPrisma, jsonInput } from '../../libraries/prisma.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'prisma',
  strategy: 'row-by-row',
  version: 1,
  support: 'native',
  how: 'importRow.create({ data: { id, data, field } }) per row, each awaited (an INSERT … RETURNING the row).',
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        for (const row of objectRows(context.tableRows, context.payloadBytes)) {
          await prisma.importRow.create({ data: { id: row.id, data: jsonInput(row.data), field: row.field } });
          context.rowsProcessed(1);
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
};
export default scenario;
