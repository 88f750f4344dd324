import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, closestName, configSchema, editDistance, formatPath, scenarioSchema } from '../../../harness/config/schema.js';

/** The one line a bad value gets (what follows `file: `). */
function problemWith(schema: typeof configSchema | typeof scenarioSchema, value: unknown): string {
  const checked = check(schema, value);
  assert.ok('problem' in checked, 'expected the value to be refused');
  return checked.problem;
}

const setup = async () => ({ async run() {} });

describe('the config schema', () => {
  it('takes every documented key', () => {
    const parsed = check(configSchema, {
      tables: [{ name: 'public.accounts', existing: true }],
      scenarios: ['bench/**/*.rowmeter.ts'],
      rows: [10_000, '1M'],
      repeat: 3,
      budget: { peakRss: '160 MiB', peakHeap: '64 MiB', retained: '8 MiB', wallTime: '30 s' },
      databaseUrl: 'postgres://localhost/db',
      out: 'out',
      timeout: 60,
      memoryLimit: 2048,
      maxTimeRegression: 25,
    });
    assert.ok('output' in parsed);
  });

  it('names an unknown key with its path and the option it probably meant', () => {
    assert.equal(problemWith(configSchema, { tables: [{ name: 'accounts', existng: true }] }), 'tables[0].existng is not an option — did you mean existing?');
    assert.equal(problemWith(configSchema, { repeats: 3 }), 'repeats is not an option — did you mean repeat?');
    assert.equal(problemWith(configSchema, { budget: { peakRSS: '1 MiB' } }), 'budget.peakRSS is not an option — did you mean peakRss?');
  });

  it('lists the options when nothing is close', () => {
    assert.match(problemWith(configSchema, { budget: { zzzzzzzzzz: 1 } }), /^budget\.zzzzzzzzzz is not an option \(options: peakRss, peakHeap, retained, wallTime\)$/);
  });

  it('says what type a key takes', () => {
    assert.equal(problemWith(configSchema, { repeat: 'three' }), 'repeat: expected a whole number of runs, or "auto"');
    assert.ok(!('problem' in check(configSchema, { repeat: 'auto' })));
    assert.equal(problemWith(configSchema, { repeat: 0 }), 'repeat: expected a number above 0');
    assert.equal(problemWith(configSchema, { rows: true }), 'rows: expected a row count or a list of them');
    assert.equal(problemWith(configSchema, { budget: { peakRss: 160 } }), "budget.peakRss: expected a size with its unit such as '160 MiB' or '2 GB', got the number 160 (add its unit)");
    assert.equal(problemWith(configSchema, { budget: { wallTime: '3 parsecs' } }), 'budget.wallTime: unknown unit "parsecs" in "3 parsecs": use ms, s, sec, min, m, h');
    assert.equal(problemWith(configSchema, { tables: [{ name: 'drop table x;' }] }), 'tables[0].name: expected a table name such as accounts or public.accounts');
  });
});

describe('the scenario schema', () => {
  it('takes the public shape', () => {
    const parsed = check(scenarioSchema, { name: 'accounts-stream', table: 'accounts', budget: { peakRss: '160 MiB' }, params: { batchSize: [500, 5000] }, tags: { library: 'knex' }, setup, verify: () => true });
    assert.ok('output' in parsed);
  });

  it('requires a name, a table and setup', () => {
    assert.equal(problemWith(scenarioSchema, { table: 'accounts', setup }), 'name is required');
    assert.equal(problemWith(scenarioSchema, { name: 'a', setup }), 'table is required');
    assert.equal(problemWith(scenarioSchema, { name: 'a', table: 't' }), 'setup is required');
    assert.equal(problemWith(scenarioSchema, { name: 'a', table: 't', setup: 'nope' }), 'setup: expected a function');
  });

  it('refuses names that would break ids and misspelt keys', () => {
    assert.match(problemWith(scenarioSchema, { name: 'a b', table: 't', setup }), /^name: expected a name of letters/);
    assert.equal(problemWith(scenarioSchema, { name: 'a', table: 't', setup, verfy: () => true }), 'verfy is not an option — did you mean verify?');
    assert.equal(problemWith(scenarioSchema, { name: 'a', table: 't', setup, params: { batchSize: [] } }), 'params.batchSize: expected at least one value');
  });

  it('takes the keys a built-in cell uses, and refuses values that are not theirs', () => {
    const cell = { name: 'backfill/pg/iterator', table: 'rowmeter_rows', workload: 'backfill', tags: { workload: 'backfill' }, support: 'emulated', notes: ['a note'], setup };
    assert.ok('output' in check(scenarioSchema, cell));
    assert.ok('output' in check(scenarioSchema, { ...cell, support: 'unsupported', unsupportedReason: 'no API' }));
    assert.equal(problemWith(scenarioSchema, { ...cell, workload: 'migrate' }), 'workload: expected "backfill", "export" or "import" (a built-in workload)');
    assert.equal(problemWith(scenarioSchema, { ...cell, support: 'partial' }), 'support: expected "native", "emulated" or "unsupported"');
    assert.equal(problemWith(scenarioSchema, { ...cell, notes: 'one' }), 'notes: expected a list of strings');
    assert.equal(problemWith(scenarioSchema, { ...cell, how: 'old key' }), 'how is not an option (options: name, table, description, tags, params, budget, version, workload, support, unsupportedReason, notes, setup, verify)');
  });
});

describe('names and paths', () => {
  it('measures edit distance exactly', () => {
    assert.equal(editDistance('existng', 'existing'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('suggests only close names', () => {
    assert.equal(closestName('repat', ['rows', 'repeat', 'budget']), 'repeat');
    assert.equal(closestName('xyz', ['rows', 'repeat']), null);
  });

  it('prints zod paths as a reader writes them', () => {
    assert.equal(formatPath(['tables', 0, 'existing']), 'tables[0].existing');
    assert.equal(formatPath(['budget', 'peakRss']), 'budget.peakRss');
    assert.equal(formatPath([]), '');
  });
});
