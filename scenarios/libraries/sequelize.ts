import type { Model, ModelStatic, Sequelize } from 'sequelize';
import type pg from 'pg';
import type { SeedDocument } from '../tables.js';

export interface RowAttributes {
  id: number;
  data: SeedDocument;
  field: number;
}

export type RowModel = ModelStatic<Model<RowAttributes, RowAttributes>>;

export interface SequelizeSession {
  sequelize: Sequelize;
  /** The seeded table. */
  Row: RowModel;
  /** The import's target. */
  ImportRow: RowModel;
}

/**
 * Creates sequelize (v6, dialect postgres, which runs on `pg`) with a pool of exactly
 * `connections` connections, opened now; `idle` is a day so no connection is closed mid-run.
 * Two models on the two tables, no timestamps, no sync (the tables belong to the harness).
 * Imported at setup.
 */
export async function connectSequelize(databaseUrl: string, connections: number): Promise<SequelizeSession> {
  const { DataTypes, Sequelize: SequelizeClass } = await import('sequelize');
  const sequelize = new SequelizeClass(databaseUrl, {
    dialect: 'postgres',
    logging: false,
    pool: { max: connections, min: connections, idle: 86_400_000, evict: 86_400_000 },
  });
  const { IMPORT_TABLE, TABLE } = await import('../tables.js');
  const attributes = {
    id: { type: DataTypes.INTEGER, primaryKey: true },
    data: { type: DataTypes.JSONB, allowNull: false },
    field: { type: DataTypes.INTEGER, allowNull: false, defaultValue: -1 },
  };
  const Row = sequelize.define<Model<RowAttributes, RowAttributes>>('Row', attributes, { tableName: TABLE, timestamps: false });
  const ImportRow = sequelize.define<Model<RowAttributes, RowAttributes>>('ImportRow', attributes, { tableName: IMPORT_TABLE, timestamps: false });
  const held = await Promise.all(Array.from({ length: connections }, () => sequelize.connectionManager.getConnection({ type: 'write' })));
  for (const connection of held) sequelize.connectionManager.releaseConnection(connection);
  return { sequelize, Row, ImportRow };
}

/** Lends `work` the pg client behind one of sequelize's pooled connections (for a cursor or COPY, which sequelize has no API for). */
export async function withPgConnection<T>(sequelize: Sequelize, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const connection = (await sequelize.connectionManager.getConnection({ type: 'write' })) as unknown as pg.ClientBase;
  try {
    return await work(connection);
  } finally {
    sequelize.connectionManager.releaseConnection(connection as never);
  }
}

export const NO_STREAM_NOTE = 'sequelize has no streaming API for PostgreSQL: findAll builds every row (and a model instance per row unless raw).';
