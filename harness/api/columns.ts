/**
 * The columns of a generated table (`defineTable({ name, columns })`): what each holds, how
 * often it is NULL, how many distinct values it has and how they are spread. Part of the public
 * API's ground floor: types only, nothing of the runner.
 *
 * Every value is a pure function of the table's `seed`, the column's name and the row number,
 * so the same definition gives byte-identical rows on every machine, at any `--rows`.
 */

/** A length (characters, bytes or elements): exact, or drawn evenly from `min` to `max` inclusive. */
export type LengthSpec = number | { min: number; max: number };

/** What every column (and array element) may say about how its values are spread. */
export interface ValueSpread {
  /**
   * Fraction of the rows that are NULL, 0 to 1 (`pg_stats.null_frac`). Default 0. A column with
   * nulls is declared without `NOT NULL`.
   */
  nulls?: number;
  /**
   * Distinct non-null values: a count (1 or more), or below 1 a fraction of the rows, as
   * `pg_stats.n_distinct` gives it negated (`0.5`: half as many values as rows). Default: as
   * many as the rows for a key or `unique` column, else the type's default (a boolean 2, an enum
   * its labels, anything else 1,000).
   */
  distinct?: number;
  /**
   * Frequencies of the most common values, most common first, as fractions of the non-null rows
   * (`pg_stats.most_common_freqs`), e.g. `[0.7, 0.2]`: the first value in 70 % of the rows, the
   * second in 20 %, the other distinct values share the rest evenly.
   */
  mostCommon?: number[];
  /**
   * How the values' order follows the rows' physical order, -1 to 1 (`pg_stats.correlation`):
   * 1 ascending with the row, -1 descending, 0 no relation. Default 0.
   */
  correlation?: number;
}

/** What a column's own generator is told (see {@link ColumnConstraints.generate}). */
export interface GenerateContext {
  /** Rows the table gets (`--rows`). */
  rows: number;
  /** `--payload-bytes`. */
  payloadBytes: number;
}

/** What a column declares beyond its values. */
export interface ColumnConstraints {
  /** A unique constraint, built after loading (every row its own value). */
  unique?: boolean;
  /** A b-tree index on the column, built after loading. */
  index?: boolean;
  /** A default for rows inserted later, as an SQL expression (`'-1'`, `'now()'`), in the table's definition. */
  default?: string;
  /**
   * The column's values from your own function instead of the spreads: the value of row `row`
   * (1-based) as text PostgreSQL reads (rowmeter escapes it for COPY), or null for NULL. It must
   * be deterministic. The built-in seeded table's documents are made this way. Its source text
   * is part of the template's name, so a changed function builds a new template.
   */
  generate?: (row: number, table: GenerateContext) => string | null;
}

/** Integers from `min` to `max` (defaults: 1 to the type's largest). */
export interface IntegerColumn extends ValueSpread, ColumnConstraints {
  type: 'smallint' | 'integer' | 'bigint';
  min?: number;
  max?: number;
  /** Declared `smallserial`, `serial` or `bigserial`: its sequence is set past the rows generated, so later inserts continue. */
  serial?: boolean;
}

/** Exact decimals, `numeric(precision, scale)`, from `min` to `max`. */
export interface NumericColumn extends ValueSpread, ColumnConstraints {
  type: 'numeric';
  /** Digits in all (default 12). */
  precision?: number;
  /** Digits after the point (default 2). */
  scale?: number;
  min?: number;
  max?: number;
}

/** Floating point numbers from `min` to `max` (default 0 to 1,000). */
export interface FloatColumn extends ValueSpread, ColumnConstraints {
  type: 'real' | 'double precision';
  min?: number;
  max?: number;
}

export interface BooleanColumn extends ValueSpread, ColumnConstraints {
  type: 'boolean';
}

/**
 * Text of a length in characters (default 16). `varchar` with `maxLength` is `varchar(n)`: a
 * length above it is refused. The first characters spell the value's rank (so values sort as
 * they are ranked, and `correlation` holds); the rest pads to the length.
 */
export interface TextColumn extends ValueSpread, ColumnConstraints {
  type: 'text' | 'varchar';
  length?: LengthSpec;
  maxLength?: number;
}

export interface UuidColumn extends ValueSpread, ColumnConstraints {
  type: 'uuid';
}

/** Dates and times from `from` to `to` (ISO 8601; default the year 2025), spread evenly over the distinct values. */
export interface TimeColumn extends ValueSpread, ColumnConstraints {
  type: 'date' | 'timestamp' | 'timestamptz';
  from?: string;
  to?: string;
}

/** Bytes of a size (default 32). */
export interface ByteaColumn extends ValueSpread, ColumnConstraints {
  type: 'bytea';
  size?: LengthSpec;
}

/** One of `labels`, as a PostgreSQL enum type named `typeName` (default `<table>_<column>`), created with the table. */
export interface EnumColumn extends ValueSpread, ColumnConstraints {
  type: 'enum';
  labels: string[];
  typeName?: string;
}

/**
 * An array of `length` elements (default 0 to 4), each element as its own spec says (no arrays
 * of arrays): the element's `distinct`, `mostCommon` and `nulls` spread the elements. Each row's
 * array is drawn on its own.
 */
export interface ArrayColumn extends Pick<ColumnConstraints, 'default' | 'generate'> {
  type: 'array';
  of: ArrayElement;
  length?: LengthSpec;
  nulls?: number;
  index?: boolean;
}

/** What an array holds: any scalar column type, spread as it says (its `nulls` are NULL elements). */
export type ArrayElement = IntegerColumn | NumericColumn | FloatColumn | BooleanColumn | TextColumn | UuidColumn | TimeColumn | EnumColumn;

/** A JSON document's structure: what each value is, how long strings and arrays are, how often a key is there. */
export type JsonShape =
  | { type: 'object'; keys: Record<string, JsonShape & { presence?: number }> }
  | { type: 'array'; items: JsonShape; length?: LengthSpec }
  | { type: 'string'; length?: LengthSpec; values?: string[]; weights?: number[] }
  | { type: 'integer'; min?: number; max?: number }
  | { type: 'number'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'null' };

/**
 * A `json` or `jsonb` document of a `shape` (default an object of one 16-character string).
 * Each row's document is drawn on its own: `distinct`, `mostCommon` and `correlation` do not
 * apply to documents. An object key's `presence` (0 to 1, default 1) is the fraction of
 * documents that have it; a string with `values` is one of them (`weights` skew the choice).
 */
export interface JsonColumn extends Pick<ColumnConstraints, 'default' | 'generate'> {
  type: 'json' | 'jsonb';
  shape?: JsonShape;
  nulls?: number;
  index?: boolean;
}

/** A column of a generated table. */
export type ColumnSpec = IntegerColumn | NumericColumn | FloatColumn | BooleanColumn | TextColumn | UuidColumn | TimeColumn | ByteaColumn | EnumColumn | ArrayColumn | JsonColumn;
