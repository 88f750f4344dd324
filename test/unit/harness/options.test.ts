import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../harness/errors.js';
import { DEFAULTS, parseInteger, parseSelection, recordedOptions, resolveBenchOptions } from '../../../harness/options.js';
import { LIBRARIES, STRATEGIES_BY_WORKLOAD } from '../../../harness/results.js';

test('defaults: 50,000 rows, 1 KB payload, batch 1000, 3 repeats, 10 ms sampling, every cell, embedded server', () => {
  const options = resolveBenchOptions({}, {});
  assert.deepEqual(options.rows, [50_000]);
  assert.deepEqual(options.workloads, ['backfill']);
  assert.equal(options.payloadBytes, 1024);
  assert.equal(options.batchSize, 1000);
  assert.equal(options.repeat, 3);
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
    message: 'Unknown --libraries "mongoose"; valid: pg, knex, typeorm, prisma',
  });
});

test('recorded options never carry the database URL', () => {
  const recorded = recordedOptions(resolveBenchOptions({ databaseUrl: 'postgres://u:secret@h/db' }, {}));
  assert.doesNotMatch(JSON.stringify(recorded), /secret|postgres:/);
  assert.equal(recorded.database, 'url');
});
