import type { Sequelize, Transaction } from 'sequelize';
import { BULK_UPDATE_SQL, type UpdateBatch } from '../workload.js';
import type { RowModel } from '../../libraries/sequelize.js';

export { connectSequelize, NO_STREAM_NOTE, withPgConnection, type RowModel, type SequelizeSession } from '../../libraries/sequelize.js';

/** The two-array unnest UPDATE through sequelize.query with bind parameters ($1, $2: each array one parameter). */
export async function flushBatch(sequelize: Sequelize, batch: UpdateBatch, transaction?: Transaction): Promise<void> {
  if (batch.size === 0) return;
  await sequelize.query(BULK_UPDATE_SQL, { bind: batch.take(), ...(transaction ? { transaction } : {}) });
}

/** Per-row update with sequelize's natural call: Row.update({ field }, { where: { id } }). */
export async function updateRow(Row: RowModel, id: number, field: number): Promise<void> {
  await Row.update({ field }, { where: { id } });
}

export const INSTANCES_NOTE = 'findAll builds a model instance per row (the default; raw: true would skip it): the natural call is measured.';
