#!/usr/bin/env node
/**
 * `npm run bench:seed -- --rows 1M`: how fast rowmeter seeds, against PostgreSQL's own COPY of
 * the same rows. Seeds a fresh table (never a reused template), writes its rows out with
 * `COPY … TO STDOUT` into a temporary file, then times `COPY … FROM STDIN` of that file into a
 * fresh table of the same shape on the same server, in the same way (one transaction with its
 * CREATE TABLE). Prints both times, rows per second and the ratio; removes everything it made.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Command, CommanderError, Option } from 'commander';
import { onExit, onInterrupt } from './cleanup.js';
import { connectToServer, DatabaseCatalog, startEmbeddedServer, withClient, type DatabaseServer } from './database.js';
import { oneLine, UsageError } from '../errors.js';
import { formatCount, formatMs } from '../format.js';
import { parseDatabaseUrl } from './database.js';
import { parseInteger, parseRowCount } from '../config/options.js';
import { TABLE } from '../../scenarios/tables.js';
import { CREATE_TABLE_SQL } from '../../seed/generate.js';
import { freezeTable, loadTable } from './seed-template.js';
import { loadGeneratedTable } from './generated-table.js';
import { compileTable } from '../../seed/table.js';
import { TABLE_KINDS, type TableKind } from '../../seed/kinds.js';

interface Flags {
  rows: string;
  payloadBytes: string;
  table: string;
  databaseUrl?: string;
}

/** `--table`: the built-in seeded table, or a kind of generated table (seed/kinds.ts). */
const TABLE_CHOICES = ['seeded', ...Object.keys(TABLE_KINDS)];

interface Timing {
  /** CREATE TABLE + COPY + setval, in one transaction. */
  loadMs: number;
  /** VACUUM (FREEZE, ANALYZE) after it. */
  vacuumMs: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

/** A generated table of one kind: rowmeter's generators through COPY against COPY FROM a file of the same rows, same DDL, keys and VACUUM. */
async function benchGenerated(catalog: DatabaseCatalog, kind: TableKind, rows: number, scratch: string): Promise<{ seeded: Timing; reference: Timing }> {
  const table = compileTable(TABLE_KINDS[kind], rows);
  const { default: copyStreams } = await import('pg-copy-streams');
  const seededUrl = await catalog.create(`rowmeter_seedbench_${process.pid}`);
  process.stderr.write(`Generating ${formatCount(rows)} rows of ${kind} with rowmeter's generators…\n`);
  const seeded = await withClient(seededUrl, async (client): Promise<Timing> => {
    const [, totalMs] = await timed(() => loadGeneratedTable(client, table, rows, () => undefined));
    return { loadMs: totalMs, vacuumMs: 0 };
  });
  const file = join(scratch, 'rows.copy');
  const columns = table.columns.map((column) => `"${column.name}"`).join(', ');
  await withClient(seededUrl, async (client) => {
    await pipeline(client.query(copyStreams.to(`COPY (SELECT ${columns} FROM ${table.sqlName} ORDER BY 1) TO STDOUT`)), createWriteStream(file));
  });
  process.stderr.write("Timing PostgreSQL's own COPY FROM of that file into a fresh table…\n");
  const referenceUrl = await catalog.create(`rowmeter_seedref_${process.pid}`);
  const reference = await withClient(referenceUrl, async (client): Promise<Timing> => {
    const [, totalMs] = await timed(async () => {
      await client.query('BEGIN');
      for (const statement of table.create) await client.query(statement);
      await pipeline(createReadStream(file, { highWaterMark: 1 << 16 }), client.query(copyStreams.from(table.copy)));
      for (const statement of table.after) await client.query(statement);
      await client.query('COMMIT');
      await client.query(`VACUUM (FREEZE, ANALYZE) ${table.sqlName}`);
    });
    return { loadMs: totalMs, vacuumMs: 0 };
  });
  return { seeded, reference };
}

async function run(flags: Flags): Promise<void> {
  const rows = parseRowCount(flags.rows, '--rows');
  const payloadBytes = parseInteger(flags.payloadBytes, '--payload-bytes', 0, 1_000_000);
  if (!TABLE_CHOICES.includes(flags.table)) throw new UsageError(`Expected --table to be one of ${TABLE_CHOICES.join(', ')}, got ${JSON.stringify(flags.table)}`);
  if (flags.databaseUrl) parseDatabaseUrl(flags.databaseUrl);
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-bench-seed-'));
  const removeScratch = onExit(() => rmSync(scratch, { recursive: true, force: true }));
  let server: DatabaseServer | null = null;
  let catalog: DatabaseCatalog | null = null;
  onInterrupt(() => process.stderr.write('Interrupted: cleaning up…\n'));
  try {
    server = flags.databaseUrl ? await connectToServer(flags.databaseUrl) : await startEmbeddedServer();
    catalog = new DatabaseCatalog(server);
    process.stderr.write(`Server: ${server.description} (${server.version.split(',')[0]})\n`);
    if (flags.table !== 'seeded') {
      const { seeded, reference } = await benchGenerated(catalog, flags.table as TableKind, rows, scratch);
      const line = (label: string, ms: number): string => `${label.padEnd(58)} ${formatMs(ms).padStart(9)}  ${formatCount((rows * 1000) / ms).padStart(9)} rows/s`;
      process.stdout.write(
        [
          `Generating ${formatCount(rows)} rows of ${flags.table} on ${server.description}:`,
          line("rowmeter: generators → COPY, keys, VACUUM", seeded.loadMs),
          line("PostgreSQL: COPY FROM a file of the same rows, keys, VACUUM", reference.loadMs),
          `Speed of rowmeter against PostgreSQL's own COPY FROM: ×${(reference.loadMs / seeded.loadMs).toFixed(2)}`,
          '',
        ].join('\n'),
      );
      return;
    }

    // rowmeter's seeding: the JavaScript generator through COPY, then VACUUM.
    const seededUrl = await catalog.create(`rowmeter_seedbench_${process.pid}`);
    process.stderr.write(`Seeding ${formatCount(rows)} rows of about ${payloadBytes} bytes with rowmeter's generator…\n`);
    const seeded = await withClient(seededUrl, async (client): Promise<Timing> => {
      const [, loadMs] = await timed(() => loadTable(client, { rows, payloadBytes }, () => undefined));
      const [, vacuumMs] = await timed(() => freezeTable(client));
      return { loadMs, vacuumMs };
    });

    // The same rows, out to a file and back in with the server's own COPY.
    const file = join(scratch, 'rows.copy');
    process.stderr.write('Writing the same rows to a file (COPY TO STDOUT)…\n');
    const { default: copyStreams } = await import('pg-copy-streams');
    await withClient(seededUrl, async (client) => {
      await pipeline(client.query(copyStreams.to(`COPY (SELECT id, data, field FROM ${TABLE} ORDER BY id) TO STDOUT`)), createWriteStream(file));
    });
    process.stderr.write('Timing PostgreSQL\'s own COPY FROM of that file into a fresh table…\n');
    const referenceUrl = await catalog.create(`rowmeter_seedref_${process.pid}`);
    const reference = await withClient(referenceUrl, async (client): Promise<Timing> => {
      const [, loadMs] = await timed(async () => {
        await client.query('BEGIN');
        await client.query(CREATE_TABLE_SQL);
        await pipeline(createReadStream(file, { highWaterMark: 1 << 16 }), client.query(copyStreams.from(`COPY ${TABLE} (id, data, field) FROM STDIN`)));
        await client.query(`SELECT setval(pg_get_serial_sequence('${TABLE}', 'id'), $1)`, [Math.max(1, rows)]);
        await client.query('COMMIT');
      });
      const [, vacuumMs] = await timed(() => freezeTable(client));
      return { loadMs, vacuumMs };
    });

    const line = (label: string, ms: number): string => `${label.padEnd(50)} ${formatMs(ms).padStart(9)}  ${formatCount((rows * 1000) / ms).padStart(9)} rows/s`;
    const seedingMs = seeded.loadMs + seeded.vacuumMs;
    const referenceMs = reference.loadMs + reference.vacuumMs;
    process.stdout.write(
      [
        `Seeding ${formatCount(rows)} rows of about ${payloadBytes} bytes on ${server.description}:`,
        line("rowmeter's seeding: generator → COPY, + VACUUM", seedingMs),
        line("PostgreSQL's COPY FROM of the same rows, + VACUUM", referenceMs),
        line("  load alone: rowmeter (generator → COPY)", seeded.loadMs),
        line("  load alone: PostgreSQL (file → COPY)", reference.loadMs),
        `Ratio rowmeter / PostgreSQL: ×${(seedingMs / referenceMs).toFixed(2)} (load alone ×${(seeded.loadMs / reference.loadMs).toFixed(2)})`,
        '',
      ].join('\n'),
    );
  } finally {
    if (catalog) await catalog.dropAll();
    if (server) await server.stop();
    removeScratch();
  }
}

const program = new Command()
  .name('bench:seed')
  .description("Time rowmeter's seeding against PostgreSQL's own COPY FROM of the same rows, on the same server.")
  .option('--rows <n>', 'rows to seed (10k, 1M, …)', '1M')
  .option('--payload-bytes <n>', "approximate size of each row's JSONB document (the seeded table)", '1024')
  .option('--table <kind>', `the table to seed: ${TABLE_CHOICES.join(', ')} (generated tables: seed/kinds.ts)`, 'seeded')
  .addOption(new Option('--database-url <url>', 'use this PostgreSQL server instead of starting an embedded one').env('DATABASE_URL'))
  .configureOutput({ outputError: (message, write) => write(`bench:seed: ${message.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`) })
  .exitOverride()
  .action(async (flags: Flags) => run(flags));

program.parseAsync(process.argv).then(
  () => setImmediate(() => process.exit(0)),
  (error: unknown) => {
    if (error instanceof CommanderError) return process.exit(error.exitCode === 0 ? 0 : 2);
    process.stderr.write(`bench:seed: ${oneLine(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
