import type pg from 'pg';
import { BULK_UPDATE_SQL, type UpdateBatch } from '../workload.js';

/** Opens one `pg` client. `pg` is imported here, at setup, so listing scenarios loads nothing. */
export async function connectClient(databaseUrl: string): Promise<pg.Client> {
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** Writes a batch with the two-array unnest UPDATE, if it holds anything. */
export async function flushBatch(client: pg.Client, batch: UpdateBatch): Promise<void> {
  if (batch.size === 0) return;
  await client.query(BULK_UPDATE_SQL, batch.take());
}
