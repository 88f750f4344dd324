import { defineScenario } from '../../../harness/api/index.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectPrisma, EXPORT_SELECT } from './connect.js';

export default defineScenario({
  name: 'export/prisma/paginator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'prisma', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size rows with findMany({ select: { id, data }, orderBy: { id: 'asc' }, skip, take }) (LIMIT/OFFSET) until a short page; each row JSON.stringify-ed into the file.",
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          for (let skip = 0; ; skip += context.batchSize) {
            const rows = await prisma.row.findMany({ select: EXPORT_SELECT, orderBy: { id: 'asc' }, skip, take: context.batchSize });
            await writeLines(file, rows, ndjsonLine, context);
            if (rows.length < context.batchSize) break;
          }
        });
      },
      close: () => prisma.$disconnect(),
    };
  },
});
