/**
 * The backfill every backfill scenario performs, in one place: the table, the per-row computation in
 * JavaScript, the same computation in SQL (the reference verification trusts, and the
 * set-based scenario's UPDATE), and the bulk UPDATE statement. Loaded by the measured child,
 * so it imports nothing.
 */

import { TABLE } from '../tables.js';

export { TABLE };
export { cursorBatches, keysetPages, type RawSql } from '../paging.js';

/** The parts of a seeded `data` document the backfill reads. */
export interface BackfillInput {
  items: ReadonlyArray<{ qty: number; priceCents: number }>;
  tags: ReadonlyArray<unknown>;
  meta: { version: number };
}

/**
 * The value a row's `field` must hold after the backfill: the order total in cents, plus
 * 7 per tag, plus the document version. Integer arithmetic only, so JavaScript and SQL agree
 * exactly (the largest possible value, 8 items × 20 × 99,999 + 28 + 7, fits an int4).
 */
export function computeField(data: BackfillInput): number {
  let totalCents = 0;
  for (const item of data.items) totalCents += item.qty * item.priceCents;
  return totalCents + 7 * data.tags.length + data.meta.version;
}

/** {@link computeField} in SQL, over the `data` column. */
export const EXPECTED_FIELD_SQL = `(
  (SELECT coalesce(sum((item->>'qty')::int * (item->>'priceCents')::int), 0)
     FROM jsonb_array_elements(data->'items') AS item)
  + 7 * jsonb_array_length(data->'tags')
  + (data->'meta'->>'version')::int
)`;

/**
 * One statement for a whole batch, with exactly two array parameters whatever the batch size
 * (a multi-row VALUES list would hit the protocol's 65,535-parameter limit).
 * Parameters: `$1` int[] of ids, `$2` int[] of new field values, same order.
 */
export const BULK_UPDATE_SQL = `UPDATE ${TABLE} AS t SET field = v.field
  FROM unnest($1::int[], $2::int[]) AS v(id, field)
  WHERE t.id = v.id`;

/** Per-row update, `$1` = new field value, `$2` = id. */
export const ROW_UPDATE_SQL = `UPDATE ${TABLE} SET field = $1 WHERE id = $2`;

/** The set-based lower bound: the whole backfill as one server-side statement. */
export const SET_BASED_UPDATE_SQL = `UPDATE ${TABLE} SET field = ${EXPECTED_FIELD_SQL}`;

/**
 * The narrow projection: only what {@link computeField} reads, extracted on the server, so
 * the padding and customer parts of each document never cross the wire or get parsed.
 */
export const NARROW_COLUMNS_SQL = `id, data->'items' AS items, data->'tags' AS tags, data->'meta' AS meta`;

/** Collects one batch of (id, field) pairs for {@link BULK_UPDATE_SQL}. */
export class UpdateBatch {
  readonly ids: number[] = [];
  readonly fields: number[] = [];
  add(id: number, field: number): void {
    this.ids.push(id);
    this.fields.push(field);
  }
  get size(): number {
    return this.ids.length;
  }
  /** Returns the parameters and empties the batch. */
  take(): [number[], number[]] {
    const taken: [number[], number[]] = [this.ids.splice(0), this.fields.splice(0)];
    return taken;
  }
}
