import type { Kysely } from 'kysely';
import { TABLE, type UpdateBatch } from '../workload.js';
import type { KyselyDatabase } from '../../libraries/kysely.js';

export { connectKysely, STREAM_NOTE, type KyselyDatabase } from '../../libraries/kysely.js';

/**
 * The two-array unnest UPDATE through kysely's `sql` tag (each array one parameter): the same
 * statement as BULK_UPDATE_SQL, run on `db` (or a transaction).
 */
export async function flushBatch(db: Kysely<KyselyDatabase>, batch: UpdateBatch): Promise<void> {
  if (batch.size === 0) return;
  const { sql } = await import('kysely');
  const [ids, fields] = batch.take();
  await sql`UPDATE ${sql.table(TABLE)} AS t SET field = v.field FROM unnest(${ids}::int[], ${fields}::int[]) AS v(id, field) WHERE t.id = v.id`.execute(db);
}

/** Per-row update with kysely's query builder: `update "rowmeter_rows" set "field" = $1 where "id" = $2`. */
export async function updateRow(db: Kysely<KyselyDatabase>, id: number, field: number): Promise<void> {
  await db.updateTable('rowmeter_rows').set({ field }).where('id', '=', id).execute();
}
