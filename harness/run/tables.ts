/**
 * The tables stage: for each table size, a `rowmeter_` template database per table the cells
 * use, built once and reused by later benchmarks: the built-in seeded table, or a copy of a
 * user's existing table (only ever read). Every run then copies its table's template.
 */
import type { TableDefinition } from '../api/index.js';
import { SEEDED_TABLE } from '../config/discover.js';
import { quoteIdentifier, withClient, type DatabaseCatalog } from './database.js';
import { UsageError } from '../errors.js';
import type { SeedInfo, TableInfo } from '../results.js';
import { describeExistingTable, ensureExistingTemplate, type ExistingTableShape } from './existing-table.js';
import { ensureTemplate } from './seed-template.js';
import { ensureGeneratedTemplate } from './generated-table.js';
import { compileTable, TableDefinitionError } from '../../seed/table.js';

/** Where a table's runs copy from at one size, and what a run's context says of it. */
export interface PreparedTable {
  info: TableInfo;
  /** The seeded table's seed description (null for an existing table). */
  seed: SeedInfo | null;
}

export interface TableRequest {
  /** Tables the selected cells use, each once. */
  tables: readonly string[];
  /** The config's table definitions (the seeded table needs none). */
  definitions: readonly TableDefinition[];
  tableRows: number;
  payloadBytes: number;
  /** The user's server, where existing tables are read; null with the embedded server. */
  sourceUrl: string | null;
}

/**
 * Every table the cells use is one kind: the seeded one, an existing one, or one generated from
 * its `columns`; and a generated one's generators can make what it asks at every size. Checked
 * before anything starts: one line naming the config's key, exit 2.
 */
export function checkTableKinds(tables: readonly string[], definitions: readonly TableDefinition[], sizes: readonly number[], shownConfig: string): void {
  for (const [index, definition] of definitions.entries()) {
    if (!tables.includes(definition.name) || definition.name === SEEDED_TABLE) continue;
    const key = `${shownConfig}: tables[${index}] (${definition.name})`;
    if (definition.existing && definition.columns) throw new UsageError(`${key}: a table is either existing or generated from its columns, not both`);
    if (!definition.existing && !definition.columns) throw new UsageError(`${key}: say what the table is: existing: true (a table on your server), or columns (a table rowmeter generates: docs/tables.md)`);
    if (!definition.columns) continue;
    for (const rows of sizes) {
      try {
        compileTable(definition, rows);
      } catch (error) {
        if (!(error instanceof TableDefinitionError)) throw error;
        const place = error.column === null ? '' : `.columns.${error.column}`;
        throw new UsageError(`${shownConfig}: tables[${index}]${place} (table ${definition.name}${error.column === null ? '' : `, column ${error.column}`}${sizes.length > 1 ? ` at ${rows} rows` : ''}): ${error.detail}`);
      }
    }
  }
}

/**
 * Existing tables need a server that has them: checked before anything starts, so a config
 * naming an existing table without `databaseUrl` is a one-line error, exit 2.
 */
export function checkTableSources(tables: readonly string[], definitions: readonly TableDefinition[], sourceUrl: string | null, shownConfig: string): void {
  for (const [index, definition] of definitions.entries()) {
    if (!tables.includes(definition.name) || !definition.existing) continue;
    if (sourceUrl === null) {
      throw new UsageError(`${shownConfig}: tables[${index}] (${definition.name}) is an existing table, so rowmeter needs the server that has it: set databaseUrl in the config, --database-url or DATABASE_URL`);
    }
  }
}

/**
 * Reads the definition of every existing table the cells use (read-only), so a table that does
 * not exist, or has no primary key, is one line naming the config's key before anything is created.
 */
export async function checkExistingTables(tables: readonly string[], definitions: readonly TableDefinition[], sourceUrl: string | null, shownConfig: string): Promise<void> {
  for (const [index, definition] of definitions.entries()) {
    if (!tables.includes(definition.name) || !definition.existing || sourceUrl === null) continue;
    try {
      const shape = await describeExistingTable(sourceUrl, definition.name);
      await checkCanRead(sourceUrl, shape);
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${shownConfig}: tables[${index}] (${definition.name}): ${error.message}`);
      throw error;
    }
  }
}

/** The role must be able to read the table it copies: said up front, with the GRANT that fixes it. */
async function checkCanRead(sourceUrl: string, shape: ExistingTableShape): Promise<void> {
  const { role, canRead } = await withClient(sourceUrl, async (client) => {
    const row = (await client.query<{ role: string; can_read: boolean }>("SELECT current_user AS role, has_table_privilege(current_user, $1::regclass, 'SELECT') AS can_read", [shape.sql])).rows[0]!;
    return { role: row.role, canRead: row.can_read };
  });
  if (!canRead) throw new UsageError(`the role ${role} cannot read ${shape.table}: grant it with GRANT SELECT ON ${shape.sql} TO ${quoteIdentifier(role)};`);
}

function seededInfo(seed: SeedInfo, template: string): TableInfo {
  return { table: SEEDED_TABLE, kind: 'seeded', requestedRows: seed.rows, rows: seed.rows, availableRows: null, template, reused: seed.reused, buildMs: seed.seedMs, leftOut: [] };
}

/** Builds (or reuses) the template of every table the cells use, at one size. */
export async function prepareTables(
  catalog: DatabaseCatalog,
  request: TableRequest,
  progress: (doneRows: number, totalRows: number) => void,
): Promise<Map<string, PreparedTable>> {
  const prepared = new Map<string, PreparedTable>();
  for (const table of request.tables) {
    if (table === SEEDED_TABLE) {
      const template = await ensureTemplate(catalog, { rows: request.tableRows, payloadBytes: request.payloadBytes }, progress);
      prepared.set(table, { info: seededInfo(template.info, template.name), seed: template.info });
      continue;
    }
    const definition = request.definitions.find((candidate) => candidate.name === table);
    if (definition?.columns) {
      const template = await ensureGeneratedTemplate(catalog, { definition, rows: request.tableRows, payloadBytes: request.payloadBytes }, progress);
      prepared.set(table, {
        seed: null,
        info: { table, kind: 'generated', requestedRows: request.tableRows, rows: template.info.rows, availableRows: null, template: template.name, reused: template.info.reused, buildMs: template.info.buildMs, leftOut: [] },
      });
      continue;
    }
    if (!definition?.existing || request.sourceUrl === null) throw new UsageError(`table ${table} is neither the seeded table nor an existing one`);
    const template = await ensureExistingTemplate(catalog, { sourceUrl: request.sourceUrl, table, rows: request.tableRows }, progress);
    prepared.set(table, {
      seed: null,
      info: {
        table,
        kind: 'existing',
        requestedRows: request.tableRows,
        rows: template.info.rows,
        availableRows: template.info.availableRows,
        template: template.name,
        reused: template.info.reused,
        buildMs: template.info.copyMs,
        leftOut: template.info.leftOut,
      },
    });
  }
  return prepared;
}
