import { BULK_UPDATE_SQL, type BackfillInput, type UpdateBatch } from '../workload.js';
import type { PrismaClient, RawQueryable } from '../../libraries/prisma.js';

export { connectPrisma, CURSOR_OPTION_NOTE, NO_STREAM_NOTE, UPDATE_RETURNING_NOTE, type PrismaClient, type RawQueryable } from '../../libraries/prisma.js';

/** The Json column as the backfill reads it (Prisma types it as JsonValue). */
export function backfillInput(data: unknown): BackfillInput {
  return data as BackfillInput;
}

/**
 * Writes a batch with the two-array unnest UPDATE. The adapter hands JS arrays to `pg` as they
 * are, and `pg` sends them as array literals, so `$1::int[]` receives `{1,2,…}`.
 */
export async function flushBatch(prisma: RawQueryable, batch: UpdateBatch): Promise<void> {
  if (batch.size === 0) return;
  const [ids, fields] = batch.take();
  await prisma.$executeRawUnsafe(BULK_UPDATE_SQL, ids, fields);
}

/** Per-row update with Prisma's natural API (returns the updated record: `RETURNING id, data, field`). */
export async function updateRow(prisma: PrismaClient, id: number, field: number): Promise<void> {
  await prisma.row.update({ where: { id }, data: { field } });
}

