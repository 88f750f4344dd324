/**
 * `--timing` on a real server, through the real CLI: every timed scenario of every workload is
 * verified after its iterations, and every iteration did the whole job — the reset before the
 * next found every row done, and each iteration sent the queries its cold run sent.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkResults } from '../../harness/store/store.js';
import { runCli } from '../support/cli.js';
import { startTestServer } from '../support/server.js';

describe('warm timing with tinybench (--timing)', () => {
  let url: string;
  let stop: () => Promise<void>;
  const scratch = mkdtempSync(join(tmpdir(), 'rowmeter-timing-test-'));
  before(async () => {
    const started = await startTestServer();
    url = started.server.adminUrl;
    stop = started.stop;
  });
  after(async () => {
    await stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('times every scenario after its cold runs, restores the database between iterations, and verifies the last', async () => {
    const out = join(scratch, 'timed');
    const outcome = await runCli(
      ['bench', '--rows', '1500', '--repeat', '1', '--workload', 'backfill,export,import', '--libraries', 'pg,knex', '--strategies', 'keyset,iterator-bulk,copy,batched,row-by-row', '--batch-size', '250', '--timing', '--timing-iterations', '3', '--out', out],
      { env: { DATABASE_URL: url } },
    );
    assert.equal(outcome.code, 0, outcome.stderr);
    const results = checkResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), 'results.json');
    assert.deepEqual(results.context.options.timing, { iterations: 3, warmupIterations: 2, budgetMs: 60_000 });
    const timedIds = results.timings.map((timing) => timing.scenarioId).sort();
    const coldIds = [...new Set(results.runs.map((run) => run.scenarioId))].sort();
    assert.deepEqual(timedIds, coldIds, 'every scenario that ran cold was timed warm');
    for (const timing of results.timings) {
      const cold = results.runs.find((run) => run.scenarioId === timing.scenarioId)!;
      assert.equal(timing.status, 'ok', `${timing.scenarioId}: ${timing.failure?.message ?? ''}`);
      assert.deepEqual(timing.verify, { checkedRows: 1500, mismatches: 0 }, `${timing.scenarioId}: the last iteration left the job done`);
      assert.equal(timing.samples, 3);
      assert.equal(timing.iterationsMs.length, 3);
      assert.equal(timing.iterationQueries.length, 5, 'two warm-up and three measured iterations');
      assert.ok(timing.iterationQueries.every((queries) => queries === cold.queries), `${timing.scenarioId}: every iteration sent the cold run's ${cold.queries} queries: ${timing.iterationQueries.join(', ')}`);
      assert.deepEqual(timing.iterationRows, [1500, 1500, 1500, 1500], `${timing.scenarioId}: the reset before each next iteration found every row done`);
      assert.ok(timing.meanMs !== null && timing.meanMs > 0 && timing.minMs! <= timing.meanMs && timing.meanMs <= timing.maxMs!);
      assert.ok(timing.rme !== null && timing.moeMs !== null && timing.p50Ms !== null && timing.p99Ms !== null && timing.throughputPerSecond !== null);
      assert.equal(timing.budgetReached, false);
    }
    assert.match(outcome.stdout, /warm \(mean ± rme\)/, 'the terminal summary shows warm time');
    assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /\| Warm time \|/);
    assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /id="warm-time"/);
  });

  test('a budget stops the iterations, and says so', async () => {
    const out = join(scratch, 'budget');
    const outcome = await runCli(
      // A small table and a budget of several iterations even on a loaded machine (the warm-up counts against it).
      ['bench', '--rows', '1000', '--repeat', '1', '--libraries', 'pg', '--strategies', 'iterator', '--timing', '--timing-iterations', '1000', '--timing-budget', '6', '--out', out],
      { env: { DATABASE_URL: url } },
    );
    assert.equal(outcome.code, 0, outcome.stderr);
    const [timing] = checkResults(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), 'results.json').timings;
    assert.ok(timing);
    assert.equal(timing.budgetReached, true);
    assert.ok(timing.samples > 0 && timing.samples < 1000, `${timing.samples} iterations within the budget`);
    assert.equal(timing.status, 'ok', timing.failure?.message);
  });
});
