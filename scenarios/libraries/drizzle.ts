import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { SeedDocument } from '../tables.js';

/** drizzle's table definitions, made at setup (drizzle is imported then, not when listing). */
export async function drizzleTables() {
  const { integer, jsonb, pgTable } = await import('drizzle-orm/pg-core');
  const { IMPORT_TABLE, TABLE } = await import('../tables.js');
  const columns = () => ({
    id: integer('id').primaryKey(),
    data: jsonb('data').$type<SeedDocument>().notNull(),
    field: integer('field').notNull().default(-1),
  });
  return { rows: pgTable(TABLE, columns()), imports: pgTable(IMPORT_TABLE, columns()) };
}

export type DrizzleTables = Awaited<ReturnType<typeof drizzleTables>>;

export interface DrizzleSession {
  db: NodePgDatabase;
  /** The pg.Pool handed to drizzle: its clients are what drizzle itself runs on. */
  pool: pg.Pool;
  tables: DrizzleTables;
}

/**
 * Creates drizzle over a `pg.Pool` of exactly `connections` connections, opened now so that
 * connecting belongs to setup; `idleTimeoutMillis: 0` keeps pg.Pool from closing one mid-run.
 */
export async function connectDrizzle(databaseUrl: string, connections: number): Promise<DrizzleSession> {
  const [{ drizzle }, { default: pgModule }, tables] = await Promise.all([import('drizzle-orm/node-postgres'), import('pg'), drizzleTables()]);
  const pool = new pgModule.Pool({ connectionString: databaseUrl, max: connections, idleTimeoutMillis: 0 });
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const client of clients) client.release();
  return { db: drizzle({ client: pool }), pool, tables };
}

/** Lends `work` a client of the pool drizzle runs on, for what drizzle has no API for (a cursor, COPY). */
export async function withPoolClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

export const NO_ITERATOR_NOTE =
  'drizzle has no iterator or stream for PostgreSQL (drizzle-orm #456, open since 2023; .iterator() exists for mysql2 only): users run the query drizzle builds through pg-cursor or pg-query-stream on a client of their own pool, as this cell does.';
