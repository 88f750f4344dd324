import type { Model } from 'sequelize';
import type { ExportRow } from '../workload.js';
import type { RowAttributes } from '../../libraries/sequelize.js';

export { connectSequelize, NO_STREAM_NOTE, withPgConnection } from '../../libraries/sequelize.js';

/** A model instance as the line's row (its id and its parsed document). */
export function plainRow(instance: Model<RowAttributes, RowAttributes>): ExportRow {
  return { id: instance.getDataValue('id'), data: instance.getDataValue('data') };
}

export const INSTANCES_NOTE = 'findAll builds a model instance per row (the default; raw: true would skip it): the natural call is measured.';
export const COPY_NOTE = "sequelize has no COPY API, but lends the pg client behind a pooled connection (connectionManager.getConnection()): it runs pg-copy-streams, the same COPY as pg/copy.";
