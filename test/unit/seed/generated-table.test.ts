import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ColumnSpec, TableDefinition } from '../../../harness/api/index.js';
import { compileColumn, niceStep, rankOf, COPY_NULL } from '../../../seed/columns.js';
import { compileTable, definitionHash, TableDefinitionError } from '../../../seed/table.js';
import { draw32, mix32, permute } from '../../../seed/hash.js';

/** Every value of one column over `rows` rows, as COPY text. */
function valuesOf(spec: ColumnSpec, rows: number, options: { unique?: boolean; key?: boolean; seed?: number } = {}): string[] {
  const column = compileColumn('c', spec, { table: 't', rows, seed: options.seed ?? 0, unique: options.unique ?? false, key: options.key ?? false });
  return Array.from({ length: rows }, (_, index) => column.value(index + 1));
}

const nonNull = (values: string[]) => values.filter((value) => value !== COPY_NULL);
const distinctCount = (values: string[]) => new Set(nonNull(values)).size;

/** Spearman-like: Pearson correlation of row position against the rank of each value (non-null). */
function rankCorrelation(values: string[], key: (value: string) => number): number {
  const points = values.map((value, index) => ({ value, index })).filter((point) => point.value !== COPY_NULL);
  const xs = points.map((point) => point.index);
  const ys = points.map((point) => key(point.value));
  const mean = (list: number[]) => list.reduce((sum, x) => sum + x, 0) / list.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let index = 0; index < xs.length; index += 1) {
    cov += (xs[index]! - mx) * (ys[index]! - my);
    vx += (xs[index]! - mx) ** 2;
    vy += (ys[index]! - my) ** 2;
  }
  return cov / Math.sqrt(vx * vy);
}

describe('hash: deterministic integer mixing', () => {
  it('gives the same numbers as always (a change here changes every generated table: bump GENERATOR_VERSION)', () => {
    assert.equal(mix32(0), 0);
    assert.equal(mix32(1), 1364076727);
    assert.equal(draw32(7, 1, 0), draw32(7, 1, 0));
    assert.notEqual(draw32(7, 1, 0), draw32(7, 2, 0));
  });

  it('permute is a permutation of 0 … size-1 for sizes that are and are not powers of two', () => {
    for (const size of [1, 2, 3, 10, 64, 1000, 4097]) {
      const seen = new Set(Array.from({ length: size }, (_, index) => permute(index, size, 12345)));
      assert.equal(seen.size, size);
      assert.ok([...seen].every((value) => value >= 0 && value < size));
    }
  });
});

describe('ranks: nulls, distinct counts, most common values, correlation', () => {
  const rows = 20_000;
  it('exactly the null fraction asked, rounded to a row', () => {
    assert.equal(valuesOf({ type: 'integer', nulls: 0.3 }, rows).filter((value) => value === COPY_NULL).length, 6000);
    assert.equal(valuesOf({ type: 'text', nulls: 0.0001 }, 1000).filter((value) => value === COPY_NULL).length, 0);
  });

  it('exactly the distinct count asked, as a count or as a fraction of the rows', () => {
    assert.equal(distinctCount(valuesOf({ type: 'integer', distinct: 50 }, rows)), 50);
    assert.equal(distinctCount(valuesOf({ type: 'text', distinct: 0.5, length: 8 }, rows)), 10_000);
    assert.equal(distinctCount(valuesOf({ type: 'integer', distinct: 0.5, nulls: 0.3 }, rows)), 10_000);
    assert.equal(distinctCount(valuesOf({ type: 'enum', labels: ['a', 'b', 'c'] }, rows)), 3);
    assert.equal(distinctCount(valuesOf({ type: 'boolean' }, rows)), 2);
  });

  it('a unique column has every row its own value, in order by default for a key and shuffled otherwise', () => {
    const key = valuesOf({ type: 'integer' }, 1000, { unique: true, key: true });
    assert.deepEqual(key.slice(0, 3), ['1', '2', '3']);
    assert.equal(new Set(key).size, 1000);
    const shuffled = valuesOf({ type: 'uuid' }, 1000, { unique: true });
    assert.equal(new Set(shuffled).size, 1000);
    const ints = valuesOf({ type: 'integer', unique: true }, 1000, { unique: true });
    assert.equal(new Set(ints).size, 1000);
    assert.notDeepEqual(ints.slice(0, 3), ['1', '2', '3']);
  });

  it('the most common values get their frequencies, to the row', () => {
    const values = valuesOf({ type: 'enum', labels: ['paid', 'pending', 'refunded', 'void'], mostCommon: [0.7, 0.2] }, rows);
    const share = (label: string) => values.filter((value) => value === label).length / rows;
    assert.ok(Math.abs(share('paid') - 0.7) <= 1 / rows, `paid ${share('paid')}`);
    assert.ok(Math.abs(share('pending') - 0.2) <= 1 / rows, `pending ${share('pending')}`);
    assert.ok(Math.abs(share('refunded') - 0.05) <= 1 / rows);
  });

  it('correlation with the physical order: about what was asked, 1 sorted, -1 reversed', () => {
    const key = (value: string) => Number(value);
    const sorted = valuesOf({ type: 'integer', distinct: 500, correlation: 1 }, rows);
    assert.ok(rankCorrelation(sorted, key) > 0.999);
    assert.ok(rankCorrelation(valuesOf({ type: 'integer', distinct: 500, correlation: -1 }, rows), key) < -0.999);
    const half = rankCorrelation(valuesOf({ type: 'integer', distinct: 500, correlation: 0.5 }, rows), key);
    assert.ok(Math.abs(half - 0.5) < 0.05, `correlation ${half}`);
    assert.ok(Math.abs(rankCorrelation(valuesOf({ type: 'integer', distinct: 500 }, rows), key)) < 0.05);
  });

  it('rankOf is exact on a tiny table: positions through the frequencies', () => {
    const options = { rows: 4, nulls: 0, distinct: 4, mostCommon: [], correlation: 1, unique: false, salt: 1 };
    assert.deepEqual([1, 2, 3, 4].map((row) => rankOf(row, options)), [0, 1, 2, 3]);
    // Places 1/8, 3/8, 5/8, 7/8: the first half to the most common value, the rest evenly over the other three.
    assert.deepEqual([1, 2, 3, 4].map((row) => rankOf(row, { ...options, mostCommon: [0.5] })), [0, 0, 1, 3]);
    assert.deepEqual([1, 2, 3, 4].map((row) => rankOf(row, { ...options, correlation: -1 })), [3, 2, 1, 0]);
  });
});

describe('values of every type', () => {
  const first = (spec: ColumnSpec, rows = 5, options = {}) => valuesOf(spec, rows, options);

  it('integers between min and max; numeric with its scale; floats', () => {
    assert.deepEqual(first({ type: 'integer', min: 10 }, 3, { unique: true, key: true }), ['10', '11', '12']);
    assert.deepEqual(first({ type: 'bigint', min: 0, max: 100, distinct: 3, correlation: 1 }, 3), ['0', '50', '100']);
    assert.deepEqual(first({ type: 'numeric', precision: 6, scale: 2, min: 1.5, max: 2.5, distinct: 3, correlation: 1 }, 3), ['1.50', '2.00', '2.50']);
    assert.deepEqual(first({ type: 'double precision', min: 0, max: 1, distinct: 3, correlation: 1 }, 3), ['0', '0.5', '1']);
    // The step rounded to two significant digits: short numbers, as real columns mostly hold.
    assert.deepEqual(first({ type: 'double precision', distinct: 1000, correlation: 1 }, 1000).slice(520, 523), ['520', '521', '522']);
    assert.deepEqual([niceStep(1.001001), niceStep(0.01234), niceStep(0), niceStep(250)], [1, 0.012, 0, 250]);
  });

  it('text of the asked length, spelling its rank first; varchar(n) respected', () => {
    const values = first({ type: 'text', length: { min: 5, max: 40 }, distinct: 100 }, 2000);
    assert.ok(values.every((value) => value.length >= 5 && value.length <= 40));
    const sorted = first({ type: 'varchar', maxLength: 8, length: 8, distinct: 3, correlation: 1 }, 3);
    assert.deepEqual(sorted.map((value) => value.slice(0, 1)), ['a', 'b', 'c']);
    // Two characters tell 40 values apart (26² ≥ 40): a country code column.
    assert.equal(distinctCount(first({ type: 'varchar', maxLength: 2, length: 2, distinct: 40 }, 1000)), 40);
    assert.ok(sorted.every((value) => value.length === 8));
  });

  it('uuids well-formed (version 4), dates and times within the range', () => {
    for (const value of first({ type: 'uuid' }, 50)) assert.match(value, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(first({ type: 'date', from: '2024-01-01', to: '2024-01-03', distinct: 3, correlation: 1 }, 3), ['2024-01-01', '2024-01-02', '2024-01-03']);
    assert.deepEqual(first({ type: 'timestamptz', from: '2024-01-01T00:00:00Z', to: '2024-01-01T00:00:02Z', distinct: 3, correlation: 1 }, 3), [
      '2024-01-01 00:00:00+00',
      '2024-01-01 00:00:01+00',
      '2024-01-01 00:00:02+00',
    ]);
  });

  it('bytea of the asked size, as COPY text (the backslash escaped); short ones still distinct', () => {
    for (const value of first({ type: 'bytea', size: 5 }, 20)) assert.match(value, /^\\\\x[0-9a-f]{10}$/);
    assert.equal(distinctCount(first({ type: 'bytea', size: 2, distinct: 1000 }, 5000)), 1000);
    assert.throws(() => first({ type: 'bytea', size: 1, distinct: 300 }), /300 distinct values do not fit: this column can hold at most 256/);
  });

  it('dates and times without a zone are UTC: the same rows in every time zone', () => {
    assert.deepEqual(first({ type: 'timestamp', from: '2024-06-01 00:00:00', to: '2024-06-01T00:00:02', distinct: 3, correlation: 1 }, 3), ['2024-06-01 00:00:00', '2024-06-01 00:00:01', '2024-06-01 00:00:02']);
    assert.throws(() => first({ type: 'date', from: 'June 1st' }), /from and to must be ISO 8601/);
  });

  it('arrays: lengths in range, elements quoted, NULL elements', () => {
    const values = first({ type: 'array', of: { type: 'integer', distinct: 10, nulls: 0.2 }, length: { min: 1, max: 3 } }, 200);
    for (const value of values) {
      assert.match(value, /^\{("\d+"|NULL)(,("\d+"|NULL)){0,2}\}$/);
    }
    assert.ok(values.some((value) => value.includes('NULL')));
  });

  it('json documents of the shape: keys with their presence, arrays, strings from weighted values', () => {
    const shape = {
      type: 'object' as const,
      keys: {
        status: { type: 'string' as const, values: ['new', 'done'], weights: [9, 1] },
        items: { type: 'array' as const, items: { type: 'integer' as const, min: 1, max: 9 }, length: { min: 0, max: 3 } },
        note: { type: 'string' as const, length: 12, presence: 0.25 },
      },
    };
    const documents = first({ type: 'jsonb', shape }, 2000).map((text) => JSON.parse(text) as { status: string; items: number[]; note?: string });
    const share = (test: (doc: (typeof documents)[number]) => boolean) => documents.filter(test).length / documents.length;
    assert.ok(Math.abs(share((doc) => doc.status === 'new') - 0.9) < 0.03);
    assert.ok(Math.abs(share((doc) => doc.note !== undefined) - 0.25) < 0.03);
    assert.ok(documents.every((doc) => doc.items.length <= 3 && doc.items.every((item) => item >= 1 && item <= 9)));
    assert.ok(documents.filter((doc) => doc.note !== undefined).every((doc) => doc.note!.length === 12));
  });
});

describe('compileTable', () => {
  const orders: TableDefinition = {
    name: 'shop.orders',
    primaryKey: 'id',
    indexes: [['customer', 'created']],
    columns: {
      id: { type: 'bigint' },
      customer: { type: 'integer', distinct: 100 },
      status: { type: 'enum', labels: ['paid', 'void'], index: true },
      created: { type: 'timestamptz', correlation: 0.9 },
      note: { type: 'text', nulls: 0.5 },
      doc: { type: 'jsonb' },
    },
  };

  it('creates the schema, the enum and the table (NOT NULL where no nulls), keys and indexes after the load', () => {
    const table = compileTable(orders, 100);
    assert.deepEqual(table.create, [
      'CREATE SCHEMA IF NOT EXISTS "shop"',
      `CREATE TYPE "shop"."orders_status" AS ENUM ('paid', 'void')`,
      'CREATE TABLE "shop"."orders" (\n  "id" bigint NOT NULL,\n  "customer" integer NOT NULL,\n  "status" "shop"."orders_status" NOT NULL,\n  "created" timestamptz NOT NULL,\n  "note" text,\n  "doc" jsonb NOT NULL\n)',
    ]);
    assert.deepEqual(table.after, [
      'ALTER TABLE "shop"."orders" ADD PRIMARY KEY ("id")',
      'CREATE INDEX "orders_status_idx" ON "shop"."orders" ("status")',
      'CREATE INDEX "orders_customer_created_idx" ON "shop"."orders" ("customer", "created")',
    ]);
    assert.equal(table.copy, 'COPY "shop"."orders" ("id", "customer", "status", "created", "note", "doc") FROM STDIN WITH (FREEZE)');
    assert.match(table.line(1), /^1\t\d+\t(paid|void)\t2025-\S+ \S+\+00\t[^\t]*\t\{"value": "[a-z ]{16}"\}\n$/);
  });

  it('names its indexes apart, builds an index asked twice once, takes any column name (quoted), and sets a serial past its largest value', () => {
    const table = compileTable({ name: 't', primaryKey: 'id', indexes: ['a', ['a'], ['a', 'b'], ['a_b']], columns: { id: { type: 'integer', serial: true, min: 1000 }, a: { type: 'integer', index: true }, b: { type: 'integer' }, a_b: { type: 'integer' }, 'order id': { type: 'text' } } }, 10);
    assert.deepEqual(table.after, [
      'ALTER TABLE "t" ADD PRIMARY KEY ("id")',
      'CREATE INDEX "t_a_idx" ON "t" ("a")',
      'CREATE INDEX "t_a_b_idx" ON "t" ("a", "b")',
      'CREATE INDEX "t_a_b_idx1" ON "t" ("a_b")',
      `SELECT setval(pg_get_serial_sequence('"t"', 'id'), (SELECT coalesce(max("id"), 1) FROM "t"))`,
    ]);
    assert.match(table.create[0]!, /"order id" text NOT NULL/);
    assert.equal(table.line(1).split('\t')[0], '1000');
  });

  it('is deterministic: the same definition gives the same lines; another seed, other lines', () => {
    const lines = (definition: TableDefinition) => Array.from({ length: 50 }, (_, index) => compileTable(definition, 50).line(index + 1)).join('');
    assert.equal(lines(orders), lines(structuredClone(orders)));
    assert.notEqual(lines(orders), lines({ ...orders, seed: 1 }));
    assert.equal(definitionHash(orders), definitionHash(structuredClone(orders)));
    assert.notEqual(definitionHash(orders), definitionHash({ ...orders, seed: 1 }));
  });

  it('a generator asked the impossible is one line naming the table and the column', () => {
    const refuse = (columns: Record<string, ColumnSpec>, pattern: RegExp, extra: Partial<TableDefinition> = {}) =>
      assert.throws(() => compileTable({ name: 'orders', columns, ...extra }, 1000), (error: unknown) => error instanceof TableDefinitionError && pattern.test(error.message) && !error.message.includes('\n'));
    refuse({ code: { type: 'varchar', maxLength: 4, length: 10 } }, /^table orders, column code: values of up to 10 characters do not fit varchar\(4\)$/);
    refuse({ status: { type: 'enum', labels: [] } }, /^table orders, column status: an enum needs at least one label$/);
    refuse({ id: { type: 'integer', distinct: 5 } }, /^table orders, column id: a unique column needs as many distinct values as rows \(1000\), but distinct is 5$/, { primaryKey: 'id' });
    refuse({ flag: { type: 'boolean', distinct: 3 } }, /column flag: 3 distinct values do not fit: this column can hold at most 2$/);
    refuse({ n: { type: 'smallint', min: 1, max: 10, distinct: 20 } }, /column n: 20 distinct values do not fit/);
    refuse({ n: { type: 'integer', nulls: 1.5 } }, /column n: nulls must be a fraction from 0 to 1/);
    refuse({ n: { type: 'integer', mostCommon: [0.8, 0.4] } }, /column n: mostCommon adds up to 1\.200, more than every row/);
    refuse({ n: { type: 'integer', lenght: 3 } as unknown as ColumnSpec }, /column n: lenght is not an option of a integer column/);
    refuse({ n: { type: 'money' } as unknown as ColumnSpec }, /column n: type must be one of smallint, integer/);
    refuse({ d: { type: 'jsonb', shape: { type: 'object', keys: { a: { type: 'strnig' } } } } as unknown as ColumnSpec }, /column d: shape\.keys\.a has an unknown type "strnig"/);
    refuse({ n: { type: 'text', length: 1, distinct: 1000 } }, /column n: 1000 distinct values need at least 3 characters each/);
    refuse({ n: { type: 'integer' } }, /^table orders: primaryKey names "id", which is not one of its columns \(n\)$/, { primaryKey: 'id' });
    refuse({}, /^table orders: columns must name at least one column$/);
    refuse({ d: { type: 'jsonb', shape: { type: 'object', keys: { a: null } } } as unknown as ColumnSpec }, /column d: shape\.keys\.a must be a shape/);
    refuse({ a: { type: 'array', generate: () => '{}' } as unknown as ColumnSpec }, /column a: of must describe the elements/);
    refuse({ s: { type: 'enum', labels: ['a'], typeName: 5 } as unknown as ColumnSpec }, /column s: typeName must be a name of 1 to 63 bytes/);
    refuse({ n: { type: 'numeric', precision: 1000, scale: 400 } }, /column n: scale must be a whole number from 0 to the precision \(at most 300\)/);
  });
});

describe('the built-in seeded table, expressed as a generated table', () => {
  it('makes exactly the lines the seed always made (so existing templates and verification stay right)', async () => {
    const { SEEDED_TABLE_DEFINITION } = await import('../../../seed/generate.js');
    const { copyTextLine } = await import('../../../seed/rows.js');
    for (const payloadBytes of [0, 300, 1024, 5000]) {
      const table = compileTable(SEEDED_TABLE_DEFINITION, 2000, payloadBytes);
      for (const row of [1, 2, 3, 997, 1999, 2000]) assert.equal(table.line(row), copyTextLine(row, payloadBytes));
    }
  });

  it('declares what CREATE_TABLE_SQL declares: a serial key, the document, field NOT NULL DEFAULT -1, the sequence set after the load', async () => {
    const { SEEDED_TABLE_DEFINITION } = await import('../../../seed/generate.js');
    const table = compileTable(SEEDED_TABLE_DEFINITION, 50_000, 1024);
    assert.deepEqual(table.create, ['CREATE TABLE "rowmeter_rows" (\n  "id" serial NOT NULL,\n  "data" jsonb NOT NULL,\n  "field" integer NOT NULL DEFAULT -1\n)']);
    assert.deepEqual(table.after, ['ALTER TABLE "rowmeter_rows" ADD PRIMARY KEY ("id")', `SELECT setval(pg_get_serial_sequence('"rowmeter_rows"', 'id'), (SELECT coalesce(max("id"), 1) FROM "rowmeter_rows"))`]);
  });

  it('a column\'s own generator: its source text is in the template\'s hash; null is NULL', () => {
    const make = (generate: (row: number) => string | null): TableDefinition => ({ name: 't', columns: { v: { type: 'text', generate } } });
    assert.notEqual(definitionHash(make((row) => `a${row}`)), definitionHash(make((row) => `b${row}`)));
    const table = compileTable(make((row) => (row % 2 === 0 ? null : `x\t${row}`)), 4);
    assert.deepEqual([1, 2].map((row) => table.line(row)), ['x\\t1\n', '\\N\n']);
  });
});
