import type { Knex } from 'knex';
import type pg from 'pg';

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
 * Lends `work` the `pg.Client` behind one of knex's pooled connections and gives it back after:
 * knex has no COPY API, and `knex.client.acquireConnection()` / `releaseConnection()` are how its
 * users reach the driver for pg-copy-streams (knex #756, node-pg-copy-streams #76). Typed `any` by
 * knex; with `client: 'pg'` it is a `pg.Client`.
 */
export async function withPgConnection<T>(db: Knex, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const client = (await db.client.acquireConnection()) as pg.ClientBase;
  try {
    return await work(client);
  } finally {
    await db.client.releaseConnection(client);
  }
}
