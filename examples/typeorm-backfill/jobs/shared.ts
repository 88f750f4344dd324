import type { ScenarioContext, VerifyReport } from 'rowmeter';
import { DataSource } from 'typeorm';

/** One TypeORM connection to the run's own copy of the table. */
export async function connect(databaseUrl: string): Promise<DataSource> {
  const source = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 1 });
  await source.initialize();
  return source;
}

/** The backfill's rule, in SQL: the order total of the document. */
export const TOTAL_SQL = `(SELECT coalesce(sum((i->>'qty')::int * (i->>'priceCents')::int), 0) FROM jsonb_array_elements(data->'items') AS i)`;

/** Rows whose field is not the document's total: what every backfill must leave at 0. */
export async function wrongRows(source: DataSource, table: string): Promise<number> {
  const [row] = (await source.query(`SELECT count(*)::int AS n FROM ${table} WHERE field IS DISTINCT FROM ${TOTAL_SQL}`)) as Array<{ n: number }>;
  return row!.n;
}

/** Every backfill's check: on a fresh connection, no row left with the wrong field. */
export async function verifyBackfill(ctx: ScenarioContext): Promise<VerifyReport> {
  const source = await connect(ctx.databaseUrl);
  try {
    return { checkedRows: ctx.rows, mismatches: await wrongRows(source, ctx.table) };
  } finally {
    await source.destroy();
  }
}
