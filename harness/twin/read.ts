/**
 * What `rowmeter twin` reads of a table, read-only: its definition from the catalog, its
 * statistics from `pg_stats`, and with `--sample` the **shape** of a few rows (lengths, JSON
 * structure), never their values. One `REPEATABLE READ READ ONLY` transaction.
 */
import type pg from 'pg';
import { UsageError } from '../errors.js';
import { quoteIdentifier, withClient } from '../run/database.js';

/** A JSON value's structure learnt from a sample: no value is kept but numeric bounds. */
export type JsonFacts =
  | { kind: 'object'; seen: number; keys: Map<string, JsonFacts & { count: number }> }
  | { kind: 'array'; seen: number; minLength: number; maxLength: number; items: JsonFacts | null }
  | { kind: 'string'; seen: number; minLength: number; maxLength: number; values: Map<string, number> }
  | { kind: 'integer' | 'number'; seen: number; min: number; max: number }
  | { kind: 'boolean' | 'null'; seen: number }
  | { kind: 'mixed'; seen: number; kinds: string[] };

export interface ColumnStats {
  nullFrac: number;
  avgWidth: number;
  nDistinct: number;
  mostCommonFreqs: number[] | null;
  correlation: number | null;
  /** The lowest and highest values the statistics show (histogram ends and most common values), as text. */
  bounds: string[];
}

export interface ColumnFacts {
  name: string;
  /** `format_type`, e.g. `character varying(12)`, `numeric(10,2)`, `text[]`. */
  sqlType: string;
  /** The type's (or, for an array, its element's) `typname`: `int4`, `varchar`, `jsonb`, … */
  baseType: string;
  isArray: boolean;
  /** `typmod`-derived: varchar length, numeric precision and scale. */
  maxLength: number | null;
  precision: number | null;
  scale: number | null;
  /** An enum's labels (the type's definition, not data), else null. */
  enumLabels: string[] | null;
  enumType: string | null;
  notNull: boolean;
  /** The column's default as SQL (`pg_get_expr`), or null; an identity column says `identity`. */
  defaultSql: string | null;
  stats: ColumnStats | null;
  /** With `--sample`: lengths (text, bytea: characters or bytes; arrays: elements) and JSON structure. */
  sampled: { rows: number; minLength: number | null; maxLength: number | null; json: JsonFacts | null } | null;
}

export interface TableFacts {
  schema: string;
  table: string;
  /** `pg_class.reltuples`, rounded; -1 when the table was never analysed or vacuumed. */
  rows: number;
  primaryKey: string[];
  /** Plain indexes on columns (expression and partial indexes are listed in notes instead). */
  indexes: string[][];
  uniqueColumns: string[];
  /** Columns with a GIN index of their own (jsonb, arrays): `index: true` in the twin. */
  ginColumns: string[];
  /** Expression, partial and other-method indexes: counted, never described (they may hold values). */
  otherIndexes: number;
  columns: ColumnFacts[];
}

/** Splits `name` or `schema.name`; a missing schema is `public` unless given. */
export function splitTableName(table: string, schema: string | null): { schema: string; table: string } {
  const parts = table.split('.');
  if (parts.length > 2) throw new UsageError(`Expected --table to be name or schema.name, got ${JSON.stringify(table)}`);
  if (parts.length === 2) {
    if (schema !== null && schema !== parts[0]) throw new UsageError(`--table ${table} names the schema ${parts[0]} and --schema says ${schema}: give one`);
    return { schema: parts[0]!, table: parts[1]! };
  }
  return { schema: schema ?? 'public', table };
}

function parseTextArray(text: string | null): string[] {
  if (text === null || text === '{}') return [];
  // PostgreSQL's array text: elements separated by commas, quoted when they need it.
  const out: string[] = [];
  let index = 1;
  while (index < text.length - 1) {
    if (text[index] === '"') {
      let value = '';
      index += 1;
      while (text[index] !== '"') {
        if (text[index] === '\\') index += 1;
        value += text[index];
        index += 1;
      }
      out.push(value);
      index += 2;
    } else {
      const end = text.indexOf(',', index);
      const stop = end === -1 ? text.length - 1 : end;
      out.push(text.slice(index, stop));
      index = stop + 1;
    }
  }
  return out;
}

/** Merges one JSON value into what is known of the values at this place. */
export function learnJson(known: JsonFacts | null, value: unknown): JsonFacts {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : Number.isInteger(value) ? 'integer' : 'number';
  if (known && known.kind !== kind && !(known.kind === 'integer' && kind === 'number') && !(known.kind === 'number' && kind === 'integer')) {
    const kinds = known.kind === 'mixed' ? known.kinds : [known.kind];
    return { kind: 'mixed', seen: known.seen + 1, kinds: [...new Set([...kinds, kind])] };
  }
  switch (kind) {
    case 'object': {
      const facts = (known as Extract<JsonFacts, { kind: 'object' }> | null) ?? { kind: 'object', seen: 0, keys: new Map() };
      facts.seen += 1;
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const before = facts.keys.get(key) ?? null;
        const learnt = learnJson(before ? { ...before } : null, child);
        facts.keys.set(key, { ...learnt, count: (before?.count ?? 0) + 1 });
      }
      return facts;
    }
    case 'array': {
      const list = value as unknown[];
      const facts = (known as Extract<JsonFacts, { kind: 'array' }> | null) ?? { kind: 'array', seen: 0, minLength: list.length, maxLength: list.length, items: null };
      facts.seen += 1;
      facts.minLength = Math.min(facts.minLength, list.length);
      facts.maxLength = Math.max(facts.maxLength, list.length);
      for (const item of list) facts.items = learnJson(facts.items, item);
      return facts;
    }
    case 'string': {
      const text = value as string;
      const facts = (known as Extract<JsonFacts, { kind: 'string' }> | null) ?? { kind: 'string', seen: 0, minLength: text.length, maxLength: text.length, values: new Map() };
      facts.seen += 1;
      facts.minLength = Math.min(facts.minLength, text.length);
      facts.maxLength = Math.max(facts.maxLength, text.length);
      // Counted only to tell a status-like field from free text; kept in the twin only with --keep-values.
      if (facts.values.size <= 50) facts.values.set(text, (facts.values.get(text) ?? 0) + 1);
      return facts;
    }
    case 'integer':
    case 'number': {
      const number = value as number;
      const previous = known as Extract<JsonFacts, { kind: 'integer' | 'number' }> | null;
      return { kind: previous?.kind === 'number' || kind === 'number' ? 'number' : 'integer', seen: (previous?.seen ?? 0) + 1, min: Math.min(previous?.min ?? number, number), max: Math.max(previous?.max ?? number, number) };
    }
    default:
      return { kind: kind as 'boolean' | 'null', seen: (known?.seen ?? 0) + 1 };
  }
}

async function readColumns(client: pg.ClientBase, oid: number): Promise<ColumnFacts[]> {
  const { rows } = await client.query<{
    name: string;
    sql_type: string;
    base_type: string;
    is_array: boolean;
    typmod: number;
    not_null: boolean;
    enum_labels: string[] | null;
    enum_type: string | null;
    default_sql: string | null;
  }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS sql_type,
            coalesce(elem.typname, t.typname) AS base_type, t.typelem <> 0 AND t.typcategory = 'A' AS is_array,
            a.atttypmod AS typmod, a.attnotnull AS not_null,
            (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = coalesce(elem.oid, t.oid)) AS enum_labels,
            CASE WHEN coalesce(elem.typtype, t.typtype) = 'e' THEN coalesce(elem.typname, t.typname) END AS enum_type,
            CASE WHEN a.attidentity <> '' THEN 'identity' ELSE pg_get_expr(d.adbin, d.adrelid) END AS default_sql
       FROM pg_attribute a
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.attgenerated = ''
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type elem ON t.typcategory = 'A' AND elem.oid = t.typelem
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [oid],
  );
  return rows.map((row) => {
    const numericTypmod = row.base_type === 'numeric' && row.typmod >= 4 ? row.typmod - 4 : null;
    return {
      name: row.name,
      sqlType: row.sql_type,
      baseType: row.base_type,
      isArray: row.is_array,
      maxLength: (row.base_type === 'varchar' || row.base_type === 'bpchar') && row.typmod >= 4 ? row.typmod - 4 : null,
      precision: numericTypmod === null ? null : (numericTypmod >> 16) & 0xffff,
      scale: numericTypmod === null ? null : numericTypmod & 0xffff,
      enumLabels: row.enum_labels,
      enumType: row.enum_type,
      notNull: row.not_null,
      defaultSql: row.default_sql,
      stats: null,
      sampled: null,
    };
  });
}

async function readStats(client: pg.ClientBase, schema: string, table: string, columns: ColumnFacts[], partitioned: boolean): Promise<void> {
  const { rows } = await client.query<{ attname: string; null_frac: number; avg_width: number; n_distinct: number; most_common_freqs: number[] | null; correlation: number | null; mcv: string | null; hist: string | null }>(
    `SELECT attname, null_frac, avg_width, n_distinct, most_common_freqs, correlation,
            most_common_vals::text AS mcv, histogram_bounds::text AS hist
       FROM pg_stats WHERE schemaname = $1 AND tablename = $2 AND inherited = $3`,
    // A partitioned table's statistics cover its partitions: PostgreSQL keeps them as inherited.
    [schema, table, partitioned],
  );
  for (const row of rows) {
    const column = columns.find((candidate) => candidate.name === row.attname);
    if (!column) continue;
    const histogram = parseTextArray(row.hist);
    column.stats = {
      nullFrac: row.null_frac,
      avgWidth: row.avg_width,
      nDistinct: row.n_distinct,
      mostCommonFreqs: row.most_common_freqs,
      correlation: row.correlation,
      // Only the ends matter: the rest is never read, and none of it leaves this function but as bounds.
      bounds: column.isArray ? [] : [...(histogram.length > 0 ? [histogram[0]!, histogram[histogram.length - 1]!] : []), ...parseTextArray(row.mcv)],
    };
  }
}

/** Lengths (and JSON structure) of a sample of rows: aggregates in SQL, documents walked here and dropped. */
async function readSample(client: pg.ClientBase, sqlName: string, reltuples: number, sampleRows: number, columns: ColumnFacts[]): Promise<void> {
  const percent = reltuples > 0 ? Math.min(100, Math.max(0.0001, ((sampleRows * 2) / reltuples) * 100)) : 100;
  // SYSTEM reads whole pages at random, only about the share asked (BERNOULLI would read every page of a big table).
  const from = `(SELECT * FROM ${sqlName} TABLESAMPLE SYSTEM (${percent}) REPEATABLE (42) LIMIT ${sampleRows}) AS sampled`;
  const lengthOf = (column: ColumnFacts) => {
    const name = quoteIdentifier(column.name);
    if (column.isArray) return `cardinality(${name})`;
    if (column.baseType === 'bytea') return `octet_length(${name})`;
    if (['text', 'varchar', 'bpchar'].includes(column.baseType)) return `char_length(${name})`;
    return null;
  };
  const measured = columns.filter((column) => lengthOf(column) !== null);
  const aggregates = measured.flatMap((column) => [`min(${lengthOf(column)})`, `max(${lengthOf(column)})`]);
  const { rows } = await client.query<Record<string, number | string | null>>(`SELECT count(*)::int AS n${aggregates.map((aggregate, index) => `, ${aggregate} AS a${index}`).join('')} FROM ${from}`);
  const result = rows[0]!;
  for (const column of columns) column.sampled = { rows: Number(result.n), minLength: null, maxLength: null, json: null };
  measured.forEach((column, index) => {
    column.sampled!.minLength = result[`a${index * 2}`] === null ? null : Number(result[`a${index * 2}`]);
    column.sampled!.maxLength = result[`a${index * 2 + 1}`] === null ? null : Number(result[`a${index * 2 + 1}`]);
  });
  for (const column of columns.filter((candidate) => candidate.baseType === 'json' || candidate.baseType === 'jsonb')) {
    if (column.isArray) continue;
    const documents = await client.query<{ doc: unknown }>(`SELECT ${quoteIdentifier(column.name)} AS doc FROM ${from} WHERE ${quoteIdentifier(column.name)} IS NOT NULL`);
    let facts: JsonFacts | null = null;
    // node-postgres parses json and jsonb itself: a top-level string arrives as a string.
    for (const { doc } of documents.rows) facts = learnJson(facts, doc);
    column.sampled!.json = facts;
  }
}

/**
 * Reads what the twin is built from, in one read-only transaction: errors (a table that does not
 * exist or cannot be read, statistics never gathered) are one-line usage errors that say what to do.
 */
export async function readTableFacts(url: string, name: { schema: string; table: string }, sampleRows: number): Promise<TableFacts> {
  return withClient(url, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const sqlName = `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.table)}`;
      const found = await client.query<{ oid: number; reltuples: number; kind: string; role: string; can_read: boolean }>(
        `SELECT c.oid::int AS oid, c.reltuples::float8 AS reltuples, c.relkind::text AS kind, current_user AS role,
                has_table_privilege(c.oid, 'SELECT') AS can_read
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
        [name.schema, name.table],
      );
      const relation = found.rows[0];
      if (!relation || !['r', 'p'].includes(relation.kind)) throw new UsageError(`no table ${name.schema}.${name.table} on this server`);
      if (!relation.can_read) throw new UsageError(`the role ${relation.role} cannot read ${name.schema}.${name.table}: grant it with GRANT SELECT ON ${sqlName} TO ${quoteIdentifier(relation.role)};`);
      const columns = await readColumns(client, relation.oid);
      await readStats(client, name.schema, name.table, columns, relation.kind === 'p');
      if (columns.every((column) => column.stats === null)) {
        throw new UsageError(`${name.schema}.${name.table} has no statistics (pg_stats is empty for it): run ANALYZE ${sqlName}; and try again`);
      }
      const keys = await client.query<{ columns: string[]; primary: boolean; unique: boolean; plain: boolean; method: string }>(
        `SELECT array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                       WHERE k.n <= i.indnkeyatts ORDER BY k.n) AS columns,
                i.indisprimary AS primary, i.indisunique AS unique,
                i.indexprs IS NULL AND i.indpred IS NULL AS plain, am.amname AS method
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
          WHERE i.indrelid = $1 ORDER BY i.indexrelid`,
        [relation.oid],
      );
      // Key columns only (INCLUDE columns are not part of a key).
      const primaryKey = keys.rows.find((index) => index.primary)?.columns ?? [];
      const plain = keys.rows.filter((index) => !index.primary && index.plain && index.method === 'btree');
      const seen = new Set<string>([JSON.stringify(primaryKey)]);
      const distinctPlain = plain.filter((index) => !seen.has(JSON.stringify(index.columns)) && Boolean(seen.add(JSON.stringify(index.columns))));
      if (sampleRows > 0) await readSample(client, sqlName, relation.reltuples, sampleRows, columns);
      return {
        schema: name.schema,
        table: name.table,
        rows: Math.round(relation.reltuples),
        primaryKey,
        indexes: distinctPlain.filter((index) => !(index.unique && index.columns.length === 1)).map((index) => index.columns),
        uniqueColumns: distinctPlain.filter((index) => index.unique && index.columns.length === 1).map((index) => index.columns[0]!),
        ginColumns: keys.rows.filter((index) => index.plain && index.method === 'gin' && index.columns.length === 1).map((index) => index.columns[0]!),
        otherIndexes: keys.rows.filter((index) => !index.plain || !['btree', 'gin'].includes(index.method)).length,
        columns,
      };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  });
}
