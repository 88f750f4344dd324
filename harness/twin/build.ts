/**
 * A twin's definition from what was read of the real table (harness/twin/read.ts): pure. By
 * default no value of the table appears in it — numeric and date bounds only rounded outwards,
 * no string, JSON or byte value at all; `keepValues` keeps exact bounds and JSON strings that
 * look like a status (few distinct values in the sample). Everything it had to guess is said
 * in `notes`, which go into the file's header.
 */
import type { ColumnSpec, JsonShape, TableDefinition } from '../api/index.js';
import type { ColumnFacts, JsonFacts, TableFacts } from './read.js';

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

/** Rounds outwards to two significant digits: 1234 → 1200 (low) or 1300 (high). */
export function roundBound(value: number, direction: 'down' | 'up'): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1);
  const rounded = (direction === 'down' ? Math.floor(value / magnitude) : Math.ceil(value / magnitude)) * magnitude;
  return Number(rounded.toPrecision(12));
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
      const shares = stats.mostCommonFreqs.map((freq) => round(freq / nonNull, 4));
      const limit = typeof spread.distinct === 'number' && spread.distinct >= 1 ? spread.distinct : shares.length;
      let kept = shares.slice(0, limit);
      const total = kept.reduce((sum, share) => sum + share, 0);
      if (total > 1) kept = kept.map((share) => share / total);
      // Covering every value: the shares must add up to 1 exactly.
      if (typeof spread.distinct === 'number' && kept.length === spread.distinct && kept.length > 0) {
        const others = kept.slice(0, -1).reduce((sum, share) => sum + share, 0);
        kept[kept.length - 1] = round(1 - others, 6);
      }
      // Frequencies no higher than an even spread's say nothing: left out.
      const even = typeof spread.distinct === 'number' && spread.distinct >= 1 ? 1 / spread.distinct : 0;
      if (kept.length > 0 && Math.max(...kept) > even * 1.2) spread.mostCommon = kept.map((share) => round(share, 4));
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

function numericBounds(column: ColumnFacts, keepValues: boolean): { min?: number; max?: number } {
  const numbers = (column.stats?.bounds ?? []).map(Number).filter((value) => Number.isFinite(value));
  if (numbers.length === 0) return {};
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  return keepValues ? { min: low, max: high } : { min: roundBound(low, 'down'), max: roundBound(high, 'up') };
}

/** A date or time as PostgreSQL prints it (`2024-01-01`, `2024-01-01 10:00:00`, `… +00`), in ms; no zone means UTC. */
export function parsePgTime(text: string): number {
  let iso = text.replace(' ', 'T');
  if (iso.length > 10 && /[+-]\d\d$/.test(iso)) iso += ':00';
  else if (iso.length > 10 && !/([zZ]|[+-]\d\d:\d\d)$/.test(iso)) iso += 'Z';
  return Date.parse(iso);
}

function timeBounds(column: ColumnFacts, keepValues: boolean): { from?: string; to?: string } {
  const times = (column.stats?.bounds ?? []).map(parsePgTime).filter((value) => Number.isFinite(value));
  if (times.length === 0) return {};
  const [low, high] = [Math.min(...times), Math.max(...times)];
  if (keepValues) return { from: new Date(low).toISOString(), to: new Date(high).toISOString() };
  // Whole days, outwards: the range, not the moments.
  const day = 86_400_000;
  return { from: new Date(Math.floor(low / day) * day).toISOString().slice(0, 10), to: new Date(Math.floor(high / day) * day + day - 1000).toISOString().slice(0, 19) + 'Z' };
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
      for (const [key, child] of entries) {
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
      return keepValues ? { type: facts.kind, min: facts.min, max: facts.max } : { type: facts.kind, min: roundBound(facts.min, 'down'), max: roundBound(facts.max, 'up') };
    case 'boolean':
      return { type: 'boolean' };
    case 'null':
      return { type: 'null' };
    case 'mixed':
      // One shape per place: the first kind seen stands for all (said in the notes by the caller).
      return { type: 'string', length: 8 };
  }
}

function scalarSpec(column: ColumnFacts, key: boolean, options: TwinOptions, notes: string[]): ColumnSpec {
  const spread = spreadOf(column, key);
  const base = column.baseType;
  if (INTEGER_TYPES[base]) return { type: INTEGER_TYPES[base], ...(key ? {} : numericBounds(column, options.keepValues)), ...spread };
  if (base === 'numeric') {
    return { type: 'numeric', ...(column.precision !== null ? { precision: column.precision, scale: column.scale ?? 0 } : { precision: 20, scale: 6 }), ...numericBounds(column, options.keepValues), ...spread };
  }
  if (base === 'float4' || base === 'float8') return { type: base === 'float4' ? 'real' : 'double precision', ...numericBounds(column, options.keepValues), ...spread };
  if (base === 'bool') return { type: 'boolean', ...spread };
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
      const kept = rest.mostCommon.slice(0, column.enumLabels.length);
      kept[kept.length - 1] = round(1 - kept.slice(0, -1).reduce((sum, share) => sum + share, 0), 6);
      rest.mostCommon = kept;
    }
    return { type: 'enum', labels: column.enumLabels, typeName: column.enumType, ...rest };
  }
  if (base === 'varchar' && column.maxLength !== null) return { type: 'varchar', maxLength: column.maxLength, length: lengthOf(column, notes), ...spread };
  if (base !== 'text' && base !== 'varchar') notes.push(`${column.name} (${column.sqlType}): a type the generators do not know, generated as text of its width`);
  return { type: 'text', length: lengthOf(column, notes), ...spread };
}

/** Makes a spec one the generators accept: a text too short for its distinct values is lengthened, and said. */
function fitSpec(name: string, spec: ColumnSpec, notes: string[]): ColumnSpec {
  if ((spec.type === 'text' || spec.type === 'varchar') && typeof spec.distinct === 'number') {
    const distinct = spec.distinct;
    const length = spec.length ?? 16;
    const min = typeof length === 'number' ? length : length.min;
    const width = Math.max(1, Math.ceil(Math.log(Math.max(2, distinct < 1 ? 1_000_000 : distinct)) / Math.log(26)));
    if (min < width) {
      notes.push(`${name}: its shortest values (${min}) are too short to spell ${distinct} distinct values; the twin's are at least ${width} long`);
      const fitted = typeof length === 'number' ? Math.max(width, length) : { min: width, max: Math.max(width, length.max) };
      return { ...spec, length: fitted };
    }
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
  const plain = /^(-?\d+(\.\d+)?|true|false|null|NULL|[a-z_]+\(\)|CURRENT_TIMESTAMP|CURRENT_DATE|LOCALTIMESTAMP)(::[a-z ]+)?$/.test(sql);
  const literal = /^'[^']*'(::[a-z ]+(\[\])?)?$/.test(sql);
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
      const element = scalarSpec({ ...column, isArray: false, stats: null, sampled: null }, false, options, []);
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
      spec = scalarSpec(column, key, options, notes);
      if (facts.uniqueColumns.includes(column.name) && !key) {
        const { distinct: _distinct, mostCommon: _mostCommon, nulls: _nulls, ...rest } = spec as ColumnSpec & { distinct?: number; mostCommon?: number[]; nulls?: number };
        spec = { ...rest, unique: true } as ColumnSpec;
      }
    }
    columns[column.name] = withDefault(column, fitSpec(column.name, spec, notes), options, notes);
  }
  if (facts.otherIndexes.length > 0) notes.push(`${facts.otherIndexes.length} expression or partial index${facts.otherIndexes.length === 1 ? '' : 'es'} left out (their definitions may hold values)`);
  const definition: TableDefinition = {
    name: options.name,
    ...(facts.rows >= 0 ? { rows: facts.rows } : {}),
    ...(facts.primaryKey.length > 0 ? { primaryKey: facts.primaryKey.length === 1 ? facts.primaryKey[0]! : facts.primaryKey } : {}),
    ...(facts.indexes.length > 0 ? { indexes: facts.indexes.map((index) => (index.length === 1 ? index[0]! : index)) } : {}),
    columns,
  };
  return { definition, notes };
}
