import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedProcess } from './embedded.js';
import { oneLine, UsageError } from '../errors.js';
import { registerSecret, registerUrlSecret } from '../secrets.js';

/**
 * A PostgreSQL server rowmeter may create databases on: the one it started itself, or the
 * one the user pointed it at. Everything rowmeter creates is named `rowmeter_…`, and it only
 * ever drops databases it created in this process.
 */
export interface DatabaseServer {
  kind: 'embedded' | 'url';
  /** `SELECT version()`. */
  version: string;
  /** The URL of database `name` on this server. */
  urlFor(name: string): string;
  /** The URL of the maintenance database the user gave (or `postgres`), for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** For messages: `the embedded PostgreSQL on 127.0.0.1:5433` or `the server at postgres://u:***@host/db`. */
  description: string;
  /**
   * Is the server still the one we started with? Null when it answers and has not restarted
   * since the benchmark began; otherwise why not, in one line (it is gone, it refuses
   * connections, or it restarted: a restart ends every session, so runs during it were lost).
   */
  checkAlive(): Promise<string | null>;
  stop(): Promise<void>;
}

/** When the postmaster started: a restart changes it. */
async function postmasterStart(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<{ started: string }>('SELECT pg_postmaster_start_time()::text AS started')).rows[0]!.started;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** {@link DatabaseServer.checkAlive} for a server first seen started at `startedAt`. */
async function checkSameServer(url: string, startedAt: string, describeExit: () => string | null = () => null): Promise<string | null> {
  const exit = describeExit();
  if (exit !== null) return `the server ${exit}`;
  let now: string;
  try {
    now = await postmasterStart(url);
  } catch (error) {
    return `the server does not answer: ${oneLine(error)}`;
  }
  return now === startedAt ? null : `the server restarted (running since ${now}, was since ${startedAt})`;
}

export const NAME_PREFIX = 'rowmeter_';

/** Tries of a template copy while someone else is connected to the template. */
const CLONE_ATTEMPTS = 8;

/** Parses and checks a connection string; a malformed one is a one-line {@link UsageError}. */
export function parseDatabaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`Invalid database URL ${JSON.stringify(redact(value))}: expected postgres://user:password@host:port/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UsageError(`Invalid database URL ${JSON.stringify(redact(value))}: the scheme must be postgres:// or postgresql://, got ${url.protocol}//`);
  }
  if (!url.hostname) throw new UsageError(`Invalid database URL ${JSON.stringify(redact(value))}: no host`);
  return url;
}

/** The URL with its password replaced, for messages and results. */
export function redact(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/:[^:@/]*@/, ':***@');
  }
}

function databaseUrl(base: URL, name: string): string {
  const url = new URL(base.toString());
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** `"name"`, doubled quotes inside, for SQL the user is told to run. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Connects to a user-given server, checks it answers and that its role may create databases, and reads its version. */
export async function connectToServer(value: string): Promise<DatabaseServer> {
  const base = parseDatabaseUrl(value);
  registerUrlSecret(value);
  const adminUrl = base.pathname.length > 1 ? base.toString() : databaseUrl(base, 'postgres');
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  let version: string;
  let startedAt: string;
  let role: { name: string; canCreate: boolean };
  try {
    await client.connect();
    version = (await client.query<{ version: string }>('SELECT version()')).rows[0]!.version;
    startedAt = (await client.query<{ started: string }>('SELECT pg_postmaster_start_time()::text AS started')).rows[0]!.started;
    const row = (await client.query<{ name: string; can_create: boolean }>('SELECT current_user AS name, rolcreatedb OR rolsuper AS can_create FROM pg_roles WHERE rolname = current_user')).rows[0];
    role = { name: row?.name ?? 'the role', canCreate: row?.can_create ?? false };
  } catch (error) {
    throw new UsageError(`Cannot connect to ${redact(adminUrl)}: ${oneLine(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  // Every run works on its own copy, a database rowmeter creates: say so now, not after seeding.
  if (!role.canCreate) {
    throw new UsageError(
      `The role ${role.name} on ${redact(adminUrl)} cannot create databases, which rowmeter needs for the rowmeter_ copies each run works on: grant it with ALTER ROLE ${quoteIdentifier(role.name)} CREATEDB; (as a superuser), or use another role`,
    );
  }
  return {
    kind: 'url',
    version,
    adminUrl,
    description: `the server at ${redact(adminUrl)}`,
    urlFor: (name) => databaseUrl(base, name),
    checkAlive: () => checkSameServer(adminUrl, startedAt),
    stop: async () => undefined,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a private PostgreSQL (see embedded.ts): a free port, a data directory directly under
 * the OS temp dir, all removed at exit — including on Ctrl-C and on errors.
 */
export async function startEmbeddedServer(): Promise<DatabaseServer> {
  const port = await freePort();
  let embedded: EmbeddedProcess;
  try {
    const password = randomBytes(12).toString('hex');
    registerSecret(password);
    embedded = await startEmbeddedPostgres(port, password);
  } catch (error) {
    throw new Error(`Could not start the embedded PostgreSQL: ${oneLine(error)}`);
  }
  const base = new URL(`postgres://postgres:${embedded.password}@127.0.0.1:${port}/postgres`);
  let version: string;
  let startedAt: string;
  try {
    version = await withClient(base.toString(), async (client) => (await client.query<{ version: string }>('SELECT version()')).rows[0]!.version);
    startedAt = await postmasterStart(base.toString());
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return {
    kind: 'embedded',
    version,
    adminUrl: base.toString(),
    description: `the embedded PostgreSQL on 127.0.0.1:${port}`,
    urlFor: (name) => databaseUrl(base, name),
    checkAlive: () => checkSameServer(base.toString(), startedAt, () => embedded.exitDescription()),
    stop: () => embedded.stop(),
  };
}

/** Runs `work` with a connected client, always closing it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A server that goes away between two queries (killed, restarted) emits 'error' on the idle
  // client; the next query rejects with it anyway, so the event must not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Quotes an identifier that rowmeter built itself (prefix, digits, letters, underscores). */
export function quoteOwnName(name: string): string {
  if (!name.startsWith(NAME_PREFIX) || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`Refusing to touch database ${JSON.stringify(name)}: not a rowmeter name`);
  }
  return `"${name}"`;
}

/**
 * Creates and drops databases on a server, remembering what it created so it can only ever
 * drop those. `dropAll` runs at exit for anything left behind by an interrupted benchmark.
 */
export class DatabaseCatalog {
  private readonly created = new Set<string>();

  constructor(private readonly server: DatabaseServer) {}

  urlOf(name: string): string {
    return this.server.urlFor(name);
  }

  async exists(name: string): Promise<boolean> {
    return withClient(this.server.adminUrl, async (client) => {
      const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      return result.rowCount === 1;
    });
  }

  /**
   * Creates database `name`, optionally as a copy of `template`, and owns it from now on. A
   * copy is retried a few times while the template is busy (SQLSTATE 55006: someone is
   * connected to it, e.g. a user's psql), since rowmeter itself never connects to a template.
   */
  async create(name: string, template?: string): Promise<string> {
    const strategy = template ? await this.copyStrategy() : '';
    const statement = template
      ? `CREATE DATABASE ${quoteOwnName(name)} TEMPLATE ${quoteOwnName(template)}${strategy}`
      : `CREATE DATABASE ${quoteOwnName(name)}`;
    await withClient(this.server.adminUrl, async (client) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await client.query(statement);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '55006' || attempt >= CLONE_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
      this.created.add(name);
      // Per-row autocommit strategies would otherwise measure the disk's flush latency.
      await client.query(`ALTER DATABASE ${quoteOwnName(name)} SET synchronous_commit = off`);
    });
    return this.server.urlFor(name);
  }

  private strategy: string | null = null;

  /**
   * ` STRATEGY = FILE_COPY` on PostgreSQL 15 and later, else nothing. FILE_COPY copies the
   * template's files after a checkpoint; WAL_LOG (the default since 15) reads every block
   * through shared buffers and writes it to the WAL. Measured on the embedded server with a
   * 1M-row template (1.3 GiB): FILE_COPY 1.2–1.6 s, WAL_LOG 2.6–4.8 s per copy.
   */
  private async copyStrategy(): Promise<string> {
    if (this.strategy === null) {
      const version = await withClient(this.server.adminUrl, async (client) => Number((await client.query<{ v: string }>('SHOW server_version_num')).rows[0]!.v));
      this.strategy = version >= 150000 ? ' STRATEGY = FILE_COPY' : '';
    }
    return this.strategy;
  }

  /** A database's comment, or null when the database does not exist. */
  async describe(name: string): Promise<{ comment: string | null } | null> {
    return withClient(this.server.adminUrl, async (client) => {
      const result = await client.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [name],
      );
      return result.rows[0] ?? null;
    });
  }

  /** Sets the comment of a rowmeter database (where a template keeps its description). */
  async comment(name: string, text: string): Promise<void> {
    await withClient(this.server.adminUrl, (client) => client.query(`COMMENT ON DATABASE ${quoteOwnName(name)} IS ${client.escapeLiteral(text)}`));
  }

  /**
   * Runs `work` holding a session-level PostgreSQL advisory lock on `key` (on its own
   * connection to the maintenance database): another rowmeter asking for the same key waits.
   */
  async withAdvisoryLock<T>(key: bigint, work: () => Promise<T>): Promise<T> {
    return withClient(this.server.adminUrl, async (client) => {
      await client.query('SELECT pg_advisory_lock($1::bigint)', [key.toString()]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => undefined);
      }
    });
  }

  /** Renames a database this process created (used to publish a finished template atomically). */
  async rename(from: string, to: string): Promise<void> {
    if (!this.created.has(from)) throw new Error(`Refusing to rename ${from}: not created by this process`);
    await withClient(this.server.adminUrl, (client) => client.query(`ALTER DATABASE ${quoteOwnName(from)} RENAME TO ${quoteOwnName(to)}`));
    this.created.delete(from);
  }

  /** Drops a database this process created; anything else is refused. */
  async drop(name: string): Promise<void> {
    if (!this.created.has(name)) throw new Error(`Refusing to drop ${name}: not created by this process`);
    await withClient(this.server.adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteOwnName(name)} WITH (FORCE)`));
    this.created.delete(name);
  }

  /** Drops everything this process created and still owns; returns what could not be dropped, and why. */
  async dropAll(): Promise<Array<{ name: string; reason: string }>> {
    const left: Array<{ name: string; reason: string }> = [];
    for (const name of [...this.created]) {
      await this.drop(name).catch((error: unknown) => left.push({ name, reason: oneLine(error) }));
    }
    return left;
  }
}
