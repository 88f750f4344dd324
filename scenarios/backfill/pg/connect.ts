import type pg from 'pg';
import { BULK_UPDATE_SQL, type UpdateBatch } from '../workload.js';

export { connectClient } from '../../libraries/pg.js';

/** Writes a batch with the two-array unnest UPDATE, if it holds anything. */
export async function flushBatch(client: pg.Client, batch: UpdateBatch): Promise<void> {
  if (batch.size === 0) return;
  await client.query(BULK_UPDATE_SQL, batch.take());
}
