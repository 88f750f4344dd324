import { BULK_UPDATE_SQL, ROW_UPDATE_SQL, type BackfillInput, type UpdateBatch } from '../workload.js';
import type { ReservedSql, Sql } from '../../libraries/postgres-js.js';

export { connectPostgresJs, COUNTING_NOTE, PIPELINE_NOTE, type ReservedSql, type Sql } from '../../libraries/postgres-js.js';

/** A row as the backfill reads it (postgres.js parses jsonb itself). */
export interface PostgresJsRow {
  id: number;
  data: BackfillInput;
}

/** The two-array unnest UPDATE through `sql.unsafe` (postgres.js serialises the arrays by the types the server describes). */
export async function flushBatch(sql: Sql | ReservedSql, batch: UpdateBatch): Promise<void> {
  if (batch.size === 0) return;
  await sql.unsafe(BULK_UPDATE_SQL, batch.take());
}

/** One UPDATE for one row. */
export async function updateRow(sql: Sql | ReservedSql, id: number, field: number): Promise<void> {
  await sql.unsafe(ROW_UPDATE_SQL, [field, id]);
}

export const CURSOR_NOTE =
  "postgres.js has one streaming API, sql`…`.cursor(n): a portal read n rows per round trip (its default is 1 row; --batch-size is passed). It holds its connection until done, so writes go through a second, reserved connection (sql.reserve()).";
