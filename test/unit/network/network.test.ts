import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkShape, scheduleChunk, sliceSizes, SLICE_BYTES } from '../../../harness/run/network/link.js';
import { calibrationStep, withinTolerance } from '../../../harness/run/network/calibration.js';
import { proxyTarget, routeThrough } from '../../../harness/run/network/proxy.js';
import { parseBandwidth, parseBatchSizeList, parseLatencyList, resolveBenchOptions } from '../../../harness/config/options.js';
import { UsageError } from '../../../harness/errors.js';

const usage = (message: string) => (error: unknown) => error instanceof UsageError && error.message === message;

describe('a link delays and serialises bytes', () => {
  it('delays by half the round trip each way, without a bandwidth in order of arrival', () => {
    const shape = linkShape(5, null);
    assert.deepEqual(shape, { oneWayDelayMs: 2.5, bitsPerMs: null });
    const first = scheduleChunk(shape, { freeAtMs: 0 }, 100, 65_536);
    assert.deepEqual(first, { deliverAtMs: 102.5, state: { freeAtMs: 100 } });
    // A later chunk leaves after an earlier one: never before it.
    assert.equal(scheduleChunk(shape, first.state, 100.25, 10).deliverAtMs, 102.75);
  });

  it('serialises at the bandwidth: 12,500 bytes take 1 ms at 100 Mbit/s, queued behind what is on the wire', () => {
    const shape = linkShape(2, 100);
    assert.equal(shape.bitsPerMs, 100_000);
    const first = scheduleChunk(shape, { freeAtMs: 0 }, 10, 12_500);
    assert.deepEqual(first, { deliverAtMs: 12, state: { freeAtMs: 11 } });
    // Arrives while the first is still on the wire: starts at 11, takes 0.5 ms, then 1 ms of delay.
    assert.deepEqual(scheduleChunk(shape, first.state, 10.5, 6_250), { deliverAtMs: 12.5, state: { freeAtMs: 11.5 } });
    // Arrives after the wire is free: starts when it arrives.
    assert.deepEqual(scheduleChunk(shape, first.state, 20, 6_250), { deliverAtMs: 21.5, state: { freeAtMs: 20.5 } });
  });

  it('cuts a chunk into slices only under a bandwidth limit', () => {
    assert.deepEqual(sliceSizes(100_000, false), [100_000]);
    assert.deepEqual(sliceSizes(SLICE_BYTES, true), [SLICE_BYTES]);
    assert.deepEqual(sliceSizes(40_000, true), [16_384, 16_384, 7_232]);
  });
});

describe('calibrating the proxy', () => {
  it('accepts a round trip within 10 % of the target, or 0.1 ms when that is larger', () => {
    assert.equal(withinTolerance(5.5, 5), true);
    assert.equal(withinTolerance(5.51, 5), false);
    assert.equal(withinTolerance(0.65, 0.6), true);
    assert.equal(withinTolerance(0.71, 0.6), false);
    assert.equal(withinTolerance(5.2, 5, 0.3), false);
    assert.equal(withinTolerance(5.14, 5, 0.3), true);
  });

  it('moves the delay by 80 % of the miss, to the microsecond, never below 0', () => {
    assert.equal(calibrationStep(1, 1.5, 1.1), 0.68);
    assert.equal(calibrationStep(0.5, 0.4, 0.6), 0.66);
    assert.equal(calibrationStep(0.1, 1, 0.2), 0);
  });
});

describe('routing a URL through the proxy', () => {
  it('targets the URL\'s host and port (5432 by default), or its Unix socket', () => {
    assert.deepEqual(proxyTarget('postgres://u:p@db.example:6543/app'), { host: 'db.example', port: 6543 });
    assert.deepEqual(proxyTarget('postgres://u@localhost/app'), { host: 'localhost', port: 5432 });
    assert.deepEqual(proxyTarget('postgres://u@localhost:5433/app?host=/run/postgresql/'), { path: '/run/postgresql/.s.PGSQL.5433' });
    assert.deepEqual(proxyTarget('postgres://u@[::1]:5433/app'), { host: '::1', port: 5433 });
  });

  it('replaces host and port, keeping the user, password, database and other parameters', () => {
    assert.equal(routeThrough('postgres://u:secret@db.example:6543/app?sslmode=require', 40001), 'postgres://u:secret@127.0.0.1:40001/app?sslmode=require');
    assert.equal(routeThrough('postgres://u@localhost/app?host=/run/postgresql&application_name=x', 40001), 'postgres://u@127.0.0.1:40001/app?application_name=x');
  });
});

describe('--latency, --bandwidth and --batch-size lists', () => {
  it('parses latencies in ms, to the microsecond, sorted, each once', () => {
    assert.deepEqual(parseLatencyList('5,0,1,0.5,1'), [0, 0.5, 1, 5]);
    assert.deepEqual(parseLatencyList(' 2 '), [2]);
  });

  it('refuses a bad latency in one line', () => {
    const message = (value: string) => `Expected --latency to be a round trip in ms (such as 1 or 0.5, to the microsecond) or a comma-separated list of them, got ${JSON.stringify(value)}`;
    for (const value of ['', '1,', '-1', 'fast', '1ms', '0.0005']) assert.throws(() => parseLatencyList(value), usage(message(value)));
    assert.throws(() => parseLatencyList('1,1001'), usage('Expected --latency to be at most 1000 ms, got "1,1001"'));
  });

  it('parses a bandwidth in Mbit/s and refuses 0, negatives and words', () => {
    assert.equal(parseBandwidth('100'), 100);
    assert.equal(parseBandwidth('2.5'), 2.5);
    for (const value of ['0', '-5', '1e3', 'fast', '200000']) {
      assert.throws(() => parseBandwidth(value), usage(`Expected --bandwidth to be a rate in Mbit/s above 0 and at most 100000, got ${JSON.stringify(value)}`));
    }
  });

  it('parses a batch-size list, sorted, each once, and names the bad part', () => {
    assert.deepEqual(parseBatchSizeList('10000,100,1000,100'), [100, 1000, 10000]);
    assert.throws(() => parseBatchSizeList('100,,1000'), usage('Expected --batch-size to be a whole number or a comma-separated list of them, got "100,,1000"'));
    assert.throws(() => parseBatchSizeList('100,0'), usage('Expected --batch-size to be at least 1, got "0"'));
    assert.throws(() => parseBatchSizeList('100,lots'), usage('Expected --batch-size to be a whole number, got "lots"'));
  });

  it('resolves the defaults: one batch size of 1000, the database as it is', () => {
    const options = resolveBenchOptions({}, {});
    assert.equal(options.batchSize, 1000);
    assert.deepEqual(options.batchSizes, [1000]);
    assert.deepEqual(options.latencies, [0]);
    assert.equal(options.bandwidthMbit, null);
    const swept = resolveBenchOptions({ batchSize: '5000,100', latency: '0,1', bandwidth: '100' }, {});
    assert.deepEqual([swept.batchSize, swept.batchSizes, swept.latencies, swept.bandwidthMbit], [100, [100, 5000], [0, 1], 100]);
  });
});
