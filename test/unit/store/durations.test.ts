import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../../../harness/errors.js';
import { checkDurations, durationsOf, readDurations, writeDurations } from '../../../harness/store/durations.js';
import { makeResults, makeRun } from '../../support/fixtures.js';
import type { BenchmarkResults } from '../../../harness/results.js';

describe('durationsOf', () => {
  it('averages each unit\'s runs, overhead included, failed runs too, and keeps its warm timing', () => {
    const results = makeResults([
      makeRun({ strategy: 'iterator', repeat: 1, wallMs: 1000, overheadMs: 300 }),
      makeRun({ strategy: 'iterator', repeat: 2, wallMs: 2000, overheadMs: 301, status: 'crashed' }),
      makeRun({ strategy: 'keyset', repeat: 1, wallMs: 500, overheadMs: 100, tableRows: 2000 }),
      // Written before overheadMs existed: the assumed 1200 ms.
      makeRun({ strategy: 'narrow', repeat: 1, wallMs: 400 }),
    ]);
    delete results.runs[3]!.overheadMs;
    results.timings = [{ scenarioId: 'backfill/pg/iterator', tableRows: results.runs[0]!.tableRows, durationMs: 7000.4 } as unknown as BenchmarkResults['timings'][number]];
    const durations = durationsOf(results, new Date('2026-12-03T10:00:00Z'));
    const rows = results.runs[0]!.tableRows;
    assert.deepEqual(durations, {
      tool: 'rowmeter-durations',
      schemaVersion: 1,
      writtenAt: '2026-12-03T10:00:00.000Z',
      units: {
        [`backfill/pg/iterator@${rows}`]: { runs: 2, runMs: 1801, timingMs: 7000 },
        'backfill/pg/keyset@2000': { runs: 1, runMs: 600, timingMs: null },
        [`backfill/pg/narrow@${rows}`]: { runs: 1, runMs: 1600, timingMs: null },
      },
    });
  });
});

describe('reading and checking durations files', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-durations-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('round-trips what it writes', async () => {
    const path = join(scratch, 'durations.json');
    const written = durationsOf(makeResults([makeRun({ wallMs: 10, overheadMs: 5 })]));
    await writeDurations(path, written);
    assert.deepEqual(await readDurations(path), written);
  });

  it('treats a missing file as none (the first night has none)', async () => {
    assert.equal(await readDurations(join(scratch, 'absent.json')), null);
  });

  it('refuses a file that is not one, naming the file and the key', async () => {
    const path = join(scratch, 'bad.json');
    writeFileSync(path, '{not json');
    await assert.rejects(readDurations(path), (error: unknown) => error instanceof UsageError && /bad\.json is not JSON/.test(error.message));
    assert.throws(() => checkDurations({ tool: 'rowmeter' }, 'x.json'), /x\.json is not a rowmeter durations file/);
    assert.throws(() => checkDurations({ tool: 'rowmeter-durations', schemaVersion: 2, units: {} }, 'x.json'), /durations schema 2/);
    assert.throws(
      () => checkDurations({ tool: 'rowmeter-durations', schemaVersion: 1, units: { 'a@1': { runs: 1, runMs: 'slow', timingMs: null } } }, 'x.json'),
      /x\.json: units\["a@1"\]\.runMs is not a duration in ms/,
    );
    assert.throws(
      () => checkDurations({ tool: 'rowmeter-durations', schemaVersion: 1, units: { 'a@1': { runs: 0, runMs: 5, timingMs: null } } }, 'x.json'),
      /units\["a@1"\]\.runs is not a whole number of runs/,
    );
  });
});
