import type { Knex } from 'knex';
import { TABLE, type BackfillInput, type UpdateBatch } from '../workload.js';

/** A row as the scenarios select it. */
export interface KnexRow {
  id: number;
  data: BackfillInput;
}

export { connectKnex } from '../../libraries/knex.js';

/**
 * Writes a batch with the two-array unnest UPDATE, built with knex's query builder
 * (`updateFrom`); it compiles to the same statement as BULK_UPDATE_SQL:
 * `update "rowmeter_rows" as "t" set "field" = "v"."field"
 *  from unnest($1::int[], $2::int[]) as v(id, field) where "t"."id" = "v"."id"`.
 */
export async function flushBatch(db: Knex | Knex.Transaction, batch: UpdateBatch): Promise<void> {
  if (batch.size === 0) return;
  const [ids, fields] = batch.take();
  await db({ t: TABLE })
    .update({ field: db.ref('v.field') })
    .updateFrom(db.raw('unnest(?::int[], ?::int[]) AS v(id, field)', [ids, fields]))
    .where('t.id', db.ref('v.id'));
}

/** Per-row update with knex's natural API: `update "rowmeter_rows" set "field" = $1 where "id" = $2`. */
export async function updateRow(db: Knex, id: number, field: number): Promise<void> {
  await db(TABLE).where({ id }).update({ field });
}

