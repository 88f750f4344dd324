import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectPrisma, EXPORT_SELECT } from './connect.js';

export default defineScenario({
  name: 'export/prisma/full-load',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'prisma', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "prisma.row.findMany({ select: { id, data }, orderBy: { id: 'asc' } }) loads every row, then each row is JSON.stringify-ed into the file.",
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const rows = await prisma.row.findMany({ select: EXPORT_SELECT, orderBy: { id: 'asc' } });
          await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => prisma.$disconnect(),
    };
  },
});
