import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, NARROW_COLUMNS_SQL, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectPrisma, flushBatch, NO_STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/prisma/narrow',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'prisma', strategy: 'narrow' },
  version: 1,
  support: 'emulated',
  description: "Prisma's select picks whole columns only, so the narrow projection is raw: a keyset loop of $queryRawUnsafe(SELECT id, data->'items', data->'tags', data->'meta' … WHERE id > $1 ORDER BY id LIMIT $2), one unnest UPDATE per page.",
  notes: [NO_STREAM_NOTE, 'Keyset is Prisma\'s best streaming substitute, so narrow is keyset with the narrow projection.'],
  async setup(context) {
    const prisma = await connectPrisma(context.databaseUrl);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, (afterId, limit) =>
          prisma.$queryRawUnsafe<Array<BackfillInput & { id: number }>>(`SELECT ${NARROW_COLUMNS_SQL} FROM ${TABLE} WHERE id > $1 ORDER BY id LIMIT $2`, afterId, limit),
        );
        for await (const rows of pages) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row));
          await flushBatch(prisma, batch);
        }
      },
      close: () => prisma.$disconnect(),
    };
  },
});
