import { defineScenario } from '../../../harness/api/index.js';
import { keysetPages, ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectPrisma, CURSOR_OPTION_NOTE, EXPORT_SELECT } from './connect.js';

export default defineScenario({
  name: 'export/prisma/keyset',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'prisma', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: "Seek pagination with findMany({ select: { id, data }, where: { id: { gt: last } }, orderBy: { id: 'asc' }, take: --batch-size }) until an empty page; each row JSON.stringify-ed into the file.",
  notes: [CURSOR_OPTION_NOTE, 'Prisma emits take as LIMIT $n OFFSET 0.'],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, (afterId, limit) =>
            prisma.row.findMany({ select: EXPORT_SELECT, where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit }),
          );
          for await (const rows of pages) await writeLines(file, rows, ndjsonLine, context);
        });
      },
      close: () => prisma.$disconnect(),
    };
  },
});
