import type postgres from 'postgres';
import type { ScenarioCounters } from '../types.js';

export type Sql = postgres.Sql<Record<string, never>>;
export type ReservedSql = postgres.ReservedSql<Record<string, never>>;

/**
 * Connects postgres.js (the `postgres` package: its own wire protocol, not `pg`) with exactly
 * `connections` connections, opened now so connecting belongs to setup as in the other cells.
 * postgres.js never calls `pg`, so its queries and connections are counted through its own
 * `debug` hook, called once for every statement it sends (its own array-types lookup at
 * connect included): each call counts one query, and the first call on a connection id counts
 * that connection. `max_pipeline` is raised to `pipelineDepth`, so the `pipelined` cells can
 * keep that many queries in flight on one connection (its default is 100). postgres.js is
 * imported here, at setup, so listing scenarios loads nothing.
 */
export async function connectPostgresJs(databaseUrl: string, connections: number, counters: ScenarioCounters, pipelineDepth = 100): Promise<Sql> {
  const { default: postgresJs } = await import('postgres');
  const seen = new Set<number>();
  // max_pipeline is a runtime option postgres.js's types leave out.
  const options = {
    max: connections,
    max_pipeline: Math.max(1, pipelineDepth),
    onnotice: () => undefined,
    debug: (connection: number) => {
      if (!seen.has(connection)) {
        seen.add(connection);
        counters.connection();
      }
      counters.query();
    },
  };
  const sql = postgresJs(databaseUrl, options as postgres.Options<Record<string, never>>) as unknown as Sql;
  const reserved = await Promise.all(Array.from({ length: connections }, () => sql.reserve()));
  await Promise.all(reserved.map((connection) => connection`SELECT 1`));
  for (const connection of reserved) connection.release();
  return sql;
}

export const COUNTING_NOTE =
  "postgres.js has its own protocol code: its queries and connections are counted through its debug hook (one call per statement sent; a new connection id is one connection), not pg's, and mean the same thing.";
export const PIPELINE_NOTE =
  'postgres.js pipelines the queries it is given at once on one connection by design (up to max_pipeline, set to --pipeline-depth).';
