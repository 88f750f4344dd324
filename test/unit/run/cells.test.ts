import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellOf, installedLibraries, missingPackages, scenarioInfoOf } from '../../../harness/run/cells.js';
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
