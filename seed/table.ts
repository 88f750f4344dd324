/**
 * A generated table (`defineTable({ name, columns })`) compiled for one size: the SQL that
 * creates it, the COPY line of each row, and the keys and indexes built after loading. Pure:
 * harness/run/generated-table.ts runs it against a server.
 */
import type { ColumnSpec, TableDefinition } from '../harness/api/index.js';
import { ColumnError, compileColumn, type CompiledColumn } from './columns.js';
import { saltOf } from './hash.js';

/** Bump when generated values change for the same definition: template names carry it. */
export const GENERATOR_VERSION = 1;

/** A definition the generators cannot honour: one line naming the table and the column. */
export class TableDefinitionError extends Error {
  constructor(
    readonly table: string,
    /** The column at fault, or null for the table as a whole. */
    readonly column: string | null,
    /** What is wrong, without the table and column. */
    readonly detail: string,
  ) {
    super(`table ${table}${column === null ? '' : `, column ${column}`}: ${detail}`);
  }
}

export interface CompiledTable {
  /** `schema.table` or `table`, quoted for SQL. */
  sqlName: string;
  columns: CompiledColumn[];
  /** Enum types, the schema if any, and the table (no keys or indexes: those come after the load). */
  create: string[];
  /** The COPY statement the lines feed. */
  copy: string;
  /** Primary key, unique constraints and indexes, built after the load. */
  after: string[];
  /** The line of row `row` (1-based) in COPY's text format, newline included. */
  line(row: number): string;
}

/** A double-quoted SQL identifier. */
export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` or `table` as SQL, each part quoted. */
export function qualifiedName(name: string): string {
  return name.split('.').map(quoteName).join('.');
}

function listOf(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/** The columns a definition declares, checked against its key and indexes. */
function checkStructure(definition: TableDefinition): { keyColumns: string[]; indexes: string[][] } {
  const columns = definition.columns ?? {};
  const names = Object.keys(columns);
  if (names.length === 0) throw new TableDefinitionError(definition.name, null, 'columns must name at least one column');
  if (names.length > 1600) throw new TableDefinitionError(definition.name, null, 'PostgreSQL allows at most 1600 columns');
  for (const name of names) {
    // Quoted in every statement, so any name PostgreSQL takes: 1 to 63 bytes, no NUL.
    if (name.length === 0 || Buffer.byteLength(name) > 63 || name.includes('\u0000')) throw new TableDefinitionError(definition.name, name, 'a column name is 1 to 63 bytes');
  }
  const keyColumns = definition.primaryKey === undefined ? [] : listOf(definition.primaryKey);
  for (const key of keyColumns) {
    if (!names.includes(key)) throw new TableDefinitionError(definition.name, null, `primaryKey names ${JSON.stringify(key)}, which is not one of its columns (${names.join(', ')})`);
  }
  if (new Set(keyColumns).size !== keyColumns.length) throw new TableDefinitionError(definition.name, null, 'primaryKey names a column twice');
  const indexes = (definition.indexes ?? []).map(listOf);
  for (const index of indexes) {
    if (index.length === 0) throw new TableDefinitionError(definition.name, null, 'an index needs at least one column');
    for (const column of index) if (!names.includes(column)) throw new TableDefinitionError(definition.name, null, `an index names ${JSON.stringify(column)}, which is not one of its columns (${names.join(', ')})`);
  }
  if (definition.seed !== undefined && !Number.isSafeInteger(definition.seed)) throw new TableDefinitionError(definition.name, null, 'seed must be a whole number');
  return { keyColumns, indexes };
}

/** A column's type in CREATE TABLE: an enum by its (schema-qualified) name, a serial as such. */
function columnType(column: CompiledColumn, spec: ColumnSpec, schema: string | null): string {
  if (column.enumType) return `${schema ? `${quoteName(schema)}.` : ''}${quoteName(column.enumType.name)}${column.sqlType.endsWith('[]') ? '[]' : ''}`;
  if ((spec as { serial?: boolean }).serial === true) return ({ smallint: 'smallserial', integer: 'serial', bigint: 'bigserial' } as Record<string, string>)[column.sqlType] ?? column.sqlType;
  return column.sqlType;
}

/** Names for a table's constraints and indexes: `<table>_<columns>_<suffix>`, numbered when two would be the same. */
function indexNamer(table: string): (columns: readonly string[], suffix: string) => string {
  const used = new Set<string>();
  return (columns, suffix) => {
    const base = `${table.split('.').pop()}_${columns.join('_')}`;
    let name = `${base}_${suffix}`.slice(0, 63);
    for (let count = 1; used.has(name); count += 1) name = `${base.slice(0, 50)}_${suffix}${count}`;
    used.add(name);
    return quoteName(name);
  };
}

/**
 * Compiles a definition for `rows` rows. Every problem is a {@link TableDefinitionError} naming
 * the table and the column: checked here, before a database is created.
 */
export function compileTable(definition: TableDefinition, rows: number, payloadBytes = 0): CompiledTable {
  const { keyColumns, indexes } = checkStructure(definition);
  const columns: CompiledColumn[] = [];
  const seed = definition.seed ?? 0;
  for (const [name, spec] of Object.entries(definition.columns ?? {})) {
    const isKey = keyColumns.includes(name);
    try {
      columns.push(compileColumn(name, spec, {
        table: definition.name,
        rows,
        payloadBytes,
        seed,
        // The last key column carries the key's uniqueness; the others follow their spec.
        unique: (isKey && keyColumns[keyColumns.length - 1] === name) || (spec as { unique?: boolean }).unique === true,
        key: isKey,
      }));
    } catch (error) {
      if (error instanceof ColumnError) throw new TableDefinitionError(definition.name, name, error.message);
      throw error;
    }
  }
  const sqlName = qualifiedName(definition.name);
  const schema = definition.name.includes('.') ? definition.name.split('.')[0]! : null;
  const enums = new Map<string, string[]>();
  for (const column of columns) {
    if (!column.enumType) continue;
    const known = enums.get(column.enumType.name);
    if (known && known.join('\u0000') !== column.enumType.labels.join('\u0000')) {
      throw new TableDefinitionError(definition.name, column.name, `the enum type ${column.enumType.name} is declared twice with different labels`);
    }
    enums.set(column.enumType.name, column.enumType.labels);
  }
  const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const specs = definition.columns ?? {};
  const create = [
    ...(schema ? [`CREATE SCHEMA IF NOT EXISTS ${quoteName(schema)}`] : []),
    ...[...enums].map(([name, labels]) => `CREATE TYPE ${schema ? `${quoteName(schema)}.` : ''}${quoteName(name)} AS ENUM (${labels.map(quoteLiteral).join(', ')})`),
    `CREATE TABLE ${sqlName} (\n${columns.map((column) => `  ${quoteName(column.name)} ${columnType(column, specs[column.name]!, schema)}${column.nullable ? '' : ' NOT NULL'}${specs[column.name]!.default !== undefined ? ` DEFAULT ${specs[column.name]!.default}` : ''}`).join(',\n')}\n)`,
  ];
  const indexName = indexNamer(definition.name);
  // An index asked twice (index: true and in indexes) is built once.
  const indexed = new Set<string>();
  const once = (columns: readonly string[]) => !indexed.has(JSON.stringify(columns)) && Boolean(indexed.add(JSON.stringify(columns)));
  const serials = Object.entries(specs).filter(([, spec]) => (spec as { serial?: boolean }).serial === true).map(([name]) => name);
  const after = [
    ...(keyColumns.length > 0 ? [`ALTER TABLE ${sqlName} ADD PRIMARY KEY (${keyColumns.map(quoteName).join(', ')})`] : []),
    ...Object.entries(specs)
      .filter(([name, spec]) => (spec as { unique?: boolean }).unique === true && !(keyColumns.length === 1 && keyColumns[0] === name))
      .map(([name]) => `ALTER TABLE ${sqlName} ADD CONSTRAINT ${indexName([name], 'key')} UNIQUE (${quoteName(name)})`),
    ...Object.entries(specs)
      .filter(([name, spec]) => spec.index === true && once([name]))
      .map(([name, spec]) => `CREATE INDEX ${indexName([name], 'idx')} ON ${sqlName} ${spec.type === 'jsonb' || spec.type === 'array' ? 'USING gin ' : ''}(${quoteName(name)})`),
    ...indexes.filter(once).map((index) => `CREATE INDEX ${indexName(index, 'idx')} ON ${sqlName} (${index.map(quoteName).join(', ')})`),
    // A serial's sequence past the largest value made, so inserts after the load continue.
    ...serials.map((name) => `SELECT setval(pg_get_serial_sequence('${sqlName.replace(/'/g, "''")}', '${name.replace(/'/g, "''")}'), (SELECT coalesce(max(${quoteName(name)}), 1) FROM ${sqlName}))`),
  ];
  const values = columns.map((column) => column.value);
  return {
    sqlName,
    columns,
    create,
    copy: `COPY ${sqlName} (${columns.map((column) => quoteName(column.name)).join(', ')}) FROM STDIN WITH (FREEZE)`,
    after,
    line(row) {
      let text = values[0]!(row);
      for (let index = 1; index < values.length; index += 1) text += `\t${values[index]!(row)}`;
      return `${text}\n`;
    },
  };
}

/**
 * A short hash of everything that shapes a generated table's rows, for its template's name: a
 * changed definition never reuses an old template.
 */
export function definitionHash(definition: TableDefinition, payloadBytes = 0): string {
  const { name, columns, primaryKey, indexes, seed } = definition;
  // A column's own generator counts by its source text (JSON would drop functions), and it is given --payload-bytes.
  const ownGenerator = Object.values(columns ?? {}).some((spec) => spec.generate !== undefined);
  const text = JSON.stringify({ v: GENERATOR_VERSION, name, columns, primaryKey, indexes, seed, ...(ownGenerator ? { payloadBytes } : {}) }, (_key, value: unknown) => (typeof value === 'function' ? value.toString() : value));
  return [saltOf(text), saltOf(`${text}#`)].map((part) => part.toString(16).padStart(8, '0')).join('').slice(0, 12);
}
