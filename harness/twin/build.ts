/**
 * A twin's definition from what was read of the real table (harness/twin/read.ts): pure. By
 * default no value of the table appears in it — numeric and date bounds only rounded outwards,
 * no string, JSON or byte value at all; `keepValues` keeps exact bounds and JSON strings that
 * look like a status (few distinct values in the sample). Everything it had to guess is said
 * in `notes`, which go into the file's header.
 */
import type { ColumnSpec, JsonShape, TableDefinition } from '../api/index.js';
import type { ColumnFacts, JsonFacts, TableFacts } from './read.js';
import { parseUtc } from '../../seed/columns.js';

export interface TwinOptions {
  keepValues: boolean;
  /** The table name the twin takes (the real one, so scenarios run on both). */
  name: string;
}

export interface Twin {
  definition: TableDefinition;
  notes: string[];
}

const INTEGER_TYPES: Record<string, 'smallint' | 'integer' | 'bigint'> = { int2: 'smallint', int4: 'integer', int8: 'bigint' };
const TIME_TYPES: Record<string, 'date' | 'timestamp' | 'timestamptz'> = { date: 'date', timestamp: 'timestamp', timestamptz: 'timestamptz' };

/**
 * Widens a bound to a power of ten, strictly outwards, so only its order of magnitude is told:
 * 18 → 10 (low) or 100 (high), 8,000,024,000 → 1e9 or 1e10, 100 → 10 or 1000. Zero stays zero.
 */
export function roundBound(value: number, direction: 'down' | 'up'): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  const outwards = value > 0 ? direction : direction === 'down' ? 'up' : 'down';
  const size = Math.abs(value);
  const power = outwards === 'up' ? Math.floor(Math.log10(size)) + 1 : Math.ceil(Math.log10(size)) - 1;
  return Math.sign(value) * Number((10 ** power).toPrecision(12));
}

/** Most-common shares in whole ten-thousandths, never adding up to more than 1, exactly 1 when they cover every value. */
export function fitShares(shares: readonly number[], coverEveryValue: boolean): number[] {
  let units = shares.map((share) => Math.max(0, Math.floor(share * 10_000)));
  const total = units.reduce((sum, unit) => sum + unit, 0);
  if (total > 10_000) units = units.map((unit) => Math.floor((unit * 10_000) / total));
  if (coverEveryValue && units.length > 0) units[units.length - 1] = 10_000 - units.slice(0, -1).reduce((sum, unit) => sum + unit, 0);
  const kept = units.map((unit) => unit / 10_000);
  // A share of 0 is no most common value (the generators refuse it): the tail is dropped.
  const firstZero = kept.findIndex((share) => share <= 0);
  return firstZero === -1 ? kept : kept.slice(0, firstZero);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** The spread of a scalar column from pg_stats: nulls, distinct, most common frequencies, correlation. */
function spreadOf(column: ColumnFacts, key: boolean): { nulls?: number; distinct?: number; mostCommon?: number[]; correlation?: number } {
  const stats = column.stats;
  if (!stats) return {};
  const spread: { nulls?: number; distinct?: number; mostCommon?: number[]; correlation?: number } = {};
  if (stats.nullFrac > 0 && !key) spread.nulls = round(stats.nullFrac, 4);
  if (!key) {
    if (stats.nDistinct > 0) spread.distinct = Math.max(1, Math.round(stats.nDistinct));
    else if (stats.nDistinct < 0) spread.distinct = round(Math.min(0.9999, -stats.nDistinct), 4);
    // pg_stats gives the most common frequencies as shares of all rows; the twin's are of the non-null ones.
    const nonNull = 1 - stats.nullFrac;
    if (stats.mostCommonFreqs && stats.mostCommonFreqs.length > 0 && nonNull > 0) {
      const shares = stats.mostCommonFreqs.map((freq) => freq / nonNull);
      const limit = typeof spread.distinct === 'number' && spread.distinct >= 1 ? spread.distinct : shares.length;
      const kept = fitShares(shares.slice(0, limit), typeof spread.distinct === 'number' && Math.min(limit, shares.length) === spread.distinct);
      // Frequencies no higher than an even spread's say nothing: left out.
      const even = typeof spread.distinct === 'number' && spread.distinct >= 1 ? 1 / spread.distinct : 0;
      if (kept.length > 0 && Math.max(...kept) > even * 1.2) spread.mostCommon = kept;
    }
  }
  if (stats.correlation !== null && Math.abs(stats.correlation) >= 0.01) spread.correlation = round(stats.correlation, 2);
  return spread;
}

/** Text length from the sample when there is one, else about the average width (the statistics keep no distribution). */
function lengthOf(column: ColumnFacts, notes: string[]): number | { min: number; max: number } {
  if (column.sampled && column.sampled.minLength !== null && column.sampled.maxLength !== null) {
    return column.sampled.minLength === column.sampled.maxLength ? column.sampled.minLength : { min: column.sampled.minLength, max: column.sampled.maxLength };
  }
  const average = Math.max(1, (column.stats?.avgWidth ?? 17) - 1);
  notes.push(`${column.name}: lengths guessed around the average width (${average}) of pg_stats; --sample measures them`);
  return { min: Math.max(1, Math.floor(average / 2)), max: Math.ceil(average * 1.5) };
}

/** What a numeric column's bounds may be: its type's range (integers up to 2^53 - 1, which the generators count in). */
function typeRange(base: string, precision: number | null, scale: number | null): { low: number; high: number } {
  if (base === 'int2') return { low: -32768, high: 32767 };
  if (base === 'int4') return { low: -2147483648, high: 2147483647 };
  if (base === 'int8') return { low: Number.MIN_SAFE_INTEGER, high: Number.MAX_SAFE_INTEGER };
  if (base === 'numeric') {
    const top = 10 ** ((precision ?? TWIN_NUMERIC.precision) - (scale ?? TWIN_NUMERIC.scale)) - 10 ** -(scale ?? TWIN_NUMERIC.scale);
    return { low: -top, high: top };
  }
  return { low: -1e300, high: 1e300 };
}

/** The precision and scale of a twin's numeric column that has none (unconstrained `numeric`). */
const TWIN_NUMERIC = { precision: 30, scale: 6 };

/**
 * A numeric column's range: the statistics' ends widened to powers of ten (exact with
 * `keepValues`), inside the type's range. A unique column gets no upper bound, so the twin can
 * take it to any `--rows`.
 */
function numericBounds(column: ColumnFacts, keepValues: boolean, unique: boolean, notes: string[]): { min?: number; max?: number } {
  const numbers = (column.stats?.bounds ?? []).map(Number).filter((value) => Number.isFinite(value));
  if (numbers.length === 0) return {};
  const range = typeRange(column.baseType, column.precision, column.scale);
  const clamp = (value: number) => Math.min(range.high, Math.max(range.low, value));
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  if (high > range.high || low < range.low) notes.push(`${column.name}: values beyond ±2^53 are generated within it`);
  const whole = INTEGER_TYPES[column.baseType] !== undefined;
  const min = clamp(keepValues ? low : whole ? Math.floor(roundBound(low, 'down')) : roundBound(low, 'down'));
  if (unique) return { min };
  return { min, max: Math.max(min, clamp(keepValues ? high : whole ? Math.ceil(roundBound(high, 'up')) : roundBound(high, 'up'))) };
}

function timeBounds(column: ColumnFacts, keepValues: boolean): { from?: string; to?: string } {
  const times = (column.stats?.bounds ?? []).map(parseUtc).filter((value) => Number.isFinite(value));
  if (times.length === 0) return {};
  const [low, high] = [Math.min(...times), Math.max(...times)];
  if (keepValues) return { from: new Date(low).toISOString(), to: new Date(high).toISOString() };
  // Whole months, outwards: the range, not a day of the table.
  const start = new Date(low);
  const end = new Date(high);
  const from = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
  const to = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 1) - 1000);
  return { from: from.toISOString().slice(0, 10), to: `${to.toISOString().slice(0, 19)}Z` };
}

/** More distinct keys than this at one place, each in under half the objects: a map keyed by data (ids, emails), not a structure. */
const MAP_KEYS = 32;

/** A stand-in key: `k`, its number, padded with `x` to the real keys' average length. */
function standInKey(index: number, length: number): string {
  const base = `k${index}`;
  return base.length >= length ? base : base + 'x'.repeat(length - base.length);
}

/**
 * A JSON shape from what the sample showed: structure and lengths, no values but rounded numeric
 * bounds. Object keys are structure and are kept — except at a place with many rare keys (a map
 * keyed by data, such as user ids), whose keys are values: stand-in keys of the same count and
 * length then take their place (said in `notes`, under `path`).
 */
export function shapeOf(facts: JsonFacts, keepValues: boolean, notes: string[] = [], path = ''): JsonShape {
  switch (facts.kind) {
    case 'object': {
      const keys: Record<string, JsonShape & { presence?: number }> = {};
      const entries = [...facts.keys];
      const total = entries.reduce((sum, [, child]) => sum + child.count, 0);
      if (!keepValues && entries.length > MAP_KEYS && total / entries.length < facts.seen / 2) {
        const perObject = Math.max(1, Math.round(total / Math.max(1, facts.seen)));
        const keyLength = Math.round(entries.reduce((sum, [key]) => sum + key.length, 0) / entries.length);
        const [, commonest] = entries.reduce((best, entry) => (entry[1].count > best[1].count ? entry : best));
        const value = shapeOf(commonest, keepValues, notes, `${path}.*`);
        for (let index = 1; index <= perObject; index += 1) keys[standInKey(index, keyLength)] = value;
        notes.push(`${path || 'the document'}: ${entries.length} different keys in the sample, about ${perObject} per object — keys that look like data, so ${perObject} stand-in keys of ${keyLength} characters take their place`);
        return { type: 'object', keys };
      }
      let standIns = 0;
      for (const [realKey, child] of entries) {
        // A key that looks like data (an email, a number, a hex id, a sentence) is a value: a stand-in takes its place.
        const looksLikeData = !keepValues && (/[@\s]/.test(realKey) || /^\d+$/.test(realKey) || /^[0-9a-f-]{8,}$/i.test(realKey) || realKey.length > 40);
        const key = looksLikeData ? standInKey((standIns += 1), realKey.length) : realKey;
        if (looksLikeData) notes.push(`${path || 'the document'}: a key that looks like data (${realKey.length} characters) replaced by ${key}`);
        const shape = shapeOf(child, keepValues, notes, `${path}.${key}`) as JsonShape & { presence?: number };
        const presence = round(child.count / facts.seen, 3);
        keys[key] = presence < 1 ? { ...shape, presence } : shape;
      }
      return { type: 'object', keys };
    }
    case 'array':
      return { type: 'array', items: facts.items ? shapeOf(facts.items, keepValues, notes, `${path}[]`) : { type: 'null' }, length: facts.minLength === facts.maxLength ? facts.minLength : { min: facts.minLength, max: facts.maxLength } };
    case 'string': {
      // A status-like field (few values, each seen often) keeps its values only when asked.
      if (keepValues && facts.values.size <= 20 && facts.seen >= facts.values.size * 5) {
        const entries = [...facts.values].sort((a, b) => b[1] - a[1]);
        return { type: 'string', values: entries.map(([value]) => value), weights: entries.map(([, count]) => count) };
      }
      return { type: 'string', length: facts.minLength === facts.maxLength ? facts.minLength : { min: facts.minLength, max: facts.maxLength } };
    }
    case 'integer':
    case 'number':
      if (keepValues) return { type: facts.kind, min: facts.min, max: facts.max };
      // An integer's widened bounds stay whole (1 widens to 0, not 0.1).
      return facts.kind === 'integer'
        ? { type: 'integer', min: Math.floor(roundBound(facts.min, 'down')), max: Math.ceil(roundBound(facts.max, 'up')) }
        : { type: 'number', min: roundBound(facts.min, 'down'), max: roundBound(facts.max, 'up') };
    case 'boolean':
      return { type: 'boolean' };
    case 'null':
      return { type: 'null' };
    case 'mixed':
      // One shape per place: the first kind seen stands for all (said in the notes by the caller).
      return { type: 'string', length: 8 };
  }
}

/** A positive distinct count above what [min, max] holds: the upper bound goes, so every value fits. */
function fitRange<T extends { min?: number; max?: number; distinct?: number }>(spec: T, unit: number): T {
  if (spec.max === undefined || spec.min === undefined || typeof spec.distinct !== 'number' || spec.distinct < 1) return spec;
  if ((spec.max - spec.min) / unit + 1 >= spec.distinct) return spec;
  const { max: _max, ...rest } = spec;
  return rest as T;
}

function scalarSpec(column: ColumnFacts, key: boolean, options: TwinOptions, notes: string[], unique = false): ColumnSpec {
  const spread = spreadOf(column, key);
  const base = column.baseType;
  if (INTEGER_TYPES[base]) return fitRange({ type: INTEGER_TYPES[base], ...(key ? {} : numericBounds(column, options.keepValues, unique, notes)), ...spread }, 1);
  if (base === 'numeric') {
    let precision = column.precision ?? TWIN_NUMERIC.precision;
    let scale = column.precision !== null ? (column.scale ?? 0) : TWIN_NUMERIC.scale;
    if (precision > 100) {
      notes.push(`${column.name}: numeric(${precision},${scale}) generated as numeric(100,${Math.min(scale, 50)})`);
      [precision, scale] = [100, Math.min(scale, 50)];
    }
    const bounds = numericBounds({ ...column, precision, scale }, options.keepValues, unique, notes);
    return fitRange({ type: 'numeric' as const, precision, scale, ...bounds, ...spread }, 10 ** -scale);
  }
  if (base === 'float4' || base === 'float8') return { type: base === 'float4' ? 'real' : 'double precision', ...numericBounds(column, options.keepValues, unique, notes), ...spread };
  if (base === 'bool') {
    // The statistics list the commonest first; the twin's rank 0 is false (t and f say nothing of the table).
    const trueFirst = column.stats?.bounds[0] === 't';
    const shares = spread.mostCommon;
    return { type: 'boolean', ...spread, ...(shares && trueFirst ? { mostCommon: shares.length === 2 ? [shares[1]!, shares[0]!] : [round(1 - shares[0]!, 4)] } : {}) };
  }
  if (base === 'uuid') return { type: 'uuid', ...spread };
  if (TIME_TYPES[base]) {
    const bounds = timeBounds(column, options.keepValues);
    // More distinct dates than days in the range (statistics estimate, bounds from a sample): widen the range.
    if (base === 'date' && bounds.from && bounds.to && typeof spread.distinct === 'number' && spread.distinct >= 1) {
      const days = Math.floor((Date.parse(bounds.to) - Date.parse(bounds.from)) / 86_400_000) + 1;
      if (spread.distinct > days) bounds.to = new Date(Date.parse(bounds.to) + (spread.distinct - days) * 86_400_000).toISOString().slice(0, 19) + 'Z';
    }
    return { type: TIME_TYPES[base], ...bounds, ...spread };
  }
  if (base === 'bytea') {
    const size = column.sampled && column.sampled.minLength !== null ? { min: column.sampled.minLength, max: column.sampled.maxLength! } : Math.max(0, (column.stats?.avgWidth ?? 33) - 1);
    const { distinct: _distinct, mostCommon: _mostCommon, ...rest } = spread;
    return { type: 'bytea', size, ...rest };
  }
  if (column.enumLabels && column.enumType) {
    const { distinct: _distinct, ...rest } = spread;
    if (rest.mostCommon && rest.mostCommon.length >= column.enumLabels.length) {
      // Every label among the most common: the shares must add up to 1 exactly.
      rest.mostCommon = fitShares(rest.mostCommon.slice(0, column.enumLabels.length), true);
    }
    return { type: 'enum', labels: column.enumLabels, typeName: column.enumType, ...rest };
  }
  if (base === 'varchar' && column.maxLength !== null) return { type: 'varchar', maxLength: column.maxLength, length: capLength(lengthOf(column, notes), column.maxLength), ...spread };
  if (base !== 'text' && base !== 'varchar') notes.push(`${column.name} (${column.sqlType}): a type the generators do not know, generated as text of its width`);
  return { type: 'text', length: lengthOf(column, notes), ...spread };
}

/** A length no longer than a varchar's limit. */
function capLength(length: number | { min: number; max: number }, limit: number): number | { min: number; max: number } {
  if (typeof length === 'number') return Math.min(length, limit);
  return { min: Math.min(length.min, limit), max: Math.min(length.max, limit) };
}

/** The most rows a twin is expected to be taken to: text must spell this many distinct values apart. */
const MOST_ROWS = 100_000_000;

/**
 * Makes a spec one the generators accept at any `--rows` up to {@link MOST_ROWS}: a text too
 * short to spell its distinct values (a count, a fraction of the rows, or one per row when
 * unique) is lengthened, within a varchar's limit (past it, fewer distinct values), and said.
 */
function fitSpec(name: string, spec: ColumnSpec, notes: string[], unique: boolean): ColumnSpec {
  if ((spec.type === 'text' || spec.type === 'varchar') && (typeof spec.distinct === 'number' || unique)) {
    const distinct = unique || spec.distinct === undefined || spec.distinct < 1 ? MOST_ROWS : spec.distinct;
    const length = spec.length ?? 16;
    const min = typeof length === 'number' ? length : length.min;
    const limit = spec.type === 'varchar' && spec.maxLength !== undefined ? spec.maxLength : Number.POSITIVE_INFINITY;
    const width = Math.min(limit, Math.max(1, Math.ceil(Math.log(Math.max(2, distinct)) / Math.log(26))));
    let fitted: ColumnSpec = spec;
    if (min < width) {
      notes.push(`${name}: its shortest values (${min}) are too short to spell its distinct values at up to ${MOST_ROWS.toLocaleString('en-US')} rows; the twin's are at least ${width} long`);
      fitted = { ...spec, length: typeof length === 'number' ? Math.max(width, length) : { min: width, max: Math.max(width, length.max) } };
    }
    const capacity = 26 ** width;
    if (typeof spec.distinct === 'number' && spec.distinct >= 1 && spec.distinct > capacity) {
      notes.push(`${name}: varchar(${limit}) holds at most ${capacity} generated values: the twin has that many`);
      fitted = { ...fitted, distinct: capacity } as ColumnSpec;
    }
    return fitted;
  }
  return spec;
}

/**
 * A column's default in the twin: a sequence (`nextval`, an identity) becomes `serial: true` on an
 * integer; a default of numbers, booleans, NULL or a function call without arguments (`now()`) is
 * kept as SQL; one holding a string literal is a value, kept only with `keepValues`; one naming
 * anything else (another sequence, a function of the database) is left out and said.
 */
export function withDefault(column: ColumnFacts, spec: ColumnSpec, options: TwinOptions, notes: string[]): ColumnSpec {
  const sql = column.defaultSql;
  if (sql === null) return spec;
  if (sql === 'identity' || /^nextval\(/.test(sql)) {
    if (spec.type === 'smallint' || spec.type === 'integer' || spec.type === 'bigint') return { ...spec, serial: true };
    notes.push(`${column.name}: its default draws from a sequence, left out (not an integer column)`);
    return spec;
  }
  // pg_get_expr prints numbers as `-1`, `'-1'::integer`, `0.00::numeric(10,2)`; built-in functions without arguments are safe to keep.
  const number = /^\(?'?-?\d+(\.\d+)?'?\)?(::[a-z ]+(\(\d+(,\d+)?\))?)?$/.test(sql);
  const builtin = /^(true|false|null|NULL|now\(\)|CURRENT_TIMESTAMP|CURRENT_DATE|LOCALTIMESTAMP|clock_timestamp\(\)|statement_timestamp\(\)|transaction_timestamp\(\)|gen_random_uuid\(\)|random\(\))(::[a-z ]+)?$/.test(sql);
  const plain = number || builtin;
  const literal = !number && /^'[^']*'(::[a-z ]+(\[\])?)?$/.test(sql);
  if (plain || (literal && options.keepValues)) return { ...spec, default: sql };
  notes.push(`${column.name}: its default ${literal ? '(a string, a value of the table: --keep-values keeps it)' : 'names something the twin does not have'} is left out`);
  return spec;
}

/** The twin of a table: its definition and the notes for the file's header. */
export function buildTwin(facts: TableFacts, options: TwinOptions): Twin {
  const notes: string[] = [];
  const columns: Record<string, ColumnSpec> = {};
  for (const column of facts.columns) {
    const key = facts.primaryKey.includes(column.name) && facts.primaryKey[facts.primaryKey.length - 1] === column.name;
    if (!column.stats) notes.push(`${column.name}: no statistics (a column ANALYZE skipped); generated from its type alone`);
    let spec: ColumnSpec;
    if (column.isArray) {
      const elementNotes: string[] = [];
      const element =
        column.baseType === 'bytea'
          ? (notes.push(`${column.name} (bytea[]): elements generated as text`), { type: 'text' as const })
          : scalarSpec({ ...column, isArray: false, stats: null, sampled: null }, false, options, elementNotes);
      const length = column.sampled && column.sampled.minLength !== null ? { min: column.sampled.minLength, max: column.sampled.maxLength! } : undefined;
      if (!length) notes.push(`${column.name}: array lengths guessed (0 to 4); --sample measures them`);
      spec = { type: 'array', of: element as Extract<ColumnSpec, { type: 'array' }>['of'], ...(length ? { length } : {}), ...(column.stats && column.stats.nullFrac > 0 ? { nulls: round(column.stats.nullFrac, 4) } : {}) };
    } else if (column.baseType === 'json' || column.baseType === 'jsonb') {
      const learnt = column.sampled?.json ?? null;
      if (!learnt) notes.push(`${column.name}: ${column.sampled ? 'no document in the sample' : 'JSON structure not sampled (--sample 0)'}: a document of one string of the stored average width (${column.stats?.avgWidth ?? '?'} bytes, compressed when TOASTed)`);
      if (learnt && JSON.stringify(learnt, (_key, value: unknown) => (value instanceof Map ? [...value] : value)).includes('"mixed"')) notes.push(`${column.name}: some places hold values of several JSON types; the twin holds short strings there`);
      const shape: JsonShape = learnt ? shapeOf(learnt, options.keepValues, notes, column.name) : { type: 'object', keys: { value: { type: 'string', length: Math.max(1, (column.stats?.avgWidth ?? 17) - 10) } } };
      spec = { type: column.baseType as 'json' | 'jsonb', shape, ...(column.stats && column.stats.nullFrac > 0 ? { nulls: round(column.stats.nullFrac, 4) } : {}) };
    } else {
      spec = scalarSpec(column, key, options, notes, facts.uniqueColumns.includes(column.name) && !key);
      if (facts.uniqueColumns.includes(column.name) && !key) {
        const { distinct: _distinct, mostCommon: _mostCommon, nulls: _nulls, ...rest } = spec as ColumnSpec & { distinct?: number; mostCommon?: number[]; nulls?: number };
        spec = { ...rest, unique: true } as ColumnSpec;
      }
    }
    const unique = (facts.uniqueColumns.includes(column.name) && !key) || key;
    columns[column.name] = withDefault(column, fitSpec(column.name, spec, notes, unique), options, notes);
  }
  if (facts.otherIndexes > 0) notes.push(`${facts.otherIndexes} expression, partial or other-method index${facts.otherIndexes === 1 ? '' : 'es'} left out (their definitions may hold values)`);
  for (const name of facts.ginColumns) {
    const spec = columns[name];
    if (spec && (spec.type === 'jsonb' || spec.type === 'array')) columns[name] = { ...spec, index: true };
  }
  const definition: TableDefinition = {
    name: options.name,
    ...(facts.rows >= 0 ? { rows: facts.rows } : {}),
    ...(facts.primaryKey.length > 0 ? { primaryKey: facts.primaryKey.length === 1 ? facts.primaryKey[0]! : facts.primaryKey } : {}),
    ...(facts.indexes.length > 0 ? { indexes: facts.indexes.map((index) => (index.length === 1 ? index[0]! : index)) } : {}),
    columns,
  };
  return { definition, notes };
}
