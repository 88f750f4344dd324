import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { TABLE, type UpdateBatch } from '../workload.js';
import type { DrizzleTables } from '../../libraries/drizzle.js';

export { connectDrizzle, NO_ITERATOR_NOTE, withPoolClient, type DrizzleSession, type DrizzleTables } from '../../libraries/drizzle.js';

/**
 * The two-array unnest UPDATE through drizzle's `sql` tag, each array one parameter
 * (`sql.param`: a bare array would be spread into a list): the same statement as
 * BULK_UPDATE_SQL, run with db.execute.
 */
export async function flushBatch(db: Pick<NodePgDatabase, 'execute'>, batch: UpdateBatch): Promise<void> {
  if (batch.size === 0) return;
  const { sql } = await import('drizzle-orm');
  const [ids, fields] = batch.take();
  await db.execute(sql`UPDATE ${sql.raw(TABLE)} AS t SET field = v.field FROM unnest(${sql.param(ids)}::int[], ${sql.param(fields)}::int[]) AS v(id, field) WHERE t.id = v.id`);
}

/** Per-row update with drizzle's query builder: `update "rowmeter_rows" set "field" = $1 where "rowmeter_rows"."id" = $2`. */
export async function updateRow(db: NodePgDatabase, tables: DrizzleTables, id: number, field: number): Promise<void> {
  const { eq } = await import('drizzle-orm');
  await db.update(tables.rows).set({ field }).where(eq(tables.rows.id, id));
}
