import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { SeedDocument } from '../tables.js';

interface RowTable {
  id: number;
  data: SeedDocument;
  field: number;
}

/** The database as kysely's types see it. */
export interface KyselyDatabase {
  rowmeter_rows: RowTable;
  rowmeter_import: RowTable;
}

export interface KyselySession {
  db: Kysely<KyselyDatabase>;
  /** The pg.Pool given to kysely's PostgresDialect. */
  pool: pg.Pool;
  /**
   * Destroys kysely and ends the pool. `db.destroy()` alone leaves the pool open when kysely
   * never ran a query (its driver initialises lazily), as in the cells that only borrow a client.
   */
  close(): Promise<void>;
}

/**
 * Creates kysely with its PostgresDialect over a `pg.Pool` of exactly `connections`
 * connections (opened now, never closed when idle) and `pg-cursor`, which is what enables
 * `.stream()` on select queries (without `cursor` kysely throws). Imported at setup.
 */
export async function connectKysely(databaseUrl: string, connections: number): Promise<KyselySession> {
  const [{ Kysely: KyselyClass, PostgresDialect }, { default: pgModule }, { default: Cursor }] = await Promise.all([import('kysely'), import('pg'), import('pg-cursor')]);
  const pool = new pgModule.Pool({ connectionString: databaseUrl, max: connections, idleTimeoutMillis: 0 });
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const client of clients) client.release();
  const db = new KyselyClass<KyselyDatabase>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  async function close(): Promise<void> {
    await db.destroy();
    if (!pool.ended) await pool.end();
  }
  return { db, pool, close };
}

/** Lends `work` a client of the pool kysely runs on, for what kysely has no API for (COPY). */
export async function withPoolClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

export const STREAM_NOTE = "kysely's .stream(n) reads through pg-cursor, n rows per read, and holds its pooled connection until the stream ends.";
