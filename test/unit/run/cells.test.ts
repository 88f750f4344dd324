import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellOf, conditionsSuffix, expandDimensions, installedLibraries, missingPackages, scenarioInfoOf } from '../../../harness/run/cells.js';
import { UsageError } from '../../../harness/errors.js';

const only = (names: string[]) => (name: string) => names.includes(name);

describe('the built-in libraries a project has', () => {
  it('names the packages a library needs that are missing', () => {
    assert.deepEqual(missingPackages('prisma', only(['@prisma/client'])), ['@prisma/adapter-pg']);
    assert.deepEqual(missingPackages('pg', only(['pg'])), []);
  });

  it('skips the missing ones of the default selection, in one line that says how to add them', () => {
    assert.deepEqual(installedLibraries(['pg', 'knex', 'prisma', 'kysely'], false, only(['pg', 'kysely'])), {
      libraries: ['pg', 'kysely'],
      skipped: 'Built-in cells of knex, prisma skipped: not installed (to measure them: npm i -D knex @prisma/client @prisma/adapter-pg)',
    });
    assert.deepEqual(installedLibraries(['pg'], false, only(['pg'])), { libraries: ['pg'], skipped: null });
  });

  it('refuses a library named with --libraries that is not installed', () => {
    assert.throws(
      () => installedLibraries(['pg', 'knex'], true, only(['pg'])),
      (error: unknown) => error instanceof UsageError && error.message === '--libraries knex: not installed in this project (npm i -D knex)',
    );
  });

  it('finds this repository\'s own libraries', () => {
    assert.deepEqual(installedLibraries(['pg', 'knex', 'typeorm', 'prisma', 'postgres-js', 'drizzle', 'kysely', 'sequelize'], true).skipped, null);
  });
});

describe('a user scenario as the results list it', () => {
  const cell = { id: 's[batchSize=5]', name: 's', file: 'bench/s.rowmeter.ts', modulePath: '/x.mjs', params: { batchSize: 5 }, table: 'accounts', tags: {}, description: null, budget: { peakRss: '1 MiB' }, version: 2, verifies: false };

  it('is grouped by its tags, custom without them, and verified by nobody without verify', () => {
    const info = scenarioInfoOf(cell, { wallTime: '2 s' });
    assert.deepEqual(
      { workload: info.workload, library: info.library, strategy: info.strategy, verification: info.verification, budget: info.budget, how: info.how },
      { workload: 'custom', library: 'custom', strategy: 's[batchSize=5]', verification: 'none', budget: { peakRssBytes: 1_048_576, peakHeapBytes: null, retainedBytes: null, wallTimeMs: 2000 }, how: 's from bench/s.rowmeter.ts' },
    );
    const tagged = scenarioInfoOf({ ...cell, tags: { library: 'knex', strategy: 'stream' }, verifies: true }, undefined);
    assert.deepEqual([tagged.library, tagged.strategy, tagged.verification, tagged.budget], ['knex', 'stream', 'scenario', { peakRssBytes: 1_048_576, peakHeapBytes: null, retainedBytes: null, wallTimeMs: null }]);
  });
});

describe('swept dimensions: batch sizes and network conditions', () => {
  const discovered = (id: string, params: Record<string, number> = {}) =>
    cellOf({ id, name: id.replace(/\[.*$/, ''), file: null, modulePath: '/x.mjs', params, table: 'rowmeter_rows', tags: { workload: 'backfill', library: 'pg', strategy: 'keyset' }, description: null, budget: {}, version: 1, verifies: false, workload: 'backfill' }, undefined);
  const localhost = { latencyMs: 0, bandwidthMbit: null };

  it('leaves a benchmark with one batch size and no network as it was', () => {
    const cells = expandDimensions([discovered('backfill/pg/keyset')], [1000], [localhost]);
    assert.deepEqual(cells.map((cell) => [cell.info.id, cell.info.params, cell.info.conditions, cell.info.baseId]), [['backfill/pg/keyset', {}, undefined, undefined]]);
  });

  it('runs each cell once per batch size and latency, each with its own id, params and conditions', () => {
    const cells = expandDimensions([discovered('backfill/pg/keyset')], [100, 1000], [localhost, { latencyMs: 1, bandwidthMbit: null }]);
    assert.deepEqual(
      cells.map((cell) => [cell.info.id, cell.info.params.batchSize, cell.info.conditions?.latencyMs ?? null, cell.info.baseId ?? null]),
      [
        ['backfill/pg/keyset[batchSize=100]', 100, null, null],
        ['backfill/pg/keyset[batchSize=1000]', 1000, null, null],
        ['backfill/pg/keyset[batchSize=100]@1ms', 100, 1, 'backfill/pg/keyset[batchSize=100]'],
        ['backfill/pg/keyset[batchSize=1000]@1ms', 1000, 1, 'backfill/pg/keyset[batchSize=1000]'],
      ],
    );
  });

  it('keeps a scenario\'s own batchSize param, and names a bandwidth in the id', () => {
    const own = discovered('mine[batchSize=7]', { batchSize: 7 });
    const cells = expandDimensions([own], [100, 1000], [{ latencyMs: 0, bandwidthMbit: 100 }, { latencyMs: 5, bandwidthMbit: 100 }]);
    assert.deepEqual(cells.map((cell) => cell.info.id), ['mine[batchSize=7]@0ms/100Mbit', 'mine[batchSize=7]@5ms/100Mbit']);
    assert.equal(conditionsSuffix(undefined), '');
    assert.equal(conditionsSuffix({ latencyMs: 0.5, bandwidthMbit: null }), '@0.5ms');
  });
});
