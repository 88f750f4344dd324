import { defineScenario } from '../../../harness/api/index.js';
import { keysetPages, ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectPrisma, CURSOR_OPTION_NOTE, EXPORT_SELECT, NO_STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/prisma/iterator',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'prisma', strategy: 'iterator' },
  version: 1,
  support: 'emulated',
  description: "No stream in Prisma: a keyset findMany loop ({ select: { id, data }, where: { id: { gt: last } }, orderBy: { id: 'asc' }, take: --batch-size }) handing rows over one by one; each JSON.stringify-ed into the file.",
  notes: [NO_STREAM_NOTE, 'With the same page size this issues the same statements as prisma/keyset; it is listed so the cell is not missing.', CURSOR_OPTION_NOTE],
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
