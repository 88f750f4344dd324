/**
 * `rowmeter report --project-rows/--memory-limit`: the saved sweep projected to another size and
 * judged against another limit, through the real CLI, with results.json left as measured.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { growthEntries } from '../../../harness/growth.js';
import type { RunResult } from '../../../harness/results.js';
import { runCli } from '../../support/cli.js';
import { makeResults, makeRun } from '../../support/fixtures.js';

const MiB = 1024 * 1024;
const SIZES = [10_000, 50_000];

/** Three repeats per size: full-load costs 5,000 bytes per row over 100 MiB, server-cursor a flat 80 MiB. */
function sweepRuns(): RunResult[] {
  return SIZES.flatMap((rows) =>
    [1, 2, 3].flatMap((repeat) => [
      makeRun({ strategy: 'full-load', tableRows: rows, rows, repeat, peakRssBytes: 100 * MiB + 5_000 * rows + repeat * 4096, wallMs: rows / 10 + repeat }),
      makeRun({ strategy: 'server-cursor', tableRows: rows, rows, repeat, peakRssBytes: 80 * MiB + repeat * 4096, wallMs: rows / 50 + repeat }),
    ]),
  );
}

describe('report --project-rows and --memory-limit', () => {
  let directory: string;
  let resultsPath: string;
  let saved: string;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'rowmeter-report-command-'));
    resultsPath = join(directory, 'results.json');
    const results = makeResults(sweepRuns());
    results.context.options.rows = SIZES;
    results.growth = growthEntries(results);
    saved = `${JSON.stringify(results, null, 2)}\n`;
    writeFileSync(resultsPath, saved);
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  test('projects the saved sweep to the size asked and judges it against the limit; results.json stays as measured', async () => {
    const out = join(directory, 'projected');
    const outcome = await runCli(['report', resultsPath, '--out', out, '--project-rows', '1M', '--memory-limit', '512']);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.equal(outcome.stderr, '');
    assert.match(outcome.stdout, /1,000,000 rows/);
    const fullLoad = outcome.stdout.split('\n').find((line) => line.includes('backfill/pg/full-load'));
    const cursor = outcome.stdout.split('\n').find((line) => line.includes('backfill/pg/server-cursor'));
    assert.match(fullLoad ?? '', /exceeds/, 'full-load grows past 512 MiB long before 1M rows');
    assert.match(cursor ?? '', /fits/, 'a flat 80 MiB fits');
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    assert.match(summary, /1,000,000 rows/);
    assert.match(summary, /exceeds/);
    assert.equal(readFileSync(resultsPath, 'utf8'), saved, 'the measurements are not rewritten');
  });

  test('without the flags the saved growth is rendered as it is, with no projection', async () => {
    const out = join(directory, 'plain');
    const outcome = await runCli(['report', resultsPath, '--out', out]);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.doesNotMatch(readFileSync(join(out, 'summary.md'), 'utf8'), /1,000,000 rows/);
  });

  test('a bad size or limit is one line and exit 2, before anything is read or written', async () => {
    for (const [flag, value, message] of [
      ['--project-rows', '10Q', /--project-rows/],
      ['--memory-limit', '0', /--memory-limit/],
    ] as const) {
      const out = join(directory, `bad-${flag}`);
      const outcome = await runCli(['report', resultsPath, '--out', out, flag, value]);
      assert.equal(outcome.code, 2, `${flag} ${value}`);
      assert.match(outcome.stderr, message);
      assert.equal(outcome.stderr.trim().split('\n').length, 1);
      assert.throws(() => readFileSync(join(out, 'summary.md')), /ENOENT/);
    }
  });
});
