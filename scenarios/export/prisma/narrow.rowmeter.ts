import { defineScenario } from '../../../harness/api/index.js';
import { keysetPages, NARROW_COLUMNS_SQL, ndjsonTextLine, TABLE, withExportFile, writeLines, type ExportTextRow } from '../workload.js';
import { connectPrisma, NO_STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'export/prisma/narrow',
  table: 'rowmeter_rows',
  workload: 'export',
  tags: { workload: 'export', library: 'prisma', strategy: 'narrow' },
  version: 1,
  support: 'emulated',
  description: "Prisma's select picks whole columns and cannot cast, so the narrow projection is raw: a keyset loop of $queryRawUnsafe(SELECT id, data::text AS data … WHERE id > $1 ORDER BY id LIMIT $2); each line built by string concatenation.",
  notes: [NO_STREAM_NOTE, "Keyset is Prisma's best streaming substitute, so narrow is keyset with data::text."],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        await withExportFile(context, async (file) => {
          const pages = keysetPages(context.batchSize, (afterId, limit) =>
            prisma.$queryRawUnsafe<ExportTextRow[]>(`SELECT ${NARROW_COLUMNS_SQL} FROM ${TABLE} WHERE id > $1 ORDER BY id LIMIT $2`, afterId, limit),
          );
          for await (const rows of pages) await writeLines(file, rows, ndjsonTextLine, context);
        });
      },
      close: () => prisma.$disconnect(),
    };
  },
});
