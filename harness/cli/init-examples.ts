/**
 * The example scenario `rowmeter init` writes: one streaming job per library, each a complete
 * file that type-checks and runs against the user's own table. They share one frame (connect,
 * stream and count every row, write the count for `verify`) so that all eight read alike; only
 * the library's own lines differ.
 */

/** Libraries init knows, in the order it prefers them when a project has several. */
export const LIBRARIES = ['knex', 'prisma', 'typeorm', 'kysely', 'drizzle-orm', 'postgres', 'sequelize', 'pg'] as const;

/** A library init can write an example for. */
export type Library = (typeof LIBRARIES)[number];

/** The package.json name that tells a project uses the library. */
const DETECTED_BY: Record<Library, string> = {
  knex: 'knex',
  prisma: '@prisma/client',
  typeorm: 'typeorm',
  kysely: 'kysely',
  'drizzle-orm': 'drizzle-orm',
  postgres: 'postgres',
  sequelize: 'sequelize',
  pg: 'pg',
};

/** One library's lines in the shared frame (see {@link exampleSource}). */
interface ExamplePart {
  /** One sentence for the scenario's `description`. */
  description: string;
  /** Type-only imports: the library itself is imported in `connect`, at setup. */
  typeImports: string;
  /** What `connect(databaseUrl)` returns (its type, as written in the file). */
  handle: string;
  /** Body of `connect`: imports the library and returns a connected handle `db`. */
  connect: string;
  /** The expression run() iterates with `for await`, one row at a time. */
  rows: string;
  /** Body of `countRows(db, table)`: returns SELECT count(*) as a number. */
  count: string;
  /** Expression that closes `db`. */
  close: string;
  /** Helper functions appended to the file (stream generators, quoting). */
  helpers?: string;
  /** Packages the file imports at run time, besides rowmeter. */
  packages: string[];
  /** Type packages the file needs to type-check, besides @types/node (for node:fs/promises). */
  types?: string[];
}

/** Returns the preferred library among a package.json's dependencies, or null. */
export function detectLibrary(dependencies: ReadonlySet<string>): Library | null {
  return LIBRARIES.find((library) => dependencies.has(DETECTED_BY[library])) ?? null;
}

/** The file name of the example for `library`, inside the `rowmeter/` folder. */
export function exampleFileName(library: Library): string {
  return `${library === 'drizzle-orm' ? 'drizzle' : library}-stream.rowmeter.ts`;
}

/** Packages the example for `library` needs to run and to type-check that `dependencies` lacks. */
export function missingPackages(library: Library, dependencies: ReadonlySet<string>): string[] {
  const part = examplePart(library, dependencies);
  return [...part.packages, ...(part.types ?? []), '@types/node'].filter((name) => !dependencies.has(name));
}

/**
 * The whole example file for `library`, reading the config's `table`. `dependencies` picks
 * among a library's variants (pg with pg-query-stream, pg-cursor or neither; Prisma with or
 * without its pg adapter).
 */
export function exampleSource(library: Library, dependencies: ReadonlySet<string>, table: string): string {
  const part = examplePart(library, dependencies);
  const name = exampleFileName(library).replace('.rowmeter.ts', '');
  return `// A starter scenario written by \`rowmeter init\`: it streams every row of the table once.
// Replace the loop's body with your own job; keep ctx.rowsProcessed(), it feeds the progress
// bar and the memory-against-rows view. rowmeter's docs/init.md says more.
import { readFile, writeFile } from 'node:fs/promises';
import { defineScenario } from 'rowmeter';
${part.typeImports}

export default defineScenario({
  name: '${name}',
  // A table of rowmeter.config.ts: each run reads its own fresh copy of it, never yours.
  table: ${quote(table)},
  description: ${quote(part.description)},
  tags: { library: '${library}', strategy: 'stream' },
  // Connecting happens here, outside the measured window; run() is what rowmeter measures.
  async setup(ctx) {
    const db = await connect(ctx.databaseUrl);
    return {
      async run() {
        let seen = 0;
        for await (const row of ${part.rows}) {
          // Your per-row work on \`row\` goes here.
          seen += 1;
          ctx.rowsProcessed(1);
        }
        // verify() runs after close(), maybe in another process: the count goes through a file.
        await writeFile(ctx.outputPath, String(seen));
      },
      async close() {
        await ${part.close};
      },
    };
  },
  // Every row was streamed exactly once: the count run() saw equals SELECT count(*).
  async verify(ctx) {
    const seen = Number(await readFile(ctx.outputPath, 'utf8'));
    const db = await connect(ctx.databaseUrl);
    try {
      const expected = await countRows(db, ctx.table);
      return { checkedRows: expected, mismatches: Math.abs(expected - seen), detail: \`streamed \${seen} of \${expected} rows\` };
    } finally {
      await ${part.close};
    }
  },
});

/** Imported here rather than at the top, so that listing the scenarios does not load ${library}. */
async function connect(databaseUrl: string): Promise<${part.handle}> {
${indent(part.connect)}
}

async function countRows(db: ${part.handle}, table: string): Promise<number> {
${indent(part.count)}
}
${part.helpers ?? ''}`;
}

/** A single-quoted TypeScript string literal of `text`. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function indent(body: string): string {
  return body
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function examplePart(library: Library, dependencies: ReadonlySet<string>): ExamplePart {
  switch (library) {
    case 'knex':
      return KNEX;
    case 'prisma':
      return prismaPart(dependencies.has('@prisma/adapter-pg'));
    case 'typeorm':
      return TYPEORM;
    case 'kysely':
      return KYSELY;
    case 'drizzle-orm':
      return DRIZZLE;
    case 'postgres':
      return POSTGRES_JS;
    case 'sequelize':
      return SEQUELIZE;
    case 'pg':
      return pgPart(dependencies);
  }
}

/** Quotes `schema.table` or `table` for SQL text (a name from the config, not user input). */
const QUOTE_TABLE = `
/** \`schema.table\` or \`table\`, quoted for SQL (the name comes from the config, not from users). */
function quoteTable(table: string): string {
  return table
    .split('.')
    .map((part) => \`"\${part.replace(/"/g, '""')}"\`)
    .join('.');
}
`;

/** Keyset pagination, for libraries without a stream: the key column is the one guess made. */
const KEY_COLUMN = `
// Keyset pagination needs a unique, ordered column: change 'id' to your table's primary key.
const KEY = 'id';
`;

const KNEX: ExamplePart = {
  description: "knex's .stream() (pg-query-stream underneath), ctx.batchSize rows per read.",
  typeImports: "import type { Knex } from 'knex';",
  handle: 'Knex',
  connect: `const { default: knex } = await import('knex');
return knex({ client: 'pg', connection: databaseUrl, pool: { min: 1, max: 1 } });`,
  rows: 'db(ctx.table).select(\'*\').stream({ batchSize: ctx.batchSize })',
  count: `const [result] = await db(table).count({ count: '*' });
return Number(result?.count ?? 0);`,
  close: 'db.destroy()',
  packages: ['knex', 'pg', 'pg-query-stream'],
};

function prismaPart(withAdapter: boolean): ExamplePart {
  const client = withAdapter
    ? `const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import('@prisma/client'), import('@prisma/adapter-pg')]);
return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });`
    : `const { PrismaClient } = await import('@prisma/client');
return new PrismaClient({ datasourceUrl: databaseUrl });`;
  return {
    description: 'Prisma $queryRawUnsafe keyset pages of ctx.batchSize rows (Prisma has no stream).',
    // The generated client is the project's own: with the prisma-client generator and an `output`, import from there.
    typeImports: `// Prisma generates its client from your schema; with the \`prisma-client\` generator and an
// \`output\`, import PrismaClient from that folder instead of @prisma/client (here and in connect).
// Raw SQL over ctx.table keeps this example independent of your models.
import type { PrismaClient } from '@prisma/client';`,
    handle: 'PrismaClient',
    connect: client,
    rows: 'keysetRows(db, quoteTable(ctx.table), ctx.batchSize)',
    count: `const [result] = await db.$queryRawUnsafe<Array<{ count: bigint }>>(\`select count(*) as count from \${quoteTable(table)}\`);
return Number(result?.count ?? 0);`,
    close: 'db.$disconnect()',
    helpers: `${KEY_COLUMN}
/** Yields every row, one page of \`batchSize\` rows in memory at a time. */
async function* keysetRows(db: PrismaClient, table: string, batchSize: number): AsyncGenerator<Record<string, unknown>> {
  let last: unknown = undefined;
  for (;;) {
    const page = await (last === undefined
      ? db.$queryRawUnsafe<Array<Record<string, unknown>>>(\`select * from \${table} order by \${KEY} limit $1\`, batchSize)
      : db.$queryRawUnsafe<Array<Record<string, unknown>>>(\`select * from \${table} where \${KEY} > $1 order by \${KEY} limit $2\`, last, batchSize));
    yield* page;
    if (page.length < batchSize) return;
    last = page[page.length - 1]?.[KEY];
  }
}
${QUOTE_TABLE}`,
    packages: withAdapter ? ['@prisma/client', '@prisma/adapter-pg'] : ['@prisma/client'],
  };
}

const TYPEORM: ExamplePart = {
  description: "TypeORM's query builder .stream() (pg-query-stream underneath).",
  typeImports: "import type { DataSource } from 'typeorm';",
  handle: 'DataSource',
  connect: `const { DataSource } = await import('typeorm');
return new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 1 }).initialize();`,
  rows: "await db.createQueryBuilder().select('*').from(ctx.table, 't').stream()",
  count: `const [result]: Array<{ count: string }> = await db.query(\`select count(*) as count from \${quoteTable(table)}\`);
return Number(result?.count ?? 0);`,
  close: 'db.destroy()',
  helpers: QUOTE_TABLE,
  packages: ['typeorm', 'pg', 'pg-query-stream'],
};

const KYSELY: ExamplePart = {
  description: "kysely's .stream(ctx.batchSize) (pg-cursor underneath).",
  typeImports: `import type { Kysely } from 'kysely';

// No generated types here: every table has columns of unknown type. Use your own Database type.
type Database = Record<string, Record<string, unknown>>;`,
  handle: 'Kysely<Database>',
  // Kysely streams on Postgres only when given pg-cursor.
  connect: `const [{ Kysely, PostgresDialect }, { default: pg }, { default: Cursor }] = await Promise.all([import('kysely'), import('pg'), import('pg-cursor')]);
return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }), cursor: Cursor }) });`,
  rows: 'db.selectFrom(ctx.table).selectAll().stream(ctx.batchSize)',
  count: `const result = await db
  .selectFrom(table)
  .select((eb) => eb.fn.countAll<string>().as('count'))
  .executeTakeFirst();
return Number(result?.count ?? 0);`,
  close: 'db.destroy()',
  packages: ['kysely', 'pg', 'pg-cursor'],
  types: ['@types/pg', '@types/pg-cursor'],
};

const DRIZZLE: ExamplePart = {
  description: 'drizzle-orm sql keyset pages of ctx.batchSize rows over node-postgres (drizzle has no Postgres stream).',
  typeImports: `import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { SQL } from 'drizzle-orm';
import type { Pool } from 'pg';

/** drizzle over one pg.Pool, kept as \`$client\` so that close() can end it. */
type Database = NodePgDatabase & { $client: Pool };`,
  handle: 'Database',
  connect: `const [{ drizzle }, { default: pg }] = await Promise.all([import('drizzle-orm/node-postgres'), import('pg')]);
return drizzle({ client: new pg.Pool({ connectionString: databaseUrl, max: 1 }) });`,
  rows: 'keysetRows(db, ctx.table, ctx.batchSize)',
  count: `const { sql } = await import('drizzle-orm');
const result = await db.execute<{ count: string }>(sql\`select count(*) as count from \${tableName(sql, table)}\`);
return Number(result.rows[0]?.count ?? 0);`,
  close: 'db.$client.end()',
  helpers: `${KEY_COLUMN}
/** Yields every row, one page of \`batchSize\` rows in memory at a time. */
async function* keysetRows(db: Database, table: string, batchSize: number): AsyncGenerator<Record<string, unknown>> {
  const { sql } = await import('drizzle-orm');
  const from = tableName(sql, table);
  let last: unknown = undefined;
  for (;;) {
    const after = last === undefined ? sql\`\` : sql\`where \${sql.identifier(KEY)} > \${last}\`;
    const page = await db.execute<Record<string, unknown>>(sql\`select * from \${from} \${after} order by \${sql.identifier(KEY)} limit \${batchSize}\`);
    yield* page.rows;
    if (page.rows.length < batchSize) return;
    last = page.rows[page.rows.length - 1]?.[KEY];
  }
}

/** \`schema.table\` or \`table\` as quoted identifiers. */
function tableName(sql: typeof import('drizzle-orm').sql, table: string): SQL {
  return sql.join(
    table.split('.').map((part) => sql.identifier(part)),
    sql.raw('.'),
  );
}
`,
  packages: ['drizzle-orm', 'pg'],
  types: ['@types/pg'],
};

const POSTGRES_JS: ExamplePart = {
  description: "postgres.js .cursor(ctx.batchSize): a server-side cursor, one batch in memory.",
  typeImports: "import type { Sql } from 'postgres';",
  handle: 'Sql',
  connect: `const { default: postgres } = await import('postgres');
return postgres(databaseUrl, { max: 1 });`,
  rows: 'cursorRows(db, ctx.table, ctx.batchSize)',
  count: `const [result] = await db<Array<{ count: string }>>\`select count(*) as count from \${db(table)}\`;
return Number(result?.count ?? 0);`,
  close: 'db.end()',
  helpers: `
/** Yields every row, one cursor batch of \`batchSize\` rows in memory at a time. */
async function* cursorRows(db: Sql, table: string, batchSize: number): AsyncGenerator<Record<string, unknown>> {
  for await (const batch of db<Array<Record<string, unknown>>>\`select * from \${db(table)}\`.cursor(batchSize)) yield* batch;
}
`,
  packages: ['postgres'],
};

const SEQUELIZE: ExamplePart = {
  description: 'Sequelize raw keyset pages of ctx.batchSize rows (Sequelize has no stream).',
  typeImports: "import type { Sequelize } from 'sequelize';",
  handle: 'Sequelize',
  connect: `const { Sequelize } = await import('sequelize');
const db = new Sequelize(databaseUrl, { dialect: 'postgres', logging: false, pool: { min: 1, max: 1 } });
await db.authenticate();
return db;`,
  rows: 'keysetRows(db, quoteTable(ctx.table), ctx.batchSize)',
  count: `const { QueryTypes } = await import('sequelize');
const [result] = await db.query<{ count: string }>(\`select count(*) as count from \${quoteTable(table)}\`, { type: QueryTypes.SELECT });
return Number(result?.count ?? 0);`,
  close: 'db.close()',
  helpers: `${KEY_COLUMN}
/** Yields every row, one page of \`batchSize\` rows in memory at a time. */
async function* keysetRows(db: Sequelize, table: string, batchSize: number): AsyncGenerator<Record<string, unknown>> {
  const { QueryTypes } = await import('sequelize');
  let last: unknown = undefined;
  for (;;) {
    const after = last === undefined ? '' : \`where \${KEY} > :last\`;
    const page = await db.query<Record<string, unknown>>(\`select * from \${table} \${after} order by \${KEY} limit :limit\`, {
      type: QueryTypes.SELECT,
      replacements: { last, limit: batchSize },
    });
    yield* page;
    if (page.length < batchSize) return;
    last = page[page.length - 1]?.[KEY];
  }
}
${QUOTE_TABLE}`,
  packages: ['sequelize', 'pg'],
};

/** pg: pg-query-stream when the project has it, else pg-cursor, else keyset pages. */
function pgPart(dependencies: ReadonlySet<string>): ExamplePart {
  const common = {
    typeImports: "import type { Client } from 'pg';",
    handle: 'Client',
    connect: `const { default: pg } = await import('pg');
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
return client;`,
    count: `const { rows } = await db.query<{ count: string }>(\`select count(*) as count from \${quoteTable(table)}\`);
return Number(rows[0]?.count ?? 0);`,
    close: 'db.end()',
  };
  if (dependencies.has('pg-query-stream')) return { ...common, ...PG_QUERY_STREAM };
  if (dependencies.has('pg-cursor')) return { ...common, ...PG_CURSOR };
  return { ...common, ...PG_KEYSET };
}

type PgVariant = Pick<ExamplePart, 'description' | 'rows' | 'helpers' | 'packages' | 'types'>;

const PG_QUERY_STREAM: PgVariant = {
  description: 'pg with pg-query-stream: a server-side cursor read ctx.batchSize rows at a time.',
  rows: 'queryStreamRows(db, quoteTable(ctx.table), ctx.batchSize)',
  helpers: `
/** Yields every row through pg-query-stream, \`batchSize\` rows fetched per read. */
async function* queryStreamRows(db: Client, table: string, batchSize: number): AsyncGenerator<Record<string, unknown>> {
  const { default: QueryStream } = await import('pg-query-stream');
  yield* db.query(new QueryStream(\`select * from \${table}\`, [], { batchSize }));
}
${QUOTE_TABLE}`,
  packages: ['pg', 'pg-query-stream'],
  types: ['@types/pg'],
};

const PG_CURSOR: PgVariant = {
  description: 'pg with pg-cursor: a server-side cursor read ctx.batchSize rows at a time.',
  rows: 'cursorRows(db, quoteTable(ctx.table), ctx.batchSize)',
  helpers: `
/** Yields every row, one cursor read of \`batchSize\` rows in memory at a time. */
async function* cursorRows(db: Client, table: string, batchSize: number): AsyncGenerator<Record<string, unknown>> {
  const { default: Cursor } = await import('pg-cursor');
  const cursor = db.query(new Cursor<Record<string, unknown>>(\`select * from \${table}\`));
  try {
    for (let rows = await cursor.read(batchSize); rows.length > 0; rows = await cursor.read(batchSize)) yield* rows;
  } finally {
    await cursor.close();
  }
}
${QUOTE_TABLE}`,
  packages: ['pg', 'pg-cursor'],
  types: ['@types/pg', '@types/pg-cursor'],
};

const PG_KEYSET: PgVariant = {
  description: 'pg keyset pages of ctx.batchSize rows (no pg-query-stream or pg-cursor in the project).',
  rows: 'keysetRows(db, quoteTable(ctx.table), ctx.batchSize)',
  helpers: `${KEY_COLUMN}
/** Yields every row, one page of \`batchSize\` rows in memory at a time. */
async function* keysetRows(db: Client, table: string, batchSize: number): AsyncGenerator<Record<string, unknown>> {
  let last: unknown = undefined;
  for (;;) {
    const page = await (last === undefined
      ? db.query<Record<string, unknown>>(\`select * from \${table} order by \${KEY} limit $1\`, [batchSize])
      : db.query<Record<string, unknown>>(\`select * from \${table} where \${KEY} > $1 order by \${KEY} limit $2\`, [last, batchSize]));
    yield* page.rows;
    if (page.rows.length < batchSize) return;
    last = page.rows[page.rows.length - 1]?.[KEY];
  }
}
${QUOTE_TABLE}`,
  packages: ['pg'],
  types: ['@types/pg'],
};
