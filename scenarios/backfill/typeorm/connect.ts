import type { DataSource } from 'typeorm';
import { BULK_UPDATE_SQL, type UpdateBatch } from '../workload.js';

export { connectTypeorm, STREAM_BATCH_NOTE, STREAM_CONNECTION_NOTE, STREAM_RAW_NOTE, type RawStreamRow, type RowEntity, type TypeormSession } from '../../libraries/typeorm.js';

/** Writes a batch with the two-array unnest UPDATE through `dataSource.query` (or a transaction's manager). */
export async function flushBatch(target: Pick<DataSource, 'query'>, batch: UpdateBatch): Promise<void> {
  if (batch.size === 0) return;
  await target.query(BULK_UPDATE_SQL, batch.take());
}
