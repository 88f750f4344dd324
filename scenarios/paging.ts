/**
 * The two ways of walking the seeded table in pages that several libraries share, whatever the
 * workload: seek pages and a DECLARE/FETCH cursor. Each library supplies only its own query
 * call. Loaded by the measured child, so it imports nothing heavy.
 */
import { TABLE } from './tables.js';

/**
 * Seek pagination, the one loop every keyset-style scenario shares: asks `fetchPage` for up to
 * `limit` rows with an id above the last one seen, in id order, and yields each page until an
 * empty one. `fetchPage` is the library's own query; the loop is the same for all.
 */
export async function* keysetPages<Row extends { id: number }>(
  limit: number,
  fetchPage: (afterId: number, limit: number) => Promise<Row[]>,
): AsyncGenerator<Row[]> {
  let lastId = 0;
  for (;;) {
    const rows = await fetchPage(lastId, limit);
    if (rows.length === 0) return;
    yield rows;
    lastId = rows[rows.length - 1]!.id;
  }
}

/** The raw-SQL calls of one library, on the connection that holds the transaction. */
export interface RawSql<Row> {
  /** Runs a statement whose result is not needed (DECLARE, CLOSE). */
  execute(sql: string): Promise<unknown>;
  /** Runs a FETCH and returns its rows. */
  fetch(sql: string): Promise<Row[]>;
}

/**
 * A server-side cursor on one connection, the DECLARE/FETCH protocol the libraries without a
 * cursor API share: DECLARE inside the caller's transaction (a cursor must live in one, unless
 * WITH HOLD, which copies the result on the server), FETCH `batchSize` rows until an empty
 * batch, then CLOSE. FETCH takes no parameter, so the count is checked before it is written
 * into the SQL.
 */
export async function* cursorBatches<Row>(batchSize: number, sql: RawSql<Row>, select = `SELECT id, data FROM ${TABLE} ORDER BY id`): AsyncGenerator<Row[]> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  await sql.execute(`DECLARE rowmeter_cursor NO SCROLL CURSOR FOR ${select}`);
  for (;;) {
    const rows = await sql.fetch(`FETCH ${batchSize} FROM rowmeter_cursor`);
    if (rows.length === 0) break;
    yield rows;
  }
  await sql.execute('CLOSE rowmeter_cursor');
}

