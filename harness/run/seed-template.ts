import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { withClient, type DatabaseCatalog } from './database.js';
import type { SeedInfo } from '../results.js';
import { TABLE } from '../../scenarios/tables.js';
import { SEED_VERSION, SEEDED_TABLE_DEFINITION } from '../../seed/generate.js';
import { compileTable } from '../../seed/table.js';
import { loadRows } from './generated-table.js';
import { templateLockKey } from './template-lock.js';

export interface SeedRequest {
  rows: number;
  payloadBytes: number;
}

export interface SeededTemplate {
  /** Database every run copies with CREATE DATABASE … TEMPLATE. */
  name: string;
  info: SeedInfo;
}


/** The template's name says what it holds, so a matching one can be reused safely. */
export function templateName(request: SeedRequest): string {
  return `rowmeter_tpl_v${SEED_VERSION}_r${request.rows}_p${request.payloadBytes}`;
}

/** What a template holds, stored with it so that nobody needs to connect to it again. */
interface TemplateDescription {
  rows: number;
  averagePayloadBytes: number;
  tableBytes: number;
  seedVersion: number;
}

/** The marker that starts a template's database comment, before its description as JSON. */
const COMMENT_PREFIX = 'rowmeter template ';

export function templateComment(description: TemplateDescription): string {
  return `${COMMENT_PREFIX}${JSON.stringify(description)}`;
}

/** Reads a description back from a database comment; null when it is not one of ours. */
export function parseTemplateComment(comment: string | null): TemplateDescription | null {
  if (comment === null || !comment.startsWith(COMMENT_PREFIX)) return null;
  try {
    const parsed = JSON.parse(comment.slice(COMMENT_PREFIX.length)) as Partial<TemplateDescription>;
    if (typeof parsed.rows !== 'number' || typeof parsed.averagePayloadBytes !== 'number' || typeof parsed.tableBytes !== 'number') return null;
    return { rows: parsed.rows, averagePayloadBytes: parsed.averagePayloadBytes, tableBytes: parsed.tableBytes, seedVersion: parsed.seedVersion ?? SEED_VERSION };
  } catch {
    return null;
  }
}

async function describeTable(client: pg.Client): Promise<TemplateDescription> {
  const result = await client.query<{ rows: number; average: number | null; bytes: string }>(
    `SELECT count(*)::int AS rows, avg(octet_length(data::text))::float8 AS average,
            pg_total_relation_size('${TABLE}')::text AS bytes FROM ${TABLE}`,
  );
  const row = result.rows[0]!;
  return { rows: row.rows, averagePayloadBytes: Math.round(row.average ?? 0), tableBytes: Number(row.bytes), seedVersion: SEED_VERSION };
}

/**
 * Fills a fresh table with the seeded rows: the seeded table's definition as a generated table
 * (seed/generate.ts), loaded like any generated table (harness/run/generated-table.ts). Its
 * documents are byte-identical to the SQL reference, and the table ends up with
 * CREATE_TABLE_SQL's definition (both tested).
 */
export async function loadTable(client: pg.Client, request: SeedRequest, progress: (doneRows: number, totalRows: number) => void): Promise<void> {
  await loadRows(client, compileTable(SEEDED_TABLE_DEFINITION, request.rows, request.payloadBytes), request.rows, progress);
}

/** Every copy then starts with the same visibility map, hint bits and statistics. */
export async function freezeTable(client: pg.Client): Promise<void> {
  await client.query(`VACUUM (FREEZE, ANALYZE) ${TABLE}`);
}

/** {@link loadTable} then {@link freezeTable}: a seeded table, ready to be a template. */
export async function seedTable(client: pg.Client, request: SeedRequest, progress: (doneRows: number, totalRows: number) => void): Promise<void> {
  await loadTable(client, request, progress);
  await freezeTable(client);
}

/**
 * Makes sure a seeded template exists: reuses one with the same parameters, or seeds a new
 * one under a temporary name and renames it when complete, so a half-seeded database is never
 * mistaken for a template.
 *
 * Safe next to another rowmeter on the same server: the whole check-or-build holds a
 * PostgreSQL advisory lock named after the template, so one benchmark builds while the others
 * wait and then reuse it. And no rowmeter ever connects to a published template (its
 * description is stored in the database's comment), because `CREATE DATABASE … TEMPLATE`
 * fails while anyone is connected to the template.
 */
export async function ensureTemplate(
  catalog: DatabaseCatalog,
  request: SeedRequest,
  progress: (doneRows: number, totalRows: number) => void,
): Promise<SeededTemplate> {
  const name = templateName(request);
  return catalog.withAdvisoryLock(templateLockKey(name), async () => {
    const existing = await catalog.describe(name);
    if (existing !== null) {
      let description = parseTemplateComment(existing.comment);
      if (description === null) {
        // A template from an older rowmeter, without its description: read it once, under the lock, and store it.
        description = await withClient(catalog.urlOf(name), describeTable);
        await catalog.comment(name, templateComment(description));
      }
      if (description.rows !== request.rows) {
        throw new Error(`Template ${name} holds ${description.rows} rows instead of ${request.rows}; drop it (DROP DATABASE ${name}) and run again`);
      }
      return {
        name,
        info: { ...request, averagePayloadBytes: description.averagePayloadBytes, tableBytes: description.tableBytes, seedMs: 0, rowsPerSecond: null, reused: true, seedVersion: SEED_VERSION },
      };
    }
    const buildingName = `${name}_build_${process.pid}`;
    const started = performance.now();
    const url = await catalog.create(buildingName);
    const description = await withClient(url, async (client) => {
      await seedTable(client, request, progress);
      return describeTable(client);
    });
    const seedMs = performance.now() - started;
    await catalog.comment(buildingName, templateComment(description));
    await catalog.rename(buildingName, name);
    return {
      name,
      info: {
        ...request,
        averagePayloadBytes: description.averagePayloadBytes,
        tableBytes: description.tableBytes,
        seedMs,
        rowsPerSecond: seedMs > 0 ? (request.rows * 1000) / seedMs : null,
        reused: false,
        seedVersion: SEED_VERSION,
      },
    };
  });
}
