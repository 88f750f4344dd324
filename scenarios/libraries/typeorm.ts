import type pg from 'pg';
import type { DataSource, Repository } from 'typeorm';
import { IMPORT_TABLE, TABLE, type SeedDocument } from '../tables.js';

/** The entity: plain objects described by an EntitySchema (no decorators, no classes). */
export interface RowEntity {
  id: number;
  data: SeedDocument;
  field: number;
}

/** What `SelectQueryBuilder.stream()` yields for `select(['r.id', 'r.data'])`: raw, alias-prefixed rows. */
export interface RawStreamRow {
  r_id: number;
  r_data: SeedDocument;
}

export interface TypeormSession {
  dataSource: DataSource;
  rows: Repository<RowEntity>;
  /** The import's target table (same shape, its id given rather than generated). */
  imports: Repository<RowEntity>;
}

/**
 * Initialises a DataSource (`type: 'postgres'`, i.e. `pg`'s Pool) whose pool holds exactly
 * `connections` connections, and opens them now, so connecting belongs to setup as in the pg
 * scenarios. `idleTimeoutMillis: 0` keeps pg.Pool from closing an idle connection mid-run (its
 * default is 10 s). No `synchronize`, no migrations: the table belongs to the seeder. typeorm is
 * imported here, at setup (it loads reflect-metadata itself).
 */
export async function connectTypeorm(databaseUrl: string, connections: number): Promise<TypeormSession> {
  const { DataSource, EntitySchema } = await import('typeorm');
  const RowSchema = new EntitySchema<RowEntity>({
    name: 'Row',
    tableName: TABLE,
    columns: {
      id: { type: 'int', primary: true, generated: 'increment' },
      data: { type: 'jsonb' },
      field: { type: 'int', default: -1 },
    },
  });
  const ImportRowSchema = new EntitySchema<RowEntity>({
    name: 'ImportRow',
    tableName: IMPORT_TABLE,
    columns: {
      id: { type: 'int', primary: true },
      data: { type: 'jsonb' },
      field: { type: 'int', default: -1 },
    },
  });
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: [RowSchema, ImportRowSchema],
    poolSize: connections,
    extra: { idleTimeoutMillis: 0 },
    synchronize: false,
    migrationsRun: false,
    logging: false,
  });
  await dataSource.initialize();
  const runners = Array.from({ length: connections }, () => dataSource.createQueryRunner());
  await Promise.all(runners.map((runner) => runner.connect()));
  await Promise.all(runners.map((runner) => runner.release()));
  return { dataSource, rows: dataSource.getRepository(RowSchema), imports: dataSource.getRepository(ImportRowSchema) };
}

export const STREAM_BATCH_NOTE =
  "typeorm's stream() creates pg-query-stream with no options (PostgresQueryRunner.stream: new QueryStream(query, parameters)), so it fetches 100 rows per round trip whatever --batch-size is (typeorm #5963).";
export const STREAM_CONNECTION_NOTE =
  'The stream holds its pooled connection until it ends, so updates go through a second pooled connection (poolSize 2); a query on the same QueryRunner/transaction would wait behind the stream.';
export const STREAM_RAW_NOTE = "stream() yields raw alias-prefixed rows (r_id, r_data), not entities.";

/**
 * Lends `work` the `pg` client behind a QueryRunner and releases it after: typeorm has no COPY
 * API, and `PostgresQueryRunner.connect()` resolves to the pooled `pg.PoolClient` it runs its
 * queries on (typed `any`; typeorm #4839 asks how to reach it for pg-copy-streams).
 */
export async function withPgClient<T>(dataSource: DataSource, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as pg.PoolClient;
  try {
    return await work(client);
  } finally {
    await runner.release();
  }
}
