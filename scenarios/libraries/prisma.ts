import type { Prisma, PrismaClient } from './prisma/generated/client.js';
import type { SeedDocument } from '../tables.js';

export type { PrismaClient };

/** The subset of the client (or of an interactive transaction's client) that raw SQL needs. */
export type RawQueryable = Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/**
 * Creates a Prisma 7 client on `@prisma/adapter-pg` (a `pg.Pool`, so every query is a
 * `pg.Client#query` call) with exactly one connection: Prisma has no stream, so no strategy ever
 * needs two. `idleTimeoutMillis: 0` keeps pg.Pool from closing the idle connection mid-run (its
 * default is 10 s). `$connect()` opens no connection with an adapter, so one `SELECT 1` opens it
 * now (and loads the query compiler), making connecting part of setup as in the pg scenarios.
 * The generated client and the adapter are imported here, at setup.
 */
export async function connectPrisma(databaseUrl: string): Promise<PrismaClient> {
  const [{ PrismaClient: Client }, { PrismaPg }] = await Promise.all([import('./prisma/generated/client.js'), import('@prisma/adapter-pg')]);
  const prisma = new Client({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 0 }) });
  await prisma.$connect();
  await prisma.$queryRawUnsafe('SELECT 1');
  return prisma;
}

/** A seed document as Prisma's Json input (its types want an index signature a plain interface lacks). */
export function jsonInput(document: SeedDocument): Prisma.InputJsonObject {
  return document as unknown as Prisma.InputJsonObject;
}

export const NO_STREAM_NOTE = 'Prisma has no streaming API (prisma #5055); findMany returns the whole result at once.';
export const UPDATE_RETURNING_NOTE =
  "update({ where: { id }, data: { field } }) is one UPDATE … RETURNING id, data, field: Prisma sends every row's document back and parses it again (a select: { id: true } would trim that; the natural call is measured).";
export const CURSOR_OPTION_NOTE =
  "Not findMany's `cursor` option: it adds a subquery (WHERE id >= (SELECT id … WHERE id = $1)) and OFFSET 1 per page (prisma #11138).";
