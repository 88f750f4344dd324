import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../harness/errors.js';
import { DEFAULTS, parseInteger, parseRepeat, parseRowCount, parseRowList, parseSelection, recordedOptions, resolveBenchOptions } from '../../../harness/config/options.js';
import { LIBRARIES, STRATEGIES_BY_WORKLOAD } from '../../../harness/results.js';

test('defaults: 50,000 rows, 1 KB payload, batch 1000, adaptive repeats (2, a 3rd on disagreement), 10 ms sampling, every cell, embedded server', () => {
  const options = resolveBenchOptions({}, {});
  assert.deepEqual(options.rows, [50_000]);
  assert.deepEqual(options.workloads, ['backfill']);
  assert.equal(options.payloadBytes, 1024);
  assert.equal(options.batchSize, 1000);
  assert.equal(options.repeat, 3);
  assert.deepEqual(options.adaptiveRepeats, { min: 2, max: 3, tolerancePercent: 3, floorBytes: 1024 * 1024 });
  assert.equal(options.intervalMs, 10);
  assert.equal(options.timeoutMs, DEFAULTS.timeoutSeconds * 1000);
  assert.equal(options.memoryLimitBytes, null);
  assert.deepEqual(options.libraries, [...LIBRARIES]);
  assert.deepEqual(options.strategies, [...STRATEGIES_BY_WORKLOAD.backfill]);
  assert.equal(options.database, 'embedded');
  assert.equal(options.databaseUrl, null);
});

test('DATABASE_URL selects the given server; --database-url wins over it', () => {
  assert.equal(resolveBenchOptions({}, { DATABASE_URL: 'postgres://a@h/db' }).databaseUrl, 'postgres://a@h/db');
  assert.equal(resolveBenchOptions({ databaseUrl: 'postgres://b@h/db' }, { DATABASE_URL: 'postgres://a@h/db' }).databaseUrl, 'postgres://b@h/db');
  assert.equal(resolveBenchOptions({}, { DATABASE_URL: '  ' }).database, 'embedded');
});

test('whole numbers: underscores allowed, bounds and junk rejected with the bad value quoted', () => {
  assert.equal(parseInteger('200_000', '--rows', 1), 200_000);
  assert.throws(() => parseInteger('1.5', '--rows', 1), (error: unknown) => error instanceof UsageError && error.message === 'Expected --rows to be a whole number, got "1.5"');
  assert.throws(() => parseInteger('', '--rows', 1), /whole number, got ""/);
  assert.throws(() => parseInteger('0', '--rows', 1), /at least 1, got "0"/);
  assert.throws(() => parseInteger('11', '--x', 1, 10), /at most 10, got "11"/);
});

test('memory limit and timeout are given in MiB and seconds and stored in bytes and ms', () => {
  const options = resolveBenchOptions({ memoryLimit: '512', timeout: '30' }, {});
  assert.equal(options.memoryLimitBytes, 512 * 1024 * 1024);
  assert.equal(options.timeoutMs, 30_000);
});

test('selections keep the matrix order, drop duplicates and list the valid names on a typo', () => {
  assert.deepEqual(parseSelection('prisma,pg,pg', LIBRARIES, '--libraries'), ['pg', 'prisma']);
  assert.deepEqual(parseSelection('all', LIBRARIES, '--libraries'), [...LIBRARIES]);
  assert.throws(() => parseSelection('pg,mongoose', LIBRARIES, '--libraries'), {
    message: `Unknown --libraries "mongoose"; valid: ${LIBRARIES.join(', ')}`,
  });
});

test('recorded options never carry the database URL', () => {
  const recorded = recordedOptions(resolveBenchOptions({ databaseUrl: 'postgres://u:secret@h/db' }, {}));
  assert.doesNotMatch(JSON.stringify(recorded), /secret|postgres:/);
  assert.equal(recorded.database, 'url');
});

test('row counts: plain, with underscores, with k and M suffixes, exact', () => {
  assert.equal(parseRowCount('50000'), 50_000);
  assert.equal(parseRowCount('50_000'), 50_000);
  assert.equal(parseRowCount('10k'), 10_000);
  assert.equal(parseRowCount('10K'), 10_000);
  assert.equal(parseRowCount('1M'), 1_000_000);
  assert.equal(parseRowCount('1.5M'), 1_500_000);
  assert.equal(parseRowCount(' 2.25k '), 2_250);
  assert.equal(parseRowCount('100M'), 100_000_000);
});

test('row counts: junk, fractions of a row, zero and too many are one-line errors quoting the value', () => {
  const rejects = (value: string, message: string) =>
    assert.throws(() => parseRowCount(value), (error: unknown) => error instanceof UsageError && error.message === message && !error.message.includes('\n'));
  rejects('10Q', 'Expected --rows to be a row count such as 50000, 10k or 1M, got "10Q"');
  rejects('1.2345k', 'Expected --rows to be a whole number of rows, got "1.2345k"');
  rejects('0', 'Expected --rows to be at least 1, got "0"');
  rejects('101M', 'Expected --rows to be at most 100000000 (100M), got "101M"');
  rejects('-5', 'Expected --rows to be a row count such as 50000, 10k or 1M, got "-5"');
});

test('row lists: sorted, duplicates dropped; an empty item, a zero or a bad size fails the whole list', () => {
  assert.deepEqual(parseRowList('200k,10k,50k,10000'), [10_000, 50_000, 200_000]);
  assert.deepEqual(resolveBenchOptions({ rows: '10k,50k' }, {}).rows, [10_000, 50_000]);
  assert.throws(() => parseRowList('10k,,5'), /Expected --rows to be a row count or a comma-separated list of them, got "10k,,5"/);
  assert.throws(() => parseRowList('0,5'), /Expected --rows to be at least 1, got "0"/);
  assert.throws(() => parseRowList('10Q'), /got "10Q"/);
  assert.equal(resolveBenchOptions({ projectRows: '10M' }, {}).projectRows, 10_000_000);
  assert.equal(resolveBenchOptions({}, {}).projectRows, null);
});

test('--repeat: a number is exact, auto is adaptive, anything else a one-line error', () => {
  assert.deepEqual(parseRepeat('5'), { repeat: 5, adaptiveRepeats: null });
  assert.deepEqual(parseRepeat('auto'), { repeat: 3, adaptiveRepeats: { min: 2, max: 3, tolerancePercent: 3, floorBytes: 1024 * 1024 } });
  assert.deepEqual(resolveBenchOptions({ repeat: '1' }, {}).adaptiveRepeats, null);
  assert.equal(recordedOptions(resolveBenchOptions({ repeat: '4' }, {})).adaptiveRepeats, null);
  assert.throws(() => parseRepeat('often'), (error: unknown) => error instanceof UsageError && error.message === 'Expected --repeat to be a whole number or auto, got "often"');
  assert.throws(() => parseRepeat('0'), /at least 1/);
});
