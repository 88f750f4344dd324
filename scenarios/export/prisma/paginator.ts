import type { ScenarioDefinition } from '../../types.js';
import { ndjsonLine, withExportFile, writeLines } from '../workload.js';
import { connectPrisma, EXPORT_SELECT } from './connect.js';

const scenario: ScenarioDefinition = {
  workload: 'export',
  library: 'prisma',
  strategy: 'paginator',
  version: 1,
  support: 'native',
  how: "Pages of --batch-size rows with findMany({ select: { id, data }, orderBy: { id: 'asc' }, skip, take }) (LIMIT/OFFSET) until a short page; each row JSON.stringify-ed into the file.",
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context.outputPath, async (file) => {
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
};
export default scenario;
