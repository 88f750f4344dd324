/**
 * Column generators of generated tables (harness/api/columns.ts): each column compiles once, for
 * one table size, into its SQL type and a function from the row number to its value as COPY's
 * text format writes it. Pure and deterministic (seed/hash.ts).
 *
 * How a scalar value is chosen, in three steps:
 * 1. NULL for exactly a `nulls` share of the rows (the first of a shuffled order);
 * 2. a **rank** from 0 to distinct-1: a place in [0, 1) — the row's own position in the table
 *    for a `correlation` share of the rows, an evenly spaced place in shuffled order for the
 *    rest, so the rank correlation of value and position is about `correlation` — then the
 *    place through the frequency distribution (`mostCommon` first, the other values evenly);
 * 3. the rank's **value**, increasing with the rank (integers, dates, text whose first
 *    characters spell the rank), so the order and the distinct count hold exactly.
 * A unique column's ranks are a permutation of the rows (in order when `correlation` ≥ 0.5).
 */
import type { ArrayElement, ColumnSpec, JsonShape, LengthSpec } from '../harness/api/index.js';
import { draw32, drawInt, drawUnit, mix32, permute, saltOf } from './hash.js';

/** A generator asked for what it cannot make: the message says what, the caller names the table and column. */
export class ColumnError extends Error {}

/** Escapes a value for COPY's text format: backslash, tab, newline and carriage return. */
export function copyEscape(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/** COPY's NULL in text format. */
export const COPY_NULL = '\\N';

/** A compiled column: its SQL type, whether it may be NULL, and its value for each row (COPY text, escaped). */
export interface CompiledColumn {
  name: string;
  sqlType: string;
  nullable: boolean;
  /** An enum type to create first: its name and labels. */
  enumType: { name: string; labels: string[] } | null;
  value(row: number): string;
}

/** What a column's value for a rank depends on besides the rank. */
interface ValueMaker {
  sqlType: string;
  /** Distinct values the type can make at most (null: unbounded). */
  capacity: number | null;
  /** The default distinct count when the spec gives none. */
  defaultDistinct: number;
  /** The value of a rank, unescaped text. */
  valueOf(rank: number): string;
  /** True when no value can hold what COPY's text format escapes (backslash, tab, newline, CR). */
  plain?: boolean;
}

const INTEGER_MAX = { smallint: 32767, integer: 2147483647, bigint: Number.MAX_SAFE_INTEGER } as const;
const INTEGER_MIN = { smallint: -32768, integer: -2147483648, bigint: Number.MIN_SAFE_INTEGER } as const;
const DEFAULT_DISTINCT = 1000;
/** Columns with at most this many distinct values keep each value's text once made (most columns): generating is then mostly lookups. */
const VALUE_CACHE_LIMIT = 200_000;

/** `make(rank)`, remembered per rank when there are few enough ranks. */
function remembered(distinct: number, make: (rank: number) => string): (rank: number) => string {
  if (distinct > VALUE_CACHE_LIMIT) return make;
  const cache: Array<string | undefined> = new Array(distinct);
  return (rank) => (cache[rank] ??= make(rank));
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ColumnError(message);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A length spec as its range, checked. */
export function lengthRange(spec: LengthSpec | undefined, fallback: LengthSpec, what: string): { min: number; max: number } {
  const given = spec ?? fallback;
  const range = typeof given === 'number' ? { min: given, max: given } : given;
  check(Number.isInteger(range.min) && Number.isInteger(range.max) && range.min >= 0 && range.max >= range.min, `${what} must be a whole number of 0 or more, or { min, max } with min ≤ max (got ${JSON.stringify(given)})`);
  return range;
}

/** The spread of the values between `min` and `max`: evenly over the distinct values when `max` is given, else one apart. */
function stepOf(min: number, max: number | undefined, distinct: number): number {
  if (max === undefined || distinct <= 1) return 1;
  return (max - min) / (distinct - 1);
}

function integerMaker(spec: Extract<ColumnSpec, { type: 'smallint' | 'integer' | 'bigint' }>, distinctHint: number): ValueMaker {
  const min = spec.min ?? 1;
  check(Number.isInteger(min) && min >= INTEGER_MIN[spec.type], `min must be a whole number that fits ${spec.type}`);
  check(spec.max === undefined || (Number.isInteger(spec.max) && spec.max <= INTEGER_MAX[spec.type] && spec.max >= min), `max must be a whole number from min to ${INTEGER_MAX[spec.type]} (${spec.type})`);
  const top = spec.max ?? INTEGER_MAX[spec.type];
  const step = Math.max(1, Math.floor(stepOf(min, spec.max, distinctHint)));
  return {
    sqlType: spec.type,
    capacity: top - min + 1,
    defaultDistinct: DEFAULT_DISTINCT,
    plain: true,
    valueOf: (rank) => String(min + rank * step),
  };
}

function numericMaker(spec: Extract<ColumnSpec, { type: 'numeric' }>, distinctHint: number): ValueMaker {
  const precision = spec.precision ?? 12;
  const scale = spec.scale ?? 2;
  check(Number.isInteger(precision) && precision >= 1 && precision <= 1000, 'precision must be a whole number from 1 to 1000');
  check(Number.isInteger(scale) && scale >= 0 && scale <= precision && scale <= 300, 'scale must be a whole number from 0 to the precision (at most 300)');
  const unit = 10n ** BigInt(scale);
  const limit = 10n ** BigInt(precision) - 1n;
  const toUnits = (value: number) => BigInt(Math.round(value * 10 ** scale));
  const min = spec.min ?? 0;
  check(isFiniteNumber(min) && (spec.max === undefined || (isFiniteNumber(spec.max) && spec.max >= min)), 'min and max must be numbers with min ≤ max');
  const minUnits = toUnits(min);
  const maxUnits = spec.max === undefined ? limit : toUnits(spec.max);
  check(minUnits >= -limit && maxUnits <= limit, `min and max must fit numeric(${precision},${scale}) (at most ${precision - scale} digits before the point)`);
  const stepUnits = spec.max === undefined || distinctHint <= 1 ? 1n : BigInt(Math.max(1, Math.floor(Number(maxUnits - minUnits) / (distinctHint - 1))));
  const capacity = Number(maxUnits - minUnits) + 1;
  return {
    sqlType: `numeric(${precision},${scale})`,
    capacity,
    defaultDistinct: DEFAULT_DISTINCT,
    plain: true,
    valueOf(rank) {
      const units = minUnits + BigInt(rank) * stepUnits;
      const negative = units < 0n;
      const absolute = negative ? -units : units;
      const whole = (absolute / unit).toString();
      const fraction = scale === 0 ? '' : `.${(absolute % unit).toString().padStart(scale, '0')}`;
      return `${negative ? '-' : ''}${whole}${fraction}`;
    },
  };
}

function floatMaker(spec: Extract<ColumnSpec, { type: 'real' | 'double precision' }>, distinctHint: number): ValueMaker {
  const min = spec.min ?? 0;
  const max = spec.max ?? 1000;
  check(isFiniteNumber(min) && isFiniteNumber(max) && max >= min, 'min and max must be numbers with min ≤ max');
  const step = niceStep(distinctHint <= 1 ? 0 : (max - min) / (distinctHint - 1));
  // As many decimals as the step has, no more: 523.5 rather than 523.5235235235235, which the
  // client would parse at three times the cost (what the real column holds is unknown; short is likelier).
  const decimals = step === 0 ? 0 : Math.max(0, 1 - Math.floor(Math.log10(step)));
  return {
    sqlType: spec.type,
    capacity: null,
    defaultDistinct: DEFAULT_DISTINCT,
    plain: true,
    valueOf: (rank) => String(Number((min + rank * step).toFixed(Math.min(decimals, 15)))),
  };
}

/** A step rounded to two significant digits (1.001 → 1, 0.01234 → 0.012), so values print short. */
export function niceStep(step: number): number {
  if (step <= 0 || !Number.isFinite(step)) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(step)) - 1);
  return Math.max(magnitude, Math.round(step / magnitude) * magnitude);
}

/** Lower-case letters of a rank, `width` of them: rank 0 is `aaa…`, so text sorts as its ranks. */
function rankLetters(rank: number, width: number): string {
  let letters = '';
  let rest = rank;
  for (let index = 0; index < width; index += 1) {
    letters = String.fromCharCode(97 + (rest % 26)) + letters;
    rest = Math.floor(rest / 26);
  }
  return letters;
}

/** 4 KiB of pseudo-random lower-case letters and spaces: text padding is a slice of it. */
const FILLER = Array.from({ length: 4096 }, (_, index) => {
  const code = mix32(index + 0x5eed) % 27;
  return code === 26 ? ' ' : String.fromCharCode(97 + code);
}).join('');

/** `length` characters of filler starting at a place chosen by `key`. */
function filler(length: number, key: number): string {
  let out = '';
  let offset = key % FILLER.length;
  while (out.length < length) {
    const piece = FILLER.slice(offset, offset + (length - out.length));
    out += piece;
    offset = 0;
  }
  return out;
}

function textMaker(spec: Extract<ColumnSpec, { type: 'text' | 'varchar' }>, distinct: number | null, salt: number): ValueMaker {
  const length = lengthRange(spec.length, 16, 'length');
  if (spec.maxLength !== undefined) {
    check(spec.type === 'varchar', 'maxLength is for varchar columns');
    check(Number.isInteger(spec.maxLength) && spec.maxLength >= 1 && spec.maxLength <= 10485760, 'maxLength must be a whole number from 1 to 10485760');
    check(length.max <= spec.maxLength, `values of up to ${length.max} characters do not fit varchar(${spec.maxLength})`);
  }
  const width = Math.max(1, Math.ceil(Math.log(Math.max(2, distinct ?? 2)) / Math.log(26)));
  // A probe (distinct not known yet) checks only what does not depend on it.
  if (distinct !== null) check(length.min >= width, `${distinct} distinct values need at least ${width} characters each to tell apart, but length goes down to ${length.min}`);
  return {
    sqlType: spec.type === 'varchar' && spec.maxLength !== undefined ? `varchar(${spec.maxLength})` : spec.type,
    capacity: null,
    defaultDistinct: DEFAULT_DISTINCT,
    plain: true,
    valueOf(rank) {
      const total = length.min === length.max ? length.min : drawInt(salt, rank, 7, length.min, length.max);
      return rankLetters(rank, width) + filler(total - width, draw32(salt, rank, 8));
    },
  };
}

/** Two hex digits of each byte value. */
const HEX_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return HEX_BYTE[value >>> 24]! + HEX_BYTE[(value >>> 16) & 255]! + HEX_BYTE[(value >>> 8) & 255]! + HEX_BYTE[value & 255]!;
}

function uuidMaker(salt: number): ValueMaker {
  return {
    sqlType: 'uuid',
    capacity: null,
    defaultDistinct: DEFAULT_DISTINCT,
    plain: true,
    valueOf(rank) {
      const a = hex32(draw32(salt, rank, 10));
      const b = hex32(draw32(salt, rank, 11));
      const c = hex32(draw32(salt, rank, 12));
      const d = hex32(draw32(salt, rank, 13));
      // Version 4, variant 10xx: a well-formed random UUID.
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
    },
  };
}

const DAY_MS = 86_400_000;

/**
 * An ISO 8601 date or time in ms, as UTC when it names no zone (`2024-06-01`, `2024-06-01 10:00`,
 * and PostgreSQL's `2024-06-01 10:00:00+02`); NaN when it is not one. The twin reads pg_stats' bounds with it too.
 */
export function parseUtc(text: unknown): number {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?([zZ]|[+-]\d{2}(:?\d{2})?)?$/.test(text)) return Number.NaN;
  let iso = text.replace(' ', 'T');
  // PostgreSQL prints a whole-hour zone as `+02`, which ISO 8601 (and Date.parse) wants as `+02:00`.
  if (iso.length > 10 && /[+-]\d{2}$/.test(iso)) iso += ':00';
  else if (iso.length > 10 && !/([zZ]|[+-]\d{2}(:?\d{2})?)$/.test(iso)) iso += 'Z';
  return Date.parse(iso);
}

function timeMaker(spec: Extract<ColumnSpec, { type: 'date' | 'timestamp' | 'timestamptz' }>, distinctHint: number): ValueMaker {
  // Read as UTC when no zone is given: the same definition gives the same rows in every time zone.
  const from = parseUtc(spec.from ?? '2025-01-01T00:00:00Z');
  const to = parseUtc(spec.to ?? '2025-12-31T23:59:59Z');
  check(Number.isFinite(from) && Number.isFinite(to) && to >= from, 'from and to must be ISO 8601 dates or times with from ≤ to');
  const isDate = spec.type === 'date';
  const grain = isDate ? DAY_MS : 1000;
  const first = Math.floor(from / grain);
  const slots = Math.floor(to / grain) - first + 1;
  const step = distinctHint <= 1 ? 0 : Math.max(1, Math.floor((slots - 1) / (distinctHint - 1)));
  return {
    sqlType: spec.type,
    capacity: slots,
    defaultDistinct: Math.min(DEFAULT_DISTINCT, slots),
    plain: true,
    valueOf(rank) {
      const iso = new Date((first + rank * step) * grain).toISOString();
      if (isDate) return iso.slice(0, 10);
      const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
      return spec.type === 'timestamptz' ? `${text}+00` : text;
    },
  };
}

/** 8 KiB of pseudo-random hex digits (4 KiB of bytes): bytea values are slices of it. */
const HEX_FILLER = Array.from({ length: 2048 }, (_, index) => hex32(mix32(index + 0xb17e))).join('');

/** `bytes` bytes as hex, starting at a place chosen by `key` (wrapping round the filler). */
function hexBytes(bytes: number, key: number): string {
  let out = '';
  let offset = (key % (HEX_FILLER.length / 2)) * 2;
  while (out.length < bytes * 2) {
    out += HEX_FILLER.slice(offset, offset + (bytes * 2 - out.length));
    offset = 0;
  }
  return out;
}

function byteaMaker(spec: Extract<ColumnSpec, { type: 'bytea' }>, salt: number): ValueMaker {
  const size = lengthRange(spec.size, 32, 'size');
  return {
    sqlType: 'bytea',
    capacity: size.min < 4 ? 256 ** size.min : null,
    defaultDistinct: DEFAULT_DISTINCT,
    valueOf(rank) {
      const bytes = size.min === size.max ? size.min : drawInt(salt, rank, 14, size.min, size.max);
      // The first bytes spell the rank, lowest byte first, so distinct ranks are distinct values even when short.
      const spelt = HEX_BYTE[rank & 255]! + HEX_BYTE[(rank >>> 8) & 255]! + HEX_BYTE[(rank >>> 16) & 255]! + HEX_BYTE[rank >>> 24]!;
      return `\\x${spelt}${hexBytes(Math.max(0, bytes - 4), draw32(salt, rank, 15))}`.slice(0, 2 + bytes * 2);
    },
  };
}

function enumMaker(spec: Extract<ColumnSpec, { type: 'enum' }>, typeName: string): ValueMaker {
  check(Array.isArray(spec.labels) && spec.labels.length > 0, 'an enum needs at least one label');
  check(new Set(spec.labels).size === spec.labels.length, 'enum labels must differ from each other');
  check(spec.labels.every((label) => typeof label === 'string' && label.length > 0 && Buffer.byteLength(label) <= 63), 'enum labels must be strings of 1 to 63 bytes');
  check(spec.typeName === undefined || (typeof spec.typeName === 'string' && spec.typeName.length > 0 && Buffer.byteLength(spec.typeName) <= 63), 'typeName must be a name of 1 to 63 bytes');
  return { sqlType: typeName, capacity: spec.labels.length, defaultDistinct: spec.labels.length, valueOf: (rank) => spec.labels[rank]! };
}

/**
 * Makes the value of a rank for a scalar spec (also an array's element). With `distinct` null it
 * is a probe, for the type's default distinct count and capacity: nothing that depends on the
 * distinct count is checked.
 */
function scalarMaker(spec: ArrayElement | Extract<ColumnSpec, { type: 'bytea' }>, distinctOrProbe: number | null, salt: number, enumName: string): ValueMaker {
  const distinct = distinctOrProbe ?? DEFAULT_DISTINCT;
  switch (spec.type) {
    case 'smallint':
    case 'integer':
    case 'bigint':
      return integerMaker(spec, distinct);
    case 'numeric':
      return numericMaker(spec, distinct);
    case 'real':
    case 'double precision':
      return floatMaker(spec, distinct);
    case 'boolean':
      return { sqlType: 'boolean', capacity: 2, defaultDistinct: 2, plain: true, valueOf: (rank) => (rank === 0 ? 'f' : 't') };
    case 'text':
    case 'varchar':
      return textMaker(spec, distinctOrProbe, salt);
    case 'uuid':
      return uuidMaker(salt);
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return timeMaker(spec, distinct);
    case 'bytea':
      return byteaMaker(spec, salt);
    case 'enum':
      return enumMaker(spec, enumName);
    default:
      throw new ColumnError(`unknown type ${JSON.stringify((spec as { type: unknown }).type)}`);
  }
}

/** The options that shape a scalar column's ranks. */
export interface RankOptions {
  rows: number;
  nulls: number;
  distinct: number;
  mostCommon: readonly number[];
  correlation: number;
  unique: boolean;
  salt: number;
}

/** Checks `nulls`, `mostCommon` and `correlation`, and resolves `distinct` (a count, or below 1 a fraction of the rows). */
export function resolveSpread(
  spec: { nulls?: number; distinct?: number; mostCommon?: number[]; correlation?: number },
  rows: number,
  defaults: { distinct: number; correlation: number; unique: boolean; capacity: number | null },
): Omit<RankOptions, 'salt' | 'rows'> {
  const nulls = spec.nulls ?? 0;
  check(isFiniteNumber(nulls) && nulls >= 0 && nulls <= 1, `nulls must be a fraction from 0 to 1 (got ${JSON.stringify(spec.nulls)})`);
  const correlation = spec.correlation ?? defaults.correlation;
  check(isFiniteNumber(correlation) && correlation >= -1 && correlation <= 1, `correlation must be from -1 to 1 (got ${JSON.stringify(spec.correlation)})`);
  let distinct: number;
  if (spec.distinct === undefined) distinct = defaults.unique ? rows : defaults.distinct;
  else {
    check(isFiniteNumber(spec.distinct) && spec.distinct > 0, `distinct must be a count of 1 or more, or a fraction of the rows between 0 and 1 (got ${JSON.stringify(spec.distinct)})`);
    // A fraction grows with the rows, up to what the column can hold (a twin's fraction taken to ten times its rows).
    distinct = spec.distinct < 1 ? Math.min(defaults.capacity ?? Number.POSITIVE_INFINITY, Math.max(1, Math.round(spec.distinct * rows))) : spec.distinct;
    check(Number.isInteger(distinct), `distinct must be a whole count when 1 or more (got ${spec.distinct})`);
  }
  if (defaults.unique) {
    check(distinct >= rows, `a unique column needs as many distinct values as rows (${rows}), but distinct is ${distinct}`);
    distinct = rows;
  }
  if (defaults.capacity !== null) {
    check(distinct <= defaults.capacity, `${distinct} distinct values do not fit: this column can hold at most ${defaults.capacity}`);
  }
  const mostCommon = spec.mostCommon ?? [];
  check(Array.isArray(mostCommon) && mostCommon.every((share) => isFiniteNumber(share) && share > 0 && share <= 1), 'mostCommon must be a list of fractions above 0');
  check(!defaults.unique || mostCommon.length === 0, 'a unique column has no most common values');
  check(mostCommon.length <= distinct, `mostCommon lists ${mostCommon.length} values but distinct is ${distinct}`);
  const total = mostCommon.reduce((sum, share) => sum + share, 0);
  check(total <= 1 + 1e-9, `mostCommon adds up to ${total.toFixed(3)}, more than every row`);
  check(mostCommon.length < distinct || Math.abs(total - 1) < 1e-6, `mostCommon covers all ${distinct} distinct values, so its fractions must add up to 1 (they add up to ${total.toFixed(3)})`);
  return { nulls, distinct, mostCommon, correlation, unique: defaults.unique };
}

/** A place in [0, 1) through the frequency distribution: `mostCommon` first, the other values evenly. */
function rankAt(place: number, distinct: number, mostCommon: readonly number[]): number {
  let cumulative = 0;
  for (let index = 0; index < mostCommon.length; index += 1) {
    cumulative += mostCommon[index]!;
    if (place < cumulative) return index;
  }
  const others = distinct - mostCommon.length;
  if (others <= 0) return distinct - 1;
  const within = cumulative >= 1 ? 0 : (place - cumulative) / (1 - cumulative);
  return mostCommon.length + Math.min(others - 1, Math.max(0, Math.floor(within * others)));
}

/**
 * The rank of row `row` (1-based) of a column, or -1 for NULL. The rows are shuffled once (a
 * permutation keyed by the column): the first `nulls` share of the shuffled order is NULL, and
 * the others take evenly spaced places, so the null count is exact and every distinct value
 * that has a row's worth of frequency appears. A `correlation` share of the rows (drawn) take
 * their own position in the table as their place instead.
 */
export function rankOf(row: number, options: RankOptions): number {
  const { rows, nulls, distinct, mostCommon, correlation, unique, salt } = options;
  if (unique && Math.abs(correlation) >= 0.5) return correlation > 0 ? row - 1 : rows - row;
  const shuffled = permute(row - 1, rows, salt);
  if (unique) return shuffled;
  const nullRows = Math.round(nulls * rows);
  if (shuffled < nullRows) return -1;
  const ordered = correlation !== 0 && drawUnit(salt, row, 1) < Math.abs(correlation);
  const place = ordered ? (correlation > 0 ? (row - 0.5) / rows : 1 - (row - 0.5) / rows) : (shuffled - nullRows + 0.5) / (rows - nullRows);
  return rankAt(place, distinct, mostCommon);
}

/** An array element's rank, or -1 for a NULL element: independent draws (elements are not rows). */
function elementRankOf(row: number, element: number, options: Omit<RankOptions, 'rows' | 'unique' | 'correlation'>): number {
  const key = Math.imul(row, 0x2545f491) ^ element;
  if (options.nulls > 0 && drawUnit(options.salt, key, 5) < options.nulls) return -1;
  return rankAt(drawUnit(options.salt, key, 6), options.distinct, options.mostCommon);
}

/** An array element in PostgreSQL's array literal: quoted, `"` and `\` escaped. */
function arrayElement(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Most elements an array column may have, so a row stays a row. */
const MAX_ARRAY_LENGTH = 100_000;

function arrayColumn(name: string, spec: Extract<ColumnSpec, { type: 'array' }>, rows: number, salt: number, enumName: string): CompiledColumn {
  check(spec.of !== null && typeof spec.of === 'object', 'of must describe the elements, e.g. { type: "integer" }');
  check((spec.of as { type: string }).type !== 'array', 'arrays of arrays are not generated');
  const length = lengthRange(spec.length, { min: 0, max: 4 }, 'length');
  check(length.max <= MAX_ARRAY_LENGTH, `length must be at most ${MAX_ARRAY_LENGTH}`);
  const elementSalt = mix32(salt ^ 0xa77a7);
  const probe = scalarMaker(spec.of, null, elementSalt, enumName);
  const spread = resolveSpread(spec.of, rows, { distinct: probe.defaultDistinct, correlation: 0, unique: false, capacity: probe.capacity });
  const maker = scalarMaker(spec.of, spread.distinct, elementSalt, enumName);
  const elementText = remembered(spread.distinct, (rank) => arrayElement(maker.valueOf(rank)));
  const elementOptions = { nulls: spread.nulls, distinct: spread.distinct, mostCommon: spread.mostCommon, salt: elementSalt };
  const nulls = columnNulls(spec.nulls);
  const enumType = spec.of.type === 'enum' ? { name: enumName, labels: spec.of.labels } : null;
  return {
    name,
    sqlType: `${maker.sqlType}[]`,
    nullable: nulls > 0,
    enumType,
    value(row) {
      if (nulls > 0 && drawUnit(salt, row, 0) < nulls) return COPY_NULL;
      const count = length.min === length.max ? length.min : drawInt(salt, row, 3, length.min, length.max);
      const parts: string[] = [];
      for (let index = 0; index < count; index += 1) {
        const rank = elementRankOf(row, index, elementOptions);
        parts.push(rank < 0 ? 'NULL' : elementText(rank));
      }
      return copyEscape(`{${parts.join(',')}}`);
    },
  };
}

function columnNulls(nulls: number | undefined): number {
  const value = nulls ?? 0;
  check(isFiniteNumber(value) && value >= 0 && value <= 1, `nulls must be a fraction from 0 to 1 (got ${JSON.stringify(nulls)})`);
  return value;
}

/** Checks a JSON shape once, so generating cannot fail half-way. `path` names the place in messages. */
export function checkJsonShape(shape: JsonShape, path: string, depth = 0): void {
  check(depth <= 32, `shape${path} nests deeper than 32 levels`);
  check(shape !== null && typeof shape === 'object' && typeof (shape as { type?: unknown }).type === 'string', `shape${path} must be an object with a type (object, array, string, integer, number, boolean, null)`);
  switch (shape.type) {
    case 'object':
      check(shape.keys !== null && typeof shape.keys === 'object', `shape${path}.keys must map key names to shapes`);
      for (const [key, child] of Object.entries(shape.keys)) {
        check(child !== null && typeof child === 'object', `shape${path}.keys.${key} must be a shape such as { type: 'string' }`);
        check(child.presence === undefined || (isFiniteNumber(child.presence) && child.presence >= 0 && child.presence <= 1), `shape${path}.keys.${key}.presence must be a fraction from 0 to 1`);
        checkJsonShape(child, `${path}.keys.${key}`, depth + 1);
      }
      return;
    case 'array':
      lengthRange(shape.length, { min: 0, max: 4 }, `shape${path}.length`);
      checkJsonShape(shape.items, `${path}.items`, depth + 1);
      return;
    case 'string':
      lengthRange(shape.length, 16, `shape${path}.length`);
      if (shape.values !== undefined) {
        check(Array.isArray(shape.values) && shape.values.length > 0 && shape.values.every((value) => typeof value === 'string'), `shape${path}.values must be a list of strings`);
        check(shape.weights === undefined || (Array.isArray(shape.weights) && shape.weights.length === shape.values.length && shape.weights.every((weight) => isFiniteNumber(weight) && weight >= 0) && shape.weights.some((weight) => weight > 0)), `shape${path}.weights must give one weight of 0 or more per value, not all 0`);
      } else check(shape.weights === undefined, `shape${path}.weights needs values`);
      return;
    case 'integer':
    case 'number': {
      const min = shape.min ?? 0;
      const max = shape.max ?? 1000;
      check(isFiniteNumber(min) && isFiniteNumber(max) && max >= min, `shape${path}: min and max must be numbers with min ≤ max`);
      check(shape.type === 'number' || (Number.isSafeInteger(min) && Number.isSafeInteger(max)), `shape${path}: an integer's min and max must be whole numbers`);
      return;
    }
    case 'boolean':
    case 'null':
      return;
    default:
      throw new ColumnError(`shape${path} has an unknown type ${JSON.stringify((shape as { type: unknown }).type)} (object, array, string, integer, number, boolean, null)`);
  }
}

/** A small deterministic stream for one document: xorshift32 seeded from the row. */
class Stream {
  private state: number;
  constructor(seed: number) {
    this.state = seed === 0 ? 0x9e3779b9 : seed;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  unit(): number {
    return this.next() / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.unit() * (max - min + 1));
  }
}

/** A shape compiled once into a function of the document's stream: keys stringified once, ranges resolved. */
type JsonWriter = (stream: Stream) => string;

function compileJson(shape: JsonShape): JsonWriter {
  switch (shape.type) {
    case 'object': {
      const members = Object.entries(shape.keys).map(([key, child]) => ({ prefix: `${JSON.stringify(key)}: `, presence: child.presence ?? 1, write: compileJson(child) }));
      return (stream) => {
        let out = '{';
        let first = true;
        for (const member of members) {
          if (member.presence < 1 && stream.unit() >= member.presence) continue;
          out += (first ? '' : ', ') + member.prefix + member.write(stream);
          first = false;
        }
        return `${out}}`;
      };
    }
    case 'array': {
      const range = lengthRange(shape.length, { min: 0, max: 4 }, 'length');
      const item = compileJson(shape.items);
      return (stream) => {
        const count = stream.int(range.min, range.max);
        let out = '[';
        for (let index = 0; index < count; index += 1) out += (index === 0 ? '' : ', ') + item(stream);
        return `${out}]`;
      };
    }
    case 'string': {
      if (shape.values) {
        const texts = shape.values.map((value) => JSON.stringify(value));
        const weights = shape.weights ?? shape.values.map(() => 1);
        const total = weights.reduce((sum, weight) => sum + weight, 0);
        const bounds = weights.map((_, index) => weights.slice(0, index + 1).reduce((sum, weight) => sum + weight, 0) / total);
        return (stream) => {
          const pick = stream.unit();
          for (let index = 0; index < bounds.length; index += 1) if (pick < bounds[index]!) return texts[index]!;
          return texts[texts.length - 1]!;
        };
      }
      const range = lengthRange(shape.length, 16, 'length');
      // Filler is letters and spaces: nothing to escape.
      return (stream) => `"${filler(stream.int(range.min, range.max), stream.next())}"`;
    }
    case 'integer': {
      const [min, max] = [shape.min ?? 0, shape.max ?? 1000];
      return (stream) => String(stream.int(min, max));
    }
    case 'number': {
      const [min, max] = [shape.min ?? 0, shape.max ?? 1000];
      return (stream) => String(Math.round((min + stream.unit() * (max - min)) * 100) / 100);
    }
    case 'boolean':
      return (stream) => (stream.unit() < 0.5 ? 'false' : 'true');
    case 'null':
      return () => 'null';
  }
}

const DEFAULT_JSON_SHAPE: JsonShape = { type: 'object', keys: { value: { type: 'string', length: 16 } } };

function jsonColumn(name: string, spec: Extract<ColumnSpec, { type: 'json' | 'jsonb' }>, salt: number): CompiledColumn {
  const shape = spec.shape ?? DEFAULT_JSON_SHAPE;
  checkJsonShape(shape, '');
  const write = compileJson(shape);
  const nulls = columnNulls(spec.nulls);
  return {
    name,
    sqlType: spec.type,
    nullable: nulls > 0,
    enumType: null,
    value(row) {
      if (nulls > 0 && drawUnit(salt, row, 0) < nulls) return COPY_NULL;
      return copyEscape(write(new Stream(draw32(salt, row, 4))));
    },
  };
}

/** What compiling a column needs to know of its table. */
export interface ColumnContext {
  table: string;
  rows: number;
  /** `--payload-bytes`, for a column's own generator (0 when not known). */
  payloadBytes?: number;
  /** The table's `seed`. */
  seed: number;
  /** Whether the column's values must all differ (a primary key's last column, or `unique`). */
  unique: boolean;
  /** A key column defaults to ascending with the rows, like a serial id. */
  key: boolean;
}

/** Keys a column spec may have, by type: anything else is a typo worth a message. */
const SPREAD_KEYS = ['type', 'nulls', 'distinct', 'mostCommon', 'correlation', 'unique', 'index', 'default', 'generate'];
const KEYS_OF: Record<string, string[]> = {
  smallint: [...SPREAD_KEYS, 'min', 'max', 'serial'],
  integer: [...SPREAD_KEYS, 'min', 'max', 'serial'],
  bigint: [...SPREAD_KEYS, 'min', 'max', 'serial'],
  numeric: [...SPREAD_KEYS, 'precision', 'scale', 'min', 'max'],
  real: [...SPREAD_KEYS, 'min', 'max'],
  'double precision': [...SPREAD_KEYS, 'min', 'max'],
  boolean: SPREAD_KEYS,
  text: [...SPREAD_KEYS, 'length'],
  varchar: [...SPREAD_KEYS, 'length', 'maxLength'],
  uuid: SPREAD_KEYS,
  date: [...SPREAD_KEYS, 'from', 'to'],
  timestamp: [...SPREAD_KEYS, 'from', 'to'],
  timestamptz: [...SPREAD_KEYS, 'from', 'to'],
  bytea: [...SPREAD_KEYS, 'size'],
  enum: [...SPREAD_KEYS, 'labels', 'typeName'],
  array: ['type', 'of', 'length', 'nulls', 'index', 'default', 'generate'],
  json: ['type', 'shape', 'nulls', 'index', 'default', 'generate'],
  jsonb: ['type', 'shape', 'nulls', 'index', 'default', 'generate'],
};

/** The column types generated tables know, for messages and the twin. */
export const COLUMN_TYPES = Object.keys(KEYS_OF);

/** What an array may hold. */
const ELEMENT_TYPES = COLUMN_TYPES.filter((type) => !['array', 'json', 'jsonb', 'bytea'].includes(type));

function checkKeys(spec: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(spec)) check(allowed.includes(key), `${where}${key} is not an option of a ${String(spec.type)} column (options: ${allowed.filter((option) => option !== 'type').join(', ')})`);
}

/** The enum type a column creates unless it names one: `<table>_<column>`, as PostgreSQL would fold it. */
export function defaultEnumName(table: string, column: string): string {
  return `${table.split('.').pop()}_${column}`.toLowerCase().slice(0, 63);
}

/** A column made by its own `generate` function: the type gives its SQL type, the function its values. */
function ownColumn(name: string, spec: ColumnSpec, context: ColumnContext): CompiledColumn {
  const generate = spec.generate;
  check(typeof generate === 'function', 'generate must be a function of the row number');
  check(spec.type !== 'array' || (spec.of !== null && typeof spec.of === 'object'), 'of must describe the elements, e.g. { type: "integer" }');
  check(spec.type !== 'enum' || (Array.isArray(spec.labels) && spec.labels.length > 0), 'an enum needs at least one label');
  const nulls = columnNulls(spec.nulls);
  const enumName = (spec.type === 'enum' ? spec.typeName : undefined) ?? defaultEnumName(context.table, name);
  const sqlType =
    spec.type === 'json' || spec.type === 'jsonb' ? spec.type : spec.type === 'array' ? `${scalarMaker(spec.of, null, 0, enumName).sqlType}[]` : scalarMaker(spec as ArrayElement, null, 0, enumName).sqlType;
  const table = { rows: context.rows, payloadBytes: context.payloadBytes ?? 0 };
  return {
    name,
    sqlType,
    nullable: nulls > 0,
    enumType: spec.type === 'enum' ? { name: enumName, labels: spec.labels } : null,
    value(row) {
      const value = generate!(row, table);
      return value === null ? COPY_NULL : copyEscape(value);
    },
  };
}

/** Compiles one column for one table size; a spec it cannot honour throws a {@link ColumnError}. */
export function compileColumn(name: string, spec: ColumnSpec, context: ColumnContext): CompiledColumn {
  check(spec !== null && typeof spec === 'object', 'expected a column spec such as { type: "integer" }');
  const type = (spec as { type?: unknown }).type;
  check(typeof type === 'string' && type in KEYS_OF, `type must be one of ${COLUMN_TYPES.join(', ')} (got ${JSON.stringify(type)})`);
  checkKeys(spec as unknown as Record<string, unknown>, KEYS_OF[type]!, '');
  if (spec.type === 'array' && spec.of !== null && typeof spec.of === 'object') {
    const elementType = (spec.of as { type?: unknown }).type;
    check(typeof elementType === 'string' && ELEMENT_TYPES.includes(elementType), `of.type must be a scalar type (${ELEMENT_TYPES.join(', ')})`);
    checkKeys(spec.of as unknown as Record<string, unknown>, KEYS_OF[elementType]!.filter((key) => !['unique', 'index', 'correlation', 'default', 'generate', 'serial'].includes(key)), 'of.');
  }
  if (spec.generate !== undefined) return ownColumn(name, spec, context);
  const salt = saltOf(`${context.seed}:${name}`);
  const enumName = (spec.type === 'enum' ? spec.typeName : spec.type === 'array' && spec.of?.type === 'enum' ? spec.of.typeName : undefined) ?? defaultEnumName(context.table, name);
  if (spec.type === 'array') {
    check(!context.unique, 'an array column cannot be a key or unique here');
    return arrayColumn(name, spec, context.rows, salt, enumName);
  }
  if (spec.type === 'json' || spec.type === 'jsonb') {
    check(!context.unique, `a ${spec.type} column cannot be a key or unique`);
    check(!(spec.type === 'json' && spec.index === true), 'a json column cannot be indexed (a jsonb one can, with GIN)');
    return jsonColumn(name, spec, salt);
  }
  // Arrays and documents returned above: what is left is a scalar.
  const scalar = spec as ArrayElement | Extract<ColumnSpec, { type: 'bytea' }>;
  const probe = scalarMaker(scalar, null, salt, enumName);
  const spread = resolveSpread(scalar, context.rows, {
    distinct: probe.defaultDistinct,
    correlation: context.key ? 1 : 0,
    unique: context.unique,
    capacity: probe.capacity,
  });
  check(!(context.unique && spread.nulls > 0), 'a key or unique column cannot have nulls here');
  const maker = scalarMaker(scalar, spread.distinct, salt, enumName);
  const options: RankOptions = { ...spread, rows: context.rows, salt };
  const make = maker.plain ? maker.valueOf : (rank: number) => copyEscape(maker.valueOf(rank));
  // A unique column's values come up once each: nothing to remember.
  const text = spread.unique ? make : remembered(spread.distinct, make);
  return {
    name,
    sqlType: maker.sqlType,
    nullable: spread.nulls > 0,
    enumType: spec.type === 'enum' ? { name: enumName, labels: spec.labels } : null,
    value(row) {
      const rank = rankOf(row, options);
      return rank < 0 ? COPY_NULL : text(rank);
    },
  };
}
