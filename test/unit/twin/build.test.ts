import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTwin, fitShares, roundBound, shapeOf, withDefault } from '../../../harness/twin/build.js';
import { parseUtc } from '../../../seed/columns.js';
import { learnJson, type ColumnFacts, type TableFacts } from '../../../harness/twin/read.js';

function columnFacts(overrides: Partial<ColumnFacts>): ColumnFacts {
  return { name: 'c', sqlType: 'integer', baseType: 'int4', isArray: false, maxLength: null, precision: null, scale: null, enumLabels: null, enumType: null, notNull: true, defaultSql: null, stats: null, sampled: null, ...overrides };
}

function tableFacts(columns: ColumnFacts[], overrides: Partial<TableFacts> = {}): TableFacts {
  return { schema: 'public', table: 't', rows: 1000, primaryKey: [], indexes: [], uniqueColumns: [], ginColumns: [], otherIndexes: 0, columns, ...overrides };
}

describe('twin: pure pieces', () => {
  it('widens bounds to powers of ten, strictly outwards: only the order of magnitude is told', () => {
    assert.deepEqual([roundBound(1234, 'down'), roundBound(1234, 'up')], [1000, 10000]);
    assert.deepEqual([roundBound(100, 'down'), roundBound(100, 'up')], [10, 1000]);
    assert.deepEqual([roundBound(18, 'down'), roundBound(97, 'up'), roundBound(7, 'down')], [10, 100, 1]);
    assert.deepEqual([roundBound(-1234, 'down'), roundBound(-1234, 'up')], [-10000, -1000]);
    assert.equal(roundBound(0.0456, 'up'), 0.1);
    assert.equal(roundBound(0, 'up'), 0);
  });

  it('most-common shares in ten-thousandths: never over 1, exactly 1 when they cover every value', () => {
    const sum = (shares: number[]) => shares.reduce((total, share) => total + share, 0);
    const covering = fitShares([0.432, 0.37555, 0.19245], true);
    assert.deepEqual(covering, [0.432, 0.3755, 0.1925]);
    assert.ok(Math.abs(sum(covering) - 1) < 1e-9);
    assert.ok(sum(fitShares([0.6, 0.5], false)) <= 1);
    assert.deepEqual(fitShares([0.5, 0.00001], false), [0.5]);
  });

  it('reads dates and times as PostgreSQL prints them, no zone meaning UTC', () => {
    assert.equal(parseUtc('2024-01-02'), Date.UTC(2024, 0, 2));
    assert.equal(parseUtc('2024-01-02 03:04:05'), Date.UTC(2024, 0, 2, 3, 4, 5));
    assert.equal(parseUtc('2024-01-02 03:04:05+02'), Date.UTC(2024, 0, 2, 1, 4, 5));
  });

  it('learns a JSON structure: key presence, array lengths, string lengths, numeric ranges — shaped without values', () => {
    let facts = null;
    for (const doc of [{ a: 'xx', n: 1, list: [1, 2] }, { a: 'xxxx', n: 2.5, list: [] }, { a: 'x', list: [3], extra: true }, { a: 'xxx', n: 7, list: [1] }]) facts = learnJson(facts, doc);
    assert.deepEqual(shapeOf(facts!, false), {
      type: 'object',
      keys: {
        a: { type: 'string', length: { min: 1, max: 4 } },
        // Numeric bounds widened to powers of ten: 1–7 is told as 0.1–10, integers 1–3 as 0–10.
        n: { type: 'number', min: 0.1, max: 10, presence: 0.75 },
        list: { type: 'array', items: { type: 'integer', min: 0, max: 10 }, length: { min: 0, max: 2 } },
        extra: { type: 'boolean', presence: 0.25 },
      },
    });
  });

  it('a map keyed by data (many rare keys) gets stand-in keys, never the real ones', () => {
    let facts = null;
    for (let index = 0; index < 100; index += 1) facts = learnJson(facts, { scores: { [`user${1000 + index}@example.com`]: index, [`user${2000 + index}@example.com`]: index + 1 } });
    const notes: string[] = [];
    const shape = shapeOf(facts!, false, notes, 'doc');
    assert.doesNotMatch(JSON.stringify(shape), /example\.com/);
    const scores = (shape as { keys: Record<string, { keys: Record<string, { type: string }> }> }).keys.scores!;
    assert.deepEqual(Object.keys(scores.keys), [`k1${'x'.repeat(18)}`, `k2${'x'.repeat(18)}`]);
    assert.ok(Object.values(scores.keys).every((value) => value.type === 'integer'));
    assert.deepEqual(notes.slice(-1), ['doc.scores: 200 different keys in the sample, about 2 per object — keys that look like data, so 2 stand-in keys of 20 characters take their place']);
  });

  it('turns statistics into spreads: nulls, distinct (count or fraction), frequencies of the non-null rows, correlation', () => {
    const twin = buildTwin(
      tableFacts([
        columnFacts({ name: 'id', baseType: 'int8', stats: { nullFrac: 0, avgWidth: 8, nDistinct: -1, mostCommonFreqs: null, correlation: 1, bounds: ['1', '1000'] } }),
        columnFacts({ name: 'n', stats: { nullFrac: 0.2, avgWidth: 4, nDistinct: 3, mostCommonFreqs: [0.4, 0.24, 0.16], correlation: -0.3, bounds: ['17', '923'] } }),
        columnFacts({ name: 'f', stats: { nullFrac: 0, avgWidth: 4, nDistinct: -0.5, mostCommonFreqs: null, correlation: 0.001, bounds: [] } }),
      ], { primaryKey: ['id'] }),
      { keepValues: false, name: 't' },
    );
    assert.deepEqual(twin.definition, {
      name: 't',
      rows: 1000,
      primaryKey: 'id',
      columns: {
        id: { type: 'bigint', correlation: 1 },
        // 0.4/0.8, 0.24/0.8 and the last share made up to 1 (every value is among the most common).
        n: { type: 'integer', min: 10, max: 1000, nulls: 0.2, distinct: 3, mostCommon: [0.5, 0.3, 0.2], correlation: -0.3 },
        f: { type: 'integer', distinct: 0.5 },
      },
    });
  });

  it('says what it guessed: a type it does not know, lengths without a sample, JSON without a sample', () => {
    const twin = buildTwin(
      tableFacts([
        columnFacts({ name: 'p', sqlType: 'point', baseType: 'point', stats: { nullFrac: 0, avgWidth: 16, nDistinct: -1, mostCommonFreqs: null, correlation: null, bounds: [] } }),
        columnFacts({ name: 'doc', sqlType: 'jsonb', baseType: 'jsonb', stats: { nullFrac: 0, avgWidth: 300, nDistinct: -1, mostCommonFreqs: null, correlation: null, bounds: [] } }),
      ]),
      { keepValues: false, name: 't' },
    );
    assert.deepEqual(twin.notes, [
      'p (point): a type the generators do not know, generated as text of its width',
      'p: lengths guessed around the average width (15) of pg_stats; --sample measures them',
      'doc: JSON structure not sampled (--sample 0): a document of one string of the stored average width (300 bytes, compressed when TOASTed)',
    ]);
  });
});

describe('twin: defaults', () => {
  const keep = (defaultSql: string, keepValues = false, type: 'integer' | 'text' = 'integer') => {
    const notes: string[] = [];
    const spec = withDefault(columnFacts({ name: 'c', defaultSql }), { type }, { keepValues, name: 't' }, notes);
    return { spec, notes };
  };

  it('a sequence or identity becomes a serial integer; numbers, booleans and now() stay SQL', () => {
    assert.deepEqual(keep("nextval('orders_id_seq'::regclass)").spec, { type: 'integer', serial: true });
    assert.deepEqual(keep('identity').spec, { type: 'integer', serial: true });
    assert.deepEqual(keep('-1').spec, { type: 'integer', default: '-1' });
    assert.deepEqual(keep("'-1'::integer").spec, { type: 'integer', default: "'-1'::integer" });
    assert.deepEqual(keep('0.00::numeric(10,2)').spec, { type: 'integer', default: '0.00::numeric(10,2)' });
    assert.deepEqual(keep('uuid_generate_v4()', false, 'text').notes, ['c: its default names something the twin does not have is left out']);
    assert.deepEqual(keep('now()', false, 'text').spec, { type: 'text', default: 'now()' });
    assert.deepEqual(keep('false', false, 'text').spec, { type: 'text', default: 'false' });
  });

  it("a string default is a value: kept only with --keep-values; anything else is left out and said", () => {
    assert.deepEqual(keep("'pending'::text", false, 'text'), { spec: { type: 'text' }, notes: ['c: its default (a string, a value of the table: --keep-values keeps it) is left out'] });
    assert.deepEqual(keep("'pending'::text", true, 'text').spec, { type: 'text', default: "'pending'::text" });
    assert.deepEqual(keep('next_order_number(42)').notes, ['c: its default names something the twin does not have is left out']);
  });
});

describe('twin: keys that look like data', () => {
  it('an email, a number or a hex id as a key is replaced by a stand-in; ordinary keys stay', () => {
    let facts = null;
    for (let index = 0; index < 10; index += 1) facts = learnJson(facts, { name: 'x', 'alice@example.com': 1, '12345': true, deadbeef00: null });
    const notes: string[] = [];
    const shape = shapeOf(facts!, false, notes, 'doc') as { keys: Record<string, unknown> };
    // Integer-like keys come first in a JS object: 12345 is the first stand-in.
    assert.deepEqual(Object.keys(shape.keys).sort(), ['k1xxx', 'k2xxxxxxxxxxxxxxx', 'k3xxxxxxxx', 'name']);
    assert.doesNotMatch(JSON.stringify(shape) + notes.join(), /alice|12345|deadbeef/);
    assert.deepEqual(Object.keys((shapeOf(facts!, true) as { keys: Record<string, unknown> }).keys).sort(), ['12345', 'alice@example.com', 'deadbeef00', 'name']);
  });
});
