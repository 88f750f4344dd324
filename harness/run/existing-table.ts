/**
 * A user's existing table as a rowmeter template: its definition and its first N rows by
 * primary key, copied once into a `rowmeter_tpl_x_…` database that every run then copies with
 * `CREATE DATABASE … TEMPLATE`.
 *
 * rowmeter never writes to the user's table: every read of the source runs in a
 * `BEGIN … READ ONLY` transaction (REPEATABLE READ, so the definition, the row count and the
 * copied rows all come from one snapshot), and the server itself refuses any write there.
 *
 * What is reproduced: columns with their exact types, collations, NOT NULL, defaults, identity
 * and generated columns; the sequences the defaults use (serial or shared), with their current
 * value; the primary key, unique, check and exclusion constraints; the other indexes; the table's
 * storage options; its schema; enum types of its columns. What is not (foreign keys, triggers,
 * row-level security, partitioning, inheritance, UNLOGGED) is listed in `info.leftOut`. Other
 * user-defined column types (domains, composites, ranges, extension types) are refused with a
 * one-line {@link UsageError} naming the column: recreating them faithfully would mean copying
 * their functions and operators too.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { withClient, type DatabaseCatalog } from './database.js';
import { UsageError } from '../errors.js';
import { templateLockKey } from './template-lock.js';
import { BinaryCopyRowCounter } from './copy-rows.js';

/** Which of the user's tables to copy, and how much of it. */
export interface ExistingTableRequest {
  /** URL of the database holding the user's table (the user's databaseUrl). */
  sourceUrl: string;
  /** 'name' or 'schema.name' (default schema: the source's search_path, normally public). */
  table: string;
  /** First N rows by primary key; null = all rows. */
  rows: number | null;
}

/** A published template holding a copy of the user's table. */
export interface ExistingTemplate {
  /** Database every run copies with CREATE DATABASE … TEMPLATE. */
  name: string;
  info: {
    table: string; // schema-qualified, e.g. public.accounts
    rows: number; // rows actually copied
    availableRows: number; // rows in the source table (exact count)
    requestedRows: number | null;
    tableBytes: number; // pg_total_relation_size of the copy
    copyMs: number; // 0 when reused
    reused: boolean;
    primaryKey: string[];
    /** What was not copied, each one line, e.g. 'foreign key accounts_branch_fk (REFERENCES branches): left out, runs see no other table' */
    leftOut: string[];
  };
}

/** One column of the source table, as the catalog describes it. */
export interface ExistingColumn {
  name: string;
  /** `format_type`, schema-qualified when not in pg_catalog (e.g. `numeric(10,2)`, `public.mood`). */
  type: string;
  /** A collation other than the type's default, qualified (e.g. `pg_catalog."C"`), else null. */
  collation: string | null;
  notNull: boolean;
  /** `pg_get_expr` of the default, or of the generation expression of a generated column. */
  default: string | null;
  /** `attidentity`: 'a' (ALWAYS), 'd' (BY DEFAULT) or '' (not an identity column). */
  identity: string;
  /** `attgenerated`: 's' (STORED), 'v' (VIRTUAL) or ''. */
  generated: string;
}

/** A sequence a column default or identity uses, with its options and its current state. */
export interface ExistingSequence {
  /** Qualified and quoted as regclass prints it, e.g. `public.accounts_id_seq`. */
  name: string;
  schema: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  /** The column of this table that owns it (serial or identity), else null (a shared sequence). */
  ownedBy: string | null;
  identity: boolean;
  lastValue: string;
  isCalled: boolean;
}

/** A table constraint: `type` is `contype` (p, u, c, x, f, n, t). */
export interface ExistingConstraint {
  name: string;
  type: string;
  definition: string;
  /** For a foreign key, the referenced table; else null. */
  references: string | null;
}

/** An enum type a column uses, recreated in the template. */
export interface ExistingEnum {
  /** Qualified and quoted as format_type prints it. */
  type: string;
  schema: string;
  labels: string[];
}

/** The definition of the user's table, read from the catalogs (never its rows). */
export interface ExistingTableShape {
  /** Plain schema-qualified name for messages, e.g. `public.accounts`. */
  table: string;
  schema: string;
  name: string;
  /** Quoted for SQL, e.g. `public.accounts` or `"My Schema"."Accounts"`. */
  sql: string;
  oid: string;
  database: string;
  databaseOid: string;
  columns: ExistingColumn[];
  primaryKey: string[];
  constraints: ExistingConstraint[];
  /** `pg_get_indexdef` of the indexes that back no constraint. */
  indexes: string[];
  sequences: ExistingSequence[];
  enums: ExistingEnum[];
  reloptions: string[];
  leftOut: string[];
}

/** The comment of a published template starts with this, then its description as JSON. */
const COMMENT_PREFIX = 'rowmeter existing-table template ';

/** What a published template holds, kept in its database comment so nobody connects to it. */
interface TemplateDescription {
  table: string;
  rows: number;
  availableRows: number;
  tableBytes: number;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Runs `work` in a read-only REPEATABLE READ transaction: one snapshot for everything read,
 * and the server refuses any write, so rowmeter cannot change the user's data even by mistake.
 */
async function readOnly<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the definition

interface ResolvedTable {
  oid: string;
  schema: string;
  name: string;
  kind: string;
  persistence: string;
  reloptions: string[] | null;
  database: string;
  databaseOid: string;
  rowSecurity: boolean;
  parents: string[];
}

/** Resolves the name with the source's own search_path, as the user's code would. */
async function resolveTable(client: pg.Client, table: string): Promise<ResolvedTable> {
  let oid: string | null;
  try {
    oid = (await client.query<{ oid: string | null }>('SELECT to_regclass($1)::oid::text AS oid', [table])).rows[0]!.oid;
  } catch (error) {
    throw new UsageError(`Invalid table name ${JSON.stringify(table)}: expected 'name' or 'schema.name'`, { cause: error });
  }
  if (oid === null) throw await missingTable(client, table);
  const result = await client.query<ResolvedTable>(
    `SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
            c.relpersistence::text AS persistence, c.reloptions, current_database() AS database,
            (SELECT d.oid::text FROM pg_database d WHERE d.datname = current_database()) AS "databaseOid",
            c.relrowsecurity AS "rowSecurity",
            ARRAY(SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid ORDER BY 1) AS parents
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::oid`,
    [oid],
  );
  const resolved = result.rows[0]!;
  if (resolved.kind !== 'r' && resolved.kind !== 'p') {
    throw new UsageError(`${resolved.schema}.${resolved.name} in ${resolved.database} is not a table (relkind ${resolved.kind}): rowmeter copies tables only`);
  }
  return resolved;
}

/** The one-line error for a table that is not there, listing the tables that are. */
async function missingTable(client: pg.Client, table: string): Promise<UsageError> {
  const result = await client.query<{ shown: string; database: string; tables: string[] }>(
    `SELECT CASE WHEN strpos($1, '.') > 0 THEN $1 ELSE current_schema() || '.' || $1 END AS shown,
            current_database() AS database,
            ARRAY(SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
                   ORDER BY 1 LIMIT 21) AS tables`,
    [table],
  );
  const { shown, database, tables } = result.rows[0]!;
  const listed = tables.length === 0 ? 'none' : tables.length > 20 ? `${tables.slice(0, 20).join(', ')}, …` : tables.join(', ');
  return new UsageError(`table ${shown} does not exist in ${database} — tables there: ${listed}`);
}

async function readColumns(client: pg.Client, oid: string): Promise<ExistingColumn[]> {
  const result = await client.query<ExistingColumn>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                 THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
            a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS default,
            a.attidentity::text AS identity, a.attgenerated::text AS generated
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       LEFT JOIN pg_collation co ON co.oid = a.attcollation
       LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
      WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [oid],
  );
  return result.rows;
}

/**
 * The user-defined types of the columns (an array's element type counts): enums come back to
 * be recreated; any other kind is refused here, naming the column.
 */
async function readEnums(client: pg.Client, shown: string, oid: string): Promise<ExistingEnum[]> {
  const result = await client.query<{ column: string; type: string; kind: string; schema: string; labels: string[] }>(
    `SELECT a.attname AS column, format_type(b.oid, NULL) AS type, b.typtype::text AS kind, n.nspname AS schema,
            ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = b.oid ORDER BY e.enumsortorder) AS labels
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_type b ON b.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
       JOIN pg_namespace n ON n.oid = b.typnamespace
      WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      ORDER BY a.attnum`,
    [oid],
  );
  const kinds: Record<string, string> = { d: 'a domain', c: 'a composite type', r: 'a range type', m: 'a multirange type', b: 'a base type (from an extension?)' };
  const enums = new Map<string, ExistingEnum>();
  for (const row of result.rows) {
    if (row.kind !== 'e') {
      throw new UsageError(`column ${shown}.${row.column} has type ${row.type}, ${kinds[row.kind] ?? `a type of kind ${row.kind}`}: rowmeter recreates enum types only; copy the table with a built-in type instead`);
    }
    enums.set(row.type, { type: row.type, schema: row.schema, labels: row.labels });
  }
  return [...enums.values()];
}

async function readConstraints(client: pg.Client, oid: string): Promise<ExistingConstraint[]> {
  const result = await client.query<ExistingConstraint>(
    `SELECT conname AS name, contype::text AS type, pg_get_constraintdef(oid) AS definition,
            CASE WHEN confrelid <> 0 THEN confrelid::regclass::text END AS references
       FROM pg_constraint WHERE conrelid = $1::oid ORDER BY conname`,
    [oid],
  );
  return result.rows;
}

/** The primary key's columns in key order; empty when there is none. */
async function readPrimaryKey(client: pg.Client, oid: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_constraint c, unnest(c.conkey) WITH ORDINALITY AS k(num, position)
       JOIN pg_attribute a ON a.attnum = k.num
      WHERE c.conrelid = $1::oid AND c.contype = 'p' AND a.attrelid = c.conrelid
      ORDER BY k.position`,
    [oid],
  );
  return result.rows.map((row) => row.name);
}

/** Indexes that back no primary key, unique or exclusion constraint (those come with the constraint). */
async function readIndexes(client: pg.Client, oid: string): Promise<string[]> {
  const result = await client.query<{ definition: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = $1::oid
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                         WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY i.indexrelid::regclass::text`,
    [oid],
  );
  // An index of a partitioned table prints as `ON ONLY`; the copy is one plain table.
  return result.rows.map((row) => row.definition.replace(' ON ONLY ', ' ON '));
}

/** Sequences the column defaults call (serial or shared) and the identity sequences, with their state. */
async function readSequences(client: pg.Client, oid: string): Promise<ExistingSequence[]> {
  const result = await client.query<Omit<ExistingSequence, 'lastValue' | 'isCalled'>>(
    `SELECT s.oid::regclass::text AS name, n.nspname AS schema, format_type(q.seqtypid, NULL) AS type,
            q.seqstart::text AS start, q.seqincrement::text AS increment, q.seqmin::text AS min,
            q.seqmax::text AS max, q.seqcache::text AS cache, q.seqcycle AS cycle,
            owner.attname AS "ownedBy", coalesce(owner.deptype = 'i', false) AS identity
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace
       JOIN pg_sequence q ON q.seqrelid = s.oid
       LEFT JOIN LATERAL (
         SELECT a.attname, o.deptype FROM pg_depend o
           JOIN pg_attribute a ON a.attrelid = o.refobjid AND a.attnum = o.refobjsubid
          WHERE o.classid = 'pg_class'::regclass AND o.objid = s.oid AND o.refobjid = $1::oid AND o.deptype IN ('a', 'i')
       ) owner ON true
      WHERE s.relkind = 'S' AND s.oid IN (
              SELECT d.refobjid FROM pg_depend d JOIN pg_attrdef ad ON ad.oid = d.objid
               WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass AND ad.adrelid = $1::oid
              UNION
              SELECT d.objid FROM pg_depend d
               WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = $1::oid AND d.deptype IN ('a', 'i'))
      ORDER BY 1`,
    [oid],
  );
  const sequences: ExistingSequence[] = [];
  for (const sequence of result.rows) {
    // Reading a sequence is allowed in a read-only transaction; nextval() would not be.
    const state = (await client.query<{ lastValue: string; isCalled: boolean }>(`SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${sequence.name}`)).rows[0]!;
    sequences.push({ ...sequence, ...state });
  }
  return sequences;
}

/** One line for each thing of the source the copy does not have. */
async function readLeftOut(client: pg.Client, table: ResolvedTable, constraints: ExistingConstraint[]): Promise<string[]> {
  const leftOut = constraints
    .filter((constraint) => constraint.type === 'f')
    .map((constraint) => `foreign key ${constraint.name} (REFERENCES ${constraint.references}): left out, runs see no other table`);
  const triggers = await client.query<{ name: string }>('SELECT tgname AS name FROM pg_trigger WHERE tgrelid = $1::oid AND NOT tgisinternal ORDER BY 1', [table.oid]);
  for (const trigger of triggers.rows) leftOut.push(`trigger ${trigger.name}: left out, writes in runs fire no trigger`);
  if (table.rowSecurity) leftOut.push('row-level security and its policies: left out, runs see every copied row');
  if (table.kind === 'p') leftOut.push('partitioning: left out, the copy is one plain table');
  for (const parent of table.parents) leftOut.push(`inheritance from ${parent}: left out, the copy is a standalone table`);
  if (table.persistence === 'u') leftOut.push('UNLOGGED: left out, the copy is a logged table');
  return leftOut;
}

/** Reads the whole definition; call inside {@link readOnly}. */
async function readShape(client: pg.Client, table: string): Promise<ExistingTableShape> {
  const resolved = await resolveTable(client, table);
  const shown = `${resolved.schema}.${resolved.name}`;
  // From here on every name the catalog functions print is schema-qualified (only pg_catalog is
  // visible), so the generated DDL means the same thing in the template whatever its search_path.
  await client.query('SET LOCAL search_path = pg_catalog');
  const primaryKey = await readPrimaryKey(client, resolved.oid);
  if (primaryKey.length === 0) {
    throw new UsageError(`table ${shown} in ${resolved.database} has no primary key: rowmeter copies the first rows by primary key, so add one (ALTER TABLE ${shown} ADD PRIMARY KEY (…))`);
  }
  const constraints = await readConstraints(client, resolved.oid);
  return {
    table: shown,
    schema: resolved.schema,
    name: resolved.name,
    sql: `${quoteIdent(resolved.schema)}.${quoteIdent(resolved.name)}`,
    oid: resolved.oid,
    database: resolved.database,
    databaseOid: resolved.databaseOid,
    columns: await readColumns(client, resolved.oid),
    primaryKey,
    constraints,
    indexes: await readIndexes(client, resolved.oid),
    sequences: await readSequences(client, resolved.oid),
    enums: await readEnums(client, shown, resolved.oid),
    reloptions: resolved.reloptions ?? [],
    leftOut: await readLeftOut(client, resolved, constraints),
  };
}

/**
 * Reads the definition of the user's table (never its rows), in a read-only transaction.
 * Throws a one-line {@link UsageError} when the table does not exist ("table public.acounts
 * does not exist in <db> — tables there: …"), is not a table, has no primary key, or has a
 * column of a user-defined type other than an enum.
 */
export async function describeExistingTable(sourceUrl: string, table: string): Promise<ExistingTableShape> {
  return withClient(sourceUrl, (client) => readOnly(client, () => readShape(client, table)));
}

// ---------------------------------------------------------------------------------------------
// The template's DDL

function sequenceOptions(sequence: ExistingSequence): string {
  return `INCREMENT BY ${sequence.increment} MINVALUE ${sequence.min} MAXVALUE ${sequence.max} START WITH ${sequence.start} CACHE ${sequence.cache} ${sequence.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

function columnSql(column: ExistingColumn, shape: ExistingTableShape): string {
  let sql = `${quoteIdent(column.name)} ${column.type}`;
  if (column.collation !== null) sql += ` COLLATE ${column.collation}`;
  if (column.generated !== '') {
    sql += ` GENERATED ALWAYS AS (${column.default}) ${column.generated === 'v' ? 'VIRTUAL' : 'STORED'}`;
  } else if (column.identity !== '') {
    const sequence = shape.sequences.find((candidate) => candidate.identity && candidate.ownedBy === column.name);
    const options = sequence ? ` (SEQUENCE NAME ${sequence.name} ${sequenceOptions(sequence)})` : '';
    sql += ` GENERATED ${column.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${options}`;
  } else if (column.default !== null) {
    sql += ` DEFAULT ${column.default}`;
  }
  return column.notNull ? `${sql} NOT NULL` : sql;
}

/** Schemas, enum types, sequences and the table without its keys and indexes: what the rows go into. */
export function createStatements(shape: ExistingTableShape): string[] {
  const schemas = new Set([shape.schema, ...shape.enums.map((type) => type.schema), ...shape.sequences.map((sequence) => sequence.schema)]);
  schemas.delete('public');
  const standalone = shape.sequences.filter((sequence) => !sequence.identity);
  const options = shape.reloptions.length > 0 ? ` WITH (${shape.reloptions.join(', ')})` : '';
  return [
    ...[...schemas].map((schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`),
    ...shape.enums.map((type) => `CREATE TYPE ${type.type} AS ENUM (${type.labels.map(quoteLiteral).join(', ')})`),
    ...standalone.map((sequence) => `CREATE SEQUENCE ${sequence.name} AS ${sequence.type} ${sequenceOptions(sequence)}`),
    `CREATE TABLE ${shape.sql} (\n  ${shape.columns.map((column) => columnSql(column, shape)).join(',\n  ')}\n)${options}`,
    ...standalone
      .filter((sequence) => sequence.ownedBy !== null)
      .map((sequence) => `ALTER SEQUENCE ${sequence.name} OWNED BY ${shape.sql}.${quoteIdent(sequence.ownedBy!)}`),
  ];
}

/** Keys, constraints and indexes, built after the rows are in: one sort each instead of an insertion per row. */
export function finishStatements(shape: ExistingTableShape): string[] {
  // The primary key first, as the other constraints may lean on its index; NOT NULL ('n') came
  // with the columns; foreign keys ('f') and constraint triggers ('t') are left out.
  const order = ['p', 'u', 'x', 'c'];
  const constraints = shape.constraints
    .filter((constraint) => order.includes(constraint.type))
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  return [...constraints.map((constraint) => `ALTER TABLE ${shape.sql} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${constraint.definition}`), ...shape.indexes];
}

// ---------------------------------------------------------------------------------------------
// The template's name

/** The source's size and a marker of its last change, read in the same snapshot as the copy. */
export interface ExistingSourceState {
  availableRows: number;
  changeMarker: string;
}

/**
 * Counts the rows exactly, and takes the newest `xmin` as the change marker: every INSERT and
 * UPDATE writes a row version with a new transaction id, and a DELETE changes the count, so a
 * changed table gets a new template name while an unchanged one reuses its template. Chosen over
 * pg_stat_user_tables' n_tup_ins/upd/del because those are flushed seconds late (a change just
 * made would reuse a stale template) and reset with the statistics (a needless rebuild). Both
 * ride the one scan the exact count needs anyway.
 */
async function readSourceState(client: pg.Client, shape: ExistingTableShape): Promise<ExistingSourceState> {
  const result = await client.query<{ rows: string; marker: string }>(
    `SELECT count(*)::text AS rows, coalesce(max(xmin::text::bigint), 0)::text AS marker FROM ${shape.sql}`,
  );
  const row = result.rows[0]!;
  return { availableRows: Number(row.rows), changeMarker: row.marker };
}

/**
 * `rowmeter_tpl_x_<hash>_r<rows>` (`_rall` when the whole table is copied). The hash covers the
 * table's qualified name, the DDL the template gets, the source database (its name and oid on
 * this server) and the source's size and change marker, so any of those changing builds anew.
 */
export function existingTemplateName(shape: ExistingTableShape, state: ExistingSourceState, copiedRows: number): string {
  const key = [shape.table, ...createStatements(shape), ...finishStatements(shape), `${shape.database}:${shape.databaseOid}`, `${state.availableRows}:${state.changeMarker}`].join('\n');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `rowmeter_tpl_x_${hash}_r${copiedRows >= state.availableRows ? 'all' : copiedRows}`;
}

function templateComment(description: TemplateDescription): string {
  return `${COMMENT_PREFIX}${JSON.stringify(description)}`;
}

function parseComment(comment: string | null): TemplateDescription | null {
  if (comment === null || !comment.startsWith(COMMENT_PREFIX)) return null;
  try {
    const parsed = JSON.parse(comment.slice(COMMENT_PREFIX.length)) as Partial<TemplateDescription>;
    if (typeof parsed.table !== 'string' || typeof parsed.rows !== 'number' || typeof parsed.availableRows !== 'number' || typeof parsed.tableBytes !== 'number') return null;
    return { table: parsed.table, rows: parsed.rows, availableRows: parsed.availableRows, tableBytes: parsed.tableBytes };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Copying

function copyColumns(shape: ExistingTableShape): string {
  // Generated columns are computed again in the template; COPY may not write them.
  return shape.columns
    .filter((column) => column.generated === '')
    .map((column) => quoteIdent(column.name))
    .join(', ');
}

/** Streams the first `rows` rows by primary key in binary from the source into the new table. */
async function copyRows(source: pg.Client, target: pg.Client, shape: ExistingTableShape, rows: number, progress: (doneRows: number, totalRows: number) => void): Promise<number> {
  const { default: copyStreams } = await import('pg-copy-streams');
  const columns = copyColumns(shape);
  const order = shape.primaryKey.map(quoteIdent).join(', ');
  const reading = source.query(copyStreams.to(`COPY (SELECT ${columns} FROM ${shape.sql} ORDER BY ${order} LIMIT ${rows}) TO STDOUT (FORMAT binary)`));
  // FREEZE: the table was created in this transaction, so its rows can be written frozen.
  const writing = target.query(copyStreams.from(`COPY ${shape.sql} (${columns}) FROM STDIN (FORMAT binary, FREEZE)`));
  const counter = new BinaryCopyRowCounter((done) => progress(done, rows));
  await pipeline(reading, counter, writing);
  return counter.rows;
}

/**
 * Sets each sequence to the source's state, or past the highest value copied into the column
 * that owns it when that is higher (rows inserted with explicit ids), so an insert in a run gets
 * what the next insert in the source would have got, and never a duplicate key.
 */
async function setSequences(target: pg.Client, shape: ExistingTableShape): Promise<void> {
  for (const sequence of shape.sequences) {
    let value = BigInt(sequence.lastValue);
    let called = sequence.isCalled;
    const owner = shape.columns.find((column) => column.name === sequence.ownedBy);
    if (owner && /^(smallint|integer|bigint)$/.test(owner.type) && BigInt(sequence.increment) > 0n) {
      const top = (await target.query<{ top: string | null }>(`SELECT max(${quoteIdent(owner.name)})::text AS top FROM ${shape.sql}`)).rows[0]!.top;
      if (top !== null && (BigInt(top) > value || (BigInt(top) === value && !called))) {
        value = BigInt(top);
        called = true;
      }
    }
    await target.query('SELECT setval($1::regclass, $2::bigint, $3)', [sequence.name, value.toString(), called]);
  }
}

/** Creates the table, loads the rows and adds keys and indexes in one transaction, then freezes it. */
async function buildTable(source: pg.Client, target: pg.Client, shape: ExistingTableShape, rows: number, progress: (doneRows: number, totalRows: number) => void): Promise<number> {
  let copied: number;
  await target.query('BEGIN');
  try {
    for (const statement of createStatements(shape)) await target.query(statement);
    copied = await copyRows(source, target, shape, rows, progress);
    for (const statement of finishStatements(shape)) await target.query(statement);
    await setSequences(target, shape);
    await target.query('COMMIT');
  } catch (error) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  // Every run's copy then starts with the same visibility map, hint bits and statistics.
  await target.query(`VACUUM (FREEZE, ANALYZE) ${shape.sql}`);
  return copied;
}

async function tableBytes(target: pg.Client, shape: ExistingTableShape): Promise<number> {
  const result = await target.query<{ bytes: string }>('SELECT pg_total_relation_size($1::regclass)::text AS bytes', [shape.sql]);
  return Number(result.rows[0]!.bytes);
}

function checkRows(rows: number | null): void {
  if (rows !== null && (!Number.isSafeInteger(rows) || rows < 0)) {
    throw new UsageError(`Invalid row count ${rows} for an existing table: expected a whole number of rows, 0 or more`);
  }
}

/**
 * Makes sure a template holding the user's table exists: reuses the published one with the same
 * name (same table definition, same source database, same content marker, same row count), or
 * builds one under a temporary name and renames it when complete, so a half-built database is
 * never mistaken for a template.
 *
 * The whole check-or-build holds the advisory lock named after the template, as seeding does
 * (seed/template.ts): of two benchmarks started together, one builds and the other waits and
 * reuses. The source is read in one read-only REPEATABLE READ transaction for the definition,
 * the count and the rows, held open meanwhile; a published template's description lives in its
 * database comment, so nobody connects to it again.
 *
 * @param progress - rows copied so far and rows to copy, every 10,000 rows and at the end.
 */
export async function ensureExistingTemplate(
  catalog: DatabaseCatalog,
  request: ExistingTableRequest,
  progress: (doneRows: number, totalRows: number) => void = () => undefined,
): Promise<ExistingTemplate> {
  checkRows(request.rows);
  return withClient(request.sourceUrl, (source) =>
    readOnly(source, async () => {
      const shape = await readShape(source, request.table);
      const state = await readSourceState(source, shape);
      const rows = request.rows === null ? state.availableRows : Math.min(request.rows, state.availableRows);
      const name = existingTemplateName(shape, state, rows);
      return catalog.withAdvisoryLock(templateLockKey(name), async () => {
        const reused = await reuseTemplate(catalog, name, shape, request);
        return reused ?? buildTemplate(catalog, name, source, shape, rows, state, request, progress);
      });
    }),
  );
}

function templateInfo(shape: ExistingTableShape, request: ExistingTableRequest, description: TemplateDescription, copyMs: number, reused: boolean): ExistingTemplate['info'] {
  return {
    table: shape.table,
    rows: description.rows,
    availableRows: description.availableRows,
    requestedRows: request.rows,
    tableBytes: description.tableBytes,
    copyMs,
    reused,
    primaryKey: shape.primaryKey,
    leftOut: shape.leftOut,
  };
}

/** The published template `name`, described from its comment, or null when there is none. */
async function reuseTemplate(catalog: DatabaseCatalog, name: string, shape: ExistingTableShape, request: ExistingTableRequest): Promise<ExistingTemplate | null> {
  const existing = await catalog.describe(name);
  if (existing === null) return null;
  const description = parseComment(existing.comment);
  if (description === null) {
    throw new Error(`Template ${name} has no rowmeter description (its comment was changed?); drop it (DROP DATABASE ${name}) and run again`);
  }
  return { name, info: templateInfo(shape, request, description, 0, true) };
}

async function buildTemplate(
  catalog: DatabaseCatalog,
  name: string,
  source: pg.Client,
  shape: ExistingTableShape,
  rows: number,
  state: ExistingSourceState,
  request: ExistingTableRequest,
  progress: (doneRows: number, totalRows: number) => void,
): Promise<ExistingTemplate> {
  const buildingName = `${name.replace(/^rowmeter_tpl_x_/, 'rowmeter_build_x_')}_${process.pid}`;
  const started = performance.now();
  const url = await catalog.create(buildingName);
  const description = await withClient(url, async (target): Promise<TemplateDescription> => {
    const copied = await buildTable(source, target, shape, rows, progress);
    return { table: shape.table, rows: copied, availableRows: state.availableRows, tableBytes: await tableBytes(target, shape) };
  });
  const copyMs = performance.now() - started;
  await catalog.comment(buildingName, templateComment(description));
  await catalog.rename(buildingName, name);
  return { name, info: templateInfo(shape, request, description, copyMs, false) };
}
