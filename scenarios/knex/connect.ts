import type { Knex } from 'knex';
import { TABLE, type BackfillInput, type UpdateBatch } from '../workload.js';

/** A row as the scenarios select it. */
export interface KnexRow {
  id: number;
  data: BackfillInput;
}

/**
 * Creates a knex instance on `pg` whose pool holds exactly `connections` connections, and opens
 * them now, so connecting belongs to setup (the idle baseline) as in the pg scenarios.
 * `min = max` keeps tarn from reaping an idle connection mid-run (its default idle timeout is
 * 30 s). knex is imported here, at setup, so listing scenarios loads nothing.
 */
export async function connectKnex(databaseUrl: string, connections: number): Promise<Knex> {
  const { default: knex } = await import('knex');
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: connections, max: connections } });
  const held: unknown[] = await Promise.all(Array.from({ length: connections }, () => db.client.acquireConnection()));
  await Promise.all(held.map((connection) => db.client.releaseConnection(connection)));
  return db;
}

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

